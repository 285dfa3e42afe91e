/**
 * Action, NotAction, Resource and NotResource. AWS "IAM JSON policy elements: Action": "The
 * prefix and the action name are case insensitive"; wildcards `*` and `?` (the `iam:*AccessKey*`
 * example). "NotAction": an Allow with NotAction allows every action not listed; a Deny with
 * NotAction denies every action not listed (the MFA example with BoolIfExists). "Resource": ARNs
 * "are case sensitive"; wildcards in any segment, and a wildcard in the resource part matches
 * across `/`. "NotResource": everything except the listed resources.
 */
import { ALICE, allow, deny, doc, kase, req } from '../build.js'
import { SRC } from '../sources.js'
import type { RawStatement } from '../../../src/policy/types.js'
import type { ConformanceCase } from '../types.js'

function actionCase(pattern: string | string[], action: string, match: boolean, note = ''): ConformanceCase {
  return kase(
    `Action ${JSON.stringify(pattern)} ${match ? 'matches' : 'does not match'} ${action}${note === '' ? '' : ` (${note})`}`,
    SRC.action,
    req(ALICE, action, '*'),
    { identityPolicies: [doc(allow(pattern))] },
    match ? 'allowed' : 'implicitDeny',
  )
}

function notActionCase(effect: 'Allow' | 'Deny', pattern: string | string[], action: string, expected: ConformanceCase['expected'], note = ''): ConformanceCase {
  const stmt: RawStatement = { Effect: effect, NotAction: pattern, Resource: '*' }
  const policies = effect === 'Allow' ? [doc(stmt)] : [doc(allow('*'), stmt)]
  return kase(`${effect} with NotAction ${JSON.stringify(pattern)} against ${action} is ${expected}${note === '' ? '' : ` (${note})`}`, SRC.notAction, req(ALICE, action, '*'), { identityPolicies: policies }, expected)
}

function resourceCase(pattern: string | string[], resource: string, match: boolean, note = '', principal = ALICE): ConformanceCase {
  return kase(
    `Resource ${JSON.stringify(pattern)} ${match ? 'matches' : 'does not match'} ${resource}${note === '' ? '' : ` (${note})`}`,
    SRC.resource,
    req(principal, 's3:GetObject', resource),
    { identityPolicies: [doc(allow('s3:GetObject', pattern))] },
    match ? 'allowed' : 'implicitDeny',
  )
}

function notResourceCase(effect: 'Allow' | 'Deny', pattern: string | string[], resource: string, expected: ConformanceCase['expected'], note = ''): ConformanceCase {
  const stmt: RawStatement = { Effect: effect, Action: 's3:*', NotResource: pattern }
  const policies = effect === 'Allow' ? [doc(stmt)] : [doc(allow('s3:*'), stmt)]
  return kase(`${effect} with NotResource ${JSON.stringify(pattern)} against ${resource} is ${expected}${note === '' ? '' : ` (${note})`}`, SRC.notResource, req(ALICE, 's3:GetObject', resource), { identityPolicies: policies }, expected)
}

const mfaDeny: RawStatement = {
  Sid: 'DenyAllExceptListedIfNoMFA',
  Effect: 'Deny',
  NotAction: ['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'iam:GetUser', 'iam:ListMFADevices', 'iam:ListVirtualMFADevices', 'iam:ResyncMFADevice', 'sts:GetSessionToken'],
  Resource: '*',
  Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
}

function mfaCase(action: string, mfa: boolean | undefined, expected: ConformanceCase['expected']): ConformanceCase {
  return kase(
    `MFA example: ${action} ${mfa === undefined ? 'with long-term credentials (no MFA key)' : `with MultiFactorAuthPresent ${mfa}`} is ${expected}`,
    SRC.mfaExample,
    req(ALICE, action, '*', mfa === undefined ? {} : { 'aws:MultiFactorAuthPresent': mfa }),
    { identityPolicies: [doc(allow('*'), mfaDeny)] },
    expected,
  )
}

const APP_ALICE = 'arn:app:iam::111122223333:user/alice'
const HR = 'arn:aws:s3:::HRBucket/Payroll'

export const actionCases: ConformanceCase[] = [
  actionCase('s3:GetObject', 's3:GetObject', true),
  actionCase('s3:GetObject', 's3:PutObject', false),
  actionCase('S3:GETOBJECT', 's3:GetObject', true, 'case-insensitive'),
  actionCase('s3:getobject', 'S3:GetObject', true, 'case-insensitive'),
  actionCase('s3:GetObject', 'S3:GETOBJECT', true, 'case-insensitive request'),
  actionCase('s3:Get*', 's3:GetObject', true),
  actionCase('s3:Get*', 's3:GetObjectAcl', true),
  actionCase('s3:Get*', 's3:PutObject', false),
  actionCase('S3:get*', 's3:GetObject', true, 'case-insensitive with a wildcard'),
  actionCase('s3:*Object', 's3:GetObject', true),
  actionCase('s3:*Object', 's3:GetObjectAcl', false, 'anchored at the end'),
  actionCase('iam:*AccessKey*', 'iam:CreateAccessKey', true, 'the iam:*AccessKey* example'),
  actionCase('iam:*AccessKey*', 'iam:ListAccessKeys', true, 'the iam:*AccessKey* example'),
  actionCase('iam:*AccessKey*', 'iam:CreateUser', false, 'the iam:*AccessKey* example'),
  actionCase('s3:Get?bject', 's3:GetObject', true, 'one character'),
  actionCase('s3:Get?bject', 's3:GetObbject', false, 'exactly one character'),
  actionCase('*', 'iam:CreateUser', true),
  actionCase('s3:*', 's3:ListBucket', true),
  actionCase('s3:*', 'ec2:RunInstances', false),
  actionCase('s3:*', 's3x:GetObject', false, 'the service prefix is matched whole'),
  actionCase('s3:GetObject', 's3:GetObjectVersion', false, 'no implicit prefix match'),
  actionCase(['sqs:SendMessage', 'sqs:ReceiveMessage'], 'sqs:ReceiveMessage', true, 'a list'),
  actionCase(['sqs:SendMessage', 'sqs:ReceiveMessage'], 'sqs:DeleteMessage', false, 'a list'),
  notActionCase('Allow', 'iam:*', 's3:GetObject', 'allowed'),
  notActionCase('Allow', 'iam:*', 'iam:CreateUser', 'implicitDeny'),
  notActionCase('Allow', 'iam:*', 'IAM:CreateUser', 'implicitDeny', 'case-insensitive'),
  notActionCase('Allow', ['iam:*', 'organizations:*'], 'organizations:ListAccounts', 'implicitDeny'),
  notActionCase('Deny', 's3:*', 'ec2:RunInstances', 'explicitDeny'),
  notActionCase('Deny', 's3:*', 's3:GetObject', 'allowed'),
  notActionCase('Deny', 'S3:*', 's3:GetObject', 'allowed', 'case-insensitive'),
  mfaCase('s3:GetObject', undefined, 'explicitDeny'),
  mfaCase('s3:GetObject', false, 'explicitDeny'),
  mfaCase('s3:GetObject', true, 'allowed'),
  mfaCase('iam:EnableMFADevice', undefined, 'allowed'),
  mfaCase('sts:GetSessionToken', false, 'allowed'),

  resourceCase('arn:aws:s3:::reports/*', 'arn:aws:s3:::reports/2024/q1.csv', true, 'a wildcard crosses slashes'),
  resourceCase('arn:aws:s3:::reports/*', 'arn:aws:s3:::reports', false, 'the bucket is not an object'),
  resourceCase('arn:aws:s3:::reports/*', 'arn:aws:s3:::reports-old/a', false),
  resourceCase('arn:aws:s3:::Reports/*', 'arn:aws:s3:::reports/a', false, 'ARNs are case-sensitive'),
  resourceCase('arn:aws:s3:::reports/A.csv', 'arn:aws:s3:::reports/a.csv', false, 'ARNs are case-sensitive'),
  kase('Resource "ARN:AWS:S3:::reports/a.csv" never matches arn:aws:s3:::reports/a.csv (ARNs are case-sensitive)', SRC.resource,
    req(ALICE, 's3:GetObject', 'arn:aws:s3:::reports/a.csv'), { identityPolicies: [doc(allow('s3:GetObject', 'ARN:AWS:S3:::reports/a.csv'))] }, 'notAllowed'),
  resourceCase('arn:aws:s3:::reports/a.csv', 'arn:aws:s3:::reports/a.csv', true),
  resourceCase('*', 'arn:aws:s3:::anything/at/all', true),
  resourceCase('arn:aws:s3:::*log*', 'arn:aws:s3:::carlossalazar-logs', true, 'the Carlos example'),
  resourceCase('arn:aws:s3:::*log*/*', 'arn:aws:s3:::carlossalazar-logs/file.txt', true, 'the Carlos example'),
  resourceCase('arn:aws:iam::111122223333:user/*', 'arn:aws:iam::111122223333:user/division_abc/subdivision_xyz/Bob', true, 'users with paths'),
  resourceCase('arn:aws:iam::111122223333:user/division_abc/*', 'arn:aws:iam::111122223333:user/division_abc/subdivision_xyz/Bob', true),
  resourceCase('arn:aws:iam::111122223333:user/division_abc/*', 'arn:aws:iam::111122223333:user/division_def/Bob', false),
  resourceCase('arn:aws:dynamodb:us-east-2:*:table/Books', 'arn:aws:dynamodb:us-east-2:111122223333:table/Books', true, 'a wildcard account'),
  resourceCase('arn:aws:dynamodb:us-east-2:*:table/Books', 'arn:aws:dynamodb:us-west-2:111122223333:table/Books', false),
  resourceCase('arn:aws:ec2:*:*:instance/*', 'arn:aws:ec2:us-east-1:111122223333:instance/i-1234567890abcdef0', true),
  resourceCase('arn:aws:ec2:*:*:instance/*', 'arn:aws:ec2:us-east-1:111122223333:volume/vol-1', false),
  resourceCase('arn:aws:ec2:us-east-1:111122223333:instance/i-?23', 'arn:aws:ec2:us-east-1:111122223333:instance/i-123', true, 'one character'),
  resourceCase('arn:aws:ec2:us-east-1:111122223333:instance/i-?23', 'arn:aws:ec2:us-east-1:111122223333:instance/i-1123', false, 'exactly one character'),
  resourceCase('arn:aws:sqs:us-east-2:*:queue-*', 'arn:aws:sqs:us-east-2:111122223333:queue-a', true),
  resourceCase(['arn:aws:s3:::a/*', 'arn:aws:s3:::b/*'], 'arn:aws:s3:::b/x', true, 'a list'),
  resourceCase('arn:app:docs::111122223333:project/p1/doc/*', 'arn:app:docs::111122223333:project/p1/doc/42', true, 'any partition is data', APP_ALICE),
  resourceCase('arn:app:docs::111122223333:project/p1/doc/*', 'arn:aws:docs::111122223333:project/p1/doc/42', false, 'the partition is compared', APP_ALICE),
  resourceCase('arn:aws:lambda:us-east-1:111122223333:function:my-fn:*', 'arn:aws:lambda:us-east-1:111122223333:function:my-fn:prod', true, 'colons in the resource part'),
  notResourceCase('Allow', [HR, `${HR}/*`], 'arn:aws:s3:::HRBucket/Other', 'allowed'),
  notResourceCase('Allow', [HR, `${HR}/*`], `${HR}/2024.csv`, 'implicitDeny'),
  notResourceCase('Allow', [HR, `${HR}/*`], HR, 'implicitDeny'),
  notResourceCase('Deny', [HR, `${HR}/*`], 'arn:aws:s3:::other/x', 'explicitDeny'),
  notResourceCase('Deny', [HR, `${HR}/*`], `${HR}/x`, 'allowed'),
  notResourceCase('Deny', 'arn:aws:s3:::HRBUCKET/*', 'arn:aws:s3:::HRBucket/x', 'explicitDeny', 'NotResource is case-sensitive too'),
  kase('Deny on "*" for the action denies whatever the resource', SRC.resource, req(ALICE, 's3:GetObject', 'arn:aws:s3:::x/y'), { identityPolicies: [doc(allow('s3:*'), deny('s3:GetObject', '*'))] }, 'explicitDeny'),
]

/**
 * Cross-account requests. AWS "Cross-account policy evaluation logic": "the requester in the
 * trusted AccountA must have an identity-based policy … Additionally, the resource-based policy
 * in AccountB must allow the requester in AccountA"; "AWS evaluates the request in the trusting
 * account and the trusted account … The request is allowed only if both evaluations return a
 * decision of Allow." The trusted side checks "the identity-based policy and any policies that
 * can limit an identity-based policy". AWS "Principal": an account principal delegates to the
 * account, whose identity policies must then allow.
 */
import { A, B, B_ALICE, B_BOB, C, ROOT_B, allow, aws, deny, doc, grant, kase, req } from '../build.js'
import { SRC } from '../sources.js'
import type { ConformanceCase } from '../types.js'

const DOC = `arn:aws:sqs:us-east-1:${A}:queue-1`
const send = req(B_BOB, 'sqs:SendMessage', DOC)
const idAllow = doc(allow('sqs:SendMessage', DOC))
const rbpBob = doc(grant(aws(B_BOB), 'sqs:SendMessage', DOC))
const rbpAccountB = doc(grant(aws(B), 'sqs:SendMessage', DOC))
const rbpRootB = doc(grant(aws(ROOT_B), 'sqs:SendMessage', DOC))
const BUCKET_OBJ = 'arn:aws:s3:::shared-bucket/data.csv'

export const crossAccountCases: ConformanceCase[] = [
  kase('cross-account: both the resource policy and the identity policy allow', SRC.crossAccount, send, { identityPolicies: [idAllow], resourcePolicy: rbpBob }, 'allowed'),
  kase('cross-account: the resource policy alone is not enough', SRC.crossAccount, send, { resourcePolicy: rbpBob }, 'implicitDeny'),
  kase('cross-account: the identity policy alone is not enough', SRC.crossAccount, send, { identityPolicies: [idAllow] }, 'implicitDeny'),
  kase('cross-account: an identity Allow on "*" with the resource policy', SRC.crossAccount, send, { identityPolicies: [doc(allow('sqs:*'))], resourcePolicy: rbpBob }, 'allowed'),
  kase('cross-account: a resource policy naming the account (id) delegates to its identity policies', SRC.crossAccount, send, { identityPolicies: [idAllow], resourcePolicy: rbpAccountB }, 'allowed'),
  kase('cross-account: a resource policy naming the account (root ARN) delegates to its identity policies', SRC.principal, send, { identityPolicies: [idAllow], resourcePolicy: rbpRootB }, 'allowed'),
  kase('cross-account: naming the account still needs an identity Allow', SRC.principal, send, { resourcePolicy: rbpAccountB }, 'implicitDeny'),
  kase('cross-account: a resource policy naming a third account does not allow', SRC.crossAccount, send, { identityPolicies: [idAllow], resourcePolicy: doc(grant(aws(C), 'sqs:SendMessage', DOC)) }, 'implicitDeny'),
  kase('cross-account: a resource policy naming another user of the account does not allow', SRC.crossAccount, send, { identityPolicies: [idAllow], resourcePolicy: doc(grant(aws(B_ALICE), 'sqs:SendMessage', DOC)) }, 'implicitDeny'),
  kase('cross-account: a resource policy naming the same user name in the resource account does not allow', SRC.crossAccount, send, { identityPolicies: [idAllow], resourcePolicy: doc(grant(aws(`arn:aws:iam::${A}:user/Bob`), 'sqs:SendMessage', DOC)) }, 'implicitDeny'),
  kase('cross-account: Principal "*" still needs the caller\'s identity Allow', SRC.crossAccount, send, { resourcePolicy: doc(grant('*', 'sqs:SendMessage', DOC)) }, 'implicitDeny'),
  kase('cross-account: Principal "*" with the caller\'s identity Allow', SRC.crossAccount, send, { identityPolicies: [idAllow], resourcePolicy: doc(grant('*', 'sqs:SendMessage', DOC)) }, 'allowed'),
  kase('cross-account: a Deny in the resource policy wins', SRC.crossAccount, send, { identityPolicies: [idAllow], resourcePolicy: doc(grant(aws(B_BOB), 'sqs:*', DOC), { ...deny('sqs:SendMessage', DOC), Principal: '*' }) }, 'explicitDeny'),
  kase('cross-account: a Deny in the identity policy wins', SRC.crossAccount, send, { identityPolicies: [idAllow, doc(deny('sqs:*'))], resourcePolicy: rbpBob }, 'explicitDeny'),
  kase('cross-account: the caller\'s boundary limits the request', SRC.crossAccount, send, { identityPolicies: [idAllow], resourcePolicy: rbpBob, permissionBoundary: doc(allow('s3:*')) }, 'implicitDeny'),
  kase('cross-account: the caller\'s boundary allowing lets it through', SRC.crossAccount, send, { identityPolicies: [idAllow], resourcePolicy: rbpBob, permissionBoundary: doc(allow('sqs:*')) }, 'allowed'),
  kase('cross-account: a guardrail that does not allow denies', SRC.crossAccount, send, { identityPolicies: [idAllow], resourcePolicy: rbpBob, guardrails: [doc(allow('s3:*'))] }, 'implicitDeny'),
  kase('cross-account: the resource account comes from resourceAccount when the ARN has none (allowed)', SRC.crossAccount, req(B_BOB, 's3:GetObject', BUCKET_OBJ, undefined, { resourceAccount: A }), { identityPolicies: [doc(allow('s3:GetObject', BUCKET_OBJ))], resourcePolicy: doc(grant(aws(B_BOB), 's3:GetObject', BUCKET_OBJ)) }, 'allowed'),
  kase('cross-account: the resource account comes from resourceAccount when the ARN has none (identity only)', SRC.crossAccount, req(B_BOB, 's3:GetObject', BUCKET_OBJ, undefined, { resourceAccount: A }), { identityPolicies: [doc(allow('s3:GetObject', BUCKET_OBJ))] }, 'implicitDeny'),
  kase('same account by resourceAccount: the identity policy alone is enough', SRC.evaluation, req(B_BOB, 's3:GetObject', BUCKET_OBJ, undefined, { resourceAccount: B }), { identityPolicies: [doc(allow('s3:GetObject', BUCKET_OBJ))] }, 'allowed'),
  kase('cross-account: the root user of the trusted account needs only the resource policy', SRC.crossAccount, req(ROOT_B, 'sqs:SendMessage', DOC), { resourcePolicy: rbpAccountB }, 'allowed'),
  kase('cross-account: the root user is not allowed without the resource policy', SRC.crossAccount, req(ROOT_B, 'sqs:SendMessage', DOC), {}, 'implicitDeny'),
  kase('cross-account: a role session named by its session ARN with the role\'s identity Allow', SRC.crossAccount,
    req(`arn:aws:sts::${B}:assumed-role/Auditor/s1`, 'sqs:SendMessage', DOC),
    { identityPolicies: [idAllow], resourcePolicy: doc(grant(aws(`arn:aws:sts::${B}:assumed-role/Auditor/s1`), 'sqs:SendMessage', DOC)) }, 'allowed'),
  kase('cross-account: a role session named through its role ARN with the role\'s identity Allow', SRC.crossAccount,
    req(`arn:aws:sts::${B}:assumed-role/Auditor/s1`, 'sqs:SendMessage', DOC),
    { identityPolicies: [idAllow], resourcePolicy: doc(grant(aws(`arn:aws:iam::${B}:role/Auditor`), 'sqs:SendMessage', DOC)) }, 'allowed'),
  kase('cross-account: a role session named through its role ARN without an identity Allow', SRC.crossAccount,
    req(`arn:aws:sts::${B}:assumed-role/Auditor/s1`, 'sqs:SendMessage', DOC),
    { resourcePolicy: doc(grant(aws(`arn:aws:iam::${B}:role/Auditor`), 'sqs:SendMessage', DOC)) }, 'implicitDeny'),
  // A role trust policy is a resource-based policy on the role (AssumeRole across accounts).
  kase('cross-account AssumeRole: trust policy and identity policy both allow', SRC.crossAccount,
    req(B_BOB, 'sts:AssumeRole', `arn:aws:iam::${A}:role/Shared`),
    { identityPolicies: [doc(allow('sts:AssumeRole', `arn:aws:iam::${A}:role/Shared`))], resourcePolicy: doc({ Effect: 'Allow', Principal: aws(ROOT_B), Action: 'sts:AssumeRole' }) }, 'allowed'),
  kase('cross-account AssumeRole: the trust policy alone is not enough', SRC.crossAccount,
    req(B_BOB, 'sts:AssumeRole', `arn:aws:iam::${A}:role/Shared`),
    { resourcePolicy: doc({ Effect: 'Allow', Principal: aws(ROOT_B), Action: 'sts:AssumeRole' }) }, 'implicitDeny'),
]

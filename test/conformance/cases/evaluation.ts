/**
 * The evaluation flow chart within one account. AWS "Policy evaluation logic" and "How AWS
 * enforcement code logic evaluates requests to allow or deny access": (1) "If the code finds
 * even one explicit deny that applies, the code returns a final decision of Deny"; (2) SCPs: "If
 * the enforcement code does not find any applicable Allow statements in the SCPs, then the
 * request is implicitly denied"; (3) "If the requested resource has a resource-based policy
 * that allows the principal to perform the requested action, then the code returns a final
 * decision of Allow"; (4) permissions boundaries, (5) session policies, (6) identity-based
 * policies must allow. "By default, all requests are implicitly denied with the exception of
 * the AWS account root user, which has full access." AWS "Permissions boundaries for IAM
 * entities": "Within an account, permissions boundaries do not reduce the permissions granted
 * by resource-based policies"; the ShirleyRodriguez example. The Carlos example from "Example
 * identity-based and resource-based policy evaluation".
 */
import { ALICE, BOB, OBJECT, ROOT_A, allow, aws, deny, doc, grant, kase, req } from '../build.js'
import { SRC } from '../sources.js'
import type { ConformanceCase } from '../types.js'

const get = req(ALICE, 's3:GetObject', OBJECT)
const idAllow = doc(allow('s3:GetObject', OBJECT))
const rbpAlice = doc(grant(aws(ALICE), 's3:GetObject', OBJECT))
const allowAll = doc(allow('*'))
const s3Only = doc(allow('s3:*'))

// The Carlos example.
const CARLOS = 'arn:aws:iam::111122223333:user/carlossalazar'
const carlosPolicy = doc(
  { Sid: 'AllowS3ListRead', ...allow(['s3:ListAllMyBuckets', 's3:HeadBucket']) },
  { Sid: 'AllowS3Self', ...allow('s3:*', ['arn:aws:s3:::carlossalazar/*', 'arn:aws:s3:::carlossalazar']) },
  { Sid: 'DenyS3Logs', ...deny('s3:*', ['arn:aws:s3:::*log*', 'arn:aws:s3:::*log*/*']) },
)
const carlosBucketPolicy = doc(grant(aws(CARLOS), 's3:*', '*'))

// The ShirleyRodriguez boundary example.
const SHIRLEY = 'arn:aws:iam::111122223333:user/ShirleyRodriguez'
const shirleyBoundary = doc(allow(['s3:*', 'cloudwatch:*', 'ec2:*']))

export const evaluationCases: ConformanceCase[] = [
  kase('denies implicitly when no policy applies', SRC.denyAllow, get, {}, 'implicitDeny'),
  kase('allows with an identity-based Allow', SRC.evaluation, get, { identityPolicies: [idAllow] }, 'allowed'),
  kase('denies implicitly when the identity Allow is for another action', SRC.evaluation, get, { identityPolicies: [doc(allow('s3:PutObject', OBJECT))] }, 'implicitDeny'),
  kase('denies implicitly when the identity Allow is for another resource', SRC.evaluation, get, { identityPolicies: [doc(allow('s3:GetObject', 'arn:aws:s3:::other/*'))] }, 'implicitDeny'),
  kase('an explicit Deny overrides an Allow in the same policy', SRC.denyAllow, get, { identityPolicies: [doc(allow('s3:*'), deny('s3:GetObject'))] }, 'explicitDeny'),
  kase('an explicit Deny overrides an Allow in another identity policy', SRC.denyAllow, get, { identityPolicies: [idAllow, doc(deny('s3:*'))] }, 'explicitDeny'),
  kase('a Deny alone is an explicit deny', SRC.denyAllow, get, { identityPolicies: [doc(deny('s3:GetObject'))] }, 'explicitDeny'),
  kase('a Deny for another action does not deny', SRC.denyAllow, get, { identityPolicies: [idAllow, doc(deny('s3:PutObject'))] }, 'allowed'),
  kase('a Deny whose condition fails does not deny', SRC.denyAllow, get, { identityPolicies: [idAllow, doc(deny('s3:*', '*', { Condition: { Bool: { 'aws:SecureTransport': 'false' } } }))] }, 'allowed'),
  kase('one Allow among several identity policies is enough', SRC.evaluation, get, { identityPolicies: [doc(allow('ec2:*')), doc(allow('iam:*')), idAllow] }, 'allowed'),
  kase('an Allow whose condition fails does not allow', SRC.evaluation, get, { identityPolicies: [doc(allow('s3:GetObject', OBJECT, { Condition: { Bool: { 'aws:SecureTransport': 'true' } } }))] }, 'implicitDeny'),

  kase('a Statement given as one object (not an array) allows', SRC.evaluation, get, { identityPolicies: [{ Version: '2012-10-17', Statement: allow('s3:GetObject', OBJECT) }] }, 'allowed'),
  kase('a Statement given as one object (not an array) denies', SRC.evaluation, get, { identityPolicies: [idAllow, { Version: '2012-10-17', Statement: deny('s3:GetObject', OBJECT) }] }, 'explicitDeny'),
  kase('a failing Allow next to a matching Allow in the same policy still allows', SRC.evaluation, get, { identityPolicies: [doc(allow('s3:GetObject', OBJECT, { Condition: { Bool: { 'aws:SecureTransport': 'true' } } }), allow('s3:GetObject', OBJECT))] }, 'allowed'),

  // Resource-based policies in the same account.
  kase('a resource-based policy naming the user allows without any identity policy', SRC.denyAllow, get, { resourcePolicy: rbpAlice }, 'allowed'),
  kase('a resource-based policy naming another user does not allow', SRC.denyAllow, get, { resourcePolicy: doc(grant(aws(BOB), 's3:GetObject', OBJECT)) }, 'implicitDeny'),
  kase('a resource-based policy for another action does not allow', SRC.denyAllow, get, { resourcePolicy: doc(grant(aws(ALICE), 's3:PutObject', OBJECT)) }, 'implicitDeny'),
  kase('a resource-based Allow whose condition fails does not allow', SRC.denyAllow, get, { resourcePolicy: doc(grant(aws(ALICE), 's3:GetObject', OBJECT, { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'eng' } } })) }, 'implicitDeny'),
  kase('either the identity or the resource policy may allow (identity only)', SRC.singleAccount, get, { identityPolicies: [idAllow], resourcePolicy: doc(grant(aws(BOB), 's3:GetObject', OBJECT)) }, 'allowed'),
  kase('a Deny in the resource-based policy overrides the identity Allow', SRC.denyAllow, get, { identityPolicies: [idAllow], resourcePolicy: doc({ ...deny('s3:GetObject', OBJECT), Principal: '*' }) }, 'explicitDeny'),
  kase('a Deny in an identity policy overrides a resource-based Allow naming the user', SRC.denyAllow, get, { identityPolicies: [doc(deny('s3:GetObject'))], resourcePolicy: rbpAlice }, 'explicitDeny'),
  kase('a resource-based Allow naming the user is not limited by the boundary', SRC.boundaries, get, { resourcePolicy: rbpAlice, permissionBoundary: doc(allow('ec2:*')) }, 'allowed'),
  kase('a Deny in the boundary overrides a resource-based Allow naming the user', SRC.boundaries, get, { resourcePolicy: rbpAlice, permissionBoundary: doc(allow('*'), deny('s3:GetObject')) }, 'explicitDeny'),
  kase('a resource-based policy with Principal "*" allows a user of the same account', SRC.principal, get, { resourcePolicy: doc(grant('*', 's3:GetObject', OBJECT)) }, 'allowed'),
  kase('a resource-based policy with {"AWS": "*"} allows a user of the same account', SRC.principal, get, { resourcePolicy: doc(grant(aws('*'), 's3:GetObject', OBJECT)) }, 'allowed'),
  kase('a resource-based policy naming the root user allows the root user', SRC.principal, req(ROOT_A, 's3:GetObject', OBJECT), { resourcePolicy: doc(grant(aws(ROOT_A), 's3:GetObject', OBJECT)) }, 'allowed'),

  // Permissions boundaries.
  kase('identity and boundary both allow', SRC.boundaries, get, { identityPolicies: [idAllow], permissionBoundary: s3Only }, 'allowed'),
  kase('the boundary does not allow what the identity policy allows', SRC.boundaries, get, { identityPolicies: [idAllow], permissionBoundary: doc(allow('ec2:*')) }, 'implicitDeny'),
  kase('the boundary alone grants nothing', SRC.boundaries, get, { permissionBoundary: s3Only }, 'implicitDeny'),
  kase('a Deny in the boundary is an explicit deny', SRC.boundaries, get, { identityPolicies: [idAllow], permissionBoundary: doc(allow('*'), deny('s3:GetObject')) }, 'explicitDeny'),
  kase('a boundary with only a Deny for another action still allows nothing', SRC.boundaries, get, { identityPolicies: [idAllow], permissionBoundary: doc(deny('ec2:*')) }, 'implicitDeny'),
  kase('ShirleyRodriguez cannot create a user outside her boundary', SRC.boundaries, req(SHIRLEY, 'iam:CreateUser', 'arn:aws:iam::111122223333:user/new'), { identityPolicies: [doc(allow('iam:CreateUser'))], permissionBoundary: shirleyBoundary }, 'implicitDeny'),
  kase('ShirleyRodriguez may run EC2 actions her identity policy and boundary allow', SRC.boundaries, req(SHIRLEY, 'ec2:RunInstances', '*'), { identityPolicies: [doc(allow('ec2:RunInstances'))], permissionBoundary: shirleyBoundary }, 'allowed'),
  kase('a boundary Allow with a failing condition does not allow', SRC.boundaries, get, { identityPolicies: [idAllow], permissionBoundary: doc(allow('s3:*', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'eng' } } })) }, 'implicitDeny'),

  // Guardrails (the SCP analogue).
  kase('a guardrail that allows everything lets the identity Allow through', SRC.denyAllow, get, { identityPolicies: [idAllow], guardrails: [allowAll] }, 'allowed'),
  kase('a guardrail that does not allow the action denies implicitly', SRC.denyAllow, get, { identityPolicies: [idAllow], guardrails: [doc(allow('ec2:*'))] }, 'implicitDeny'),
  kase('a guardrail grants nothing by itself', SRC.denyAllow, get, { guardrails: [allowAll] }, 'implicitDeny'),
  kase('a Deny in a guardrail is an explicit deny', SRC.denyAllow, get, { identityPolicies: [idAllow], guardrails: [doc(allow('*'), deny('s3:GetObject'))] }, 'explicitDeny'),
  kase('a guardrail that does not allow limits a resource-based Allow too', SRC.denyAllow, get, { resourcePolicy: rbpAlice, guardrails: [doc(allow('ec2:*'))] }, 'implicitDeny'),
  kase('a guardrail that allows lets a resource-based Allow through', SRC.denyAllow, get, { resourcePolicy: rbpAlice, guardrails: [s3Only] }, 'allowed'),
  kase('every guardrail level must allow (both do)', SRC.scp, get, { identityPolicies: [idAllow], guardrails: [allowAll, s3Only] }, 'allowed'),
  kase('every guardrail level must allow (the second does not)', SRC.scp, req(ALICE, 'ec2:RunInstances', '*'), { identityPolicies: [doc(allow('ec2:*'))], guardrails: [allowAll, s3Only] }, 'implicitDeny'),
  kase('within one guardrail level any policy may allow', SRC.scp, req(ALICE, 'ec2:RunInstances', '*'), { identityPolicies: [doc(allow('ec2:*'))], guardrails: [allowAll, [s3Only, doc(allow('ec2:*'))]] }, 'allowed'),
  kase('guardrail, boundary and identity must all allow (all do)', SRC.boundaries, get, { identityPolicies: [idAllow], permissionBoundary: s3Only, guardrails: [s3Only] }, 'allowed'),
  kase('guardrail, boundary and identity must all allow (the guardrail does not)', SRC.boundaries, get, { identityPolicies: [idAllow], permissionBoundary: s3Only, guardrails: [doc(allow('ec2:*'))] }, 'implicitDeny'),
  kase('a guardrail Allow with a failing condition does not allow', SRC.scp, get, { identityPolicies: [idAllow], guardrails: [doc(allow('*', '*', { Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } }))] }, 'implicitDeny'),
  kase('a guardrail Deny with NotAction denies every other action', SRC.scp, get, { identityPolicies: [idAllow], guardrails: [doc(allow('*'), { Effect: 'Deny', NotAction: ['ec2:*'], Resource: '*' })] }, 'explicitDeny'),

  // The account root user.
  kase('the root user has full access to its own account', SRC.denyAllow, req(ROOT_A, 's3:GetObject', OBJECT), {}, 'allowed'),
  kase('a guardrail limits the root user too', SRC.evaluation, req(ROOT_A, 's3:GetObject', OBJECT), { guardrails: [doc(allow('ec2:*'))] }, 'implicitDeny'),
  kase('a resource-based Deny applies to the root user', SRC.denyAllow, req(ROOT_A, 's3:GetObject', OBJECT), { resourcePolicy: doc({ ...deny('s3:*', OBJECT), Principal: '*' }) }, 'explicitDeny'),

  // The Carlos example.
  kase('Carlos is denied the carlossalazar-logs bucket by DenyS3Logs', SRC.singleAccount, req(CARLOS, 's3:PutObject', 'arn:aws:s3:::carlossalazar-logs/file.txt'), { identityPolicies: [carlosPolicy], resourcePolicy: carlosBucketPolicy }, 'explicitDeny'),
  kase('Carlos may save to his own bucket', SRC.singleAccount, req(CARLOS, 's3:PutObject', 'arn:aws:s3:::carlossalazar/file.txt'), { identityPolicies: [carlosPolicy], resourcePolicy: carlosBucketPolicy }, 'allowed'),
  kase('Carlos may list all buckets', SRC.singleAccount, req(CARLOS, 's3:ListAllMyBuckets', '*'), { identityPolicies: [carlosPolicy] }, 'allowed'),
  kase('Carlos may not touch another bucket', SRC.singleAccount, req(CARLOS, 's3:GetObject', 'arn:aws:s3:::other/file.txt'), { identityPolicies: [carlosPolicy] }, 'implicitDeny'),
]

/**
 * Principal and NotPrincipal in resource-based policies. AWS "AWS JSON policy elements:
 * Principal" (users, roles, sessions, accounts, services, "*"; no partial wildcards) and "AWS
 * JSON policy elements: NotPrincipal": with Deny "the actions specified in the policy statement
 * are explicitly denied to all principals except for the ones specified" (the Bob and the
 * cross-account-audit-app examples, which list the account, the role and the session); with
 * Allow it "allows all principals except the one named". AWS "Permissions boundaries for IAM
 * entities": "The NotPrincipal element with a Deny effect will always deny any IAM principal
 * that has a permissions boundary policy attached, regardless of the values specified in the
 * NotPrincipal element."
 */
import { A, ALICE, B, BOB, B_ALICE, B_BOB, ROOT_A, ROOT_B, allow, aws, doc, grant, kase, req } from '../build.js'
import { SRC } from '../sources.js'
import type { ConformanceCase } from '../types.js'

const BUCKET_OBJ = `arn:aws:s3:::BUCKETNAME/file.txt`
const bobDeny = doc(
  { Effect: 'Deny', NotPrincipal: aws(B_BOB, ROOT_B), Action: 's3:*', Resource: ['arn:aws:s3:::BUCKETNAME', 'arn:aws:s3:::BUCKETNAME/*'] },
  grant(aws(B), 's3:GetObject', 'arn:aws:s3:::BUCKETNAME/*'),
)
const bobIdentity = doc(allow('s3:GetObject'))

const AUDIT_SESSION = `arn:aws:sts::${B}:assumed-role/cross-account-read-only-role/cross-account-audit-app`
const OTHER_AUDIT_SESSION = `arn:aws:sts::${B}:assumed-role/cross-account-read-only-role/someone-else`
const AUDIT_ROLE = `arn:aws:iam::${B}:role/cross-account-read-only-role`
const auditDeny = doc(
  { Effect: 'Deny', NotPrincipal: aws(AUDIT_SESSION, AUDIT_ROLE, ROOT_B), Action: 's3:*', Resource: ['arn:aws:s3:::Bucket_AccountAudit', 'arn:aws:s3:::Bucket_AccountAudit/*'] },
  grant(aws(B), 's3:GetObject', 'arn:aws:s3:::Bucket_AccountAudit/*'),
)
const AUDIT_OBJ = 'arn:aws:s3:::Bucket_AccountAudit/report.csv'

const OBJ = 'arn:aws:s3:::reports/a.csv'
const SERVICE = 'sns.amazonaws.com'

export const principalCases: ConformanceCase[] = [
  kase('NotPrincipal Deny: Bob, listed with his account, is not denied', SRC.notPrincipal, req(B_BOB, 's3:GetObject', BUCKET_OBJ, undefined, { resourceAccount: A }), { identityPolicies: [bobIdentity], resourcePolicy: bobDeny }, 'allowed'),
  kase('NotPrincipal Deny: another user of Bob\'s account is denied', SRC.notPrincipal, req(B_ALICE, 's3:GetObject', BUCKET_OBJ, undefined, { resourceAccount: A }), { identityPolicies: [bobIdentity], resourcePolicy: bobDeny }, 'explicitDeny'),
  kase('NotPrincipal Deny: a user of the resource account is denied', SRC.notPrincipal, req(ALICE, 's3:GetObject', BUCKET_OBJ, undefined, { resourceAccount: A }), { identityPolicies: [bobIdentity], resourcePolicy: bobDeny }, 'explicitDeny'),
  kase('NotPrincipal Deny: the audit session, listed with its role and account, is not denied', SRC.notPrincipal, req(AUDIT_SESSION, 's3:GetObject', AUDIT_OBJ, undefined, { resourceAccount: A }), { identityPolicies: [bobIdentity], resourcePolicy: auditDeny }, 'allowed'),
  kase('NotPrincipal Deny: another session of the audit role is denied', SRC.notPrincipal, req(OTHER_AUDIT_SESSION, 's3:GetObject', AUDIT_OBJ, undefined, { resourceAccount: A }), { identityPolicies: [bobIdentity], resourcePolicy: auditDeny }, 'explicitDeny'),
  kase('NotPrincipal Deny: a user of the audit account is denied', SRC.notPrincipal, req(B_BOB, 's3:GetObject', AUDIT_OBJ, undefined, { resourceAccount: A }), { identityPolicies: [bobIdentity], resourcePolicy: auditDeny }, 'explicitDeny'),
  kase('NotPrincipal Deny for another action does not deny', SRC.notPrincipal, req(ALICE, 'sqs:SendMessage', OBJ), { identityPolicies: [doc(allow('*'))], resourcePolicy: doc({ Effect: 'Deny', NotPrincipal: aws(BOB, ROOT_A), Action: 's3:*', Resource: '*' }) }, 'allowed'),
  kase('NotPrincipal Allow allows everyone except the one named', SRC.notPrincipal, req(ALICE, 's3:GetObject', OBJ), { resourcePolicy: doc({ Effect: 'Allow', NotPrincipal: aws(BOB), Action: 's3:GetObject', Resource: OBJ }) }, 'allowed'),
  kase('NotPrincipal Allow does not allow the one named', SRC.notPrincipal, req(BOB, 's3:GetObject', OBJ), { resourcePolicy: doc({ Effect: 'Allow', NotPrincipal: aws(BOB), Action: 's3:GetObject', Resource: OBJ }) }, 'implicitDeny'),
  kase('NotPrincipal Deny always denies a principal that has a permissions boundary', SRC.boundaries, req(ALICE, 's3:GetObject', OBJ),
    { identityPolicies: [doc(allow('s3:*'))], permissionBoundary: doc(allow('s3:*')), resourcePolicy: doc({ Effect: 'Deny', NotPrincipal: aws(ALICE, ROOT_A), Action: 's3:*', Resource: '*' }) }, 'explicitDeny'),

  // Principal element.
  kase('Principal names the user by ARN', SRC.principal, req(ALICE, 's3:GetObject', OBJ), { resourcePolicy: doc(grant(aws(ALICE), 's3:GetObject', OBJ)) }, 'allowed'),
  kase('Principal lists several users', SRC.principal, req(ALICE, 's3:GetObject', OBJ), { resourcePolicy: doc(grant(aws(BOB, ALICE), 's3:GetObject', OBJ)) }, 'allowed'),
  kase('Principal ARNs are case-sensitive', SRC.principal, req(ALICE, 's3:GetObject', OBJ), { resourcePolicy: doc(grant(aws('arn:aws:iam::111122223333:user/Alice'), 's3:GetObject', OBJ)) }, 'implicitDeny'),
  kase('Principal naming a user with a path matches that user', SRC.principal, req('arn:aws:iam::111122223333:user/division/alice', 's3:GetObject', OBJ), { resourcePolicy: doc(grant(aws('arn:aws:iam::111122223333:user/division/alice'), 's3:GetObject', OBJ)) }, 'allowed'),
  kase('Principal naming a user without its path does not match', SRC.principal, req('arn:aws:iam::111122223333:user/division/alice', 's3:GetObject', OBJ), { resourcePolicy: doc(grant(aws(ALICE), 's3:GetObject', OBJ)) }, 'implicitDeny'),
  kase('Principal names a service', SRC.principal, req(SERVICE, 'sqs:SendMessage', 'arn:aws:sqs:us-east-1:111122223333:q'), { resourcePolicy: doc(grant({ Service: SERVICE }, 'sqs:SendMessage', '*')) }, 'allowed'),
  kase('Principal naming another service does not allow', SRC.principal, req(SERVICE, 'sqs:SendMessage', 'arn:aws:sqs:us-east-1:111122223333:q'), { resourcePolicy: doc(grant({ Service: 'events.amazonaws.com' }, 'sqs:SendMessage', '*')) }, 'implicitDeny'),
  kase('a service has no identity policies: without a resource policy it is denied', SRC.principal, req(SERVICE, 'sqs:SendMessage', 'arn:aws:sqs:us-east-1:111122223333:q'), { identityPolicies: [doc(allow('*'))] }, 'implicitDeny'),
  kase('a resource-based Allow statement without Principal grants nobody', SRC.principal, req(ALICE, 's3:GetObject', OBJ), { resourcePolicy: doc(allow('s3:GetObject', OBJ)) }, 'notAllowed'),
  kase('Principal naming the user of another account does not match a same-named local user', SRC.principal, req(ALICE, 's3:GetObject', OBJ), { resourcePolicy: doc(grant(aws(B_ALICE), 's3:GetObject', OBJ)) }, 'implicitDeny'),
]

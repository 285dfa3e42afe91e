/**
 * Role sessions, session policies and federated users. AWS "Policies and permissions in IAM"
 * (Session policies): "The resulting session's permissions are the intersection of the IAM
 * entity's identity-based policy and the session policies"; "A resource-based policy can
 * specify the ARN of the user or role as a principal. In that case, the permissions from the
 * resource-based policy are added to the role or user's identity-based policy before the session
 * is created. The session policy limits the total permissions …"; "A resource-based policy can
 * specify the ARN of the session as a principal. In that case, the permissions from the
 * resource-based policy are added after the session is created. The resource-based policy
 * permissions are not limited by the session policies." AWS STS "GetFederationToken": "if you do
 * not pass any session policies, then the resulting federated user session has no permissions"
 * and "If that policy specifically references the federated user session in the Principal
 * element …, the session has the permissions allowed by the policy." AWS "Permissions boundaries
 * for IAM entities": the boundary limits a resource-based policy that names the role.
 */
import { ALICE, FEDERATED, OBJECT, OTHER_SESSION, ROLE, SESSION, allow, aws, deny, doc, grant, kase, req } from '../build.js'
import { SRC } from '../sources.js'
import type { ConformanceCase } from '../types.js'

const get = req(SESSION, 's3:GetObject', OBJECT)
const idAllow = doc(allow('s3:GetObject', OBJECT))
const sessionAllow = doc(allow('s3:*'))
const sessionOther = doc(allow('ec2:*'))
const rbpRole = doc(grant(aws(ROLE), 's3:GetObject', OBJECT))
const rbpSession = doc(grant(aws(SESSION), 's3:GetObject', OBJECT))
const PATH_ROLE = 'arn:aws:iam::111122223333:role/ops/Deployer'

export const sessionCases: ConformanceCase[] = [
  kase('a role session has its role\'s identity permissions', SRC.sessionPolicies, get, { identityPolicies: [idAllow] }, 'allowed'),
  kase('a role session without an identity Allow is denied', SRC.sessionPolicies, get, {}, 'implicitDeny'),
  kase('session policy and identity policy both allow', SRC.sessionPolicies, get, { identityPolicies: [idAllow], sessionPolicies: [sessionAllow] }, 'allowed'),
  kase('a session policy that does not allow limits the identity Allow', SRC.sessionPolicies, get, { identityPolicies: [idAllow], sessionPolicies: [sessionOther] }, 'implicitDeny'),
  kase('a session policy cannot grant more than the identity policy', SRC.sessionPolicies, get, { sessionPolicies: [sessionAllow] }, 'implicitDeny'),
  kase('a Deny in a session policy is an explicit deny', SRC.sessionPolicies, get, { identityPolicies: [idAllow], sessionPolicies: [doc(allow('*'), deny('s3:GetObject'))] }, 'explicitDeny'),
  kase('session policy, boundary and identity all allow', SRC.boundaries, get, { identityPolicies: [idAllow], sessionPolicies: [sessionAllow], permissionBoundary: sessionAllow }, 'allowed'),
  kase('session policy and identity allow but the boundary does not', SRC.boundaries, get, { identityPolicies: [idAllow], sessionPolicies: [sessionAllow], permissionBoundary: sessionOther }, 'implicitDeny'),
  kase('a resource policy naming the role allows its session without identity policies', SRC.sessionPolicies, get, { resourcePolicy: rbpRole }, 'allowed'),
  kase('a resource policy naming the role is limited by a session policy that does not allow', SRC.sessionPolicies, get, { resourcePolicy: rbpRole, sessionPolicies: [sessionOther] }, 'implicitDeny'),
  kase('a resource policy naming the role and a session policy that allows', SRC.sessionPolicies, get, { resourcePolicy: rbpRole, sessionPolicies: [sessionAllow] }, 'allowed'),
  kase('a resource policy naming the session is not limited by the session policy', SRC.sessionPolicies, get, { resourcePolicy: rbpSession, sessionPolicies: [sessionOther] }, 'allowed'),
  kase('a resource policy naming the session is not limited by a missing identity Allow', SRC.sessionPolicies, get, { resourcePolicy: rbpSession }, 'allowed'),
  kase('a resource policy naming another session of the role does not allow this one', SRC.principal, req(OTHER_SESSION, 's3:GetObject', OBJECT), { resourcePolicy: rbpSession }, 'implicitDeny'),
  kase('a resource policy naming the role allows every session of it', SRC.principal, req(OTHER_SESSION, 's3:GetObject', OBJECT), { resourcePolicy: rbpRole }, 'allowed'),
  kase('a resource policy naming another role does not allow', SRC.principal, get, { resourcePolicy: doc(grant(aws('arn:aws:iam::111122223333:role/Other'), 's3:GetObject', OBJECT)) }, 'implicitDeny'),
  kase('a resource policy naming the role is limited by the role\'s boundary', SRC.boundaries, get, { resourcePolicy: rbpRole, permissionBoundary: sessionOther }, 'implicitDeny'),
  kase('a resource policy naming a role with a path matches its session through aws:PrincipalArn', SRC.principal,
    req(SESSION, 's3:GetObject', OBJECT, { 'aws:PrincipalArn': PATH_ROLE }),
    { resourcePolicy: doc(grant(aws(PATH_ROLE), 's3:GetObject', OBJECT)) }, 'allowed'),
  kase('a resource policy naming the account delegates a role session to its identity policies (none)', SRC.principal, get, { resourcePolicy: doc(grant(aws('111122223333'), 's3:GetObject', OBJECT)) }, 'implicitDeny'),
  kase('a resource policy naming the account delegates a role session to its identity policies (allow)', SRC.principal, get, { identityPolicies: [idAllow], resourcePolicy: doc(grant(aws('111122223333'), 's3:GetObject', OBJECT)) }, 'allowed'),
  kase('a resource policy naming the account root delegates a user to its identity policies (none)', SRC.principal, req(ALICE, 's3:GetObject', OBJECT), { resourcePolicy: doc(grant(aws('arn:aws:iam::111122223333:root'), 's3:GetObject', OBJECT)) }, 'implicitDeny'),
  kase('a resource policy naming the account root delegates a user to its identity policies (allow)', SRC.principal, req(ALICE, 's3:GetObject', OBJECT), { identityPolicies: [idAllow], resourcePolicy: doc(grant(aws('arn:aws:iam::111122223333:root'), 's3:GetObject', OBJECT)) }, 'allowed'),

  // Federated users (GetFederationToken).
  kase('a federated user session without a session policy has no permissions', SRC.federationToken, req(FEDERATED, 's3:GetObject', OBJECT), { identityPolicies: [idAllow] }, 'implicitDeny'),
  kase('a federated user session has the intersection of user and session policies', SRC.federationToken, req(FEDERATED, 's3:GetObject', OBJECT), { identityPolicies: [idAllow], sessionPolicies: [sessionAllow] }, 'allowed'),
  kase('a federated user session policy cannot exceed the user\'s policies', SRC.federationToken, req(FEDERATED, 's3:GetObject', OBJECT), { sessionPolicies: [sessionAllow] }, 'implicitDeny'),
  kase('a resource policy naming the federated user session grants it directly', SRC.federationToken, req(FEDERATED, 's3:GetObject', OBJECT), { resourcePolicy: doc(grant(aws(FEDERATED), 's3:GetObject', OBJECT)) }, 'allowed'),
]

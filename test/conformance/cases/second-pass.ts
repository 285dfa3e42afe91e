/**
 * A second, independent pass over the areas a corpus author would probe hardest: how session
 * policies, boundaries and resource policies combine by the ARN the resource policy names
 * (AWS "Policies and permissions in IAM", Session policies; "Permissions boundaries for IAM
 * entities": "Within an account, an implicit deny in a permissions boundary does not limit the
 * permissions granted to an IAM user by a resource-based policy", and one naming the role is
 * limited while one naming the role session is not); cross-account requests, where "the request
 * is allowed only if both evaluations return a decision of Allow" so the caller's boundary and
 * session policies always apply; guardrail levels written as allow lists with NotAction; and
 * operator, variable, multivalued-key and Action/Resource edge cases. Each case names its page.
 */
import {
  A, ALICE, B, C, MISSING, OBJECT, ROLE, ROOT_A, SESSION, allow, aws, conditionCases, deny, doc, grant, kase, req, row,
} from '../build.js'
import { SRC } from '../sources.js'
import type { ConformanceCase } from '../types.js'

const get = req(SESSION, 's3:GetObject', OBJECT)
const aliceGet = req(ALICE, 's3:GetObject', OBJECT)
const idAllow = doc(allow('s3:GetObject', OBJECT))
const s3All = doc(allow('s3:*'))
const ec2Only = doc(allow('ec2:*'))
const rbpRole = doc(grant(aws(ROLE), 's3:GetObject', OBJECT))
const rbpSession = doc(grant(aws(SESSION), 's3:GetObject', OBJECT))
const rbpAlice = doc(grant(aws(ALICE), 's3:GetObject', OBJECT))
const allowAll = doc(allow('*'))

// A role session of account B reaching a queue of account A.
const QUEUE = `arn:aws:sqs:us-east-1:${A}:orders`
const B_ROLE = `arn:aws:iam::${B}:role/Auditor`
const B_SESSION = `arn:aws:sts::${B}:assumed-role/Auditor/s1`
const bSend = req(B_SESSION, 'sqs:SendMessage', QUEUE)
const sqsAllow = doc(allow('sqs:SendMessage', QUEUE))
const rbpBSession = doc(grant(aws(B_SESSION), 'sqs:SendMessage', QUEUE))
const rbpBRole = doc(grant(aws(B_ROLE), 'sqs:SendMessage', QUEUE))

const layering: ConformanceCase[] = [
  // Same account, role session.
  kase('a resource policy naming the session is not limited by the role\'s boundary', SRC.boundaries, get, { resourcePolicy: rbpSession, permissionBoundary: ec2Only }, 'allowed'),
  kase('a resource policy naming the session is not limited by boundary and session policy together', SRC.boundaries, get, { resourcePolicy: rbpSession, permissionBoundary: ec2Only, sessionPolicies: [ec2Only] }, 'allowed'),
  kase('a Deny in the boundary overrides a resource policy naming the session', SRC.boundaries, get, { resourcePolicy: rbpSession, permissionBoundary: doc(allow('*'), deny('s3:GetObject')) }, 'explicitDeny'),
  kase('a Deny in a session policy overrides a resource policy naming the session', SRC.sessionPolicies, get, { resourcePolicy: rbpSession, sessionPolicies: [doc(deny('s3:*'))] }, 'explicitDeny'),
  kase('a Deny in the role\'s identity policy overrides a resource policy naming the session', SRC.denyAllow, get, { resourcePolicy: rbpSession, identityPolicies: [doc(deny('s3:GetObject', OBJECT))] }, 'explicitDeny'),
  kase('a resource policy naming the role with boundary and session policy allowing, no identity policy', SRC.sessionPolicies, get, { resourcePolicy: rbpRole, permissionBoundary: s3All, sessionPolicies: [s3All] }, 'allowed'),
  kase('a resource policy naming the role: the boundary allows but the session policy does not', SRC.sessionPolicies, get, { resourcePolicy: rbpRole, permissionBoundary: s3All, sessionPolicies: [ec2Only] }, 'implicitDeny'),
  kase('a resource policy naming the role: the session policy allows but the boundary does not', SRC.boundaries, get, { resourcePolicy: rbpRole, permissionBoundary: ec2Only, sessionPolicies: [s3All] }, 'implicitDeny'),
  kase('a resource policy naming the role: identity allows too, but the boundary does not', SRC.boundaries, get, { resourcePolicy: rbpRole, identityPolicies: [idAllow], permissionBoundary: ec2Only }, 'implicitDeny'),
  kase('a resource policy naming the role and a guardrail that does not allow', SRC.scp, get, { resourcePolicy: rbpRole, guardrails: [ec2Only] }, 'implicitDeny'),
  kase('a resource policy naming the session and a guardrail that does not allow', SRC.scp, get, { resourcePolicy: rbpSession, guardrails: [ec2Only] }, 'implicitDeny'),
  kase('a resource policy naming the session and a guardrail Deny', SRC.scp, get, { resourcePolicy: rbpSession, guardrails: [doc(allow('*'), deny('s3:GetObject'))] }, 'explicitDeny'),
  kase('the session policy allows, identity allows, but one of two session policies denies', SRC.sessionPolicies, get, { identityPolicies: [idAllow], sessionPolicies: [s3All, doc(deny('s3:GetObject'))] }, 'explicitDeny'),
  kase('identity and session policy allow different actions: the intersection is empty', SRC.sessionPolicies, get, { identityPolicies: [doc(allow('s3:PutObject'))], sessionPolicies: [doc(allow('s3:GetObject'))] }, 'implicitDeny'),
  kase('identity, boundary and session policy each allow through different statements', SRC.sessionPolicies, get, { identityPolicies: [doc(allow('s3:Get*'))], sessionPolicies: [doc(allow('s3:*Object'))], permissionBoundary: doc(allow('*', OBJECT)) }, 'allowed'),
  // Same account, IAM user.
  kase('a resource policy naming the user is not limited by boundary when the identity policy is missing', SRC.boundaries, aliceGet, { resourcePolicy: rbpAlice, permissionBoundary: ec2Only }, 'allowed'),
  kase('a resource policy naming the user with a guardrail that allows', SRC.scp, aliceGet, { resourcePolicy: rbpAlice, permissionBoundary: ec2Only, guardrails: [allowAll] }, 'allowed'),
  kase('a resource policy naming the user with a guardrail Deny', SRC.scp, aliceGet, { resourcePolicy: rbpAlice, guardrails: [doc(allow('*'), deny('s3:*'))] }, 'explicitDeny'),
  kase('a resource policy naming the account does not bypass the user\'s boundary', SRC.boundaries, aliceGet, { resourcePolicy: doc(grant(aws(A), 's3:GetObject', OBJECT)), identityPolicies: [idAllow], permissionBoundary: ec2Only }, 'implicitDeny'),
  kase('a resource policy naming the account root does not grant a user on its own', SRC.principal, aliceGet, { resourcePolicy: doc(grant(aws(ROOT_A), 's3:GetObject', OBJECT)) }, 'implicitDeny'),
  kase('a resource policy Deny naming the user wins over a resource policy Allow naming the user', SRC.denyAllow, aliceGet, { resourcePolicy: doc(grant(aws(ALICE), 's3:*', OBJECT), { Effect: 'Deny', Principal: aws(ALICE), Action: 's3:GetObject', Resource: OBJECT }) }, 'explicitDeny'),
  kase('a resource policy Deny naming another user does not deny', SRC.denyAllow, aliceGet, { resourcePolicy: doc(grant(aws(ALICE), 's3:*', OBJECT), { Effect: 'Deny', Principal: aws(`arn:aws:iam::${A}:user/bob`), Action: 's3:GetObject', Resource: OBJECT }) }, 'allowed'),
  kase('a resource policy Deny naming the role applies to its session', SRC.principal, get, { identityPolicies: [idAllow], resourcePolicy: doc({ Effect: 'Deny', Principal: aws(ROLE), Action: 's3:GetObject', Resource: OBJECT }) }, 'explicitDeny'),
  kase('a resource policy Deny naming the account applies to its users', SRC.principal, aliceGet, { identityPolicies: [idAllow], resourcePolicy: doc({ Effect: 'Deny', Principal: aws(A), Action: 's3:GetObject', Resource: OBJECT }) }, 'explicitDeny'),

  // Cross-account, role session of B.
  kase('cross-account: naming the session with identity, boundary and session policy allowing', SRC.crossAccount, bSend, { resourcePolicy: rbpBSession, identityPolicies: [sqsAllow], permissionBoundary: allowAll, sessionPolicies: [allowAll] }, 'allowed'),
  kase('cross-account: naming the session is still limited by the session policy', SRC.crossAccount, bSend, { resourcePolicy: rbpBSession, identityPolicies: [sqsAllow], sessionPolicies: [ec2Only] }, 'implicitDeny'),
  kase('cross-account: naming the session is still limited by the boundary', SRC.crossAccount, bSend, { resourcePolicy: rbpBSession, identityPolicies: [sqsAllow], permissionBoundary: ec2Only }, 'implicitDeny'),
  kase('cross-account: naming the session still needs the identity Allow', SRC.crossAccount, bSend, { resourcePolicy: rbpBSession, sessionPolicies: [allowAll], permissionBoundary: allowAll }, 'implicitDeny'),
  kase('cross-account: naming the role with everything allowing', SRC.crossAccount, bSend, { resourcePolicy: rbpBRole, identityPolicies: [sqsAllow], permissionBoundary: allowAll, sessionPolicies: [doc(allow('sqs:*'))] }, 'allowed'),
  kase('cross-account: naming the role is limited by the session policy', SRC.crossAccount, bSend, { resourcePolicy: rbpBRole, identityPolicies: [sqsAllow], sessionPolicies: [ec2Only] }, 'implicitDeny'),
  kase('cross-account: naming the account of the session with everything allowing', SRC.crossAccount, bSend, { resourcePolicy: doc(grant(aws(B), 'sqs:SendMessage', QUEUE)), identityPolicies: [sqsAllow], sessionPolicies: [allowAll] }, 'allowed'),
  kase('cross-account: a Deny in the caller\'s session policy wins', SRC.crossAccount, bSend, { resourcePolicy: rbpBSession, identityPolicies: [sqsAllow], sessionPolicies: [doc(allow('*'), deny('sqs:*'))] }, 'explicitDeny'),
  kase('cross-account: a Deny in the caller\'s boundary wins', SRC.crossAccount, bSend, { resourcePolicy: rbpBSession, identityPolicies: [sqsAllow], permissionBoundary: doc(allow('*'), deny('sqs:SendMessage')) }, 'explicitDeny'),
  kase('cross-account: a Deny in a guardrail wins', SRC.crossAccount, bSend, { resourcePolicy: rbpBSession, identityPolicies: [sqsAllow], guardrails: [doc(allow('*'), deny('sqs:*'))] }, 'explicitDeny'),
  kase('cross-account: a resource policy naming the session of another account with the same names does not match', SRC.crossAccount, bSend, { resourcePolicy: doc(grant(aws(`arn:aws:sts::${A}:assumed-role/Auditor/s1`), 'sqs:SendMessage', QUEUE)), identityPolicies: [sqsAllow] }, 'implicitDeny'),
  kase('cross-account: a resource policy naming the role of another account with the same name does not match', SRC.crossAccount, bSend, { resourcePolicy: doc(grant(aws(`arn:aws:iam::${A}:role/Auditor`), 'sqs:SendMessage', QUEUE)), identityPolicies: [sqsAllow] }, 'implicitDeny'),
  kase('cross-account: the resource policy allows another action only', SRC.crossAccount, bSend, { resourcePolicy: doc(grant(aws(B_SESSION), 'sqs:ReceiveMessage', QUEUE)), identityPolicies: [doc(allow('sqs:*'))] }, 'implicitDeny'),
  kase('cross-account: the resource policy names the session in a list of principals', SRC.crossAccount, bSend, { resourcePolicy: doc(grant(aws(`arn:aws:iam::${C}:root`, B_SESSION), 'sqs:SendMessage', QUEUE)), identityPolicies: [sqsAllow] }, 'allowed'),

  // Guardrail levels.
  kase('guardrail allow list with NotAction allows an action not listed', SRC.scp, aliceGet, { identityPolicies: [idAllow], guardrails: [allowAll, doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })] }, 'allowed'),
  kase('guardrail allow list with NotAction does not allow a listed action', SRC.scp, req(ALICE, 'iam:CreateUser', `arn:aws:iam::${A}:user/x`), { identityPolicies: [allowAll], guardrails: [allowAll, doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })] }, 'implicitDeny'),
  kase('guardrail NotAction allow list: another policy at the same level may allow the listed action', SRC.scp, req(ALICE, 'iam:CreateUser', `arn:aws:iam::${A}:user/x`), { identityPolicies: [allowAll], guardrails: [[doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }), doc(allow('iam:CreateUser'))]] }, 'allowed'),
  kase('guardrail: the first level allows, the second has only a Deny for another action', SRC.scp, aliceGet, { identityPolicies: [idAllow], guardrails: [allowAll, doc(deny('ec2:*'))] }, 'implicitDeny'),
  kase('guardrail Deny with a region condition denies outside the allowed regions', SRC.scp, req(ALICE, 's3:GetObject', OBJECT, { 'aws:RequestedRegion': 'us-east-1' }), { identityPolicies: [idAllow], guardrails: [doc(allow('*'), deny('*', '*', { Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'] } } }))] }, 'explicitDeny'),
  kase('guardrail Deny with a region condition does not deny inside the allowed regions', SRC.scp, req(ALICE, 's3:GetObject', OBJECT, { 'aws:RequestedRegion': 'eu-central-1' }), { identityPolicies: [idAllow], guardrails: [doc(allow('*'), deny('*', '*', { Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'] } } }))] }, 'allowed'),
  kase('guardrail Deny with NotAction and a region condition exempts the listed global actions', SRC.scp, req(ALICE, 'iam:ListUsers', '*', { 'aws:RequestedRegion': 'us-east-1' }), { identityPolicies: [allowAll], guardrails: [doc(allow('*'), { Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } } })] }, 'allowed'),
  kase('guardrail Deny with NotAction and a region condition denies other actions outside the region', SRC.scp, req(ALICE, 'ec2:RunInstances', '*', { 'aws:RequestedRegion': 'us-east-1' }), { identityPolicies: [allowAll], guardrails: [doc(allow('*'), { Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } } })] }, 'explicitDeny'),
  kase('guardrail Deny exempting a role by aws:PrincipalArn does not deny that role', SRC.scp, req(SESSION, 'iam:CreateRole', `arn:aws:iam::${A}:role/x`, { 'aws:PrincipalArn': ROLE }), { identityPolicies: [allowAll], guardrails: [doc(allow('*'), deny('iam:*', '*', { Condition: { ArnNotLike: { 'aws:PrincipalArn': `arn:aws:iam::*:role/Deployer` } } }))] }, 'allowed'),
  kase('guardrail Deny exempting a role by aws:PrincipalArn denies another role', SRC.scp, req(`arn:aws:sts::${A}:assumed-role/Dev/s`, 'iam:CreateRole', `arn:aws:iam::${A}:role/x`, { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/Dev` }), { identityPolicies: [allowAll], guardrails: [doc(allow('*'), deny('iam:*', '*', { Condition: { ArnNotLike: { 'aws:PrincipalArn': `arn:aws:iam::*:role/Deployer` } } }))] }, 'explicitDeny'),
  kase('guardrail Deny on a missing aws:PrincipalArn with ArnNotLike denies (negated operator, missing key)', SRC.conditionOperators, req(SESSION, 'iam:CreateRole', `arn:aws:iam::${A}:role/x`), { identityPolicies: [allowAll], guardrails: [doc(allow('*'), deny('iam:*', '*', { Condition: { ArnNotLike: { 'aws:PrincipalArn': `arn:aws:iam::*:role/Deployer` } } }))] }, 'explicitDeny'),
]

// Principal keys and policy variables.
const PA = 'aws:PrincipalArn'
const OPS_ROLE = `arn:aws:iam::${A}:role/ops/Deployer`
const HOME = 'arn:aws:s3:::home-bucket'
const homeReq = (user: string | undefined, object: string, extra: Record<string, string | string[]> = {}) =>
  req(ALICE, 's3:GetObject', `${HOME}/${object}`, user === undefined ? extra : { 'aws:username': user, ...extra })

const principalKeys: ConformanceCase[] = [
  ...conditionCases(SRC.conditionKeys, [
    row('ArnLike', PA, 'arn:aws:iam::*:role/ops/*', OPS_ROLE, true, 'a role with a path under a path pattern'),
    row('ArnLike', PA, 'arn:aws:iam::*:role/Deployer', OPS_ROLE, false, 'the role ARN carries its path'),
    row('ArnEquals', PA, OPS_ROLE, OPS_ROLE, true, 'the exact role ARN with its path'),
    row('ArnEquals', PA, `arn:aws:iam::${A}:role/Deployer`, OPS_ROLE, false, 'the path is part of the ARN'),
    row('ArnLike', PA, `arn:aws:iam::${A}:role/*`, OPS_ROLE, true, '* in the resource segment spans the path'),
    row('StringLike', PA, `arn:aws:iam::${A}:role/*/Deployer`, OPS_ROLE, true, 'a string pattern over the role path'),
    row('ArnLike', PA, `arn:aws:iam::${A}:user/*`, OPS_ROLE, false, 'a user pattern never matches a role'),
    row('ArnNotLike', PA, 'arn:aws:iam::*:role/ops/*', OPS_ROLE, false, 'negated pattern'),
    row('StringEquals', 'aws:PrincipalAccount', A, A, true, 'the caller\'s account'),
    row('StringEquals', 'aws:PrincipalAccount', A, B, false, 'another account'),
    row('StringNotEquals', 'aws:PrincipalAccount', [A, B], C, true, 'an account outside the list'),
    row('StringEquals', 'aws:PrincipalAccount', Number(A), A, true, 'a policy value written as a JSON number'),
    row('StringLike', 'aws:userid', 'AROAEXAMPLEID:*', 'AROAEXAMPLEID:alice-session', true, 'role-id:session-name'),
    row('StringLike', 'aws:userid', 'AROAEXAMPLEID:*', 'AROAOTHERID:alice-session', false, 'another role'),
    row('StringEquals', 'aws:PrincipalTag/team', '${aws:ResourceTag/team}', MISSING, false, 'the principal has no such tag', { 'aws:ResourceTag/team': 'blue' }),
    row('StringEquals', 'aws:ResourceTag/team', '${aws:PrincipalTag/team}', 'blue', false, 'the variable\'s tag is missing on the principal'),
    row('StringEquals', 'aws:ResourceTag/team', "${aws:PrincipalTag/team, 'none'}", 'none', true, 'a default for a missing tag'),
    row('StringEquals', 'aws:ResourceTag/team', "${aws:PrincipalTag/team, 'none'}", 'none', false, 'the default is not used when the tag exists', { 'aws:PrincipalTag/team': 'blue' }),
    row('StringEquals', 'aws:ResourceTag/team', '${aws:PrincipalTag/team}', 'blue', true, 'the tag as a variable', { 'aws:PrincipalTag/team': 'blue' }),
    row('StringEquals', 'aws:ResourceTag/team', '${AWS:PRINCIPALTAG/TEAM}', 'blue', true, 'variable key names are case-insensitive', { 'aws:PrincipalTag/team': 'blue' }),
    row('StringLike', 's3:prefix', 'home/${aws:username}/*', 'home/alice/docs/a.txt', true, 'wildcards around a variable', { 'aws:username': 'alice' }),
    row('StringLike', 's3:prefix', 'home/${aws:username}/*', 'home/alice', false, 'the trailing slash is required', { 'aws:username': 'alice' }),
    row('StringLike', 's3:prefix', 'home/${aws:username}/*', 'home/alicia/a', false, 'another user\'s folder', { 'aws:username': 'alice' }),
    row('StringLike', 's3:prefix', '*/${aws:username}/*', 'a/b/alice/c', true, 'a leading wildcard before a variable', { 'aws:username': 'alice' }),
    row('StringLike', 's3:prefix', 'home/${aws:username}/*', 'home/alice/x', false, 'a username "al?ce" is not a wildcard', { 'aws:username': 'al?ce' }),
    row('StringLike', 's3:prefix', 'home/${aws:username}/*', 'home/al?ce/x', true, 'a username "al?ce" matches itself', { 'aws:username': 'al?ce' }),
    row('StringLike', 's3:prefix', 'home/${aws:username}', 'home/a${aws:username}', true, 'a substituted value is data', { 'aws:username': 'a${aws:username}' }),
    row('StringEquals', 's3:prefix', 'cost$${$}', 'cost$$', true, '${$} is a literal dollar'),
    row('StringEquals', 's3:prefix', 'what${?}', 'what?', true, '${?} is a literal question mark'),
    row('ForAnyValue:StringLike', 'aws:TagKeys', '${aws:username}-*', ['alice-project', 'other'], true, 'a variable under ForAnyValue', { 'aws:username': 'alice' }),
    row('ForAnyValue:StringLike', 'aws:TagKeys', '${aws:username}-*', ['bob-project'], false, 'a variable under ForAnyValue', { 'aws:username': 'alice' }),
    row('ForAllValues:StringLike', 'aws:TagKeys', '${aws:username}-*', ['alice-a', 'alice-b'], true, 'a variable under ForAllValues', { 'aws:username': 'alice' }),
    row('ForAllValues:StringLike', 'aws:TagKeys', '${aws:username}-*', ['alice-a', 'bob-b'], false, 'a variable under ForAllValues', { 'aws:username': 'alice' }),
  ]),
  kase('a variable in the Resource: the caller\'s own home folder', SRC.variables, homeReq('alice', 'home/alice/a.txt'), { identityPolicies: [doc(allow('s3:GetObject', `${HOME}/home/\${aws:username}/*`))] }, 'allowed'),
  kase('a variable in the Resource: another user\'s home folder', SRC.variables, homeReq('alice', 'home/bob/a.txt'), { identityPolicies: [doc(allow('s3:GetObject', `${HOME}/home/\${aws:username}/*`))] }, 'implicitDeny'),
  kase('a variable in the Resource: a prefix of the username does not match', SRC.variables, homeReq('ali', 'home/alice/a.txt'), { identityPolicies: [doc(allow('s3:GetObject', `${HOME}/home/\${aws:username}/*`))] }, 'implicitDeny'),
  kase('a variable in the Resource: a username "*" is not a wildcard', SRC.variables, homeReq('*', 'home/bob/a.txt'), { identityPolicies: [doc(allow('s3:GetObject', `${HOME}/home/\${aws:username}/*`))] }, 'implicitDeny'),
  kase('a variable in the Resource: the key is missing', SRC.variables, homeReq(undefined, 'home/alice/a.txt'), { identityPolicies: [doc(allow('s3:GetObject', `${HOME}/home/\${aws:username}/*`))] }, 'implicitDeny'),
  kase('${aws:userid} in the Resource with a role session id', SRC.variables, req(SESSION, 's3:GetObject', `${HOME}/AROAEXAMPLEID:alice-session/a.txt`, { 'aws:userid': 'AROAEXAMPLEID:alice-session' }), { identityPolicies: [doc(allow('s3:GetObject', `${HOME}/\${aws:userid}/*`))] }, 'allowed'),
  kase('${aws:userid} in the Resource does not match another session\'s folder', SRC.variables, req(SESSION, 's3:GetObject', `${HOME}/AROAEXAMPLEID:bob-session/a.txt`, { 'aws:userid': 'AROAEXAMPLEID:alice-session' }), { identityPolicies: [doc(allow('s3:GetObject', `${HOME}/\${aws:userid}/*`))] }, 'implicitDeny'),
  kase('${aws:PrincipalTag/team} in the Resource with the tag', SRC.variables, req(ALICE, 's3:GetObject', `${HOME}/teams/blue/a`, { 'aws:PrincipalTag/team': 'blue' }), { identityPolicies: [doc(allow('s3:GetObject', `${HOME}/teams/\${aws:PrincipalTag/team}/*`))] }, 'allowed'),
  kase('${aws:PrincipalTag/team} in the Resource without the tag does not allow', SRC.variables, req(ALICE, 's3:GetObject', `${HOME}/teams/blue/a`), { identityPolicies: [doc(allow('s3:GetObject', `${HOME}/teams/\${aws:PrincipalTag/team}/*`))] }, 'implicitDeny'),
  kase('${aws:PrincipalTag/team} in a Deny Resource without the tag does not deny', SRC.variables, req(ALICE, 's3:GetObject', `${HOME}/teams/blue/a`), { identityPolicies: [doc(allow('s3:*'), deny('s3:GetObject', `${HOME}/teams/\${aws:PrincipalTag/team}/*`))] }, 'allowed'),
  kase('a default value in the Resource when the tag is missing', SRC.variables, req(ALICE, 's3:GetObject', `${HOME}/teams/shared/a`), { identityPolicies: [doc(allow('s3:GetObject', `${HOME}/teams/\${aws:PrincipalTag/team, 'shared'}/*`))] }, 'allowed'),
  kase('a Deny with NotResource on the caller\'s home denies elsewhere', SRC.notResource, homeReq('alice', 'home/bob/a.txt'), { identityPolicies: [doc(allow('s3:*'), { Effect: 'Deny', Action: 's3:*', NotResource: `${HOME}/home/\${aws:username}/*` })] }, 'explicitDeny'),
  kase('a Deny with NotResource on the caller\'s home does not deny at home', SRC.notResource, homeReq('alice', 'home/alice/a.txt'), { identityPolicies: [doc(allow('s3:*'), { Effect: 'Deny', Action: 's3:*', NotResource: `${HOME}/home/\${aws:username}/*` })] }, 'allowed'),
  kase('a resource policy Allow with a variable in the Resource', SRC.variables, homeReq('alice', 'home/alice/a.txt'), { resourcePolicy: doc(grant(aws(ALICE), 's3:GetObject', `${HOME}/home/\${aws:username}/*`)) }, 'allowed'),
  kase('a boundary with a variable in the Resource limits the identity Allow', SRC.boundaries, homeReq('alice', 'home/bob/a.txt'), { identityPolicies: [s3All], permissionBoundary: doc(allow('s3:*', `${HOME}/home/\${aws:username}/*`)) }, 'implicitDeny'),
  kase('a variable may sit in the bucket name', SRC.variables, req(ALICE, 's3:GetObject', 'arn:aws:s3:::alice-bucket/x', { 'aws:username': 'alice' }), { identityPolicies: [doc(allow('s3:GetObject', 'arn:aws:s3:::${aws:username}-bucket/*'))] }, 'allowed'),
  kase('a variable may sit in the account segment', SRC.variables, req(ALICE, 'sqs:SendMessage', QUEUE, { 'aws:PrincipalAccount': A }), { identityPolicies: [doc(allow('sqs:SendMessage', 'arn:aws:sqs:us-east-1:${aws:PrincipalAccount}:orders'))] }, 'allowed'),
  kase('a variable in the account segment does not match another account', SRC.variables, req(ALICE, 'sqs:SendMessage', QUEUE, { 'aws:PrincipalAccount': B }), { identityPolicies: [doc(allow('sqs:SendMessage', 'arn:aws:sqs:us-east-1:${aws:PrincipalAccount}:orders'))] }, 'implicitDeny'),
  kase('a default value with spaces around the key and the quotes', SRC.variables, req(ALICE, 's3:GetObject', `${HOME}/guest/a`), { identityPolicies: [doc(allow('s3:GetObject', `${HOME}/\${ aws:username , 'guest' }/*`))] }, 'allowed'),
  kase('a multivalued key used as a variable does not allow', SRC.variables, req(ALICE, 's3:GetObject', `${HOME}/env/a`, { 'aws:TagKeys': ['env'] }), { identityPolicies: [doc(allow('s3:GetObject', `${HOME}/\${aws:TagKeys}/*`))] }, 'notAllowed'),
  kase('a resolved username containing "/" is data and may span folders only literally', SRC.variables, homeReq('a/b', 'home/a/b/x'), { identityPolicies: [doc(allow('s3:GetObject', `${HOME}/home/\${aws:username}/*`))] }, 'allowed'),
]

// Multivalued keys.
const TK = 'aws:TagKeys'
const VIA = 'aws:CalledVia'
const CFN = 'cloudformation.amazonaws.com'
const DDB = 'dynamodb.amazonaws.com'
const tagReq = (keys: string[] | undefined) => req(ALICE, 'ec2:CreateTags', `arn:aws:ec2:us-east-1:${A}:instance/i-1`, keys === undefined ? {} : { [TK]: keys })
const tagAllowList = doc(allow('ec2:CreateTags', '*', { Condition: { 'ForAllValues:StringEquals': { [TK]: ['env', 'owner'] }, Null: { [TK]: 'false' } } }))
const tagDenyList = doc({ ...deny('ec2:CreateTags'), Condition: { 'ForAnyValue:StringEquals': { [TK]: ['secret', 'admin'] } } })

const multiValued: ConformanceCase[] = [
  kase('tag allow list with Null false: allowed keys only', SRC.multiValuedExamples, tagReq(['env']), { identityPolicies: [tagAllowList] }, 'allowed'),
  kase('tag allow list with Null false: both allowed keys', SRC.multiValuedExamples, tagReq(['owner', 'env']), { identityPolicies: [tagAllowList] }, 'allowed'),
  kase('tag allow list with Null false: one key outside the list', SRC.multiValuedExamples, tagReq(['env', 'cost']), { identityPolicies: [tagAllowList] }, 'implicitDeny'),
  kase('tag allow list with Null false: no tag keys at all', SRC.multiValuedExamples, tagReq(undefined), { identityPolicies: [tagAllowList] }, 'implicitDeny'),
  kase('tag allow list with Null false: an empty tag key list', SRC.multiValuedExamples, tagReq([]), { identityPolicies: [tagAllowList] }, 'implicitDeny'),
  kase('tag allow list without Null: no tag keys passes ForAllValues', SRC.multiValuedExamples, tagReq(undefined), { identityPolicies: [doc(allow('ec2:CreateTags', '*', { Condition: { 'ForAllValues:StringEquals': { [TK]: ['env', 'owner'] } } }))] }, 'allowed'),
  kase('tag allow list plus deny list: a denied key is an explicit deny', SRC.multiValuedExamples, tagReq(['env', 'secret']), { identityPolicies: [doc(allow('ec2:CreateTags')), tagDenyList] }, 'explicitDeny'),
  kase('tag allow list plus deny list: allowed keys only', SRC.multiValuedExamples, tagReq(['env']), { identityPolicies: [tagAllowList, tagDenyList] }, 'allowed'),
  kase('tag allow list plus deny list: no keys triggers neither the deny nor the Null-guarded allow', SRC.multiValuedExamples, tagReq(undefined), { identityPolicies: [tagAllowList, tagDenyList] }, 'implicitDeny'),
  kase('tag allow list plus deny list: a key outside both lists', SRC.multiValuedExamples, tagReq(['cost']), { identityPolicies: [tagAllowList, tagDenyList] }, 'implicitDeny'),
  ...conditionCases(SRC.multiValued, [
    row('ForAnyValue:StringEquals', VIA, CFN, [CFN, DDB], true, 'the CalledVia chain contains the service'),
    row('ForAnyValue:StringEquals', VIA, CFN, [DDB], false, 'the CalledVia chain does not contain the service'),
    row('ForAnyValue:StringEquals', VIA, CFN, MISSING, false, 'a direct call carries no CalledVia'),
    row('ForAllValues:StringEquals', VIA, [CFN, DDB], [CFN, DDB], true, 'every service in the chain is listed'),
    row('ForAllValues:StringEquals', VIA, [CFN], [CFN, DDB], false, 'a service in the chain is not listed'),
    row('ForAllValues:StringEquals', VIA, [CFN], MISSING, true, 'ForAllValues on a direct call is true'),
    row('StringEquals', 'aws:CalledViaFirst', CFN, CFN, true, 'the first service'),
    row('StringEquals', 'aws:CalledViaLast', CFN, DDB, false, 'the last service is another'),
    row('ForAnyValue:StringEquals', TK, ['env'], 'env', true, 'a single string is a set of one'),
    row('ForAllValues:StringEquals', TK, ['env'], 'cost', false, 'a single string is a set of one'),
    row('ForAnyValue:StringLike', TK, ['e*', 'o?ner'], ['owner'], true, '? in a set value'),
    row('ForAnyValue:StringLike', TK, ['e*', 'o?ner'], ['own'], false, '? needs one character'),
    row('ForAllValues:StringLike', TK, ['*'], ['anything', 'else'], true, '* matches every value'),
    row('ForAnyValue:StringEqualsIgnoreCase', TK, ['ENV'], ['Owner', 'env'], true, 'IgnoreCase under ForAnyValue'),
    row('ForAllValues:StringNotEqualsIgnoreCase', TK, ['SECRET'], ['env', 'Secret'], false, 'NotEqualsIgnoreCase under ForAllValues'),
    row('ForAnyValue:NumericGreaterThan', 'app:Sizes', '10', ['5', '11'], true, 'numeric under ForAnyValue'),
    row('ForAllValues:NumericLessThanEquals', 'app:Sizes', '10', ['5', '10'], true, 'numeric under ForAllValues'),
    row('ForAllValues:NumericLessThanEquals', 'app:Sizes', '10', ['5', '10.5'], false, 'numeric under ForAllValues'),
    row('ForAnyValue:IpAddress', 'app:Ips', '10.0.0.0/8', ['192.0.2.1', '10.1.2.3'], true, 'IP under ForAnyValue'),
    row('ForAllValues:IpAddress', 'app:Ips', '10.0.0.0/8', ['192.0.2.1', '10.1.2.3'], false, 'IP under ForAllValues'),
  ]),
]

// Condition operators at their edges.
const NUM = 'app:Quota'
const NOW = 'aws:CurrentTime'
const EPOCH = 'aws:EpochTime'
const IP = 'aws:SourceIp'
const SA = 'aws:SourceArn'
const operators: ConformanceCase[] = conditionCases(SRC.conditionOperators, [
  row('StringEqualsIgnoreCase', 'aws:PrincipalTag/city', 'ZÜRICH', 'zürich', true, 'non-ASCII letters fold too'),
  row('StringEqualsIgnoreCase', 'aws:PrincipalTag/city', 'ÉCOLE', 'école', true, 'non-ASCII letters fold too'),
  row('StringEquals', 'aws:PrincipalTag/city', 'Zürich', 'ZÜRICH', false, 'StringEquals is case-sensitive for non-ASCII too'),
  row('StringEquals', 'aws:PrincipalTag/city', 'Zürich', 'Zürich', true, 'non-ASCII equal'),
  row('StringNotEqualsIgnoreCase', 'aws:PrincipalTag/city', 'ZÜRICH', 'zürich', false, 'non-ASCII letters fold too'),
  row('StringLike', 'aws:PrincipalTag/city', 'Z*ch', 'Zürich', true, '* over non-ASCII'),
  row('StringLike', 'aws:PrincipalTag/city', 'Z?rich', 'Zürich', true, '? matches one non-ASCII character'),
  row('NumericLessThanEquals', NUM, '-1.5', -1.5, true, 'negative decimals'),
  row('NumericLessThanEquals', NUM, '-1.5', '-1.50', true, 'trailing zeros'),
  row('NumericLessThanEquals', NUM, '-1.5', '-1.49', false, 'greater negative'),
  row('NumericLessThanEquals', NUM, '-1.5', -2, true, 'lower negative'),
  row('NumericLessThanEquals', NUM, '0.1', '0.10', true, 'equal decimals'),
  row('NumericLessThanEquals', NUM, '10', '9.999', true, 'decimal below an integer'),
  row('NumericLessThanEquals', NUM, '10', '10.001', false, 'decimal above an integer'),
  row('NumericLessThan', NUM, '0', '-0.0001', true, 'just below zero'),
  row('NumericGreaterThanEquals', NUM, '-3', '-3', true, 'equal negatives'),
  row('NumericEquals', NUM, '1.0', 1, true, '1.0 equals 1'),
  row('NumericEquals', NUM, '1', 'one', false, 'a non-numeric request value never matches'),
  row('NumericLessThanEquals', NUM, 10, '3', true, 'a policy value written as a JSON number'),
  row('DateGreaterThan', EPOCH, '2020-01-01T00:00:00Z', 1700000000, true, 'an ISO policy date against epoch seconds (number)'),
  row('DateGreaterThan', EPOCH, '2020-01-01T00:00:00Z', '1700000000', true, 'an ISO policy date against epoch seconds (string)'),
  row('DateGreaterThan', EPOCH, '2024-01-01T00:00:00Z', '1700000000', false, 'epoch 1700000000 is in November 2023'),
  row('DateLessThan', NOW, '1577836800', '2019-12-31T23:59:59Z', true, 'an epoch policy value against an ISO time'),
  row('DateLessThan', NOW, '1577836800', '2020-01-01T00:00:00Z', false, 'equal is not less'),
  row('DateLessThanEquals', NOW, '1577836800', '2020-01-01T00:00:00Z', true, 'equal instants in two notations'),
  row('DateEquals', EPOCH, '2020-01-01T00:00:00Z', 1577836800, true, 'the same instant'),
  row('DateGreaterThan', NOW, '2020-01-01T00:00:00Z', '2020-01-01T01:00:00+02:00', false, 'an offset moves the instant before the policy date'),
  row('DateGreaterThan', NOW, '2020-01-01', '2020-01-01T00:00:01Z', true, 'a date without a time is midnight UTC'),
  row('DateNotEquals', EPOCH, '1577836800', '1577836801', true, 'one second apart'),
  row('IpAddress', IP, '2001:DB8:1234:5678::/64', '2001:db8:1234:5678::1', true, 'IPv6 compressed, mixed case'),
  row('IpAddress', IP, '2001:DB8:1234:5678::/64', '2001:0db8:1234:5678:0000:0000:0000:0001', true, 'IPv6 written in full'),
  row('IpAddress', IP, '2001:DB8:1234:5678::/64', '2001:db8:1234:5679::1', false, 'IPv6 outside the prefix'),
  row('IpAddress', IP, '::/0', '2001:db8::1', true, 'the IPv6 any range'),
  row('IpAddress', IP, '0.0.0.0/0', '203.0.113.7', true, 'the IPv4 any range'),
  row('IpAddress', IP, '203.0.113.0/24', '2001:db8::1', false, 'an IPv4 range never holds an IPv6 address'),
  row('IpAddress', IP, '203.0.113.7', '203.0.113.7', true, 'an address without a mask is /32'),
  row('IpAddress', IP, '203.0.113.7', '203.0.113.8', false, 'an address without a mask is /32'),
  row('IpAddress', IP, ['192.0.2.0/24', '203.0.113.0/24'], '203.0.113.9', true, 'any of several ranges'),
  row('NotIpAddress', IP, ['192.0.2.0/24', '203.0.113.0/24'], '198.51.100.1', true, 'outside all ranges'),
  row('NotIpAddress', IP, ['192.0.2.0/24', '203.0.113.0/24'], '192.0.2.1', false, 'inside one range'),
  row('Bool', 'aws:SecureTransport', 'false', false, true, 'a boolean request value'),
  row('Bool', 'aws:SecureTransport', 'false', 'false', true, 'a string request value'),
  row('Bool', 'aws:SecureTransport', 'true', 'false', false),
  row('BoolIfExists', 'aws:SecureTransport', 'false', MISSING, true, 'the Deny idiom for a missing SecureTransport'),
  row('BoolIfExists', 'aws:SecureTransport', 'false', true, false, 'IfExists on a present key'),
  row('Bool', 'aws:SecureTransport', true, true, true, 'a policy value written as a JSON boolean'),
  row('Null', 'aws:PrincipalTag/team', 'false', 'blue', true, 'the key is present'),
  row('Null', 'aws:PrincipalTag/team', 'false', MISSING, false, 'the key is absent'),
  row('Null', 'aws:PrincipalTag/team', 'true', 'blue', false, 'the key is present'),
  row('Null', 'aws:PrincipalTag/team', false, 'blue', true, 'a policy value written as a JSON boolean'),
  row('ArnLike', SA, 'arn:aws:sns:us-east-1:*:alerts', 'arn:aws:sns:us-east-1:123456789012:alerts', true, '* in the account segment'),
  row('ArnLike', SA, 'arn:aws:sns:*:*:alerts', 'arn:aws:sns:eu-west-1:123456789012:alerts', true, '* in region and account'),
  row('ArnLike', SA, 'arn:aws:sns:us-east-1:*:alerts', 'arn:aws:sns:us-east-1:123456789012:other', false, 'the resource differs'),
  row('ArnLike', SA, 'arn:aws:sns:us-east-1:*:alerts', 'arn:aws:sns:us-west-2:123456789012:alerts', false, 'the region differs'),
  row('ArnLike', SA, 'arn:aws:sns:us-east-1:*:alerts', 'arn:aws:sns:us-east-1:123456789012:Alerts', false, 'ARN matching is case-sensitive'),
  row('ArnEquals', SA, 'arn:aws:sns:us-east-1:*:alerts', 'arn:aws:sns:us-east-1:123456789012:alerts', true, 'ArnEquals honours wildcards like ArnLike'),
  row('ArnLike', SA, 'arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a:b/c', true, 'the resource segment keeps its colons'),
  row('ArnLike', SA, 'arn:aws:logs:*:*:log-group:app*', 'arn:aws:logs:us-east-1:123456789012:log-group:app-1:log-stream:x', true, 'a resource segment with colons'),
  row('ArnLike', SA, 'arn:aws:sns:us-east-1:1234567890??:alerts', 'arn:aws:sns:us-east-1:123456789012:alerts', true, '? in the account segment'),
  row('ArnLike', SA, 'arn:aws:sns:us-east-1:1234567890?:alerts', 'arn:aws:sns:us-east-1:123456789012:alerts', false, '? is exactly one character'),
  row('ArnLike', SA, 'arn:aws:sns:us-east-1:*:alerts', 'not-an-arn', false, 'a request value that is not an ARN'),
  row('ArnNotLike', SA, 'arn:aws:sns:us-east-1:*:alerts', 'arn:aws:sns:us-east-1:123456789012:alerts', false, 'negated, matching'),
  row('ArnNotLike', SA, 'arn:aws:sns:us-east-1:*:alerts', 'arn:aws:sns:us-east-1:123456789012:b', true, 'negated, not matching'),
])

// Action, NotAction, Resource and NotResource.
const act = (action: string, resource = OBJECT) => req(ALICE, action, resource)
const LOG_STREAM = `arn:aws:logs:us-east-1:${A}:log-group:/aws/lambda/fn:log-stream:2024/01/01/abc`
const actions: ConformanceCase[] = [
  kase('"s3:*Object*" matches s3:GetObjectAcl', SRC.action, act('s3:GetObjectAcl'), { identityPolicies: [doc(allow('s3:*Object*'))] }, 'allowed'),
  kase('"s3:*Object*" matches s3:PutObject', SRC.action, act('s3:PutObject'), { identityPolicies: [doc(allow('s3:*Object*'))] }, 'allowed'),
  kase('"s3:*Object*" matches s3:DeleteObjectVersion', SRC.action, act('s3:DeleteObjectVersion'), { identityPolicies: [doc(allow('s3:*Object*'))] }, 'allowed'),
  kase('"s3:*Object*" does not match s3:ListBucket', SRC.action, act('s3:ListBucket'), { identityPolicies: [doc(allow('s3:*Object*'))] }, 'implicitDeny'),
  kase('"s3:*Object*" does not match an action of another service', SRC.action, act('sqs:GetObject'), { identityPolicies: [doc(allow('s3:*Object*'))] }, 'implicitDeny'),
  kase('"s3:Get?bject" matches s3:GetObject', SRC.action, act('s3:GetObject'), { identityPolicies: [doc(allow('s3:Get?bject'))] }, 'allowed'),
  kase('"s3:Get?bject" does not match s3:GetObjects', SRC.action, act('s3:GetObjects'), { identityPolicies: [doc(allow('s3:Get?bject'))] }, 'implicitDeny'),
  kase('"s3:Get?bject" does not match s3:Getbject', SRC.action, act('s3:Getbject'), { identityPolicies: [doc(allow('s3:Get?bject'))] }, 'implicitDeny'),
  kase('"s3:?etObject" matches s3:GetObject case-insensitively', SRC.action, act('S3:getobject'), { identityPolicies: [doc(allow('s3:?etObject'))] }, 'allowed'),
  kase('a mixed-case request action matches a lower-case policy action', SRC.action, act('S3:GeTObJecT'), { identityPolicies: [doc(allow('s3:getobject'))] }, 'allowed'),
  kase('a mixed-case policy action matches a mixed-case request', SRC.action, act('s3:getOBJECT'), { identityPolicies: [doc(allow('S3:GetObject'))] }, 'allowed'),
  kase('a mixed-case request action is denied by a Deny written otherwise', SRC.action, act('S3:DELETEOBJECT'), { identityPolicies: [doc(allow('*'), deny('s3:DeleteObject'))] }, 'explicitDeny'),
  kase('"s3:Get*" does not match s3:PutObject', SRC.action, act('s3:PutObject'), { identityPolicies: [doc(allow('s3:Get*'))] }, 'implicitDeny'),
  kase('an Action without a service prefix ("s3*") is an invalid policy', SRC.action, act('s3:GetObject'), { identityPolicies: [doc(allow('s3*'))] }, 'error'),
  kase('a variable in Action is not substituted', SRC.variables, req(ALICE, 's3:GetObject', OBJECT, { 'aws:username': 'GetObject' }), { identityPolicies: [doc(allow('s3:${aws:username}'))] }, 'notAllowed'),
  kase('a list of actions allows any of them', SRC.action, act('s3:PutObject'), { identityPolicies: [doc(allow(['s3:GetObject', 's3:PutObject']))] }, 'allowed'),
  kase('NotAction Allow with a Resource allows other actions on that resource', SRC.notAction, act('s3:GetObject'), { identityPolicies: [doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: 'arn:aws:s3:::reports/*' })] }, 'allowed'),
  kase('NotAction Allow with a Resource does not allow other resources', SRC.notAction, act('s3:GetObject', 'arn:aws:s3:::private/a'), { identityPolicies: [doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: 'arn:aws:s3:::reports/*' })] }, 'implicitDeny'),
  kase('NotAction Allow does not allow the listed actions', SRC.notAction, act('iam:PassRole', 'arn:aws:s3:::reports/x'), { identityPolicies: [doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: 'arn:aws:s3:::reports/*' })] }, 'implicitDeny'),
  kase('NotAction is case-insensitive too', SRC.notAction, act('IAM:PassRole', 'arn:aws:s3:::reports/x'), { identityPolicies: [doc({ Effect: 'Allow', NotAction: 'iam:passrole', Resource: '*' })] }, 'implicitDeny'),
  kase('NotAction Allow with several wildcard entries', SRC.notAction, act('s3:GetObject'), { identityPolicies: [doc({ Effect: 'Allow', NotAction: ['s3:Put*', 's3:Delete*'], Resource: '*' })] }, 'allowed'),
  kase('NotAction Allow with several wildcard entries excludes each', SRC.notAction, act('s3:DeleteObject'), { identityPolicies: [doc({ Effect: 'Allow', NotAction: ['s3:Put*', 's3:Delete*'], Resource: '*' })] }, 'implicitDeny'),
  kase('NotAction Deny with MFA condition denies other actions without MFA', SRC.notAction, req(ALICE, 's3:GetObject', OBJECT, { 'aws:MultiFactorAuthPresent': 'false' }), { identityPolicies: [doc(allow('*'), { Effect: 'Deny', NotAction: 'iam:*', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } })] }, 'explicitDeny'),
  kase('NotAction Deny with MFA condition does not deny the listed actions', SRC.notAction, req(ALICE, 'iam:ChangePassword', `arn:aws:iam::${A}:user/alice`), { identityPolicies: [doc(allow('*'), { Effect: 'Deny', NotAction: 'iam:*', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } })] }, 'allowed'),
  kase('NotAction Deny with MFA condition does not deny with MFA', SRC.notAction, req(ALICE, 's3:GetObject', OBJECT, { 'aws:MultiFactorAuthPresent': true }), { identityPolicies: [doc(allow('*'), { Effect: 'Deny', NotAction: 'iam:*', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } })] }, 'allowed'),
  kase('NotResource Deny denies outside the listed resources', SRC.notResource, act('s3:GetObject', 'arn:aws:s3:::private/a'), { identityPolicies: [doc(allow('s3:*'), { Effect: 'Deny', Action: 's3:*', NotResource: ['arn:aws:s3:::reports', 'arn:aws:s3:::reports/*'] })] }, 'explicitDeny'),
  kase('NotResource Deny does not deny the listed resources', SRC.notResource, act('s3:GetObject'), { identityPolicies: [doc(allow('s3:*'), { Effect: 'Deny', Action: 's3:*', NotResource: ['arn:aws:s3:::reports', 'arn:aws:s3:::reports/*'] })] }, 'allowed'),
  kase('NotResource Deny for another action does not deny', SRC.notResource, act('s3:GetObject', 'arn:aws:s3:::private/a'), { identityPolicies: [doc(allow('s3:*'), { Effect: 'Deny', Action: 's3:Put*', NotResource: 'arn:aws:s3:::reports/*' })] }, 'allowed'),
  kase('NotAction with NotResource Allow', SRC.notResource, act('s3:GetObject', 'arn:aws:s3:::private/a'), { identityPolicies: [doc({ Effect: 'Allow', NotAction: 'iam:*', NotResource: 'arn:aws:s3:::reports/*' })] }, 'allowed'),
  kase('NotAction with NotResource Allow excludes the listed resources', SRC.notResource, act('s3:GetObject'), { identityPolicies: [doc({ Effect: 'Allow', NotAction: 'iam:*', NotResource: 'arn:aws:s3:::reports/*' })] }, 'implicitDeny'),
  kase('NotResource Allow with "*" in a segment', SRC.notResource, act('sqs:SendMessage', QUEUE), { identityPolicies: [doc({ Effect: 'Allow', Action: 'sqs:*', NotResource: 'arn:aws:sqs:*:*:secret-*' })] }, 'allowed'),
  kase('NotResource Allow with "*" in a segment excludes a match', SRC.notResource, act('sqs:SendMessage', `arn:aws:sqs:us-east-1:${A}:secret-1`), { identityPolicies: [doc({ Effect: 'Allow', Action: 'sqs:*', NotResource: 'arn:aws:sqs:*:*:secret-*' })] }, 'implicitDeny'),
  kase('Resource with * in the region segment', SRC.resource, act('sqs:SendMessage', QUEUE), { identityPolicies: [doc(allow('sqs:*', `arn:aws:sqs:*:${A}:orders`))] }, 'allowed'),
  kase('Resource with * in region and account segments', SRC.resource, act('sqs:SendMessage', QUEUE), { identityPolicies: [doc(allow('sqs:*', 'arn:aws:sqs:*:*:orders'))] }, 'allowed'),
  kase('Resource with * in the account segment but another region', SRC.resource, act('sqs:SendMessage', QUEUE), { identityPolicies: [doc(allow('sqs:*', 'arn:aws:sqs:us-west-2:*:orders'))] }, 'implicitDeny'),
  kase('Resource with ? in the resource segment', SRC.resource, act('sqs:SendMessage', QUEUE), { identityPolicies: [doc(allow('sqs:*', 'arn:aws:sqs:*:*:ord?rs'))] }, 'allowed'),
  kase('Resource with ? in the account segment', SRC.resource, act('sqs:SendMessage', QUEUE), { identityPolicies: [doc(allow('sqs:*', 'arn:aws:sqs:us-east-1:1111222233??:orders'))] }, 'allowed'),
  kase('Resource with a wrong account', SRC.resource, act('sqs:SendMessage', QUEUE), { identityPolicies: [doc(allow('sqs:*', `arn:aws:sqs:us-east-1:${B}:orders`))] }, 'implicitDeny'),
  kase('Resource "arn:aws:sqs:*:*:*" matches any queue', SRC.resource, act('sqs:SendMessage', QUEUE), { identityPolicies: [doc(allow('sqs:*', 'arn:aws:sqs:*:*:*'))] }, 'allowed'),
  kase('Resource of another service does not match', SRC.resource, act('sqs:SendMessage', QUEUE), { identityPolicies: [doc(allow('sqs:*', 'arn:aws:sns:*:*:*'))] }, 'implicitDeny'),
  kase('Resource with colons inside the resource part', SRC.resource, act('logs:PutLogEvents', LOG_STREAM), { identityPolicies: [doc(allow('logs:PutLogEvents', `arn:aws:logs:us-east-1:${A}:log-group:/aws/lambda/*`))] }, 'allowed'),
  kase('Resource with colons inside the resource part, exact', SRC.resource, act('logs:PutLogEvents', LOG_STREAM), { identityPolicies: [doc(allow('logs:PutLogEvents', LOG_STREAM))] }, 'allowed'),
  kase('Resource with colons: a pattern over the stream segment', SRC.resource, act('logs:PutLogEvents', LOG_STREAM), { identityPolicies: [doc(allow('logs:PutLogEvents', `arn:aws:logs:*:*:log-group:/aws/lambda/fn:log-stream:*`))] }, 'allowed'),
  kase('Resource with colons: another log group does not match', SRC.resource, act('logs:PutLogEvents', LOG_STREAM), { identityPolicies: [doc(allow('logs:PutLogEvents', `arn:aws:logs:*:*:log-group:/aws/lambda/other:*`))] }, 'implicitDeny'),
  kase('Resource "*" in the resource segment spans slashes', SRC.resource, act('s3:GetObject', 'arn:aws:s3:::reports/a/b/c/d.csv'), { identityPolicies: [doc(allow('s3:GetObject', 'arn:aws:s3:::reports/*'))] }, 'allowed'),
  kase('Resource bucket ARN does not match an object in it', SRC.resource, act('s3:GetObject'), { identityPolicies: [doc(allow('s3:GetObject', 'arn:aws:s3:::reports'))] }, 'implicitDeny'),
  kase('Resource object pattern does not match the bucket', SRC.resource, act('s3:ListBucket', 'arn:aws:s3:::reports'), { identityPolicies: [doc(allow('s3:ListBucket', 'arn:aws:s3:::reports/*'))] }, 'implicitDeny'),
  kase('Resource "arn:aws:s3:::reports*" matches the bucket and its objects', SRC.resource, act('s3:GetObject'), { identityPolicies: [doc(allow('s3:GetObject', 'arn:aws:s3:::reports*'))] }, 'allowed'),
  kase('Resource with a partition other than the request\'s does not match', SRC.resource, act('s3:GetObject'), { identityPolicies: [doc(allow('s3:GetObject', 'arn:aws-cn:s3:::reports/*'))] }, 'implicitDeny'),
  kase('Resource matching is case-sensitive in the resource part', SRC.resource, act('s3:GetObject', 'arn:aws:s3:::Reports/a'), { identityPolicies: [doc(allow('s3:GetObject', 'arn:aws:s3:::reports/*'))] }, 'implicitDeny'),
  kase('a request resource "*" is only matched by Resource "*"', SRC.resource, act('s3:ListAllMyBuckets', '*'), { identityPolicies: [doc(allow('s3:ListAllMyBuckets', 'arn:aws:s3:::*'))] }, 'implicitDeny'),
  kase('a request resource with a literal "*" in it is data', SRC.design, act('s3:GetObject', 'arn:aws:s3:::reports/*'), { identityPolicies: [doc(allow('s3:GetObject', 'arn:aws:s3:::reports/a*'))] }, 'implicitDeny'),
  kase('Resource with * in the partition segment', SRC.resource, act('s3:GetObject'), { identityPolicies: [doc(allow('s3:GetObject', 'arn:*:s3:::reports/*'))] }, 'allowed'),
  kase('Resource with * in the service segment', SRC.resource, act('s3:GetObject'), { identityPolicies: [doc(allow('s3:GetObject', 'arn:aws:*:::reports/*'))] }, 'allowed'),
  kase('Resource with two wildcards in the resource part ("*/*.csv")', SRC.resource, act('s3:GetObject'), { identityPolicies: [doc(allow('s3:GetObject', 'arn:aws:s3:::reports/*/*.csv'))] }, 'allowed'),
  kase('Resource "*/*.csv" does not match a .txt object', SRC.resource, act('s3:GetObject', 'arn:aws:s3:::reports/2024/q1.txt'), { identityPolicies: [doc(allow('s3:GetObject', 'arn:aws:s3:::reports/*/*.csv'))] }, 'implicitDeny'),
  kase('Resource "*" in region and account matches empty segments', SRC.resource, act('s3:GetObject'), { identityPolicies: [doc(allow('s3:GetObject', 'arn:aws:s3:*:*:reports/*'))] }, 'allowed'),
  kase('Resource "?" in the region does not match an empty region', SRC.resource, act('s3:GetObject'), { identityPolicies: [doc(allow('s3:GetObject', 'arn:aws:s3:?::reports/*'))] }, 'implicitDeny'),
  kase('Resource with a region does not match an ARN without one', SRC.resource, act('s3:GetObject'), { identityPolicies: [doc(allow('s3:GetObject', 'arn:aws:s3:us-east-1::reports/*'))] }, 'implicitDeny'),
  kase('Resource naming a user without its path does not match the pathed user', SRC.resource, act('iam:GetUser', `arn:aws:iam::${A}:user/division/alice`), { identityPolicies: [doc(allow('iam:GetUser', `arn:aws:iam::${A}:user/alice`))] }, 'implicitDeny'),
  kase('Resource "user/*" matches a user with a path', SRC.resource, act('iam:GetUser', `arn:aws:iam::${A}:user/division/alice`), { identityPolicies: [doc(allow('iam:GetUser', `arn:aws:iam::${A}:user/*`))] }, 'allowed'),
  kase('an unqualified function Resource does not match a qualified request', SRC.resource, act('lambda:InvokeFunction', `arn:aws:lambda:us-east-1:${A}:function:fn:1`), { identityPolicies: [doc(allow('lambda:InvokeFunction', `arn:aws:lambda:us-east-1:${A}:function:fn`))] }, 'implicitDeny'),
  kase('a "function:fn:*" Resource matches a qualified request', SRC.resource, act('lambda:InvokeFunction', `arn:aws:lambda:us-east-1:${A}:function:fn:1`), { identityPolicies: [doc(allow('lambda:InvokeFunction', `arn:aws:lambda:us-east-1:${A}:function:fn:*`))] }, 'allowed'),
  kase('a "function:fn:*" Resource does not match the unqualified function', SRC.resource, act('lambda:InvokeFunction', `arn:aws:lambda:us-east-1:${A}:function:fn`), { identityPolicies: [doc(allow('lambda:InvokeFunction', `arn:aws:lambda:us-east-1:${A}:function:fn:*`))] }, 'implicitDeny'),
]

// Role trust policies in the same account: AWS "Policy evaluation for requests within a single
// account": "Role trust policies and KMS key policies are exceptions to this logic, because they
// must explicitly allow access for principals."
const SHARED = `arn:aws:iam::${A}:role/Shared`
const assume = (principal: string, context?: Record<string, string>) => req(principal, 'sts:AssumeRole', SHARED, context)
const trust = (principal: Parameters<typeof grant>[0], extra: Record<string, unknown> = {}) => doc({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...extra })
const assumeAllow = doc(allow('sts:AssumeRole', SHARED))
const OIDC = `arn:aws:iam::${A}:oidc-provider/token.actions.githubusercontent.com`

const trustCases: ConformanceCase[] = [
  kase('trust policy naming the user lets it assume the role without an identity policy', SRC.singleAccount, assume(ALICE), { resourcePolicy: trust(aws(ALICE)) }, 'allowed'),
  kase('trust policy naming the account needs the user\'s identity Allow (none)', SRC.singleAccount, assume(ALICE), { resourcePolicy: trust(aws(ROOT_A)) }, 'implicitDeny'),
  kase('trust policy naming the account needs the user\'s identity Allow (allow)', SRC.singleAccount, assume(ALICE), { resourcePolicy: trust(aws(ROOT_A)), identityPolicies: [assumeAllow] }, 'allowed'),
  kase('trust policy naming the account id needs the user\'s identity Allow (allow)', SRC.singleAccount, assume(ALICE), { resourcePolicy: trust(aws(A)), identityPolicies: [assumeAllow] }, 'allowed'),
  kase('trust policy naming someone else: an identity Allow is not enough', SRC.singleAccount, assume(ALICE), { resourcePolicy: trust(aws(`arn:aws:iam::${A}:user/bob`)), identityPolicies: [assumeAllow] }, 'implicitDeny'),
  kase('trust policy naming the user: a Deny in the identity policy wins', SRC.denyAllow, assume(ALICE), { resourcePolicy: trust(aws(ALICE)), identityPolicies: [doc(deny('sts:AssumeRole'))] }, 'explicitDeny'),
  kase('trust policy naming the user: a guardrail that does not allow', SRC.scp, assume(ALICE), { resourcePolicy: trust(aws(ALICE)), guardrails: [ec2Only] }, 'implicitDeny'),
  kase('trust policy with sts:ExternalId: the right id', SRC.conditionKeys, assume(ALICE, { 'sts:ExternalId': 'Unique-1' }), { resourcePolicy: trust(aws(ALICE), { Condition: { StringEquals: { 'sts:ExternalId': 'Unique-1' } } }) }, 'allowed'),
  kase('trust policy with sts:ExternalId: a wrong id', SRC.conditionKeys, assume(ALICE, { 'sts:ExternalId': 'Unique-2' }), { resourcePolicy: trust(aws(ALICE), { Condition: { StringEquals: { 'sts:ExternalId': 'Unique-1' } } }) }, 'implicitDeny'),
  kase('trust policy with sts:ExternalId: no id', SRC.conditionKeys, assume(ALICE), { resourcePolicy: trust(aws(ALICE), { Condition: { StringEquals: { 'sts:ExternalId': 'Unique-1' } } }) }, 'implicitDeny'),
  kase('trust policy naming a role lets a session of that role chain into this one', SRC.singleAccount, assume(SESSION, { 'aws:PrincipalArn': ROLE }), { resourcePolicy: trust(aws(ROLE)), identityPolicies: [assumeAllow] }, 'allowed'),
  kase('trust policy for web identity: the provider with a matching audience', SRC.principal, req(OIDC, 'sts:AssumeRoleWithWebIdentity', SHARED, { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' }),
    { resourcePolicy: doc({ Effect: 'Allow', Principal: { Federated: OIDC }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } } }) }, 'allowed'),
  kase('trust policy for web identity: a wrong audience', SRC.principal, req(OIDC, 'sts:AssumeRoleWithWebIdentity', SHARED, { 'token.actions.githubusercontent.com:aud': 'other' }),
    { resourcePolicy: doc({ Effect: 'Allow', Principal: { Federated: OIDC }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } } }) }, 'implicitDeny'),
  kase('trust policy for web identity: a StringLike subject pattern', SRC.principal, req(OIDC, 'sts:AssumeRoleWithWebIdentity', SHARED, { 'token.actions.githubusercontent.com:sub': 'repo:octo/app:ref:refs/heads/main' }),
    { resourcePolicy: doc({ Effect: 'Allow', Principal: { Federated: OIDC }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:octo/app:*' } } }) }, 'allowed'),
  kase('trust policy for web identity: another repository', SRC.principal, req(OIDC, 'sts:AssumeRoleWithWebIdentity', SHARED, { 'token.actions.githubusercontent.com:sub': 'repo:evil/app:ref:refs/heads/main' }),
    { resourcePolicy: doc({ Effect: 'Allow', Principal: { Federated: OIDC }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:octo/app:*' } } }) }, 'implicitDeny'),
  kase('trust policy for web identity does not allow plain AssumeRole', SRC.principal, req(OIDC, 'sts:AssumeRole', SHARED),
    { resourcePolicy: doc({ Effect: 'Allow', Principal: { Federated: OIDC }, Action: 'sts:AssumeRoleWithWebIdentity' }) }, 'implicitDeny'),
]

// Invalid policies are refused rather than evaluated (AWS "IAM JSON policy elements: Effect": "The
// Effect value is case sensitive"; "IAM JSON policy elements: Sid": the Sid value must be unique
// within a JSON policy; "Grammar of the IAM JSON policy language": a statement has Action or
// NotAction, and an identity-based statement has Resource or NotResource).
const GUIDE = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/'
const EFFECT = `${GUIDE}reference_policies_elements_effect.html`
const SID = `${GUIDE}reference_policies_elements_sid.html`
const GRAMMAR = `${GUIDE}reference_policies_grammar.html`
const invalid: ConformanceCase[] = [
  kase('an Effect spelled "allow" is an invalid policy', EFFECT, aliceGet, { identityPolicies: [doc({ Effect: 'allow' as 'Allow', Action: 's3:GetObject', Resource: '*' })] }, 'error'),
  kase('an Effect spelled "DENY" never yields allowed', EFFECT, aliceGet, { identityPolicies: [doc(allow('s3:*'), { Effect: 'DENY' as 'Deny', Action: 's3:GetObject', Resource: '*' })] }, 'notAllowed'),
  kase('two statements with the same Sid are an invalid policy', SID, aliceGet, { identityPolicies: [doc({ Sid: 'Same', ...allow('s3:GetObject') }, { Sid: 'Same', ...allow('s3:PutObject') })] }, 'error'),
  kase('a statement with both Action and NotAction is an invalid policy', GRAMMAR, aliceGet, { identityPolicies: [doc({ Effect: 'Allow', Action: 's3:GetObject', NotAction: 'iam:*', Resource: '*' })] }, 'error'),
  kase('an identity statement without Resource or NotResource is an invalid policy', GRAMMAR, aliceGet, { identityPolicies: [doc({ Effect: 'Allow', Action: 's3:GetObject' })] }, 'error'),
  kase('a statement with both Resource and NotResource is an invalid policy', GRAMMAR, aliceGet, { identityPolicies: [doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', NotResource: 'arn:aws:s3:::x/*' })] }, 'error'),
  kase('an unknown condition operator is an invalid policy, not a silent match', SRC.conditionOperators, req(ALICE, 's3:GetObject', OBJECT, { 'aws:PrincipalTag/team': 'eng' }), { identityPolicies: [doc(allow('s3:GetObject', '*', { Condition: { StringEqual: { 'aws:PrincipalTag/team': 'eng' } } }))] }, 'error'),
  kase('an unknown condition operator in a Deny never yields allowed', SRC.conditionOperators, req(ALICE, 's3:GetObject', OBJECT), { identityPolicies: [doc(allow('s3:*'), deny('s3:GetObject', '*', { Condition: { StringNotEqual: { 'aws:PrincipalTag/team': 'eng' } } }))] }, 'notAllowed'),
  kase('an empty Condition block is no condition', SRC.conditionElement, aliceGet, { identityPolicies: [doc(allow('s3:GetObject', '*', { Condition: {} }))] }, 'allowed'),
  kase('without Version, a variable in the Resource is literal text', SRC.version, req(ALICE, 's3:GetObject', `${HOME}/alice`, { 'aws:username': 'alice' }), { identityPolicies: [{ Statement: [allow('s3:GetObject', `${HOME}/\${aws:username}`)] }] }, 'implicitDeny'),
  kase('without Version, a Resource "${aws:username}" matches only that literal text', SRC.version, req(ALICE, 's3:GetObject', `${HOME}/\${aws:username}`, { 'aws:username': 'alice' }), { identityPolicies: [{ Statement: [allow('s3:GetObject', `${HOME}/\${aws:username}`)] }] }, 'allowed'),
]

// aws:PrincipalArn is data about the caller, never a way to become someone else.
const spoof: ConformanceCase[] = [
  kase('an aws:PrincipalArn naming another role does not make a session match that role', SRC.principal, req(SESSION, 's3:GetObject', OBJECT, { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/Admin` }), { resourcePolicy: doc(grant(aws(`arn:aws:iam::${A}:role/Admin`), 's3:GetObject', OBJECT)) }, 'implicitDeny'),
  kase('an aws:PrincipalArn in another account does not make a session match that role', SRC.principal, req(SESSION, 's3:GetObject', OBJECT, { 'aws:PrincipalArn': `arn:aws:iam::${B}:role/Deployer` }), { resourcePolicy: doc(grant(aws(`arn:aws:iam::${B}:role/Deployer`), 's3:GetObject', OBJECT)) }, 'implicitDeny'),
  kase('a user is never matched by a Principal naming a role', SRC.principal, req(ALICE, 's3:GetObject', OBJECT, { 'aws:PrincipalArn': ROLE }), { resourcePolicy: rbpRole }, 'implicitDeny'),
  ...conditionCases(SRC.conditionKeys, [
    row('ArnLike', PA, `arn:aws:iam::${A}:user/*`, `arn:aws:iam::${A}:user/dev/alice`, true, 'a user with a path'),
    row('ArnEquals', PA, `arn:aws:iam::${A}:user/alice`, `arn:aws:iam::${A}:user/dev/alice`, false, 'the user path is part of the ARN'),
    row('NumericLessThan', 'aws:MultiFactorAuthAge', '3600', '300', true, 'MFA within the hour'),
    row('NumericLessThan', 'aws:MultiFactorAuthAge', '3600', '7200', false, 'MFA too old'),
    row('NumericGreaterThanIfExists', 'aws:MultiFactorAuthAge', '3600', MISSING, true, 'the Deny idiom when no MFA was used'),
    row('NumericGreaterThanIfExists', 'aws:MultiFactorAuthAge', '3600', '60', false, 'recent MFA'),
  ]),
]

// Principal "*" narrowed by conditions, the usual way to share with an account or organization.
const starFor = (condition: Record<string, Record<string, string | string[]>>) => doc(grant('*', 'sqs:SendMessage', QUEUE, { Condition: condition }))
const narrowed: ConformanceCase[] = [
  kase('Principal "*" narrowed to an account by aws:PrincipalAccount, cross-account caller with identity Allow', SRC.crossAccount, req(B_SESSION, 'sqs:SendMessage', QUEUE, { 'aws:PrincipalAccount': B }), { resourcePolicy: starFor({ StringEquals: { 'aws:PrincipalAccount': B } }), identityPolicies: [sqsAllow] }, 'allowed'),
  kase('Principal "*" narrowed to an account by aws:PrincipalAccount, caller from another account', SRC.crossAccount, req(B_SESSION, 'sqs:SendMessage', QUEUE, { 'aws:PrincipalAccount': B }), { resourcePolicy: starFor({ StringEquals: { 'aws:PrincipalAccount': C } }), identityPolicies: [sqsAllow] }, 'implicitDeny'),
  kase('Principal "*" narrowed by aws:PrincipalOrgID, member caller', SRC.crossAccount, req(B_SESSION, 'sqs:SendMessage', QUEUE, { 'aws:PrincipalOrgID': 'o-abc123' }), { resourcePolicy: starFor({ StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } }), identityPolicies: [sqsAllow] }, 'allowed'),
  kase('Principal "*" narrowed by aws:PrincipalOrgID, caller without an organization', SRC.crossAccount, req(B_SESSION, 'sqs:SendMessage', QUEUE), { resourcePolicy: starFor({ StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } }), identityPolicies: [sqsAllow] }, 'implicitDeny'),
  kase('Principal "*" narrowed by ArnLike aws:PrincipalArn to a role path, matching role', SRC.crossAccount, req(B_SESSION, 'sqs:SendMessage', QUEUE, { 'aws:PrincipalArn': `arn:aws:iam::${B}:role/Auditor` }), { resourcePolicy: starFor({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/Aud*' } }), identityPolicies: [sqsAllow] }, 'allowed'),
  kase('Principal "*" narrowed by ArnLike aws:PrincipalArn, the session ARN itself is not the role', SRC.crossAccount, req(B_SESSION, 'sqs:SendMessage', QUEUE, { 'aws:PrincipalArn': `arn:aws:iam::${B}:role/Auditor` }), { resourcePolicy: starFor({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:sts::*:assumed-role/Auditor/*' } }), identityPolicies: [sqsAllow] }, 'implicitDeny'),
  kase('a resource-policy Deny for everyone outside the organization', SRC.denyAllow, req(B_SESSION, 'sqs:SendMessage', QUEUE, { 'aws:PrincipalOrgID': 'o-other' }), { resourcePolicy: doc(grant(aws(B), 'sqs:*', QUEUE), { Effect: 'Deny', Principal: '*', Action: 'sqs:*', Resource: QUEUE, Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } }), identityPolicies: [sqsAllow] }, 'explicitDeny'),
  kase('a resource-policy Deny for everyone outside the organization does not deny a member', SRC.denyAllow, req(B_SESSION, 'sqs:SendMessage', QUEUE, { 'aws:PrincipalOrgID': 'o-abc123' }), { resourcePolicy: doc(grant(aws(B), 'sqs:*', QUEUE), { Effect: 'Deny', Principal: '*', Action: 'sqs:*', Resource: QUEUE, Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } }), identityPolicies: [sqsAllow] }, 'allowed'),
]

export const secondPassCases: ConformanceCase[] = [...layering, ...principalKeys, ...multiValued, ...operators, ...actions, ...trustCases, ...invalid, ...spoof, ...narrowed]

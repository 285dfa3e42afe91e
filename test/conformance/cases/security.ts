/**
 * Hostile and malformed input. DESIGN.md: "Wildcards in requests are data"; "Any error in …
 * evaluation denies"; keys from users never reach an object prototype. AWS "IAM JSON policy
 * elements: Condition operators": IfExists may be added to "any condition operator name except
 * the Null condition", and an operator AWS does not define makes the policy invalid (AWS refuses
 * it with MalformedPolicyDocument), so it can never be silently skipped.
 */
import { ALICE, OBJECT, allow, deny, doc, grant, aws, kase, req } from '../build.js'
import { SRC } from '../sources.js'
import type { AuthzRequest } from '../../../src/evaluate/types.js'
import type { RawConditionBlock } from '../../../src/policy/types.js'
import type { ConformanceCase } from '../types.js'

const SECRET = 'arn:aws:s3:::bucket/secret'

/** A context object with an own `__proto__` key, as JSON.parse builds it. */
const protoContext = JSON.parse('{"__proto__": "x", "constructor": "y"}') as Record<string, string>

function unknownOperator(operator: string, effect: 'Allow' | 'Deny', note: string): ConformanceCase {
  const condition = { [operator]: { 'aws:PrincipalTag/team': 'eng' } } as RawConditionBlock
  const policies = effect === 'Allow'
    ? [doc(allow('s3:GetObject', '*', { Condition: condition }))]
    : [doc(allow('s3:GetObject'), deny('s3:GetObject', '*', { Condition: condition }))]
  return kase(`an unknown operator ${operator} in ${effect === 'Allow' ? 'an Allow' : 'a Deny'} never yields allowed (${note})`, SRC.conditionOperators,
    req(ALICE, 's3:GetObject', OBJECT, { 'aws:PrincipalTag/team': 'eng' }), { identityPolicies: policies }, 'notAllowed')
}

function malformed(name: string, request: unknown): ConformanceCase {
  return kase(`a malformed request never yields allowed: ${name}`, SRC.design, request as AuthzRequest,
    { identityPolicies: [doc(allow('*'))], resourcePolicy: doc(grant('*', '*', '*')) }, 'notAllowed')
}

export const securityCases: ConformanceCase[] = [
  kase('a request resource "*" does not match a narrower Resource', SRC.design, req(ALICE, 's3:GetObject', '*'), { identityPolicies: [doc(allow('s3:GetObject', 'arn:aws:s3:::bucket/*'))] }, 'implicitDeny'),
  kase('a request resource ending in "*" is data, not a pattern', SRC.design, req(ALICE, 's3:GetObject', 'arn:aws:s3:::bucket/*'), { identityPolicies: [doc(allow('s3:GetObject', SECRET))] }, 'implicitDeny'),
  kase('a request resource with "?" is data, not a pattern', SRC.design, req(ALICE, 's3:GetObject', 'arn:aws:s3:::bucket/secre?'), { identityPolicies: [doc(allow('s3:GetObject', SECRET))] }, 'implicitDeny'),
  kase('a request resource with "*" does not escape a Deny on the resource it spells', SRC.design, req(ALICE, 's3:GetObject', 'arn:aws:s3:::bucket/*'),
    { identityPolicies: [doc(allow('s3:*', 'arn:aws:s3:::bucket/*'), deny('s3:*', SECRET))] }, 'allowed'),
  kase('a request action with "*" never yields allowed', SRC.design, req(ALICE, 's3:*', OBJECT), { identityPolicies: [doc(allow('s3:GetObject'))] }, 'notAllowed'),
  kase('a request action "*" never yields allowed', SRC.design, req(ALICE, '*', OBJECT), { identityPolicies: [doc(allow('s3:GetObject'))] }, 'notAllowed'),
  kase('a request action with "?" never yields allowed', SRC.design, req(ALICE, 's3:GetObjec?', OBJECT), { identityPolicies: [doc(allow('s3:GetObject'))] }, 'notAllowed'),
  kase('a context value "*" does not match StringLike "eng*" as a pattern would', SRC.design, req(ALICE, 's3:GetObject', OBJECT, { 'aws:PrincipalTag/team': '*' }),
    { identityPolicies: [doc(allow('s3:GetObject', '*', { Condition: { StringLike: { 'aws:PrincipalTag/team': 'eng' } } }))] }, 'implicitDeny'),
  kase('a context value "*" does not satisfy StringEquals', SRC.design, req(ALICE, 's3:GetObject', OBJECT, { 'aws:PrincipalTag/team': '*' }),
    { identityPolicies: [doc(allow('s3:GetObject', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'eng' } } }))] }, 'implicitDeny'),
  kase('a context value "*" does not escape a StringLike Deny', SRC.design, req(ALICE, 's3:GetObject', OBJECT, { 's3:prefix': '*' }),
    { identityPolicies: [doc(allow('s3:GetObject'), deny('s3:GetObject', '*', { Condition: { StringNotLike: { 's3:prefix': 'public/*' } } }))] }, 'explicitDeny'),
  kase('a context value "?" is data for ArnLike', SRC.design, req(ALICE, 's3:GetObject', OBJECT, { 'aws:SourceArn': 'arn:aws:sns:us-east-1:123456789012:?' }),
    { identityPolicies: [doc(allow('s3:GetObject', '*', { Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:123456789012:topic-a' } } }))] }, 'implicitDeny'),
  kase('a context value "*" is data in a set operator', SRC.design, req(ALICE, 's3:GetObject', OBJECT, { 'aws:TagKeys': ['*'] }),
    { identityPolicies: [doc(allow('s3:GetObject', '*', { Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['environment'] } } }))] }, 'implicitDeny'),
  kase('a context key "__proto__" is an ordinary key', SRC.design, req(ALICE, 's3:GetObject', OBJECT, protoContext),
    { identityPolicies: [doc(allow('s3:GetObject', '*', { Condition: { StringEquals: { __proto__: 'x' } as unknown as Record<string, string> } }))] }, 'allowed'),
  // Issue 9, attack 5: __proto__, constructor and prototype are refused as condition keys.
  kase('a condition key "constructor" refuses the policy', SRC.design, req(ALICE, 's3:GetObject', OBJECT, protoContext),
    { identityPolicies: [doc(allow('s3:GetObject', '*', { Condition: { StringEquals: { constructor: 'y' } } }))] }, 'error'),
  kase('a Null condition on "constructor" refuses the policy', SRC.design, req(ALICE, 's3:GetObject', OBJECT, {}),
    { identityPolicies: [doc(allow('s3:GetObject', '*', { Condition: { Null: { constructor: 'true' } } }))] }, 'error'),
  kase('a Deny on aws:RequestTag/__proto__ refuses the policy instead of staying inert', SRC.design, req(ALICE, 's3:GetObject', OBJECT, {}),
    { identityPolicies: [doc(allow('s3:GetObject'), deny('s3:GetObject', '*', { Condition: { StringEquals: { 'aws:RequestTag/__proto__': 'x' } } }))] }, 'error'),
  kase('a context key "toString" is an ordinary key', SRC.design, req(ALICE, 's3:GetObject', OBJECT, { toString: 'y' } as unknown as Record<string, string>),
    { identityPolicies: [doc(allow('s3:GetObject', '*', { Condition: { StringEquals: { toString: 'y' } } }))] }, 'allowed'),
  kase('"toString" absent from the context is missing, not Object.prototype.toString (Null true)', SRC.design, req(ALICE, 's3:GetObject', OBJECT, {}),
    { identityPolicies: [doc(allow('s3:GetObject', '*', { Condition: { Null: { toString: 'true' } } }))] }, 'allowed'),
  kase('"toString" absent from the context is missing (Null false)', SRC.design, req(ALICE, 's3:GetObject', OBJECT, {}),
    { identityPolicies: [doc(allow('s3:GetObject', '*', { Condition: { Null: { toString: 'false' } } }))] }, 'implicitDeny'),
  kase('"hasOwnProperty" absent from the context does not satisfy StringLike "*"', SRC.design, req(ALICE, 's3:GetObject', OBJECT, {}),
    { identityPolicies: [doc(allow('s3:GetObject', '*', { Condition: { StringLike: { hasOwnProperty: '*' } } }))] }, 'implicitDeny'),
  kase('a variable naming "constructor" absent from the context resolves to nothing', SRC.design, req(ALICE, 's3:GetObject', 'arn:aws:s3:::bucket/function Object() { [native code] }', {}),
    { identityPolicies: [doc(allow('s3:GetObject', 'arn:aws:s3:::bucket/${constructor}'))] }, 'implicitDeny'),
  kase('a variable naming "__proto__" absent from the context resolves to nothing', SRC.design, req(ALICE, 's3:GetObject', 'arn:aws:s3:::bucket/[object Object]', {}),
    { identityPolicies: [doc(allow('s3:GetObject', 'arn:aws:s3:::bucket/${__proto__}'))] }, 'implicitDeny'),
  kase('an inherited key of a context object is not a context key', SRC.design, req(ALICE, 's3:GetObject', OBJECT, Object.create({ 'aws:PrincipalTag/team': 'eng' }) as Record<string, string>),
    { identityPolicies: [doc(allow('s3:GetObject', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'eng' } } }))] }, 'implicitDeny'),

  kase('aws:PrincipalArn naming another role does not make a session a session of that role', SRC.principal,
    req('arn:aws:sts::111122223333:assumed-role/Deployer/s1', 's3:GetObject', OBJECT, { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/Admin' }),
    { resourcePolicy: doc(grant(aws('arn:aws:iam::111122223333:role/Admin'), 's3:GetObject', '*')) }, 'implicitDeny'),
  kase('aws:PrincipalArn of another account does not make a session a session of that role', SRC.principal,
    req('arn:aws:sts::111122223333:assumed-role/Deployer/s1', 's3:GetObject', OBJECT, { 'aws:PrincipalArn': 'arn:aws:iam::444455556666:role/Deployer' }),
    { resourcePolicy: doc(grant(aws('arn:aws:iam::444455556666:role/Deployer'), 's3:GetObject', '*')) }, 'implicitDeny'),

  unknownOperator('StringEqualz', 'Allow', 'a typo'),
  unknownOperator('StringEqualz', 'Deny', 'a typo must not make the Deny inert'),
  unknownOperator('NullIfExists', 'Deny', 'IfExists is not defined for Null'),
  unknownOperator('ForSomeValues:StringEquals', 'Deny', 'an unknown set operator'),
  unknownOperator('stringequals', 'Deny', 'operator names are case-sensitive'),
  unknownOperator('__proto__', 'Deny', 'a prototype key as operator'),
  unknownOperator('toString', 'Allow', 'a prototype method as operator'),
  kase('an unparsable date in a Deny never yields allowed', SRC.conditionOperators, req(ALICE, 's3:GetObject', OBJECT, { 'aws:CurrentTime': '2020-01-01T00:00:00Z' }),
    { identityPolicies: [doc(allow('s3:GetObject'), deny('s3:GetObject', '*', { Condition: { DateGreaterThan: { 'aws:CurrentTime': 'not-a-date' } } }))] }, 'notAllowed'),
  kase('an unparsable number in a Deny never yields allowed', SRC.conditionOperators, req(ALICE, 's3:GetObject', OBJECT, { 's3:max-keys': 5 }),
    { identityPolicies: [doc(allow('s3:GetObject'), deny('s3:GetObject', '*', { Condition: { NumericGreaterThan: { 's3:max-keys': 'ten' } } }))] }, 'notAllowed'),
  kase('an unparsable CIDR in a Deny never yields allowed', SRC.conditionOperators, req(ALICE, 's3:GetObject', OBJECT, { 'aws:SourceIp': '10.0.0.1' }),
    { identityPolicies: [doc(allow('s3:GetObject'), deny('s3:GetObject', '*', { Condition: { NotIpAddress: { 'aws:SourceIp': '300.1.1.1/8' } } }))] }, 'notAllowed'),
  kase('an unparsable Bool value in a Deny never yields allowed', SRC.conditionOperators, req(ALICE, 's3:GetObject', OBJECT, { 'aws:SecureTransport': false }),
    { identityPolicies: [doc(allow('s3:GetObject'), deny('s3:GetObject', '*', { Condition: { Bool: { 'aws:SecureTransport': 'nope' } } }))] }, 'notAllowed'),
  kase('a Null value other than true/false in a Deny never yields allowed', SRC.conditionOperators, req(ALICE, 's3:GetObject', OBJECT, {}),
    { identityPolicies: [doc(allow('s3:GetObject'), deny('s3:GetObject', '*', { Condition: { Null: { 'aws:TokenIssueTime': 'maybe' } } }))] }, 'notAllowed'),
  kase('a statement with both Action and NotAction never yields allowed', SRC.notAction, req(ALICE, 's3:GetObject', OBJECT),
    { identityPolicies: [doc({ Effect: 'Allow', Action: 's3:GetObject', NotAction: 'iam:*', Resource: '*' })] }, 'notAllowed'),
  kase('a statement with both Resource and NotResource never yields allowed', SRC.notResource, req(ALICE, 's3:GetObject', OBJECT),
    { identityPolicies: [doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', NotResource: 'arn:aws:s3:::x' })] }, 'notAllowed'),
  kase('an identity policy with a Principal element never yields allowed', SRC.principal, req(ALICE, 's3:GetObject', OBJECT),
    { identityPolicies: [doc(grant(aws(ALICE), 's3:GetObject', '*'))] }, 'notAllowed'),
  kase('a Principal with a partial wildcard never yields allowed', SRC.principal, req(ALICE, 's3:GetObject', OBJECT),
    { resourcePolicy: doc(grant(aws('arn:aws:iam::111122223333:user/ali*'), 's3:GetObject', '*')) }, 'notAllowed'),
  kase('a Deny with an unknown Effect spelling never yields allowed', SRC.design, req(ALICE, 's3:GetObject', OBJECT),
    { identityPolicies: [doc(allow('s3:GetObject'), { Effect: 'deny' as 'Deny', Action: 's3:GetObject', Resource: '*' })] }, 'notAllowed'),

  malformed('no action', { principal: ALICE, resource: OBJECT }),
  malformed('an empty action', req(ALICE, '', OBJECT)),
  malformed('an action without a service prefix', req(ALICE, 'GetObject', OBJECT)),
  malformed('a principal that is not an ARN', req('alice', 's3:GetObject', OBJECT)),
  malformed('a principal with a wildcard', req('arn:aws:iam::111122223333:user/*', 's3:GetObject', OBJECT)),
  malformed('no principal', { action: 's3:GetObject', resource: OBJECT }),
  malformed('no resource', { principal: ALICE, action: 's3:GetObject' }),
  malformed('a context value that is an object', { principal: ALICE, action: 's3:GetObject', resource: OBJECT, context: { 'aws:PrincipalTag/team': { toString: () => 'eng' } } }),
  malformed('a context value that is null', { principal: ALICE, action: 's3:GetObject', resource: OBJECT, context: { 'aws:PrincipalTag/team': null } }),
  kase('the same context key twice in different case never yields allowed', SRC.design,
    { principal: ALICE, action: 's3:GetObject', resource: 'arn:aws:s3:::home/bob/x', context: { 'aws:username': 'alice', 'AWS:USERNAME': 'bob' } },
    { identityPolicies: [doc(allow('s3:GetObject', 'arn:aws:s3:::home/${aws:username}/*'))] }, 'notAllowed'),
  kase('a variable value that spells a variable is not expanded again', SRC.variables,
    req(ALICE, 's3:GetObject', 'arn:aws:s3:::home/bob/x', { 'aws:username': '${aws:PrincipalTag/team}', 'aws:PrincipalTag/team': 'bob' }),
    { identityPolicies: [doc(allow('s3:GetObject', 'arn:aws:s3:::home/${aws:username}/*'))] }, 'implicitDeny'),
  kase('a variable value that spells a variable matches only itself', SRC.variables,
    req(ALICE, 's3:GetObject', 'arn:aws:s3:::home/${aws:PrincipalTag/team}/x', { 'aws:username': '${aws:PrincipalTag/team}', 'aws:PrincipalTag/team': 'bob' }),
    { identityPolicies: [doc(allow('s3:GetObject', 'arn:aws:s3:::home/${aws:username}/*'))] }, 'allowed'),
  kase('a variable value in a condition that spells a variable is not expanded again', SRC.variables,
    req(ALICE, 's3:GetObject', OBJECT, { 'aws:username': '${aws:PrincipalTag/team}', 'aws:PrincipalTag/team': 'bob', 'aws:ResourceTag/owner': 'bob' }),
    { identityPolicies: [doc(allow('s3:GetObject', '*', { Condition: { StringLike: { 'aws:ResourceTag/owner': '${aws:username}' } } }))] }, 'implicitDeny'),
  malformed('a request that is not an object', 'GET /'),
]

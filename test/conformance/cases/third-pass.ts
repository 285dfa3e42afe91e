/**
 * Third pass (issues 9 and 13): values with no value, empty strings, ARN variables, and request
 * values of several values under operators without a set qualifier.
 *
 * AWS "IAM policy elements: Variables and tags", "Policy variables with no value": a variable whose
 * key the request does not carry is "effectively null"; StringEquals/StringLike "do not match",
 * StringNotEquals/StringNotLike "do match against a null value"; the documented Deny with
 * `StringNotEquals {"s3:ExistingObjectTag/team": "${aws:PrincipalTag/team}"}` denies a caller
 * without the tag; a Resource/NotResource entry with such a variable "will not match any resource".
 * "Condition operators", ARN section: ARN operators take policy variables; each of the six segments
 * is compared on its own. "Single-valued vs. multivalued context keys": "Multivalued context keys
 * require a condition set operator"; an empty string is an empty data set for ForAllValues /
 * ForAnyValue only. "IAM JSON policy elements: Resource", Using wildcards in resource ARNs: "If the
 * * wildcard is the last character of a resource ARN segment, it can expand to match beyond the
 * colon boundaries".
 */
import type { ContextValue } from '../../../src/evaluate/types.js'
import type { RawConditionBlock, RawStatement } from '../../../src/policy/types.js'
import { A, ALICE, SESSION, allow, deny, doc, kase, req } from '../build.js'
import { SRC } from '../sources.js'
import type { ConformanceCase, Expected } from '../types.js'

const BUCKET = 'arn:aws:s3:::example-bucket'
const OBJ = `${BUCKET}/report.csv`

function conditioned(name: string, source: string, statement: RawStatement, context: Record<string, ContextValue>, expected: Expected, principal = ALICE, resource = OBJ): ConformanceCase {
  const extra = statement.Effect === 'Deny' ? [allow('*')] : []
  return kase(name, source, req(principal, 's3:GetObject', resource, context), { identityPolicies: [doc(...extra, statement)] }, expected)
}

function resourceEntry(name: string, statement: RawStatement, resource: string, expected: Expected): ConformanceCase {
  const extra = statement.Effect === 'Deny' ? [allow('*')] : []
  return kase(name, SRC.resourceWildcards, req(ALICE, 'sqs:SendMessage', resource), { identityPolicies: [doc(...extra, statement)] }, expected)
}
const QUEUE = `arn:aws:sqs:us-east-1:${A}:orders-queue`

const allowIf = (condition: RawConditionBlock): RawStatement => allow('s3:GetObject', '*', { Condition: condition })
const denyIf = (condition: RawConditionBlock): RawStatement => deny('s3:GetObject', '*', { Condition: condition })

// The home-folder listing for a role session, which has no aws:username.
const PREFIXES = allowIf({ StringLike: { 's3:prefix': ['', 'home/', 'home/${aws:username}/*'] } })
// AWS's own example (Policy variables with no value).
const TEAM_DENY = denyIf({ StringNotEquals: { 's3:ExistingObjectTag/team': '${aws:PrincipalTag/team}' } })
const LEVEL_DENY = denyIf({ NumericNotEquals: { 'app:level': '0' } })
const TEAM_ALLOW = allowIf({ StringEquals: { 'app:team': 'blue' } })

export const thirdPassCases: ConformanceCase[] = [
  // A variable with no value in one value of a list: only that value drops out.
  conditioned('s3:prefix list: "" still matches "" for a session without aws:username', SRC.variablesNoValue, PREFIXES, { 's3:prefix': '' }, 'allowed', SESSION),
  conditioned('s3:prefix list: "home/" still matches for a session without aws:username', SRC.variablesNoValue, PREFIXES, { 's3:prefix': 'home/' }, 'allowed', SESSION),
  conditioned('s3:prefix list: a home folder needs the variable', SRC.variablesNoValue, PREFIXES, { 's3:prefix': 'home/alice/x' }, 'implicitDeny', SESSION),
  conditioned('s3:prefix list: the variable matches once the key has a value', SRC.variablesNoValue, PREFIXES, { 's3:prefix': 'home/alice/x', 'aws:username': 'alice' }, 'allowed'),
  conditioned('s3:prefix list: another user\'s folder does not match', SRC.variablesNoValue, PREFIXES, { 's3:prefix': 'home/bob/x', 'aws:username': 'alice' }, 'implicitDeny'),

  // Negated operators against the null value.
  conditioned('the documented Deny: a caller without a team tag is denied', SRC.variablesNoValue, TEAM_DENY, { 's3:ExistingObjectTag/team': 'red' }, 'explicitDeny'),
  conditioned('the documented Deny: a caller of the object\'s team is not denied', SRC.variablesNoValue, TEAM_DENY, { 's3:ExistingObjectTag/team': 'red', 'aws:PrincipalTag/team': 'red' }, 'allowed'),
  conditioned('the documented Deny: a caller of another team is denied', SRC.variablesNoValue, TEAM_DENY, { 's3:ExistingObjectTag/team': 'red', 'aws:PrincipalTag/team': 'blue' }, 'explicitDeny'),
  conditioned('StringNotLike against a null value denies', SRC.variablesNoValue, denyIf({ StringNotLike: { 'app:owner': '${aws:username}*' } }), { 'app:owner': 'alice' }, 'explicitDeny', SESSION),
  conditioned('StringNotEquals NORs the values that resolve: a listed value is not denied', SRC.variablesNoValue, denyIf({ StringNotEquals: { 'app:owner': ['${aws:username}', 'shared'] } }), { 'app:owner': 'shared' }, 'allowed', SESSION),
  conditioned('StringEquals against a null value does not allow', SRC.variablesNoValue, allowIf({ StringEquals: { 'app:owner': '${aws:username}' } }), { 'app:owner': '' }, 'implicitDeny', SESSION),
  kase('a Deny with NotResource and a missing variable denies every resource', SRC.variablesNoValue, req(SESSION, 's3:GetObject', 'arn:aws:s3:::mybucket/alice/x'),
    { identityPolicies: [doc(allow('*'), { Effect: 'Deny', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::mybucket/${aws:username}/*' })] }, 'explicitDeny'),
  kase('a Resource list: the entry without a value drops out, the other still allows', SRC.variablesNoValue, req(SESSION, 's3:GetObject', 'arn:aws:s3:::mybucket/public/x'),
    { identityPolicies: [doc(allow('s3:GetObject', ['arn:aws:s3:::mybucket/${aws:username}/*', 'arn:aws:s3:::mybucket/public/*']))] }, 'allowed'),
  kase('Principal does not take policy variables: the policy is refused', SRC.principal, req(ALICE, 's3:GetObject', OBJ),
    { resourcePolicy: doc({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:user/${aws:username}' }, Action: 's3:GetObject', Resource: '*' }) }, 'error'),
  kase('NotPrincipal does not take policy variables: the policy is refused', SRC.notPrincipal, req(ALICE, 's3:GetObject', OBJ),
    { resourcePolicy: doc({ Effect: 'Deny', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:user/${aws:username}' }, Action: 's3:GetObject', Resource: '*' }) }, 'error'),
  kase('Action does not take policy variables: the policy is refused', SRC.action, req(ALICE, 's3:GetObject', OBJ),
    { identityPolicies: [doc(allow('s3:${aws:username}'))] }, 'error'),

  // Variables in ARN condition values.
  conditioned('ArnEquals with a variable in the account segment', SRC.conditionOperators, allowIf({ ArnEquals: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:${app:account}:topic' } }), { 'aws:SourceArn': `arn:aws:sns:us-east-1:${A}:topic`, 'app:account': A }, 'allowed'),
  conditioned('a variable value with a colon cannot move the ARN segments', SRC.conditionOperators, allowIf({ ArnLike: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:${app:account}:topic' } }), { 'aws:SourceArn': `arn:aws:sns:us-east-1:${A}:x:topic`, 'app:account': `${A}:x` }, 'implicitDeny'),
  conditioned('a "*" in a variable value is not a wildcard in ArnLike', SRC.variables, allowIf({ ArnLike: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:${app:account}:topic' } }), { 'aws:SourceArn': `arn:aws:sns:us-east-1:${A}:topic`, 'app:account': '*' }, 'implicitDeny'),
  conditioned('ArnLike with a variable with no value does not allow', SRC.variablesNoValue, allowIf({ ArnLike: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:${app:account}:*' } }), { 'aws:SourceArn': `arn:aws:sns:us-east-1:${A}:topic` }, 'implicitDeny'),
  conditioned('ArnNotLike with a variable with no value denies', SRC.variablesNoValue, denyIf({ ArnNotLike: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:${app:account}:*' } }), { 'aws:SourceArn': `arn:aws:sns:us-east-1:${A}:topic` }, 'explicitDeny'),

  // The empty string: a value for operators without a set qualifier, an empty data set for them.
  conditioned('StringEquals "" matches an empty value', SRC.conditionOperators, allowIf({ StringEquals: { 'app:tag': '' } }), { 'app:tag': '' }, 'allowed'),
  conditioned('StringLike "*" matches an empty value', SRC.conditionOperators, allowIf({ StringLike: { 'app:tag': '*' } }), { 'app:tag': '' }, 'allowed'),
  conditioned('StringNotEquals "x" matches an empty value', SRC.conditionOperators, denyIf({ StringNotEquals: { 'app:tag': 'x' } }), { 'app:tag': '' }, 'explicitDeny'),
  conditioned('ArnLike does not match an empty value', SRC.conditionOperators, allowIf({ ArnLike: { 'aws:SourceArn': 'arn:*:*:*:*:*' } }), { 'aws:SourceArn': '' }, 'implicitDeny'),
  conditioned('ArnNotLike matches an empty value', SRC.conditionOperators, denyIf({ ArnNotLike: { 'aws:SourceArn': 'arn:aws:sns:*:*:*' } }), { 'aws:SourceArn': '' }, 'explicitDeny'),
  conditioned('NumericEquals does not match an empty value', SRC.conditionOperators, allowIf({ NumericEquals: { 'app:n': '0' } }), { 'app:n': '' }, 'implicitDeny'),
  conditioned('a variable whose value is "" is a value, not null', SRC.variables, allowIf({ StringEquals: { 's3:prefix': 'home/${app:suffix}' } }), { 's3:prefix': 'home/', 'app:suffix': '' }, 'allowed'),
  conditioned('ForAllValues on an empty string is true', SRC.multiValued, allowIf({ 'ForAllValues:StringEquals': { 'app:tag': 'x' } }), { 'app:tag': '' }, 'allowed'),
  conditioned('ForAnyValue on an empty string is false', SRC.multiValued, allowIf({ 'ForAnyValue:StringEquals': { 'app:tag': '' } }), { 'app:tag': '' }, 'implicitDeny'),

  // Several request values under an operator without a set qualifier (issue 9, attack 3).
  conditioned('an array cannot switch off a negated-operator Deny: [0, 1]', SRC.multiValued, LEVEL_DENY, { 'app:level': [0, 1] }, 'explicitDeny'),
  conditioned('an array cannot switch off a negated-operator Deny: ["1", "0"]', SRC.multiValued, LEVEL_DENY, { 'app:level': ['1', '0'] }, 'explicitDeny'),
  conditioned('the negated-operator Deny does not apply to [0, 0]', SRC.multiValued, LEVEL_DENY, { 'app:level': [0, 0] }, 'allowed'),
  conditioned('the negated-operator Deny does not apply to [0]', SRC.multiValued, LEVEL_DENY, { 'app:level': [0] }, 'allowed'),
  conditioned('the negated-operator Deny applies to [1]', SRC.multiValued, LEVEL_DENY, { 'app:level': [1] }, 'explicitDeny'),
  conditioned('a positive-operator Deny applies when one of the values matches', SRC.multiValued, denyIf({ StringEquals: { 'app:team': 'red' } }), { 'app:team': ['blue', 'red'] }, 'explicitDeny'),
  conditioned('an array cannot widen an Allow: ["blue", "red"] is not "blue"', SRC.multiValued, TEAM_ALLOW, { 'app:team': ['blue', 'red'] }, 'implicitDeny'),
  conditioned('an Allow applies when every value matches', SRC.multiValued, allowIf({ StringEquals: { 'app:team': ['blue', 'red'] } }), { 'app:team': ['blue', 'red'] }, 'allowed'),
  conditioned('an Allow reads an array of one as its value', SRC.multiValued, TEAM_ALLOW, { 'app:team': ['blue'] }, 'allowed'),
  conditioned('an Allow with a negated operator applies only when no value is listed', SRC.multiValued, allowIf({ StringNotEquals: { 'app:team': 'red' } }), { 'app:team': ['blue', 'red'] }, 'implicitDeny'),
  // A trailing * in a Resource segment expands beyond the colons.
  resourceEntry('Resource arn:aws:sqs:us-*:orders-queue matches the queue in us-east-1', allow('sqs:*', 'arn:aws:sqs:us-*:orders-queue'), QUEUE, 'allowed'),
  resourceEntry('Resource arn:aws:sqs:us-*:orders-queue does not match eu-west-1', allow('sqs:*', 'arn:aws:sqs:us-*:orders-queue'), `arn:aws:sqs:eu-west-1:${A}:orders-queue`, 'implicitDeny'),
  resourceEntry('Resource arn:aws:sqs:us-*:orders-queue does not match another queue', allow('sqs:*', 'arn:aws:sqs:us-*:orders-queue'), `arn:aws:sqs:us-east-1:${A}:orders-queue-dlq`, 'implicitDeny'),
  resourceEntry('a Deny on arn:aws:sqs:us-*:orders-queue denies the queue', deny('sqs:*', 'arn:aws:sqs:us-*:orders-queue'), QUEUE, 'explicitDeny'),
  resourceEntry('Resource arn:aws:sqs:* matches every SQS ARN', allow('sqs:*', 'arn:aws:sqs:*'), QUEUE, 'allowed'),
  resourceEntry('Resource arn:aws:s3:* does not match an SQS ARN', allow('sqs:*', 'arn:aws:s3:*'), QUEUE, 'implicitDeny'),
  resourceEntry('NotResource arn:aws:sqs:* leaves the queue out of an Allow', { Effect: 'Allow', Action: 'sqs:*', NotResource: 'arn:aws:sqs:*' }, QUEUE, 'implicitDeny'),
  resourceEntry('Resource arn:aws:sqs:us-east-1:*:orders-queue: the account star may take colons', allow('sqs:*', 'arn:aws:sqs:us-east-1:*:orders-queue'), `arn:aws:sqs:us-east-1:${A}:x:orders-queue`, 'allowed'),
  resourceEntry('a star inside a segment still stops at colons', allow('sqs:*', 'arn:aws:sqs:us-*-1:*:orders-queue'), `arn:aws:sqs:us-east:x-1:${A}:orders-queue`, 'implicitDeny'),
  kase('Resource arn:aws:s3:* matches an S3 object', SRC.resourceWildcards, req(ALICE, 's3:GetObject', OBJ), { identityPolicies: [doc(allow('s3:GetObject', 'arn:aws:s3:*'))] }, 'allowed'),
  kase('a Resource of fewer segments without a trailing star is refused', SRC.resource, req(ALICE, 's3:GetObject', OBJ), { identityPolicies: [doc(allow('s3:GetObject', 'arn:aws:s3:bucket'))] }, 'error'),
  kase('ArnLike "*" is refused: ARN operators compare six segments', SRC.conditionOperators, req(ALICE, 's3:GetObject', OBJ),
    { identityPolicies: [doc(allowIf({ ArnLike: { 'aws:SourceArn': '*' } }))] }, 'error'),
  conditioned('ArnLike arn:*:*:*:*:* matches any ARN', SRC.conditionOperators, allowIf({ ArnLike: { 'aws:SourceArn': 'arn:*:*:*:*:*' } }), { 'aws:SourceArn': QUEUE }, 'allowed'),
  conditioned('ArnLike does not expand a trailing star beyond colons', SRC.conditionOperators, allowIf({ ArnLike: { 'aws:SourceArn': 'arn:aws:sqs:us-*:*:orders-queue' } }), { 'aws:SourceArn': `arn:aws:sqs:us-east-1:x:${A}:orders-queue` }, 'implicitDeny'),

  conditioned('ForAnyValue still reads the array as a set', SRC.setOperators, allowIf({ 'ForAnyValue:StringEquals': { 'app:team': 'blue' } }), { 'app:team': ['blue', 'red'] }, 'allowed'),
]

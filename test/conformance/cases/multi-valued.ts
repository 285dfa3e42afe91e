/**
 * Several keys and values, and the set operators for multivalued keys.
 *
 * AWS "Conditions with multiple context keys or values": operators are ANDed, keys under one
 * operator are ANDed, values of one key are ORed (NORed for a negated operator).
 * AWS "Creating a condition that tests multiple key values (set operations)" and "Single-valued
 * vs. multivalued context keys": `ForAllValues` "returns true if there's a match between every
 * one of the specified key values in the request and at least one value in the policy", "also
 * returns true if there are no context keys in the request"; `ForAnyValue` returns true "if any
 * one of the key values in the request matches any one of the condition values"; "If the key
 * values in the request resolve to an empty data set …, a condition operator modified by
 * ForAllValues returns true, and a condition operator modified by ForAnyValue returns false."
 * AWS "Multivalued context key examples": the `ForAllValues:StringNotLike` Deny table
 * (key1:legal → no match, key2:audit → match, no aws:TagKeys → match) and the
 * `ForAnyValue:StringEquals` Deny table.
 */
import { ALICE, MISSING, OBJECT, allow, conditionCases, doc, req, row } from '../build.js'
import { SRC } from '../sources.js'
import type { ConformanceCase } from '../types.js'

const ATTRS = 'dynamodb:requestedAttributes'
const TK = 'aws:TagKeys'
const ALLOWED_ATTRS = ['PostDateTime', 'Message', 'Tags']

// AWS's example with two operators and three keys (department, role, PrincipalArn).
const block = {
  StringEquals: {
    'aws:PrincipalTag/department': ['finance', 'hr', 'legal'],
    'aws:PrincipalTag/role': ['audit', 'security'],
  },
  ArnLike: { 'aws:PrincipalArn': ['arn:aws:iam::222222222222:user/Ana', 'arn:aws:iam::222222222222:user/Mary'] },
}
const ana = 'arn:aws:iam::222222222222:user/Ana'

function blockCase(name: string, context: Record<string, string>, expected: 'allowed' | 'implicitDeny'): ConformanceCase {
  return {
    name: `AND/OR block example: ${name}`,
    source: SRC.multipleValues,
    request: req(ALICE, 's3:GetObject', OBJECT, context),
    policies: { identityPolicies: [doc(allow('s3:GetObject', '*', { Condition: block }))] },
    expected,
  }
}

const negatedBlock = {
  StringNotEquals: {
    'aws:PrincipalTag/department': ['finance', 'hr', 'legal'],
    'aws:PrincipalTag/role': ['audit', 'security'],
  },
}

function negatedCase(name: string, context: Record<string, string>, expected: 'allowed' | 'implicitDeny'): ConformanceCase {
  return {
    name: `negated AND/NOR block: ${name}`,
    source: SRC.multipleValues,
    request: req(ALICE, 's3:GetObject', OBJECT, context),
    policies: { identityPolicies: [doc(allow('s3:GetObject', '*', { Condition: negatedBlock }))] },
    expected,
  }
}

export const multiValuedCases: ConformanceCase[] = [
  blockCase('every key matches one of its values', { 'aws:PrincipalTag/department': 'hr', 'aws:PrincipalTag/role': 'audit', 'aws:PrincipalArn': ana }, 'allowed'),
  blockCase('a department outside the list fails the whole block', { 'aws:PrincipalTag/department': 'sales', 'aws:PrincipalTag/role': 'audit', 'aws:PrincipalArn': ana }, 'implicitDeny'),
  blockCase('a missing role tag fails the whole block', { 'aws:PrincipalTag/department': 'hr', 'aws:PrincipalArn': ana }, 'implicitDeny'),
  blockCase('a PrincipalArn outside the list fails the second operator', { 'aws:PrincipalTag/department': 'hr', 'aws:PrincipalTag/role': 'audit', 'aws:PrincipalArn': 'arn:aws:iam::222222222222:user/Bob' }, 'implicitDeny'),
  negatedCase('both tags outside their lists', { 'aws:PrincipalTag/department': 'sales', 'aws:PrincipalTag/role': 'dev' }, 'allowed'),
  negatedCase('one tag inside its list', { 'aws:PrincipalTag/department': 'sales', 'aws:PrincipalTag/role': 'audit' }, 'implicitDeny'),
  negatedCase('both tags missing', {}, 'allowed'),
  negatedCase('one tag missing, the other outside its list', { 'aws:PrincipalTag/role': 'dev' }, 'allowed'),

  ...conditionCases(SRC.setOperators, [
    row('ForAllValues:StringLike', ATTRS, ALLOWED_ATTRS, ['PostDateTime', 'Message'], true, 'the DynamoDB Thread example'),
    row('ForAllValues:StringLike', ATTRS, ALLOWED_ATTRS, ['PostDateTime', 'UserName'], false, 'the DynamoDB Thread example'),
    row('ForAllValues:StringLike', ATTRS, ALLOWED_ATTRS, ['ID'], false, 'the DynamoDB Thread example'),
    row('ForAllValues:StringLike', ATTRS, ALLOWED_ATTRS, [], true, 'an empty set'),
    row('ForAllValues:StringLike', ATTRS, ALLOWED_ATTRS, MISSING, true, 'no key in the request'),
    row('ForAllValues:StringLike', ATTRS, ALLOWED_ATTRS, 'Message', true, 'a single value is a set of one'),
    row('ForAllValues:StringLike', ATTRS, ALLOWED_ATTRS, 'ID', false, 'a single value is a set of one'),
    row('ForAllValues:StringLike', ATTRS, ['Post*'], ['PostDateTime', 'PostTitle'], true, 'wildcards per value'),
    row('ForAnyValue:StringLike', ATTRS, ['ID', 'PostDateTime'], ['UserName', 'Message', 'PostDateTime'], true, 'the PutItem Deny example'),
    row('ForAnyValue:StringLike', ATTRS, ['ID', 'PostDateTime'], ['UserName'], false, 'the PutItem Deny example'),
    row('ForAnyValue:StringLike', ATTRS, ['ID', 'PostDateTime'], [], false, 'an empty set'),
    row('ForAnyValue:StringLike', ATTRS, ['ID', 'PostDateTime'], MISSING, false, 'no key in the request'),
    row('ForAnyValue:StringLike', ATTRS, ['ID', 'PostDateTime'], 'ID', true, 'a single value is a set of one'),
  ]),
  ...conditionCases(SRC.multiValuedExamples, [
    row('ForAllValues:StringNotLike', TK, 'key1*', ['key1:legal'], false, 'the DenyRestrictedTags table'),
    row('ForAllValues:StringNotLike', TK, 'key1*', ['key1:hr', 'key1:personnel'], false, 'the DenyRestrictedTags table'),
    row('ForAllValues:StringNotLike', TK, 'key1*', ['key2:audit'], true, 'the DenyRestrictedTags table'),
    row('ForAllValues:StringNotLike', TK, 'key1*', MISSING, true, 'the DenyRestrictedTags table: no aws:TagKeys'),
    row('ForAllValues:StringNotLike', TK, 'key1*', ['key1:hr', 'key2:audit'], false, 'one value is like key1*'),
    row('ForAllValues:StringNotLike', TK, ['key1*', 'key2*'], ['key2:audit'], false, 'NOR over the policy values for each request value'),
    row('ForAllValues:StringNotLike', TK, ['key1*', 'key2*'], ['key3:x', 'key4:y'], true, 'NOR over the policy values for each request value'),
    row('ForAnyValue:StringEquals', TK, ['webserver'], ['webserver'], true, 'the ForAnyValue Deny table'),
    row('ForAnyValue:StringEquals', TK, ['webserver'], ['environment', 'webserver', 'test'], true, 'the ForAnyValue Deny table'),
    row('ForAnyValue:StringEquals', TK, ['webserver'], ['environment', 'test'], false, 'the ForAnyValue Deny table'),
    row('ForAnyValue:StringEquals', TK, ['webserver'], MISSING, false, 'the ForAnyValue Deny table: no aws:TagKeys'),
    row('ForAnyValue:StringEquals', TK, ['webserver'], ['WebServer'], false, 'case-sensitive'),
    row('ForAnyValue:StringEqualsIgnoreCase', TK, ['webserver'], ['WebServer'], true, 'IgnoreCase under a set operator'),
    row('ForAllValues:StringEquals', TK, ['environment', 'cost-center'], ['environment'], true),
    row('ForAllValues:StringEquals', TK, ['environment', 'cost-center'], ['environment', 'cost-center'], true),
    row('ForAllValues:StringEquals', TK, ['environment', 'cost-center'], ['environment', 'owner'], false),
    row('ForAllValues:StringEquals', TK, ['environment', 'cost-center'], ['Environment'], false, 'case-sensitive'),
    row('ForAllValues:StringEquals', TK, ['environment', 'cost-center'], MISSING, true, 'no aws:TagKeys'),
    row('ForAllValues:StringEquals', TK, ['environment', 'cost-center'], [], true, 'an empty set'),
    row('ForAllValues:StringEqualsIgnoreCase', TK, ['environment'], ['ENVIRONMENT', 'Environment'], true),
    row('ForAllValues:StringNotEquals', TK, ['environment', 'cost-center'], ['owner', 'team'], true, 'every value is in neither'),
    row('ForAllValues:StringNotEquals', TK, ['environment', 'cost-center'], ['owner', 'environment'], false),
    row('ForAllValues:StringNotEquals', TK, ['environment', 'cost-center'], MISSING, true, 'ForAllValues on a missing key'),
    row('ForAllValues:StringNotEquals', TK, ['environment', 'cost-center'], [], true, 'ForAllValues on an empty set'),
    row('ForAnyValue:StringNotEquals', TK, ['environment', 'cost-center'], ['environment', 'owner'], true, 'owner is in neither'),
    row('ForAnyValue:StringNotEquals', TK, ['environment', 'cost-center'], ['environment', 'cost-center'], false, 'every value is in the list'),
    row('ForAnyValue:StringNotEquals', TK, ['environment', 'cost-center'], ['environment'], false),
    row('ForAnyValue:StringNotEquals', TK, ['environment', 'cost-center'], MISSING, false, 'ForAnyValue on a missing key'),
    row('ForAnyValue:StringNotEquals', TK, ['environment', 'cost-center'], [], false, 'ForAnyValue on an empty set'),
    row('ForAnyValue:StringNotLike', TK, 'key1*', ['key1:a', 'key2:b'], true),
    row('ForAnyValue:StringNotLike', TK, 'key1*', ['key1:a'], false),
    row('ForAnyValue:StringLike', 'aws:PrincipalOrgPaths', ['o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*'], ['o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/'], true, 'an organization path'),
    row('ForAnyValue:StringLike', 'aws:PrincipalOrgPaths', ['o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*'], ['o-a1b2c3d4e5/r-ab12/ou-ab12-33333333/'], false, 'an organization path'),
    row('ForAnyValue:ArnLike', 'app:SourceArns', ['arn:aws:sns:*:123456789012:*'], ['arn:aws:sns:us-east-1:999999999999:t', 'arn:aws:sns:us-east-1:123456789012:t'], true, 'ARN operators under a set operator'),
    row('ForAllValues:ArnLike', 'app:SourceArns', ['arn:aws:sns:*:123456789012:*'], ['arn:aws:sns:us-east-1:999999999999:t', 'arn:aws:sns:us-east-1:123456789012:t'], false, 'ARN operators under a set operator'),
  ]),
  // "If the key values in the request resolve to an empty data set (for example, an empty
  // string), a condition operator modified by ForAllValues returns true, and a condition operator
  // modified by ForAnyValue returns false."
  ...conditionCases(SRC.setOperators, [
    row('ForAllValues:StringEquals', TK, ['environment'], '', true, 'an empty string is an empty data set'),
    row('ForAllValues:StringLike', ATTRS, ALLOWED_ATTRS, '', true, 'an empty string is an empty data set'),
    row('ForAnyValue:StringEquals', TK, ['environment'], '', false, 'an empty string is an empty data set'),
    row('ForAnyValue:StringNotEquals', TK, ['environment'], '', false, 'an empty string is an empty data set'),
    row('ForAnyValue:StringNotLike', TK, 'key1*', '', false, 'an empty string is an empty data set'),
    row('ForAllValues:StringNotLike', TK, 'key1*', '', true, 'an empty string is an empty data set'),
  ]),
  // "…context keys with empty values…": Null false requires a key that exists with a value.
  ...conditionCases(SRC.multiValuedExamples, [
    row('Null', TK, 'false', [], false, 'an empty multivalued key has no value'),
    row('Null', TK, 'true', [], true, 'an empty multivalued key has no value'),
  ]),
  // "You can prevent missing context keys … from evaluating to true by including a Null
  // condition operator in your policy with a value of false."
  ...[
    [['environment'], 'allowed'],
    [['owner'], 'implicitDeny'],
    [undefined, 'implicitDeny'],
    [[], 'implicitDeny'],
  ].map(([tags, expected]): ConformanceCase => ({
    name: `ForAllValues:StringEquals guarded by Null false against ${tags === undefined ? 'a missing key' : JSON.stringify(tags)}`,
    source: SRC.multiValuedExamples,
    request: req(ALICE, 'iam:TagUser', `arn:aws:iam::111122223333:user/bob`, tags === undefined ? {} : { [TK]: tags as string[] }),
    policies: {
      identityPolicies: [doc(allow('iam:TagUser', '*', {
        Condition: { 'ForAllValues:StringEquals': { [TK]: ['environment', 'cost-center'] }, Null: { [TK]: 'false' } },
      }))],
    },
    expected: expected as 'allowed' | 'implicitDeny',
  })),
]

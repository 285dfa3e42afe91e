import { describe, expect, it } from 'vitest'
import { validatePolicy } from '../../src/policy/validate.js'
import type { JsonPath, ValidateResult } from '../../src/policy/types.js'

function issues(result: ValidateResult): Array<{ code: string; path: JsonPath }> {
  return result.ok ? [] : result.issues.map(({ code, path }) => ({ code, path }))
}

function withCondition(condition: unknown, effect = 'Deny', version = '2012-10-17'): Record<string, unknown> {
  return { Version: version, Statement: [{ Effect: effect, Action: 'docs:DeleteDocument', Resource: '*', Condition: condition }] }
}

const at = (...rest: JsonPath): JsonPath => ['Statement', 0, 'Condition', ...rest]

describe('validatePolicy and the Condition element', () => {
  it('refuses an unknown operator in a Deny instead of ignoring it, which would make the Deny inert', () => {
    const doc = withCondition({ StringEqualsIgnoringCase: { 'aws:username': 'bob' } })
    expect(issues(validatePolicy(doc))).toEqual([{ code: 'unknown-operator', path: at('StringEqualsIgnoringCase') }])
  })

  it('matches operator names case-sensitively, as AWS does', () => {
    expect(issues(validatePolicy(withCondition({ stringequals: { 'aws:username': 'bob' } })))).toEqual([
      { code: 'unknown-operator', path: at('stringequals') },
    ])
  })

  it('accepts the IfExists and set-qualified forms (reference_policies_elements_condition_operators.html)', () => {
    const doc = withCondition({
      StringLikeIfExists: { 'ec2:InstanceType': ['t1.*', 't2.*', 'm3.*'] },
      'ForAllValues:StringEquals': { 'aws:TagKeys': ['environment', 'cost-center'] },
      'ForAnyValue:StringEquals': { 'aws:TagKeys': 'environment' },
      Null: { 'aws:TokenIssueTime': 'true' },
    })
    expect(validatePolicy(doc).ok).toBe(true)
  })

  it('refuses values the operator cannot parse, each at its key', () => {
    const doc = withCondition({
      NumericLessThan: { 'aws:MultiFactorAuthAge': 'soon' },
      DateGreaterThan: { 'aws:CurrentTime': 'yesterday' },
      IpAddress: { 'aws:SourceIp': '203.0.113.0/33' },
      Bool: { 'aws:SecureTransport': 'yes' },
      Null: { 'aws:TokenIssueTime': 'maybe' },
    })
    expect(issues(validatePolicy(doc))).toEqual([
      { code: 'invalid-condition-value', path: at('NumericLessThan', 'aws:MultiFactorAuthAge') },
      { code: 'invalid-condition-value', path: at('DateGreaterThan', 'aws:CurrentTime') },
      { code: 'invalid-condition-value', path: at('IpAddress', 'aws:SourceIp') },
      { code: 'invalid-condition-value', path: at('Bool', 'aws:SecureTransport') },
      { code: 'invalid-condition-value', path: at('Null', 'aws:TokenIssueTime') },
    ])
  })

  it('refuses malformed policy variables in string and ARN values under 2012-10-17 only', () => {
    const broken = { StringEquals: { 's3:prefix': '${aws:username' } }
    const result = validatePolicy(withCondition(broken))
    expect(issues(result).map((i) => i.path)).toEqual([at('StringEquals', 's3:prefix')])
    expect(validatePolicy(withCondition(broken, 'Deny', '2008-10-17')).ok).toBe(true)
  })

  it('refuses IfExists and set qualifiers on Null', () => {
    const doc = withCondition({ NullIfExists: { 'aws:TokenIssueTime': 'true' }, 'ForAllValues:Null': { 'aws:TagKeys': 'false' } })
    expect(issues(validatePolicy(doc))).toEqual([
      { code: 'null-with-if-exists', path: at('NullIfExists') },
      { code: 'null-with-qualifier', path: at('ForAllValues:Null') },
    ])
  })

  it('refuses the same key twice under one operator, since key names are case-insensitive', () => {
    const doc = withCondition({ StringEquals: { 'aws:username': 'a', 'AWS:UserName': 'b' } })
    expect(issues(validatePolicy(doc))).toEqual([{ code: 'duplicate-condition-key', path: at('StringEquals', 'AWS:UserName') }])
  })

  it('checks the shape: operators map to objects of keys, keys to scalars or non-empty arrays of scalars', () => {
    const doc = withCondition({
      StringEquals: 'bob',
      StringLike: { 'aws:username': null, '': 'x', 'app:a': [], 'app:b': [['x']], 'app:c': { v: 1 }, 'app:d': [1, true, 'x'] },
    })
    expect(issues(validatePolicy(doc))).toEqual([
      { code: 'invalid-type', path: at('StringEquals') },
      { code: 'invalid-type', path: at('StringLike', 'aws:username') },
      { code: 'empty-value', path: at('StringLike', '') },
      { code: 'empty-value', path: at('StringLike', 'app:a') },
      { code: 'invalid-type', path: at('StringLike', 'app:b', 0) },
      { code: 'invalid-type', path: at('StringLike', 'app:c') },
    ])
  })

  it('refuses a non-finite number as a condition value', () => {
    expect(issues(validatePolicy(withCondition({ NumericEquals: { 'app:n': Number.NaN } })))).toEqual([
      { code: 'invalid-type', path: at('NumericEquals', 'app:n') },
    ])
  })
})

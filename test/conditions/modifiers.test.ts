// AWS pages this file follows:
// - "Condition operators" (missing keys; ...IfExists):
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// - "Conditions with multiple context keys or values" (OR of values; NOR for negated operators):
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html
// - "Single-valued vs. multivalued context keys" (ForAllValues / ForAnyValue, empty and missing keys):
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { holds } from './helpers.js'

const tags = 'aws:TagKeys'

describe('missing keys', () => {
  const negated = ['StringNotEquals', 'StringNotEqualsIgnoreCase', 'StringNotLike', 'NumericNotEquals', 'DateNotEquals', 'NotIpAddress', 'ArnNotEquals', 'ArnNotLike']
  const values: Record<string, string> = { Numeric: '1', Date: '2020-01-01', Ip: '10.0.0.0/8', Arn: 'arn:aws:s3:::b' }
  const valueFor = (op: string): string => values[Object.keys(values).find((f) => op.startsWith(f) || op.includes(f)) ?? ''] ?? 'x'

  it.each(negated)('%s is true when the key is missing', (op) => {
    expect(holds(op, 'k', valueFor(op), {})).toBe(true)
  })

  it.each(['StringEquals', 'StringLike', 'NumericEquals', 'DateEquals', 'IpAddress', 'ArnLike', 'Bool', 'BinaryEquals'])(
    '%s is false when the key is missing, and its IfExists form is true',
    (op) => {
      const value = op === 'Bool' ? 'true' : op === 'BinaryEquals' ? 'QQ==' : valueFor(op)
      expect(holds(op, 'k', value, {})).toBe(false)
      expect(holds(`${op}IfExists`, 'k', value, {})).toBe(true)
    },
  )

  it('IfExists still tests a key that is present', () => {
    expect(holds('StringEqualsIfExists', 'k', 'a', { k: 'b' })).toBe(false)
    expect(holds('StringEqualsIfExists', 'k', 'a', { k: 'a' })).toBe(true)
    expect(holds('StringNotEqualsIfExists', 'k', 'a', { k: 'a' })).toBe(false)
  })
})

describe('ForAllValues', () => {
  const op = 'ForAllValues:StringEquals'
  it('is true when every request value is in the policy set', () => {
    expect(holds(op, tags, ['environment', 'cost-center'], { [tags]: ['environment'] })).toBe(true)
    expect(holds(op, tags, ['environment', 'cost-center'], { [tags]: ['environment', 'cost-center'] })).toBe(true)
    expect(holds(op, tags, ['environment', 'cost-center'], { [tags]: ['environment', 'owner'] })).toBe(false)
  })

  it('is true when the key is missing or an empty set', () => {
    expect(holds(op, tags, ['environment'], {})).toBe(true)
    expect(holds(op, tags, ['environment'], { [tags]: [] })).toBe(true)
  })

  it('applies a negated operator to each request value', () => {
    // True when no request value is in the policy set.
    expect(holds('ForAllValues:StringNotEquals', tags, ['a', 'b'], { [tags]: ['c', 'd'] })).toBe(true)
    expect(holds('ForAllValues:StringNotEquals', tags, ['a', 'b'], { [tags]: ['c', 'a'] })).toBe(false)
    expect(holds('ForAllValues:StringNotEquals', tags, ['a'], {})).toBe(true)
  })

  it('works with a wildcard operator', () => {
    expect(holds('ForAllValues:StringLike', tags, ['env*'], { [tags]: ['env', 'environment'] })).toBe(true)
    expect(holds('ForAllValues:StringLike', tags, ['env*'], { [tags]: ['env', 'owner'] })).toBe(false)
  })
})

describe('ForAnyValue', () => {
  const op = 'ForAnyValue:StringEquals'
  it('is true when at least one request value is in the policy set', () => {
    expect(holds(op, tags, ['environment', 'cost-center'], { [tags]: ['owner', 'environment'] })).toBe(true)
    expect(holds(op, tags, ['environment', 'cost-center'], { [tags]: ['owner'] })).toBe(false)
  })

  it('is false when the key is missing or an empty set', () => {
    expect(holds(op, tags, ['environment'], {})).toBe(false)
    expect(holds(op, tags, ['environment'], { [tags]: [] })).toBe(false)
  })

  it('is true on a missing key with IfExists', () => {
    expect(holds('ForAnyValue:StringEqualsIfExists', tags, ['environment'], {})).toBe(true)
  })

  it('applies a negated operator to each request value', () => {
    // True when at least one request value is outside the policy set.
    expect(holds('ForAnyValue:StringNotEquals', tags, ['a', 'b'], { [tags]: ['a', 'c'] })).toBe(true)
    expect(holds('ForAnyValue:StringNotEquals', tags, ['a', 'b'], { [tags]: ['a', 'b'] })).toBe(false)
    expect(holds('ForAnyValue:StringNotEquals', tags, ['a'], {})).toBe(false)
  })

  it('treats a single-valued context value as a set of one', () => {
    expect(holds(op, 'k', ['a'], { k: 'a' })).toBe(true)
    expect(holds('ForAllValues:StringEquals', 'k', ['a'], { k: 'b' })).toBe(false)
  })
})

// "Single-valued vs. multivalued context keys": "Multivalued context keys require a condition set
// operator" — AWS never gives an operator without ForAllValues/ForAnyValue several request values.
// When an app does, the condition reads them so that nothing is widened: in a Deny it holds when it
// holds for ANY one of the values, in an Allow only when it holds for EVERY one of them.
describe('a several-valued context value without a set qualifier', () => {
  const level = 'app:level'

  it('applies a Deny whose negated operator one of the values satisfies (issue 9, attack 3)', () => {
    expect(holds('NumericNotEquals', level, '0', { [level]: [0, 1] }, undefined, 'Deny')).toBe(true)
    expect(holds('NumericNotEquals', level, '0', { [level]: [0, 0] }, undefined, 'Deny')).toBe(false)
    expect(holds('StringNotEquals', tags, 'a', { [tags]: ['x', 'a'] }, undefined, 'Deny')).toBe(true)
    expect(holds('StringNotLike', tags, 'a*', { [tags]: ['ab', 'b'] }, undefined, 'Deny')).toBe(true)
    expect(holds('NotIpAddress', 'aws:SourceIp', '10.0.0.0/8', { 'aws:SourceIp': ['10.0.0.1', '192.0.2.1'] }, undefined, 'Deny')).toBe(true)
  })

  it('applies a Deny whose positive operator one of the values satisfies', () => {
    expect(holds('StringEquals', tags, 'a', { [tags]: ['x', 'a'] }, undefined, 'Deny')).toBe(true)
    expect(holds('StringEquals', tags, 'a', { [tags]: ['x', 'y'] }, undefined, 'Deny')).toBe(false)
    expect(holds('NumericGreaterThan', level, '5', { [level]: [1, 9] }, undefined, 'Deny')).toBe(true)
  })

  it('lets an Allow apply only when every value satisfies its operator', () => {
    expect(holds('StringEquals', tags, 'a', { [tags]: ['x', 'a'] }, undefined, 'Allow')).toBe(false)
    expect(holds('StringEquals', tags, ['a', 'x'], { [tags]: ['x', 'a'] }, undefined, 'Allow')).toBe(true)
    expect(holds('NumericNotEquals', level, '0', { [level]: [0, 1] }, undefined, 'Allow')).toBe(false)
    expect(holds('NumericNotEquals', level, '0', { [level]: [2, 1] }, undefined, 'Allow')).toBe(true)
    expect(holds('StringNotEquals', tags, 'a', { [tags]: ['x', 'y'] }, undefined, 'Allow')).toBe(true)
  })

  it('reads an array of one value as that value, whatever the effect', () => {
    for (const effect of ['Allow', 'Deny'] as const) {
      expect(holds('StringEquals', tags, 'a', { [tags]: ['a'] }, undefined, effect)).toBe(true)
      expect(holds('StringNotEquals', tags, 'a', { [tags]: ['a'] }, undefined, effect)).toBe(false)
      expect(holds('NumericNotEquals', level, '0', { [level]: [1] }, undefined, effect)).toBe(true)
    }
  })

  it('treats an empty array as a missing key', () => {
    for (const effect of ['Allow', 'Deny'] as const) {
      expect(holds('StringEquals', tags, 'a', { [tags]: [] }, undefined, effect)).toBe(false)
      expect(holds('StringNotEquals', tags, 'a', { [tags]: [] }, undefined, effect)).toBe(true)
      expect(holds('StringEqualsIfExists', tags, 'a', { [tags]: [] }, undefined, effect)).toBe(true)
    }
  })

  it('agrees with "any value" for a Deny and "every value" for an Allow on random sets', () => {
    const word = fc.constantFrom<string>('a', 'b', 'c')
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 2 }), fc.array(word, { minLength: 1, maxLength: 4 }), (policy, request) => {
        const inPolicy = (w: string): boolean => policy.includes(w)
        expect(holds('StringEquals', 'k', policy, { k: request }, undefined, 'Deny')).toBe(request.some(inPolicy))
        expect(holds('StringEquals', 'k', policy, { k: request }, undefined, 'Allow')).toBe(request.every(inPolicy))
        expect(holds('StringNotEquals', 'k', policy, { k: request }, undefined, 'Deny')).toBe(request.some((w) => !inPolicy(w)))
        expect(holds('StringNotEquals', 'k', policy, { k: request }, undefined, 'Allow')).toBe(request.every((w) => !inPolicy(w)))
      }),
    )
  })
})

describe('set semantics against a reference', () => {
  it('ForAllValues and ForAnyValue agree with subset / intersection on random sets', () => {
    const word = fc.constantFrom<string>('a', 'b', 'c', 'd')
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 3 }), fc.array(word, { maxLength: 4 }), (policy, request) => {
        const inPolicy = (w: string): boolean => policy.includes(w)
        expect(holds('ForAllValues:StringEquals', 'k', policy, { k: request })).toBe(request.every(inPolicy))
        expect(holds('ForAnyValue:StringEquals', 'k', policy, { k: request })).toBe(request.some(inPolicy))
        expect(holds('ForAllValues:StringNotEquals', 'k', policy, { k: request })).toBe(request.every((w) => !inPolicy(w)))
        expect(holds('ForAnyValue:StringNotEquals', 'k', policy, { k: request })).toBe(request.some((w) => !inPolicy(w)))
      }),
    )
  })
})

// AWS: "IAM JSON policy elements: Condition operators", Numeric condition operators
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Numeric
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkConditionValues, parseNumber } from '../../src/conditions/index.js'
import { holds } from './helpers.js'

const v = { version: '2012-10-17' as const }

describe('Numeric operators', () => {
  it('compare as AWS documents (s3:max-keys example)', () => {
    expect(holds('NumericLessThanEquals', 's3:max-keys', '10', { 's3:max-keys': '10' })).toBe(true)
    expect(holds('NumericLessThanEquals', 's3:max-keys', '10', { 's3:max-keys': 11 })).toBe(false)
    expect(holds('NumericLessThan', 'n', '10', { n: 9.5 })).toBe(true)
    expect(holds('NumericLessThan', 'n', '10', { n: 10 })).toBe(false)
    expect(holds('NumericGreaterThan', 'n', 10, { n: '10.5' })).toBe(true)
    expect(holds('NumericGreaterThanEquals', 'n', '-1', { n: -1 })).toBe(true)
    expect(holds('NumericEquals', 'n', '1.50', { n: '1.5' })).toBe(true)
    expect(holds('NumericNotEquals', 'n', ['1', '2'], { n: 3 })).toBe(true)
    expect(holds('NumericNotEquals', 'n', ['1', '2'], { n: 2 })).toBe(false)
  })

  it('agree with JavaScript comparison on random numbers', () => {
    const num = fc.integer({ min: -1000, max: 1000 }).map((n) => n / 4)
    fc.assert(
      fc.property(num, num, (policy, context) => {
        expect(holds('NumericLessThan', 'n', String(policy), { n: context })).toBe(context < policy)
        expect(holds('NumericGreaterThanEquals', 'n', policy, { n: String(context) })).toBe(context >= policy)
        expect(holds('NumericNotEquals', 'n', policy, { n: context })).toBe(context !== policy)
      }),
    )
  })

  it('match nothing for a context value that is not a number', () => {
    expect(holds('NumericEquals', 'n', '1', { n: 'one' })).toBe(false)
    expect(holds('NumericEquals', 'n', '1', { n: true })).toBe(false)
    expect(holds('NumericEquals', 'n', '1', { n: ' 1' })).toBe(false)
  })

  it('are false on a missing key, except NumericNotEquals', () => {
    expect(holds('NumericEquals', 'n', '1', {})).toBe(false)
    expect(holds('NumericNotEquals', 'n', '1', {})).toBe(true)
  })

  it('refuse policy values that are not numbers, and policy variables', () => {
    expect(checkConditionValues('NumericEquals', 'n', ['1', 'x'], v)).toEqual([expect.stringContaining('"x" is not a number')])
    expect(checkConditionValues('NumericEquals', 'n', ['${aws:EpochTime}'], v)).toHaveLength(1)
    expect(checkConditionValues('NumericEquals', 'n', [true], v)).toHaveLength(1)
    expect(checkConditionValues('NumericEquals', 'n', ['1e3'], v)).toHaveLength(1)
    expect(checkConditionValues('NumericEquals', 'n', ['-1.5', 2, '.5'], v)).toEqual([])
  })

  it('parse plain decimal numbers only', () => {
    expect(parseNumber('12')).toBe(12)
    expect(parseNumber('0x10')).toBeUndefined()
    expect(parseNumber('')).toBeUndefined()
    expect(parseNumber(Number.NaN)).toBeUndefined()
  })
})

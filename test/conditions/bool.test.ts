// AWS: "IAM JSON policy elements: Condition operators", Boolean condition operators
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Boolean
import { describe, expect, it } from 'vitest'
import { checkConditionValues } from '../../src/conditions/index.js'
import { holds } from './helpers.js'

const v = { version: '2012-10-17' as const }

describe('Bool', () => {
  it('matches aws:SecureTransport given as a boolean or a string in any case', () => {
    expect(holds('Bool', 'aws:SecureTransport', 'true', { 'aws:SecureTransport': true })).toBe(true)
    expect(holds('Bool', 'aws:SecureTransport', 'true', { 'aws:SecureTransport': 'TRUE' })).toBe(true)
    expect(holds('Bool', 'aws:SecureTransport', true, { 'aws:SecureTransport': 'false' })).toBe(false)
    expect(holds('Bool', 'aws:SecureTransport', 'False', { 'aws:SecureTransport': false })).toBe(true)
  })

  it('matches nothing for a context value that is not a boolean', () => {
    expect(holds('Bool', 'k', 'true', { k: 'yes' })).toBe(false)
    expect(holds('Bool', 'k', 'true', { k: 1 })).toBe(false)
  })

  it('is false on a missing key, and BoolIfExists is true there', () => {
    // The aws:MultiFactorAuthPresent example of the Condition operators page.
    expect(holds('Bool', 'aws:MultiFactorAuthPresent', 'false', {})).toBe(false)
    expect(holds('BoolIfExists', 'aws:MultiFactorAuthPresent', 'false', {})).toBe(true)
    expect(holds('BoolIfExists', 'aws:MultiFactorAuthPresent', 'false', { 'aws:MultiFactorAuthPresent': true })).toBe(false)
  })

  it('resolves policy variables in values', () => {
    expect(holds('Bool', 'k', '${other}', { k: true, other: 'true' })).toBe(true)
    expect(holds('Bool', 'k', '${other}', { k: true, other: false })).toBe(false)
    expect(holds('Bool', 'k', '${other}', { k: true })).toBe(false)
  })

  it('refuses values other than true and false', () => {
    expect(checkConditionValues('Bool', 'k', ['yes'], v)).toEqual([expect.stringContaining('not true or false')])
    expect(checkConditionValues('Bool', 'k', [1], v)).toHaveLength(1)
    expect(checkConditionValues('Bool', 'k', ['TRUE', false, '${x}'], v)).toEqual([])
  })
})

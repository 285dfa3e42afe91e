// AWS: "IAM JSON policy elements: Condition operators", Binary condition operators
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_BinaryEquals
import { describe, expect, it } from 'vitest'
import { checkConditionValues, parseOperatorName } from '../../src/conditions/index.js'
import { holds } from './helpers.js'

const v = { version: '2012-10-17' as const }

describe('BinaryEquals', () => {
  it('compares the bytes encoded in base64', () => {
    expect(holds('BinaryEquals', 'key', 'QmluYXJ5VmFsdWVJbkJhc2U2NA==', { key: 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' })).toBe(true)
    expect(holds('BinaryEquals', 'key', 'QmluYXJ5VmFsdWVJbkJhc2U2NA==', { key: 'QmluYXJ5' })).toBe(false)
    expect(holds('BinaryEquals', 'key', 'QQ==', { key: 'not base64!' })).toBe(false)
    expect(holds('BinaryEquals', 'key', 'QQ==', {})).toBe(false)
    expect(holds('BinaryEqualsIfExists', 'key', 'QQ==', {})).toBe(true)
  })

  it('refuses values that are not base64', () => {
    expect(checkConditionValues('BinaryEquals', 'key', ['QQ='], v)).toEqual([expect.stringContaining('not base64')])
    expect(checkConditionValues('BinaryEquals', 'key', [''], v)).toHaveLength(1)
    expect(checkConditionValues('BinaryEquals', 'key', ['QQ=='], v)).toEqual([])
  })

  it('has no BinaryNotEquals, as in AWS', () => {
    expect(parseOperatorName('BinaryNotEquals')).toBeUndefined()
  })
})

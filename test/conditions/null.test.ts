// AWS: "IAM JSON policy elements: Condition operators", Condition operator to check existence of
// condition keys — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Null
import { describe, expect, it } from 'vitest'
import { checkConditionValues } from '../../src/conditions/index.js'
import { holds } from './helpers.js'

const v = { version: '2012-10-17' as const }

describe('Null', () => {
  it('is true for "true" when the key is absent (the aws:TokenIssueTime example)', () => {
    expect(holds('Null', 'aws:TokenIssueTime', 'true', {})).toBe(true)
    expect(holds('Null', 'aws:TokenIssueTime', 'true', { 'aws:TokenIssueTime': '2020-01-01T00:00:00Z' })).toBe(false)
  })

  it('is true for "false" when the key is present, whatever its value', () => {
    expect(holds('Null', 'k', false, { k: '' })).toBe(true)
    expect(holds('Null', 'k', 'false', { k: false })).toBe(true)
    expect(holds('Null', 'k', 'false', {})).toBe(false)
  })

  it('treats an empty multivalued key as absent', () => {
    expect(holds('Null', 'aws:TagKeys', 'true', { 'aws:TagKeys': [] })).toBe(true)
    expect(holds('Null', 'aws:TagKeys', 'false', { 'aws:TagKeys': ['a'] })).toBe(true)
  })

  it('ORs its values', () => {
    expect(holds('Null', 'k', ['true', 'false'], {})).toBe(true)
    expect(holds('Null', 'k', ['true', 'false'], { k: 'x' })).toBe(true)
  })

  it('refuses IfExists, set qualifiers and values other than true/false', () => {
    expect(checkConditionValues('NullIfExists', 'k', ['true'], v)).toEqual([expect.stringContaining('IfExists')])
    expect(checkConditionValues('ForAnyValue:Null', 'k', ['true'], v)).toEqual([expect.stringContaining('ForAnyValue')])
    expect(checkConditionValues('ForAllValues:Null', 'k', ['true'], v)).toEqual([expect.stringContaining('ForAllValues')])
    expect(checkConditionValues('Null', 'k', ['maybe'], v)).toHaveLength(1)
    expect(checkConditionValues('Null', 'k', ['${x}'], v)).toHaveLength(1)
  })
})

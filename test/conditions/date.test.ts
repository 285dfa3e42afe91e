// AWS: "IAM JSON policy elements: Condition operators", Date condition operators
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date
import { describe, expect, it } from 'vitest'
import { checkConditionValues, parseDate } from '../../src/conditions/index.js'
import { holds } from './helpers.js'

const v = { version: '2012-10-17' as const }

describe('Date operators', () => {
  it('compare aws:CurrentTime with an ISO 8601 date', () => {
    expect(holds('DateGreaterThan', 'aws:CurrentTime', '2020-01-01T00:00:00Z', { 'aws:CurrentTime': '2020-01-01T00:00:01Z' })).toBe(true)
    expect(holds('DateLessThan', 'aws:CurrentTime', '2020-01-01T00:00:00Z', { 'aws:CurrentTime': '2020-01-01T00:00:01Z' })).toBe(false)
    expect(holds('DateLessThanEquals', 'aws:CurrentTime', '2020-01-01', { 'aws:CurrentTime': '2020-01-01T00:00:00Z' })).toBe(true)
    expect(holds('DateGreaterThanEquals', 'aws:CurrentTime', '2020-01-01T00:00Z', { 'aws:CurrentTime': '2019-12-31T23:59:59.999Z' })).toBe(false)
  })

  it('accept epoch seconds on either side', () => {
    expect(holds('DateEquals', 'aws:EpochTime', '1577836800', { 'aws:EpochTime': '2020-01-01T00:00:00Z' })).toBe(true)
    expect(holds('DateEquals', 't', '2020-01-01T00:00:00Z', { t: 1577836800 })).toBe(true)
    expect(holds('DateNotEquals', 't', 1577836800, { t: '1577836801' })).toBe(true)
  })

  it('apply time zone offsets', () => {
    expect(holds('DateEquals', 't', '2020-01-01T02:00:00+02:00', { t: '2020-01-01T00:00:00Z' })).toBe(true)
    expect(holds('DateEquals', 't', '2019-12-31T19:00:00-0500', { t: '2020-01-01T00:00:00Z' })).toBe(true)
    expect(holds('DateEquals', 't', '2020-01-01T00:00:00.500Z', { t: '2020-01-01T00:00:00.5Z' })).toBe(true)
  })

  it('are false for a context value that is not a date, and on a missing key', () => {
    expect(holds('DateLessThan', 't', '2020-01-01', { t: 'yesterday' })).toBe(false)
    expect(holds('DateLessThan', 't', '2020-01-01', {})).toBe(false)
    expect(holds('DateNotEquals', 't', '2020-01-01', {})).toBe(true)
  })

  it('refuse policy values that are not dates', () => {
    expect(checkConditionValues('DateLessThan', 't', ['2020-13-01'], v)).toHaveLength(1)
    expect(checkConditionValues('DateLessThan', 't', ['2021-02-29'], v)).toHaveLength(1)
    expect(checkConditionValues('DateLessThan', 't', ['2020-01-01T25:00Z'], v)).toHaveLength(1)
    expect(checkConditionValues('DateLessThan', 't', ['tomorrow'], v)).toEqual([expect.stringContaining('ISO 8601')])
    expect(checkConditionValues('DateLessThan', 't', ['${aws:CurrentTime}'], v)).toHaveLength(1)
    expect(checkConditionValues('DateLessThan', 't', ['2020-02-29', '2020-01-01T00:00:00Z', '1577836800', 1577836800], v)).toEqual([])
  })

  it('parse dates to milliseconds', () => {
    expect(parseDate('2020-01-01T00:00:00Z')).toBe(Date.UTC(2020, 0, 1))
    expect(parseDate('2020-01')).toBe(Date.UTC(2020, 0, 1))
    // Years below 100 are years, not 1900 + n.
    expect(parseDate('0099-01-01')).toBe(new Date('0099-01-01T00:00:00Z').getTime())
    expect(parseDate(true)).toBeUndefined()
  })
})

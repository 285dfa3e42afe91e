// AWS: "IAM JSON policy elements: Condition operators", Amazon Resource Name (ARN) condition operators
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
import { describe, expect, it } from 'vitest'
import { checkConditionValues } from '../../src/conditions/index.js'
import { holds } from './helpers.js'

const v = { version: '2012-10-17' as const }
const src = 'aws:SourceArn'

describe('Arn operators', () => {
  it('match the AWS SNS example with ArnEquals and ArnLike alike (wildcards in both)', () => {
    const policy = 'arn:aws:sns:REGION:123456789012:TOPIC-ID'
    expect(holds('ArnEquals', src, policy, { [src]: policy })).toBe(true)
    expect(holds('ArnLike', src, 'arn:aws:sns:*:123456789012:*', { [src]: policy })).toBe(true)
    expect(holds('ArnEquals', src, 'arn:aws:sns:*:123456789012:*', { [src]: policy })).toBe(true)
  })

  it('compare each segment separately and case-sensitively', () => {
    expect(holds('ArnLike', src, 'arn:aws:s3:::bucket*', { [src]: 'arn:aws:s3:::bucket-a' })).toBe(true)
    expect(holds('ArnLike', src, 'arn:aws:s3:::bucket*', { [src]: 'arn:aws:s3:::Bucket-a' })).toBe(false)
    expect(holds('ArnLike', src, 'arn:aws:*:::x', { [src]: 'arn:aws:s3:us:::x' })).toBe(false)
  })

  it('negate with ArnNotEquals/ArnNotLike, true on a missing key', () => {
    expect(holds('ArnNotLike', src, 'arn:aws:s3:::b*', { [src]: 'arn:aws:s3:::a' })).toBe(true)
    expect(holds('ArnNotEquals', src, 'arn:aws:s3:::b', { [src]: 'arn:aws:s3:::b' })).toBe(false)
    expect(holds('ArnNotLike', src, 'arn:aws:s3:::b*', {})).toBe(true)
    expect(holds('ArnLike', src, 'arn:aws:s3:::b*', {})).toBe(false)
  })

  it('resolve policy variables literally', () => {
    const policy = 'arn:aws:iam::${aws:PrincipalAccount}:role/*'
    expect(holds('ArnLike', 'aws:PrincipalArn', policy, { 'aws:PrincipalArn': 'arn:aws:iam::1:role/r', 'aws:PrincipalAccount': '1' })).toBe(true)
    expect(holds('ArnLike', 'aws:PrincipalArn', policy, { 'aws:PrincipalArn': 'arn:aws:iam::1:role/r', 'aws:PrincipalAccount': '*' })).toBe(false)
    expect(holds('ArnLike', 'aws:PrincipalArn', policy, { 'aws:PrincipalArn': 'arn:aws:iam::1:role/r' })).toBe(false)
  })

  it('match nothing for a context value that is not a string ARN', () => {
    expect(holds('ArnLike', src, 'arn:*:*:*:*:*', { [src]: 5 })).toBe(false)
    expect(holds('ArnLike', src, 'arn:*:*:*:*:*', { [src]: 'arn:aws' })).toBe(false)
  })

  it('refuse values that are not ARNs', () => {
    expect(checkConditionValues('ArnLike', src, ['bucket'], v)).toEqual([expect.stringContaining('not an ARN')])
    // The ARN section compares "each of the six colon-delimited components": "*" alone has one, so
    // it is refused with the six-segment form (or StringLike) as the way to say "any ARN".
    expect(checkConditionValues('ArnLike', src, ['*'], v)).toEqual([expect.stringContaining('arn:*:*:*:*:*')])
    expect(checkConditionValues('ArnNotLike', src, ['*'], v)).toEqual([expect.stringContaining('StringLike')])
    expect(holds('ArnLike', src, 'arn:*:*:*:*:*', { [src]: 'arn:aws:sns:us-east-1:123456789012:topic' })).toBe(true)
    expect(checkConditionValues('ArnLike', src, [5], v)).toHaveLength(1)
    expect(checkConditionValues('ArnLike', src, ['arn:aws:s3:::${x'], v)).toEqual([expect.stringContaining('unterminated')])
    expect(checkConditionValues('ArnLike', src, ['arn:aws:s3:::b', '${aws:PrincipalArn}'], v)).toEqual([])
  })
})

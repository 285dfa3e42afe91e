// AWS: "IAM JSON policy elements: Condition operators", String condition operators
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String
import { describe, expect, it } from 'vitest'
import { holds } from './helpers.js'

describe('StringEquals', () => {
  it('matches exactly and case-sensitively', () => {
    expect(holds('StringEquals', 'aws:PrincipalTag/job-category', 'iamuser-admin', { 'aws:PrincipalTag/job-category': 'iamuser-admin' })).toBe(true)
    expect(holds('StringEquals', 'aws:PrincipalTag/job-category', 'iamuser-admin', { 'aws:PrincipalTag/job-category': 'IAMUser-Admin' })).toBe(false)
  })

  it('looks the key up case-insensitively', () => {
    expect(holds('StringEquals', 'AWS:PRINCIPALTAG/Team', 'red', { 'aws:principaltag/team': 'red' })).toBe(true)
  })

  it('ORs several values of one key', () => {
    expect(holds('StringEquals', 'k', ['a', 'b'], { k: 'b' })).toBe(true)
    expect(holds('StringEquals', 'k', ['a', 'b'], { k: 'c' })).toBe(false)
  })

  it('treats * and ? as ordinary characters', () => {
    expect(holds('StringEquals', 'k', 'a*', { k: 'abc' })).toBe(false)
    expect(holds('StringEquals', 'k', 'a*', { k: 'a*' })).toBe(true)
  })

  it('is false when the key is missing', () => {
    expect(holds('StringEquals', 'k', 'a', {})).toBe(false)
  })

  it('compares numbers and booleans from the policy and the context as text', () => {
    expect(holds('StringEquals', 'k', 42, { k: '42' })).toBe(true)
    expect(holds('StringEquals', 'k', 'true', { k: true })).toBe(true)
    expect(holds('StringEquals', 'k', '7', { k: 7 })).toBe(true)
  })

  it('resolves policy variables in values as literal text', () => {
    expect(holds('StringEquals', 'k', '${aws:username}', { k: 'alice', 'aws:username': 'alice' })).toBe(true)
    expect(holds('StringEquals', 'k', 'team-${aws:username}', { k: 'team-bob', 'aws:username': 'alice' })).toBe(false)
    expect(holds('StringEquals', 'k', '${*}', { k: '*' })).toBe(true)
  })

  it('treats ${...} as plain text under policy version 2008-10-17', () => {
    expect(holds('StringEquals', 'k', '${aws:username}', { k: '${aws:username}', 'aws:username': 'a' }, '2008-10-17')).toBe(true)
  })

  // AWS "Policy variables with no value": only the value whose variable has no value drops out.
  it('drops a value whose variable has no value and no default, and keeps the others', () => {
    expect(holds('StringEquals', 'k', ['${aws:username}', 'x'], { k: 'x' })).toBe(true)
    expect(holds('StringEquals', 'k', ['${aws:username}', 'x'], { k: 'y' })).toBe(false)
    expect(holds('StringEquals', 'k', '${aws:username}', { k: 'x' })).toBe(false)
    expect(holds('StringEquals', 'k', "${aws:username, 'x'}", { k: 'x' })).toBe(true)
  })

  it('treats __proto__ and constructor as data, in keys and values', () => {
    expect(holds('StringEquals', '__proto__', 'x', [['__proto__', 'x']])).toBe(true)
    expect(holds('StringEquals', '__proto__', 'x', {})).toBe(false)
    expect(holds('StringEquals', 'constructor', 'constructor', {})).toBe(false)
    expect(holds('StringEquals', 'k', '__proto__', { k: '__proto__' })).toBe(true)
    expect(holds('StringEquals', 'k', ['toString', 'constructor'], { k: 'hasOwnProperty' })).toBe(false)
  })
})

describe('StringNotEquals', () => {
  it('is true when the value matches none of the policy values (NOR)', () => {
    expect(holds('StringNotEquals', 'k', ['a', 'b'], { k: 'c' })).toBe(true)
    expect(holds('StringNotEquals', 'k', ['a', 'b'], { k: 'a' })).toBe(false)
  })

  it('is true when the key is missing', () => {
    expect(holds('StringNotEquals', 'k', 'a', {})).toBe(true)
  })
})

describe('StringEqualsIgnoreCase / StringNotEqualsIgnoreCase', () => {
  it('ignores case', () => {
    expect(holds('StringEqualsIgnoreCase', 'k', 'Marketing', { k: 'MARKETING' })).toBe(true)
    expect(holds('StringEqualsIgnoreCase', 'k', 'Marketing', { k: 'sales' })).toBe(false)
    expect(holds('StringNotEqualsIgnoreCase', 'k', 'Marketing', { k: 'marketing' })).toBe(false)
    expect(holds('StringNotEqualsIgnoreCase', 'k', 'Marketing', { k: 'sales' })).toBe(true)
  })

  it('ignores case in resolved variables too', () => {
    expect(holds('StringEqualsIgnoreCase', 'k', '${aws:username}', { k: 'ALICE', 'aws:username': 'alice' })).toBe(true)
  })

  it('does not treat * as a wildcard', () => {
    expect(holds('StringEqualsIgnoreCase', 'k', 'a*', { k: 'ABC' })).toBe(false)
  })
})

describe('StringLike / StringNotLike', () => {
  it('takes * and ? as wildcards, case-sensitively', () => {
    expect(holds('StringLike', 's3:prefix', ['marketing/*'], { 's3:prefix': 'marketing/plan.doc' })).toBe(true)
    expect(holds('StringLike', 's3:prefix', ['marketing/*'], { 's3:prefix': 'Marketing/plan.doc' })).toBe(false)
    expect(holds('StringLike', 'k', 'v?', { k: 'v1' })).toBe(true)
    expect(holds('StringNotLike', 'k', 'v?', { k: 'v12' })).toBe(true)
    expect(holds('StringNotLike', 'k', 'v?', { k: 'v1' })).toBe(false)
  })

  it('does not let a * in the request act as a wildcard', () => {
    expect(holds('StringLike', 'k', 'abc', { k: '*' })).toBe(false)
  })

  it('inserts variables literally: a username "*" matches only a literal star', () => {
    // From the AWS variables page: StringLike s3:prefix "${aws:username}/*".
    const policy = ['${aws:username}/*']
    expect(holds('StringLike', 's3:prefix', policy, { 's3:prefix': 'alice/x', 'aws:username': 'alice' })).toBe(true)
    expect(holds('StringLike', 's3:prefix', policy, { 's3:prefix': 'bob/x', 'aws:username': '*' })).toBe(false)
    expect(holds('StringLike', 's3:prefix', policy, { 's3:prefix': '*/x', 'aws:username': '*' })).toBe(true)
  })

  it('is true for StringNotLike and false for StringLike on a missing key', () => {
    expect(holds('StringLike', 'k', '*', {})).toBe(false)
    expect(holds('StringNotLike', 'k', '*', {})).toBe(true)
  })

  it('finishes adversarial patterns with the right answer', () => {
    expect(holds('StringLike', 'k', '*a*a*a*a*a*a*a*b', { k: 'a'.repeat(30_000) })).toBe(false)
  })
})

// AWS "IAM policy elements: Variables and tags", section "Policy variables with no value"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-no-value):
// a variable whose key has no value in the request is "effectively null": there is no equal or
// like value, so a positive operator (StringEquals, StringLike, ArnLike…) does not match it and a
// negated one (StringNotEquals, StringNotLike, ArnNotLike…) does. It is one policy value of the
// list that has no value: the other values of the list still match as written.
import { describe, expect, it } from 'vitest'
import { holds } from './helpers.js'

const prefix = 's3:prefix'

describe('a policy variable with no value in one value of a list', () => {
  const list = ['', 'home/', 'home/${aws:username}/*']

  it('drops only that value: the others still match (the role session without aws:username)', () => {
    expect(holds('StringLike', prefix, list, { [prefix]: '' })).toBe(true)
    expect(holds('StringLike', prefix, list, { [prefix]: 'home/' })).toBe(true)
    expect(holds('StringLike', prefix, list, { [prefix]: 'home/alice/notes' })).toBe(false)
    expect(holds('StringEquals', prefix, ['', '${aws:username}'], { [prefix]: '' })).toBe(true)
  })

  it('matches the variable value too once the key has a value', () => {
    expect(holds('StringLike', prefix, list, { [prefix]: 'home/alice/notes', 'aws:username': 'alice' })).toBe(true)
    expect(holds('StringLike', prefix, list, { [prefix]: 'home/bob/notes', 'aws:username': 'alice' })).toBe(false)
  })

  it('never lets the missing value match as literal text or as the empty string', () => {
    expect(holds('StringEquals', prefix, '${aws:username}', { [prefix]: '${aws:username}' })).toBe(false)
    expect(holds('StringEquals', prefix, 'home/${aws:username}', { [prefix]: 'home/' })).toBe(false)
    expect(holds('StringLike', prefix, '${aws:username}*', { [prefix]: 'anything' })).toBe(false)
  })
})

describe('negated operators against a variable with no value', () => {
  const team = 's3:ExistingObjectTag/team'

  it('match: the request value is not equal to (nor like) the null value (the documented Deny)', () => {
    expect(holds('StringNotEquals', team, '${aws:PrincipalTag/team}', { [team]: 'red' })).toBe(true)
    expect(holds('StringNotLike', team, '${aws:PrincipalTag/team}*', { [team]: 'red' })).toBe(true)
    expect(holds('StringNotEqualsIgnoreCase', team, '${aws:PrincipalTag/team}', { [team]: 'red' })).toBe(true)
  })

  it('still compare the request value with the values that resolve (NOR over the list)', () => {
    const values = ['blue', '${aws:PrincipalTag/team}']
    expect(holds('StringNotEquals', team, values, { [team]: 'blue' })).toBe(false)
    expect(holds('StringNotEquals', team, values, { [team]: 'red' })).toBe(true)
    expect(holds('StringNotEquals', team, values, { [team]: 'red', 'aws:PrincipalTag/team': 'red' })).toBe(false)
  })

  it('keep the missing-key rule: a request without the key matches a negated operator', () => {
    expect(holds('StringNotEquals', team, '${aws:PrincipalTag/team}', {})).toBe(true)
    expect(holds('StringEquals', team, '${aws:PrincipalTag/team}', {})).toBe(false)
  })
})

describe('set operators against a variable with no value', () => {
  it('apply the null value to each request value', () => {
    expect(holds('ForAnyValue:StringEquals', 'aws:TagKeys', ['a', '${aws:username}'], { 'aws:TagKeys': ['a', 'b'] })).toBe(true)
    expect(holds('ForAllValues:StringEquals', 'aws:TagKeys', ['a', '${aws:username}'], { 'aws:TagKeys': ['a', 'b'] })).toBe(false)
    expect(holds('ForAllValues:StringEquals', 'aws:TagKeys', ['a', 'b', '${aws:username}'], { 'aws:TagKeys': ['a', 'b'] })).toBe(true)
    expect(holds('ForAllValues:StringNotEquals', 'aws:TagKeys', '${aws:username}', { 'aws:TagKeys': ['a', 'b'] })).toBe(true)
    expect(holds('ForAnyValue:StringNotEquals', 'aws:TagKeys', '${aws:username}', { 'aws:TagKeys': ['a'] })).toBe(true)
  })
})

describe('ARN and Bool operators against a variable with no value', () => {
  const source = 'aws:SourceArn'

  it('ArnLike drops the value with no value; the other ARN still matches', () => {
    const values = ['arn:aws:s3:::${aws:username}/*', 'arn:aws:s3:::public/*']
    expect(holds('ArnLike', source, values, { [source]: 'arn:aws:s3:::public/x' })).toBe(true)
    expect(holds('ArnLike', source, values, { [source]: 'arn:aws:s3:::alice/x' })).toBe(false)
    expect(holds('ArnEquals', source, 'arn:aws:s3:::${aws:username}', { [source]: 'arn:aws:s3:::' })).toBe(false)
  })

  it('ArnNotLike and ArnNotEquals match against the null value', () => {
    expect(holds('ArnNotLike', source, 'arn:aws:s3:::${aws:username}/*', { [source]: 'arn:aws:s3:::alice/x' })).toBe(true)
    expect(holds('ArnNotEquals', source, ['arn:aws:s3:::${aws:username}', 'arn:aws:s3:::b'], { [source]: 'arn:aws:s3:::b' })).toBe(false)
    expect(holds('ArnNotEquals', source, ['arn:aws:s3:::${aws:username}', 'arn:aws:s3:::b'], { [source]: 'arn:aws:s3:::c' })).toBe(true)
  })

  it('Bool does not match a value with no value, and still matches the literal ones', () => {
    expect(holds('Bool', 'app:flag', '${app:expected}', { 'app:flag': true })).toBe(false)
    expect(holds('Bool', 'app:flag', ['${app:expected}', 'true'], { 'app:flag': true })).toBe(true)
  })
})

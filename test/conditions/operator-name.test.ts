// AWS: "IAM JSON policy elements: Condition operators" — the operator names and their forms.
import { describe, expect, it } from 'vitest'
import { BASE_OPERATORS, parseOperatorName } from '../../src/conditions/index.js'

describe('parseOperatorName', () => {
  it('decomposes set qualifier, base and IfExists', () => {
    expect(parseOperatorName('ForAnyValue:StringLikeIfExists')).toEqual({
      name: 'ForAnyValue:StringLikeIfExists',
      base: 'StringLike',
      family: 'String',
      ifExists: true,
      set: 'ForAnyValue',
      negated: false,
      like: true,
    })
    expect(parseOperatorName('NotIpAddress')).toMatchObject({ base: 'NotIpAddress', family: 'Ip', negated: true, set: undefined, ifExists: false })
    expect(parseOperatorName('ForAllValues:ArnNotLike')).toMatchObject({ family: 'Arn', negated: true, like: true, set: 'ForAllValues' })
  })

  it('knows every operator AWS documents', () => {
    expect([...BASE_OPERATORS].sort()).toEqual(
      [
        'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
        'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals',
        'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
        'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'Null',
      ].sort(),
    )
  })

  it('refuses unknown names, misspelt case and prototype names', () => {
    for (const name of ['StringEqual', 'stringequals', 'ForSomeValues:StringEquals', 'forallvalues:StringEquals', 'IfExists', '__proto__', 'constructor', 'toString', 'StringEqualsIfExistsIfExists', '']) {
      expect(parseOperatorName(name)).toBeUndefined()
    }
  })
})

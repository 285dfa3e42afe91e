import { describe, expect, it } from 'vitest'
import { checkConditionValues, compileCondition } from '../../src/conditions/index.js'
import { IamError } from '../../src/errors.js'
import { ctx } from './helpers.js'

const v = { version: '2012-10-17' as const, effect: 'Allow' as const }

describe('checkConditionValues', () => {
  it('reports an unknown operator', () => {
    expect(checkConditionValues('StringEqualz', 'k', ['a'], v)).toEqual(['unknown condition operator "StringEqualz"'])
  })

  it('reports an empty value list, a missing key and a variable in the key', () => {
    expect(checkConditionValues('StringEquals', 'k', [], v)).toEqual([expect.stringContaining('no values')])
    expect(checkConditionValues('StringEquals', '', ['a'], v)).toEqual([expect.stringContaining('non-empty')])
    expect(checkConditionValues('StringEquals', 'aws:PrincipalTag/${aws:username}', ['a'], v)).toEqual([expect.stringContaining('policy variable')])
  })

  it('reports values that are not strings, numbers or booleans', () => {
    const raw = [null, { a: 1 }] as unknown as string[]
    expect(checkConditionValues('StringEquals', 'k', raw, v)).toHaveLength(2)
  })

  it('accepts a single value as well as an array', () => {
    expect(checkConditionValues('StringEquals', 'k', 'a', v)).toEqual([])
  })
})

describe('compileCondition', () => {
  it('throws ERR_POLICY_INVALID for anything checkConditionValues reports', () => {
    const attempt = (): unknown => compileCondition('NumericEquals', 'k', ['ten'], v)
    expect(attempt).toThrow(IamError)
    try {
      attempt()
    } catch (error) {
      expect((error as IamError).code).toBe('ERR_POLICY_INVALID')
      expect((error as IamError).details).toMatchObject({ operator: 'NumericEquals', key: 'k' })
    }
    expect(() => compileCondition('Bogus', 'k', ['a'], v)).toThrow(IamError)
  })

  it('lists the lower-cased keys it reads, its own and its variables', () => {
    const c = compileCondition('StringLike', 'AWS:PrincipalTag/Team', ["${aws:username}-*", "${Other, 'x'}"], v)
    expect(c.operator).toBe('StringLike')
    expect(c.key).toBe('AWS:PrincipalTag/Team')
    expect(c.keys).toEqual(['aws:principaltag/team', 'aws:username', 'other'])
  })

  it('reads keys through ctx.get with the lower-cased key only', () => {
    const asked: string[] = []
    const c = compileCondition('StringEquals', 'My:Key', ['v'], v)
    expect(c.test({ get: (k) => (asked.push(k), k === 'my:key' ? 'v' : undefined) })).toBe(true)
    expect(asked).toEqual(['my:key'])
  })

  it('never reads the object prototype through context keys', () => {
    const c = compileCondition('Null', 'constructor', ['true'], v)
    expect(c.test(ctx())).toBe(true)
    expect(compileCondition('StringEquals', '__proto__', ['[object Object]'], v).test(ctx())).toBe(false)
  })
})

// The one normaliser of a request context (issue 12, item 4). AWS "IAM JSON policy elements:
// Condition": "Condition key names are not case-sensitive" — so two spellings of one key are one
// key given twice; values are what the condition operators compare (strings, numbers, booleans,
// and for multivalued keys a list of them: "Single-valued vs. multivalued context keys").
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkRequestContext } from '../../src/evaluate/context.js'
import { evaluate, NormalizedContext, normalizeRequestContext } from '../../src/evaluate/index.js'
import { IamError } from '../../src/errors.js'
import { USER, allow, doc } from './helpers.js'

function refusal(context: unknown, options?: Parameters<typeof normalizeRequestContext>[1]): string {
  try {
    normalizeRequestContext(context, options)
  } catch (error) {
    expect(error).toBeInstanceOf(IamError)
    expect((error as IamError).code).toBe('ERR_INVALID_REQUEST')
    return (error as IamError).message
  }
  return 'accepted'
}

describe('normalizeRequestContext', () => {
  it('lower-cases keys and keeps scalar values and arrays of them', () => {
    const ctx = normalizeRequestContext({ 'aws:SourceIp': '203.0.113.7', 'App:N': 3, 'app:flag': false, 'aws:TagKeys': ['a', 'b'] })
    expect([...ctx.keys()]).toEqual(['aws:sourceip', 'app:n', 'app:flag', 'aws:tagkeys'])
    expect(ctx.get('app:n')).toBe(3)
    expect(ctx.get('aws:tagkeys')).toEqual(['a', 'b'])
    expect(ctx).toBeInstanceOf(NormalizedContext)
  })

  it('accepts a Map and undefined, and refuses anything else as the context', () => {
    expect(normalizeRequestContext(new Map([['K', 'v']])).get('k')).toBe('v')
    expect(normalizeRequestContext(undefined).size).toBe(0)
    for (const bad of [null, 'k=v', 5, ['k', 'v']]) expect(refusal(bad)).toContain('context must be an object or a Map')
    expect(refusal(new Map<unknown, unknown>([[1, 'v']]))).toContain('context keys must be strings')
  })

  it('refuses two keys that differ only in case, from an object or a Map', () => {
    expect(refusal({ 'app:team': 'blue', 'APP:TEAM': 'red' })).toContain('"APP:TEAM" is given twice')
    expect(refusal(new Map([['App:Team', 'blue'], ['app:team', 'red']]))).toContain('"app:team" is given twice')
  })

  it('refuses non-finite numbers, objects, null, undefined, nested and sparse arrays, naming the key', () => {
    expect(refusal({ 'app:amount': Number.POSITIVE_INFINITY })).toContain('"app:amount"')
    expect(refusal({ 'app:amount': Number.NaN })).toContain('not NaN')
    expect(refusal({ 'app:obj': { a: 1 } })).toContain('"app:obj" must be a string, a finite number, a boolean or an array of those, not an object')
    expect(refusal({ 'app:null': null })).toContain('not null')
    expect(refusal({ 'app:undef': undefined })).toContain('not undefined')
    expect(refusal({ 'app:list': ['a', ['b']] })).toContain('"app:list" holds a nested array at index 1')
    expect(refusal({ 'app:list': [1, Number.NaN] })).toContain('"app:list" holds NaN at index 1')
    expect(refusal({ 'app:list': ['a', , 'c'] })).toContain('holds undefined at index 1')
  })

  it('copies and freezes arrays, so the caller cannot change a checked context', () => {
    const tags = ['a']
    const ctx = normalizeRequestContext({ 'aws:TagKeys': tags })
    tags.push('b')
    expect(ctx.get('aws:tagkeys')).toEqual(['a'])
    expect(Object.isFrozen(ctx.get('aws:tagkeys'))).toBe(true)
    expect('set' in ctx).toBe(false)
  })

  it('keeps __proto__ as an ordinary key', () => {
    const ctx = normalizeRequestContext(JSON.parse('{"__proto__": "x", "constructor": "y"}'))
    expect(ctx.get('__proto__')).toBe('x')
    expect(ctx.get('constructor')).toBe('y')
    expect(({} as Record<string, unknown>)['x']).toBeUndefined()
  })

  it('refuses an array for a key the caller says is single-valued', () => {
    const isMultivalued = (key: string): boolean => key === 'aws:tagkeys'
    expect(refusal({ 'app:level': [0, 1] }, { isMultivalued })).toContain('"app:level" is single-valued and cannot hold an array')
    expect(normalizeRequestContext({ 'aws:TagKeys': ['a'], 'app:level': 0 }, { isMultivalued }).get('app:level')).toBe(0)
  })

  it('leaves out omitted keys after checking them, and still refuses a second spelling of one', () => {
    const omit = (key: string): boolean => key.startsWith('aws:principaltag/')
    const ctx = normalizeRequestContext({ 'aws:PrincipalTag/team': 'red', 'app:x': 1 }, { omit, add: [['aws:principaltag/team', 'blue']] })
    expect(ctx.get('aws:principaltag/team')).toBe('blue')
    expect(refusal({ 'aws:PrincipalTag/team': 'red', 'AWS:PRINCIPALTAG/TEAM': 'red' }, { omit })).toContain('given twice')
    expect(refusal({ 'aws:PrincipalTag/team': {} }, { omit })).toContain('not an object')
  })

  it('returns a context it already normalised as it is', () => {
    const ctx = normalizeRequestContext({ K: 'v' })
    expect(normalizeRequestContext(ctx)).toBe(ctx)
  })
})

describe('checkRequestContext (the check without the result, for policies that read no key)', () => {
  const outcomeOf = (run: () => unknown): string => {
    try {
      run()
      return 'ok'
    } catch (error) {
      return error instanceof IamError ? `${error.code}: ${error.message}` : `crash: ${String(error)}`
    }
  }

  it('refuses exactly what normalizeRequestContext refuses, with the same message', () => {
    const key = fc.constantFrom('a', 'A', 'k:x', 'K:X', 'é', 'É', 'ß', 'SS', 'İ', 'i̇', '__proto__')
    const value = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(Number.NaN), fc.constant(null), fc.constant({}), fc.array(fc.oneof(fc.string(), fc.constant([]))))
    fc.assert(
      fc.property(fc.array(fc.tuple(key, value), { maxLength: 12 }), fc.boolean(), (entries, asMap) => {
        const context = asMap ? new Map(entries) : Object.fromEntries(entries)
        expect(outcomeOf(() => checkRequestContext(context))).toBe(outcomeOf(() => normalizeRequestContext(context)))
      }),
      { numRuns: 3000 },
    )
  })
})

describe('evaluate refuses the context the same way, whatever the policies read', () => {
  const base = { principal: USER, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }
  const noConditions = { identityPolicies: [doc(allow('s3:GetObject'))] }
  const withCondition = { identityPolicies: [doc(allow('s3:GetObject', '*', { Condition: { StringEquals: { 'app:team': 'blue' } } }))] }

  it.each([
    ['two spellings of one key', { 'app:team': 'blue', 'APP:TEAM': 'red' }],
    ['a non-finite number', { 'app:n': Number.POSITIVE_INFINITY }],
    ['a nested array', { 'app:team': [['blue']] }],
  ])('throws ERR_INVALID_REQUEST for %s, with or without conditions', (_name, context) => {
    for (const set of [noConditions, withCondition]) {
      expect(() => evaluate({ ...base, context: context as never }, set)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_REQUEST' }))
    }
  })

  it('decides with a NormalizedContext as with the object it came from', () => {
    const context = { 'App:Team': 'blue' }
    expect(evaluate({ ...base, context: normalizeRequestContext(context) }, withCondition).decision).toBe('allowed')
    expect(evaluate({ ...base, context }, withCondition).decision).toBe('allowed')
  })
})

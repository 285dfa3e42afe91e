/**
 * Names chosen by users — condition keys, context keys, tag keys, policy element names,
 * principal types, operator names, JWT header members — are data: they never reach or read an
 * object prototype (STYLE.md 12). Each test uses a name that a plain object would resolve
 * through `Object.prototype`.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { validatePolicy } from '../../src/policy/validate.js'
import { ALLOW_ALL, doc, outcome, request } from './helpers.js'

const PROTO_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype']
/** Refused as keys of a policy (issue 9, attack 5); the other names stay data. */
const REFUSED = ['__proto__', 'constructor', 'prototype']
const DATA_NAMES = PROTO_NAMES.filter((name) => !REFUSED.includes(name))

const issuesOf = (input: unknown): Array<{ code: string; path: unknown[] }> => {
  const result = validatePolicy(input)
  return result.ok ? [] : result.issues.map(({ code, path }) => ({ code, path }))
}

describe('__proto__, constructor and prototype as keys of a policy are refused with their path', () => {
  const withCondition = (key: string): string =>
    `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringEquals":{${JSON.stringify(key)}:"x"}}}]}`

  it.each(REFUSED)('refuses the condition key %s, from policy text and from an object', (key) => {
    const expected = [{ code: 'forbidden-key', path: ['Statement', 0, 'Condition', 'StringEquals', key] }]
    expect(issuesOf(withCondition(key))).toEqual(expected)
    expect(issuesOf(JSON.parse(withCondition(key)))).toEqual(expected)
  })

  it.each(['aws:RequestTag/__proto__', 'aws:PrincipalTag/constructor', 'aws:ResourceTag/prototype', 'CONSTRUCTOR', 'aws:ResourceTag/Constructor', '__proto__:x'])(
    'refuses a condition key with a reserved name in any part or case: %s',
    (key) => {
      expect(issuesOf(withCondition(key))).toEqual([{ code: 'forbidden-key', path: ['Statement', 0, 'Condition', 'StringEquals', key] }])
    },
  )

  it('keeps tag keys that only contain a reserved name as data', () => {
    expect(issuesOf(withCondition('aws:RequestTag/my_constructor'))).toEqual([])
    expect(issuesOf(withCondition('aws:RequestTag/prototypes'))).toEqual([])
  })

  it('refuses the names at any depth of the document, each at its JSON path', () => {
    const text = '{"Version":"2012-10-17","__proto__":1,"Statement":{"Effect":"Allow","Action":"*","Resource":"*","constructor":{"prototype":2},"Condition":{"__proto__":{"a:b":"c"}}}}'
    const found = issuesOf(text).filter((i) => i.code === 'forbidden-key').map((i) => i.path)
    expect(found).toEqual([['__proto__'], ['Statement', 'constructor'], ['Statement', 'constructor', 'prototype'], ['Statement', 'Condition', '__proto__']])
    expect(issuesOf(JSON.parse(text)).filter((i) => i.code === 'forbidden-key').map((i) => i.path)).toEqual(found)
  })

  it('refuses them in a Principal of a resource policy', () => {
    const text = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"constructor":"1"},"Action":"*","Resource":"*"}]}'
    const result = validatePolicy(text, { kind: 'resource' })
    expect(result.ok ? [] : result.issues.map((i) => i.code)).toContain('forbidden-key')
  })

  it('never lets such a policy reach evaluation', () => {
    const policy = JSON.parse(withCondition('aws:RequestTag/__proto__')) as never
    expect(outcome(request(), { identityPolicies: [policy, doc(ALLOW_ALL)] })).toBe('threw:ERR_POLICY_INVALID')
  })
})

describe('condition and context keys named after Object.prototype members', () => {
  it.each(DATA_NAMES)('treats the condition key %s as absent when the request does not carry it', (key) => {
    const text = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Null":{${JSON.stringify(key)}:"true"}}}]}`
    const checked = validatePolicy(text)
    expect(checked.ok).toBe(true)
    if (!checked.ok) return
    expect(outcome(request(), { identityPolicies: [checked.policy] })).toBe('allowed')
  })

  it.each(DATA_NAMES)('lets StringEquals on the key %s match only a value the request carries', (key) => {
    const text = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{${JSON.stringify(key)}:"yes"}}}]}`
    const checked = validatePolicy(text)
    if (!checked.ok) throw new Error(JSON.stringify(checked.issues))
    const set = { identityPolicies: [checked.policy] }
    expect(outcome(request(), set)).toBe('implicitDeny')
    expect(outcome(request({ context: JSON.parse(`{${JSON.stringify(key)}:"no"}`) as Record<string, string> }), set)).toBe('implicitDeny')
    expect(outcome(request({ context: JSON.parse(`{${JSON.stringify(key)}:"yes"}`) as Record<string, string> }), set)).toBe('allowed')
  })

  it.each(PROTO_NAMES)('resolves the policy variable ${%s} from the request only', (key) => {
    const policy = doc({ ...ALLOW_ALL, Condition: { StringEquals: { 'app:Owner': `\${${key}}` } } })
    // Without the key the variable has no value, so the condition cannot hold, whatever `Object.prototype[key]` stringifies to.
    const inherited = String((Object.prototype as Record<string, unknown>)[key])
    expect(outcome(request({ context: { 'app:Owner': inherited } }), { identityPolicies: [policy] })).toBe('implicitDeny')
  })
})

describe('a polluted Object.prototype (defence in depth: a pollution bug elsewhere in the app)', () => {
  const POLLUTED = ['app:role', 'Condition', 'NotResource', 'NotAction']
  afterEach(() => {
    for (const name of POLLUTED) delete (Object.prototype as Record<string, unknown>)[name]
  })
  const pollute = (name: string, value: unknown): void => {
    ;(Object.prototype as Record<string, unknown>)[name] = value
  }

  it('does not reach the request context', () => {
    const policy = doc({ ...ALLOW_ALL, Condition: { StringEquals: { 'app:Role': 'admin' } } })
    pollute('app:role', 'admin')
    expect(outcome(request({ context: {} }), { identityPolicies: [policy] })).toBe('implicitDeny')
  })

  // compileStatement reads `s.Condition`, `s.NotResource`, `s.NotAction` with plain property
  // access on the normalized statement, which is an ordinary `{}` (src/policy/normalize.ts).
  it('does not give a Deny statement an inherited Condition that makes it inert', () => {
    const policy = doc(ALLOW_ALL, { Effect: 'Deny', Action: '*', Resource: '*' })
    pollute('Condition', { Bool: { 'app:never': 'true' } })
    expect(outcome(request(), { identityPolicies: [policy] })).toBe('explicitDeny')
  })

  it('does not turn an Allow on one document into an Allow on every other resource through an inherited NotResource', () => {
    const policy = doc({ Effect: 'Allow', Action: 'docs:GetDocument', Resource: 'arn:app:docs::111122223333:project/p1/doc/1' })
    pollute('NotResource', ['arn:app:none:::nothing'])
    expect(outcome(request({ resource: 'arn:app:docs::111122223333:project/secret/doc/9' }), { identityPolicies: [policy] })).toBe('implicitDeny')
  })

  it('does not turn an Allow of one action into an Allow of every other action through an inherited NotAction', () => {
    const policy = doc({ Effect: 'Allow', Action: 'docs:GetDocument', Resource: '*' })
    pollute('NotAction', ['none:Nothing'])
    expect(outcome(request({ action: 'docs:DeleteDocument' }), { identityPolicies: [policy] })).toBe('implicitDeny')
  })
})

describe('policy element names and principal types are matched exactly', () => {
  it('refuses a statement whose only content hides behind "__proto__" in policy text', () => {
    const text = '{"Version":"2012-10-17","Statement":[{"__proto__":{"Effect":"Allow","Action":"*","Resource":"*"}}]}'
    const checked = validatePolicy(text)
    expect(checked.ok).toBe(false)
    if (checked.ok) return
    expect(checked.issues.map((i) => i.code)).toEqual(expect.arrayContaining(['unknown-element', 'missing-effect']))
  })

  it('does not read Statement or Effect inherited from a prototype object', () => {
    const inheritedStatement = Object.create({ Statement: [ALLOW_ALL] }) as object
    expect(validatePolicy(inheritedStatement).ok).toBe(false)
    const inheritedEffect = { Version: '2012-10-17', Statement: [Object.assign(Object.create({ Effect: 'Allow' }) as object, { Action: '*', Resource: '*' })] }
    expect(validatePolicy(inheritedEffect).ok).toBe(false)
  })

  it.each(PROTO_NAMES)('refuses %s as a principal type of a resource policy', (type) => {
    const text = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{${JSON.stringify(type)}:"111122223333"},"Action":"*","Resource":"*"}]}`
    const checked = validatePolicy(text, { kind: 'resource' })
    expect(checked.ok).toBe(false)
  })

  it.each(PROTO_NAMES)('refuses %s as a condition operator', (operator) => {
    const text = `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{${JSON.stringify(operator)}:{"app:x":"y"}}}]}`
    const checked = validatePolicy(text)
    expect(checked.ok).toBe(false)
    if (checked.ok) return
    expect(checked.issues.map((i) => i.code)).toContain('unknown-operator')
  })

  it.each(PROTO_NAMES)('refuses %s with a set qualifier or IfExists as a condition operator', (operator) => {
    for (const name of [`ForAnyValue:${operator}`, `${operator}IfExists`]) {
      const policy = doc({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { [name]: { 'app:x': 'y' } } })
      expect(outcome(request(), { identityPolicies: [policy, doc(ALLOW_ALL)] })).toBe('threw:ERR_POLICY_INVALID')
    }
  })
})

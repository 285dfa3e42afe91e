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

describe('condition and context keys named after Object.prototype members', () => {
  it.each(PROTO_NAMES)('treats the condition key %s as absent when the request does not carry it', (key) => {
    const text = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Null":{${JSON.stringify(key)}:"true"}}}]}`
    const checked = validatePolicy(text)
    expect(checked.ok).toBe(true)
    if (!checked.ok) return
    expect(outcome(request(), { identityPolicies: [checked.policy] })).toBe('allowed')
  })

  it.each(PROTO_NAMES)('lets StringEquals on the key %s match only a value the request carries', (key) => {
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

/**
 * Hostile sizes and shapes: adversarial wildcard patterns against long values, deep nesting,
 * huge arrays, numbers and dates out of range. Each test asserts the ANSWER; the inputs are big
 * enough that a backtracking (exponential) matcher or a recursive parser would hang or overflow
 * the stack, which the runner's timeout reports. "Matching is linear-time" (DESIGN.md).
 */
import { describe, expect, it } from 'vitest'
import { compileResourcePattern, compileStringLike, compileWildcard } from '../../src/match/index.js'
import { validatePolicy } from '../../src/policy/validate.js'
import { A, ALLOW_ALL, doc, outcome, request } from './helpers.js'

const NO_CONTEXT = { get: () => undefined }

describe('wildcard matching stays polynomial on adversarial patterns', () => {
  it('rejects "*a*a…*a?b" against 30,000 a\'s (the classic exponential case for backtracking)', () => {
    const pattern = `${'*a'.repeat(200)}?b`
    const value = 'a'.repeat(30_000)
    expect(compileWildcard(pattern, { ignoreCase: false })(value)).toBe(false)
    expect(compileWildcard(pattern, { ignoreCase: true })(value)).toBe(false)
    expect(compileWildcard(pattern, { ignoreCase: false })(`${value}xb`)).toBe(true)
  })

  it('rejects a StringLike of many stars against a long context value, and accepts the matching one', () => {
    const matcher = compileStringLike(`${'*ab'.repeat(150)}*c`, { variables: false })
    expect(matcher.matches('ab'.repeat(20_000), NO_CONTEXT)).toBe(false)
    expect(matcher.matches(`${'ab'.repeat(20_000)}c`, NO_CONTEXT)).toBe(true)
  })

  it('decides a Resource of many stars against a 100,000-character resource', () => {
    const set = { identityPolicies: [doc({ Effect: 'Allow', Action: '*', Resource: `arn:app:docs::${A}:${'*a'.repeat(200)}*?z` })] }
    expect(outcome(request({ resource: `arn:app:docs::${A}:${'a'.repeat(100_000)}` }), set)).toBe('implicitDeny')
    expect(outcome(request({ resource: `arn:app:docs::${A}:${'a'.repeat(100_000)}yz` }), set)).toBe('allowed')
  })

  // AWS "IAM JSON policy elements: Resource": a * that ends a segment expands beyond the colons.
  it('decides Resource entries with stars that expand beyond colons against 100,000 colons', () => {
    const colons = 'a:'.repeat(50_000)
    const matches = (pattern: string, value: string): boolean => compileResourcePattern(pattern, { variables: true }).matches(value, NO_CONTEXT)
    const expanding = `arn:a*:a*:a*:a*:${'*a'.repeat(200)}*?z`
    expect(matches(expanding, `arn:${colons}`)).toBe(false)
    expect(matches(expanding, `arn:${colons}yz`)).toBe(true)
    expect(matches(`arn:?*:?a*:${'*:a'.repeat(100)}`, `arn:${colons}`)).toBe(false)
    expect(matches('arn:a*:b:c', `arn:${colons}b:x`)).toBe(false)
    expect(matches('arn:a*:b:c', `arn:${colons}b:c`)).toBe(true)
    const set = { identityPolicies: [doc({ Effect: 'Allow', Action: '*', Resource: `arn:app:docs:*:${A}:${'*a'.repeat(100)}?z` })] }
    expect(outcome(request({ resource: `arn:app:docs::${A}:${'a:'.repeat(50_000)}` }), set)).toBe('implicitDeny')
    expect(outcome(request({ resource: `arn:app:docs::${A}:${'a:'.repeat(50_000)}axz` }), set)).toBe('allowed')
  })

  it('decides a condition over a 100,000-element multivalued key with ForAllValues and ForAnyValue', () => {
    const tags = Array.from({ length: 100_000 }, (_, i) => `tag-${i}`)
    const all = { identityPolicies: [doc({ ...ALLOW_ALL, Condition: { 'ForAllValues:StringLike': { 'aws:TagKeys': 'tag-*' } } })] }
    const any = { identityPolicies: [doc({ ...ALLOW_ALL, Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': 'tag-99999' } } })] }
    expect(outcome(request({ context: { 'aws:TagKeys': tags } }), all)).toBe('allowed')
    expect(outcome(request({ context: { 'aws:TagKeys': [...tags, 'other'] } }), all)).toBe('implicitDeny')
    expect(outcome(request({ context: { 'aws:TagKeys': tags } }), any)).toBe('allowed')
  })

  it('compares a long, almost-equal StringEqualsIgnoreCase value without blowing up', () => {
    const value = 'é'.repeat(200_000)
    const set = { identityPolicies: [doc({ ...ALLOW_ALL, Condition: { StringEqualsIgnoreCase: { 'app:x': 'É'.repeat(100) } } })] }
    expect(outcome(request({ context: { 'app:x': value } }), set)).toBe('implicitDeny')
    expect(outcome(request({ context: { 'app:x': 'é'.repeat(100) } }), set)).toBe('allowed')
  })
})

describe('hostile policy text is refused in bounded time and stack', () => {
  it('refuses 100,000 levels of array nesting as text with a too-deep issue', () => {
    const result = validatePolicy(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.issues.map((i) => i.code)).toContain('too-deep')
  })

  it('refuses 100,000 levels of nesting inside a condition value given as an object', () => {
    let nested: unknown = 'x'
    for (let i = 0; i < 100_000; i++) nested = [nested]
    const policy = { Version: '2012-10-17', Statement: { Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringEquals: { 'app:x': nested } } } }
    expect(validatePolicy(policy).ok).toBe(false)
    expect(outcome(request(), { identityPolicies: [doc(ALLOW_ALL), policy as never] })).toBe('threw:ERR_POLICY_INVALID')
  })

  it('refuses 20,000 unterminated policy variables with bounded issues', () => {
    const result = validatePolicy(doc({ Effect: 'Allow', Action: '*', Resource: `arn:app:docs:::${'${'.repeat(20_000)}` }), { sizeQuotas: { identity: 1_000_000 } })
    expect(result.ok).toBe(false)
  })

  it('refuses a default value that never closes, 100,000 quotes long', () => {
    const value = `\${aws:username, '${"''".repeat(50_000)}`
    const result = validatePolicy(doc({ ...ALLOW_ALL, Condition: { StringEquals: { 'app:x': value } } }), { sizeQuotas: { identity: 1_000_000 } })
    expect(result.ok).toBe(false)
  })

  it('reports 100,000 duplicate keys of policy text with a bounded list of issues', () => {
    const keys = Array.from({ length: 100_000 }, () => '"StringEquals":{"app:x":"y"}').join(',')
    const result = validatePolicy(`{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*","Condition":{${keys}}}}`, { sizeQuotas: { identity: 10_000_000 } })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.issues.length).toBeLessThanOrEqual(1001)
  })
})

describe('numbers and dates out of range never match and never throw past the engine', () => {
  it('refuses a policy number of 400 digits, which is Infinity as a double', () => {
    expect(validatePolicy(doc({ ...ALLOW_ALL, Condition: { NumericLessThan: { 'app:n': '9'.repeat(400) } } })).ok).toBe(false)
  })

  it('does not match a context number of 10,000 digits, nor one in exponent form', () => {
    const set = { identityPolicies: [doc({ ...ALLOW_ALL, Condition: { NumericGreaterThan: { 'app:n': 10 } } })] }
    expect(outcome(request({ context: { 'app:n': '9'.repeat(10_000) } }), set)).toBe('implicitDeny')
    expect(outcome(request({ context: { 'app:n': '1e5' } }), set)).toBe('implicitDeny')
    expect(outcome(request({ context: { 'app:n': '11' } }), set)).toBe('allowed')
  })

  it('does not match dates beyond year 9999, epoch values of 16 digits or impossible calendar days', () => {
    const set = { identityPolicies: [doc({ ...ALLOW_ALL, Condition: { DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } } })] }
    for (const value of ['+275760-09-13T00:00:00Z', '10000-01-01T00:00:00Z', '9'.repeat(16), '2021-02-29T00:00:00Z', '2021-01-01T24:00:00Z', `2021-01-01T00:00:00${'0'.repeat(100_000)}Z`]) {
      expect(outcome(request({ context: { 'aws:CurrentTime': value } }), set)).toBe('implicitDeny')
    }
    expect(outcome(request({ context: { 'aws:CurrentTime': '2021-01-01T00:00:00Z' } }), set)).toBe('allowed')
  })

  it('does not match a megabyte of almost-base64 with BinaryEquals', () => {
    const set = { identityPolicies: [doc({ ...ALLOW_ALL, Condition: { BinaryEquals: { 'app:b': 'QUJD' } } })] }
    expect(outcome(request({ context: { 'app:b': `${'A'.repeat(1_000_000)}!` } }), set)).toBe('implicitDeny')
    expect(outcome(request({ context: { 'app:b': 'QUJD' } }), set)).toBe('allowed')
  })

  it('does not match a 100,000-character "address" with IpAddress', () => {
    const set = { identityPolicies: [doc({ ...ALLOW_ALL, Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } } })] }
    expect(outcome(request({ context: { 'aws:SourceIp': `1.${'1'.repeat(100_000)}.1.1` } }), set)).toBe('implicitDeny')
    expect(outcome(request({ context: { 'aws:SourceIp': ':'.repeat(100_000) } }), set)).toBe('implicitDeny')
  })
})

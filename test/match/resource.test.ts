// AWS: "IAM JSON policy elements: Resource" (ARN segments, wildcards) and
// "IAM policy elements: Variables and tags" (variables in Resource, missing keys, defaults).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkResourcePattern, compileArnLike, compileResourcePattern } from '../../src/match/index.js'
import { IamError } from '../../src/errors.js'
import { ctx } from '../conditions/helpers.js'

const on = { variables: true }
const empty = ctx()

describe('compileResourcePattern', () => {
  it('matches every resource with a lone star', () => {
    const m = compileResourcePattern('*', on)
    expect(m.matches('arn:app:docs::1:project/p', empty)).toBe(true)
    expect(m.matches('not-an-arn', empty)).toBe(true)
  })

  it('does not treat ${*} as the match-all star', () => {
    expect(compileResourcePattern('${*}', on).matches('arn:app:docs::1:x', empty)).toBe(false)
  })

  it('compares an ARN without wildcards exactly and case-sensitively', () => {
    const m = compileResourcePattern('arn:app:docs::111122223333:project/p1', on)
    expect(m.matches('arn:app:docs::111122223333:project/p1', empty)).toBe(true)
    expect(m.matches('arn:app:docs::111122223333:project/P1', empty)).toBe(false)
    expect(m.matches('arn:app:docs::111122223333:project/p1/doc', empty)).toBe(false)
  })

  it('lets wildcards in the resource segment span slashes and colons', () => {
    const m = compileResourcePattern('arn:aws:s3:::bucket/*', on)
    expect(m.matches('arn:aws:s3:::bucket/a/b/c', empty)).toBe(true)
    expect(m.matches('arn:aws:s3:::bucket/a:b', empty)).toBe(true)
    expect(m.matches('arn:aws:s3:::other/a', empty)).toBe(false)
  })

  it('keeps a wildcard that does not end its segment inside the segment', () => {
    const m = compileResourcePattern('arn:aws:iam::1*3:user/alice', on)
    expect(m.matches('arn:aws:iam::123:user/alice', empty)).toBe(true)
    expect(m.matches('arn:aws:iam::1:2:3:user/alice', empty)).toBe(false)
    expect(compileResourcePattern('arn:aws:iam::?:user/alice', on).matches('arn:aws:iam:::::user/alice', empty)).toBe(false)
    // The empty region is literal: it is not a wildcard that could take "us-east-1".
    expect(compileResourcePattern('arn:aws:iam::*:user/alice', on).matches('arn:aws:iam:us-east-1:111122223333:user/alice', empty)).toBe(false)
  })

  // "If the * wildcard is the last character of a resource ARN segment, it can expand to match
  // beyond the colon boundaries" (Using wildcards in resource ARNs).
  it('lets a star that ends a segment expand beyond the colons', () => {
    const s3 = compileResourcePattern('arn:aws:s3:*', on)
    expect(s3.matches('arn:aws:s3:::bucket', empty)).toBe(true)
    expect(s3.matches('arn:aws:s3:::bucket/a:b', empty)).toBe(true)
    expect(s3.matches('arn:aws:sqs:us-east-1:1:q', empty)).toBe(false)
    const queue = compileResourcePattern('arn:aws:sqs:us-*:orders-queue', on)
    expect(queue.matches('arn:aws:sqs:us-east-1:111122223333:orders-queue', empty)).toBe(true)
    expect(queue.matches('arn:aws:sqs:us-west-2:444455556666:orders-queue', empty)).toBe(true)
    expect(queue.matches('arn:aws:sqs:eu-west-1:111122223333:orders-queue', empty)).toBe(false)
    expect(queue.matches('arn:aws:sqs:us-east-1:111122223333:orders-queue-dlq', empty)).toBe(false)
    expect(queue.matches('arn:aws:sqs:us-east-1:111122223333:orders-queue:x', empty)).toBe(false)
    expect(compileResourcePattern('arn:aws:iam::*:user/alice', on).matches('arn:aws:iam::1:x:user/alice', empty)).toBe(true)
    expect(compileResourcePattern('arn:*', on).matches('arn:aws:s3:::b', empty)).toBe(true)
  })

  it('places every written segment after an expanding star at a colon of the value', () => {
    const m = compileResourcePattern('arn:aws:logs:us-*:log-group:*', on)
    expect(m.matches('arn:aws:logs:us-east-1:111122223333:log-group:/aws/x:*', empty)).toBe(true)
    expect(m.matches('arn:aws:logs:us-east-1:111122223333:xlog-group:/aws/x', empty)).toBe(false)
    const two = compileResourcePattern('arn:a*:b*:c', on)
    expect(two.matches('arn:a1:x:b2:y:c', empty)).toBe(true)
    expect(two.matches('arn:a1:x:b2:y:cc', empty)).toBe(false)
    expect(two.matches('arn:b2:a1:c', empty)).toBe(false)
  })

  it('matches an empty segment with a star', () => {
    expect(compileResourcePattern('arn:aws:sns:*:*:topic', on).matches('arn:aws:sns:::topic', empty)).toBe(true)
  })

  it('inserts policy variables as literal text: a username "*" does not widen the match', () => {
    const m = compileResourcePattern('arn:app:docs::1:user/${aws:username}/*', on)
    expect(m.keys).toEqual(['aws:username'])
    expect(m.matches('arn:app:docs::1:user/alice/doc', ctx({ 'aws:username': 'alice' }))).toBe(true)
    expect(m.matches('arn:app:docs::1:user/bob/doc', ctx({ 'aws:username': '*' }))).toBe(false)
    expect(m.matches('arn:app:docs::1:user/*/doc', ctx({ 'aws:username': '*' }))).toBe(true)
  })

  it('does not match when a variable has no value and no default', () => {
    const m = compileResourcePattern('arn:app:docs::1:user/${aws:username}', on)
    expect(m.matches('arn:app:docs::1:user/', empty)).toBe(false)
    expect(m.matches('arn:app:docs::1:user/${aws:username}', empty)).toBe(false)
  })

  it('never mixes up resolutions of different requests (the per-value cache)', () => {
    const m = compileResourcePattern('arn:app:docs::1:${a}${b}/*', on)
    expect(m.matches('arn:app:docs::1:abc/x', ctx({ a: 'a', b: 'bc' }))).toBe(true)
    expect(m.matches('arn:app:docs::1:abc/x', ctx({ a: 'ab', b: 'c' }))).toBe(true)
    expect(m.matches('arn:app:docs::1:abc/x', ctx({ a: 'ab', b: 'd' }))).toBe(false)
    const one = compileResourcePattern('arn:app:docs::1:user/${aws:username}/*', on)
    for (let i = 0; i < 600; i++) {
      const name = `u${i % 300}`
      expect(one.matches(`arn:app:docs::1:user/${name}/doc`, ctx({ 'aws:username': name }))).toBe(true)
      expect(one.matches(`arn:app:docs::1:user/${name}x/doc`, ctx({ 'aws:username': name }))).toBe(false)
    }
  })

  it('matches variable values exactly as if they were escaped literal text', () => {
    const valueChars = fc.string({ unit: fc.constantFrom('a', '*', '?', ':', '/'), maxLength: 5 })
    fc.assert(
      fc.property(valueChars, valueChars, (username, tail) => {
        const m = compileResourcePattern('arn:app:docs::1:user/${aws:username}/*', on)
        const resource = `arn:app:docs::1:user/${tail}/doc`
        // The star after the variable may span colons (resource segment); the variable may not vary.
        const expected = resource.startsWith(`arn:app:docs::1:user/${username}/`)
        expect(m.matches(resource, ctx({ 'aws:username': username }))).toBe(expected)
      }),
      { numRuns: 1500 },
    )
  })

  it('uses the default when the key is missing', () => {
    const m = compileResourcePattern("arn:app:docs::1:team/${aws:PrincipalTag/team, 'shared'}/*", on)
    expect(m.matches('arn:app:docs::1:team/shared/x', empty)).toBe(true)
    expect(m.matches('arn:app:docs::1:team/red/x', ctx({ 'aws:PrincipalTag/team': 'red' }))).toBe(true)
  })

  it('treats variables as text under policy version 2008-10-17', () => {
    const m = compileResourcePattern('arn:app:docs::1:user/${aws:username}', { variables: false })
    expect(m.keys).toEqual([])
    expect(m.matches('arn:app:docs::1:user/${aws:username}', ctx({ 'aws:username': 'alice' }))).toBe(true)
    expect(m.matches('arn:app:docs::1:user/alice', ctx({ 'aws:username': 'alice' }))).toBe(false)
  })

  it('refuses a malformed variable with ERR_POLICY_INVALID', () => {
    expect(() => compileResourcePattern('arn:app:docs::1:user/${aws:username', on)).toThrow(IamError)
    try {
      compileResourcePattern('arn:app:docs::1:user/${aws:username', on)
    } catch (error) {
      expect((error as IamError).code).toBe('ERR_POLICY_INVALID')
    }
  })

  it('agrees with the reference on random ARNs', () => {
    const seg = fc.string({ unit: fc.constantFrom('a', 'b', '*', '?'), maxLength: 4 })
    const res = fc.string({ unit: fc.constantFrom('a', '/', ':', '*'), maxLength: 6 })
    const value = fc.string({ unit: fc.constantFrom('a', 'b', ':', '/'), maxLength: 16 })
    fc.assert(
      fc.property(fc.array(seg, { minLength: 1, maxLength: 5 }), fc.option(res, { nil: undefined }), value, (ps, pr, v) => {
        const written = pr === undefined ? ['arn', ...ps].slice(0, 5) : ['arn', ...ps.slice(0, 4), ...Array(Math.max(0, 4 - ps.length)).fill('a'), pr]
        const pattern = written.join(':')
        const cellsOf = (text: string): Cell[] => [...text].map((c) => ({ c, wild: c === '*' || c === '?' }))
        const expected = referenceMatch(written.map(cellsOf), `arn:${v}`)
        expect(compileResourcePattern(pattern, on).matches(`arn:${v}`, empty)).toBe(expected)
      }),
      { numRuns: 4000 },
    )
  })
})

type Cell = { c: string; wild: boolean }

/**
 * Reference for Resource matching, a DP over the pattern's characters: in the segments before
 * the fifth written colon, a policy `*` that ends its segment matches anything, another `*` any
 * run without a colon, `?` one character that is not a colon; in the resource part `*` matches
 * anything and `?` any character. A colon inside a head segment can only come from a variable:
 * nothing matches it. `segments` are the written segments (cells), the sixth being the resource part.
 */
function referenceMatch(segments: Cell[][], v: string): boolean {
  type Token = 'free' | 'conf' | 'conf1' | 'any' | { lit: string }
  const tokens: Token[] = []
  for (let i = 0; i < segments.length; i++) {
    if (i > 0) tokens.push({ lit: ':' })
    const cells = segments[i]!
    const head = i < 5
    if (head && cells.some((cell) => !cell.wild && cell.c === ':')) return false
    cells.forEach((cell, k) => {
      if (!cell.wild) tokens.push({ lit: cell.c })
      else if (cell.c === '*') tokens.push(!head || k === cells.length - 1 ? 'free' : 'conf')
      else tokens.push(head ? 'conf1' : 'any')
    })
  }
  let row = Array<boolean>(v.length + 1).fill(false)
  row[0] = true
  for (const t of tokens) {
    const next = Array<boolean>(v.length + 1).fill(false)
    for (let j = 0; j <= v.length; j++) {
      const ch = v[j - 1]
      if (t === 'free') next[j] = row[j]! || (j > 0 && next[j - 1]!)
      else if (t === 'conf') next[j] = row[j]! || (j > 0 && ch !== ':' && next[j - 1]!)
      else if (t === 'conf1') next[j] = j > 0 && ch !== ':' && row[j - 1]!
      else if (t === 'any') next[j] = j > 0 && row[j - 1]!
      else next[j] = j > 0 && ch === t.lit && row[j - 1]!
    }
    row = next
  }
  return row[v.length]!
}

// AWS "IAM JSON policy elements: Resource": an ARN is matched segment by segment. The segments
// are the ones the policy author wrote, split before variables are substituted: a colon in a
// request value is text inside one segment and cannot shift the account segment.
describe('policy variables inside the first five segments of an ARN pattern', () => {
  const A = '111122223333'

  it('cannot move the account segment with a colon in the value', () => {
    const m = compileResourcePattern(`arn:app:docs:\${aws:PrincipalTag/region}:${A}:doc/*`, on)
    const tagged = (region: string) => ctx({ 'aws:PrincipalTag/region': region })
    expect(m.matches(`arn:app:docs:x:444455556666:${A}:doc/1`, tagged('x:444455556666'))).toBe(false)
    expect(m.matches(`arn:app:docs:x:${A}:doc/1`, tagged('x'))).toBe(true)
    expect(m.matches(`arn:app:docs:x:${A}:doc/1`, tagged('x:'))).toBe(false)
  })

  it('never matches when a value put in a written segment holds a colon', () => {
    const m = compileResourcePattern('arn:app:docs::${aws:PrincipalAccount}:*', on)
    expect(m.matches('arn:app:docs::1:2:doc', ctx({ 'aws:PrincipalAccount': '1:2' }))).toBe(false)
    expect(m.matches('arn:app:docs::1:2:doc', ctx({ 'aws:PrincipalAccount': '1' }))).toBe(true)
  })

  it('still lets a value hold colons in the resource segment', () => {
    const m = compileResourcePattern('arn:app:docs::1:note/${app:path}', on)
    expect(m.matches('arn:app:docs::1:note/a:b', ctx({ 'app:path': 'a:b' }))).toBe(true)
  })

  it('lets a variable supply the segments its author did not write (an ARN condition value)', () => {
    const whole = compileArnLike('${aws:PrincipalArn}', on)
    const arn = `arn:aws:iam::${A}:role/Ops`
    expect(whole.matches(arn, ctx({ 'aws:PrincipalArn': arn }))).toBe(true)
    expect(whole.matches(`arn:aws:iam::${A}:role/Other`, ctx({ 'aws:PrincipalArn': arn }))).toBe(false)
    expect(whole.matches(arn, ctx({ 'aws:PrincipalArn': 'arn:aws:iam' }))).toBe(false)
    const tail = compileArnLike('arn:aws:iam::${app:rest}', on)
    expect(tail.matches(arn, ctx({ 'app:rest': `${A}:role/Ops` }))).toBe(true)
    expect(tail.matches(arn, ctx({ 'app:rest': `${A}:role/*` }))).toBe(false)
  })

  it('matches as if each written segment were resolved on its own, on random values', () => {
    // Reference: the written segments, with the variable resolved into its segment as literal text.
    const cells = (text: string, wild: boolean): Cell[] => [...text].map((c) => ({ c, wild: wild && (c === '*' || c === '?') }))
    const seg = fc.string({ unit: fc.constantFrom('a', 'b', '*', '?'), maxLength: 3 })
    const valueText = fc.string({ unit: fc.constantFrom('a', 'b', ':', '*'), maxLength: 4 })
    const arnText = fc.string({ unit: fc.constantFrom('a', 'b', ':'), maxLength: 14 })
    fc.assert(
      fc.property(fc.array(seg, { minLength: 5, maxLength: 5 }), fc.integer({ min: 1, max: 5 }), seg, valueText, arnText, (segs, at, after, value, rest) => {
        const written = ['arn', ...segs]
        const pattern = written.map((s, i) => (i === at ? `${s}\${app:v}${after}` : s)).join(':')
        const resource = `arn:${rest}`
        const patternSegments = written.map((s, i) => (i === at ? [...cells(s, true), ...cells(value, false), ...cells(after, true)] : cells(s, true)))
        const expected = referenceMatch(patternSegments, resource)
        expect(compileResourcePattern(pattern, on).matches(resource, ctx({ 'app:v': value }))).toBe(expected)
      }),
      { numRuns: 4000 },
    )
  })
})

describe('compileArnLike', () => {
  it('matches each of the six segments separately', () => {
    const m = compileArnLike('arn:aws:iam::*:role/Admin*', on)
    expect(m.matches('arn:aws:iam::111122223333:role/AdminRole', empty)).toBe(true)
    expect(m.matches('arn:aws:iam::111122223333:user/Admin', empty)).toBe(false)
    expect(m.matches('arn:aws:iam::1:2:role/Admin', empty)).toBe(false)
  })

  it('does not match values that are not ARNs', () => {
    expect(compileArnLike('arn:aws:*:*:*:*', on).matches('arn:aws:s3', empty)).toBe(false)
    expect(compileArnLike('arn:aws:*:*:*:*', on).matches('arn:aws:s3:::b', empty)).toBe(true)
  })
})

describe('checkResourcePattern', () => {
  it('accepts a lone star and well-formed ARNs', () => {
    expect(checkResourcePattern('*', on)).toEqual([])
    expect(checkResourcePattern('arn:aws:s3:::bucket/*', on)).toEqual([])
    expect(checkResourcePattern('arn:app:docs::${aws:PrincipalAccount}:x', on)).toEqual([])
  })

  it('reports text that is not an ARN, and malformed variables', () => {
    expect(checkResourcePattern('bucket/*', on)).toEqual([expect.stringContaining('not an ARN')])
    expect(checkResourcePattern('arn:aws:s3', on)).toEqual([expect.stringContaining('not an ARN')])
    expect(checkResourcePattern('arn:aws:s3:::${x', on)).toEqual([expect.stringContaining('unterminated')])
  })
})

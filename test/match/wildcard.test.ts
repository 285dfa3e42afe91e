import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compileWildcard, globFromPattern, globMatch, rangeMatcher } from '../../src/match/index.js'

/** Reference: the textbook dynamic-programming glob, obviously correct and slow. */
function reference(pattern: string, value: string): boolean {
  const m = pattern.length
  const n = value.length
  let prev: boolean[] = Array.from({ length: n + 1 }, (_, j) => j === 0)
  for (let i = 1; i <= m; i++) {
    const p = pattern[i - 1]
    const row: boolean[] = [prev[0]! && p === '*']
    for (let j = 1; j <= n; j++) {
      if (p === '*') row[j] = prev[j]! || row[j - 1]!
      else row[j] = prev[j - 1]! && (p === '?' || p === value[j - 1])
    }
    prev = row
  }
  return prev[n]!
}

const alphabet = fc.constantFrom('a', 'b', '*', '?', ':', '/')
const text = fc.string({ unit: alphabet, maxLength: 12 })
const plain = fc.string({ unit: fc.constantFrom('a', 'b', ':', '/'), maxLength: 12 })

describe('compileWildcard', () => {
  it('matches everything with a lone star, including the empty string', () => {
    const m = compileWildcard('*', { ignoreCase: false })
    expect(m('')).toBe(true)
    expect(m('anything:at/all')).toBe(true)
  })

  it('treats ? as exactly one character', () => {
    const m = compileWildcard('a?c', { ignoreCase: false })
    expect(m('abc')).toBe(true)
    expect(m('ac')).toBe(false)
    expect(m('abbc')).toBe(false)
  })

  it('compares exactly when the pattern has no wildcards', () => {
    const m = compileWildcard('GetObject', { ignoreCase: false })
    expect(m('GetObject')).toBe(true)
    expect(m('getobject')).toBe(false)
  })

  it('ignores case when asked, for literal and wildcard patterns alike', () => {
    expect(compileWildcard('GetObject', { ignoreCase: true })('GETOBJECT')).toBe(true)
    expect(compileWildcard('Get*', { ignoreCase: true })('getobject')).toBe(true)
    expect(compileWildcard('straße', { ignoreCase: true })('STRAßE')).toBe(true)
    expect(compileWildcard('Get*', { ignoreCase: true })('PutObject')).toBe(false)
  })

  it('agrees with a naive reference matcher on random patterns and values', () => {
    fc.assert(
      fc.property(text, fc.string({ unit: alphabet, maxLength: 14 }), (pattern, value) => {
        expect(compileWildcard(pattern, { ignoreCase: false })(value)).toBe(reference(pattern, value))
      }),
      { numRuns: 3000 },
    )
  })

  it('treats wildcards in the value as literal characters', () => {
    // A value `*` only matches a pattern position that is `*` or `?`, never "everything".
    fc.assert(
      fc.property(plain, plain, (pattern, value) => {
        const m = compileWildcard(pattern, { ignoreCase: false })
        expect(m('*')).toBe(pattern === '*')
        expect(m(value + '*')).toBe(false)
        expect(m(value)).toBe(pattern === value)
      }),
    )
  })

  it('finishes on adversarial patterns against long strings with the right answer', () => {
    const pattern = '*a*a*a*a*a*a*a*a*a*a*b'
    const m = compileWildcard(pattern, { ignoreCase: false })
    const long = 'a'.repeat(50_000)
    expect(m(long)).toBe(false)
    expect(m(long + 'b')).toBe(true)
    expect(compileWildcard('*?*?*?*?*?c', { ignoreCase: false })('x'.repeat(20_000))).toBe(false)
  })

  it('gives the same answers through the fast chunk matcher and the generic one, on sub-ranges too', () => {
    fc.assert(
      fc.property(text, fc.string({ unit: alphabet, maxLength: 14 }), fc.nat(3), fc.nat(3), (pattern, value, cut, trail) => {
        const glob = globFromPattern(pattern, false)
        const padded = 'x'.repeat(cut) + value + 'y'.repeat(trail)
        const expected = reference(pattern, value)
        expect(rangeMatcher(glob, 0, pattern.length)(padded, cut, cut + value.length)).toBe(expected)
        expect(globMatch(glob.text, glob.kinds, 0, pattern.length, padded, cut, cut + value.length, false)).toBe(expected)
      }),
      { numRuns: 3000 },
    )
  })
})

import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { globCovers, resourceCovers } from '../../src/policy/lint-cover.js'

/** Reference glob matcher for the property: `*` any run, `?` one character. */
function matches(pattern: string, value: string): boolean {
  let row = new Array<boolean>(value.length + 1).fill(false)
  row[value.length] = true
  for (let i = pattern.length - 1; i >= 0; i--) {
    const next = new Array<boolean>(value.length + 1).fill(false)
    const c = pattern[i]
    next[value.length] = c === '*' && row[value.length]!
    for (let j = value.length - 1; j >= 0; j--) {
      if (c === '*') next[j] = row[j]! || next[j + 1]!
      else next[j] = (c === '?' || c === value[j]) && row[j + 1]!
    }
    row = next
  }
  return row[0]!
}

const pattern = fc.string({ unit: fc.constantFrom('a', 'b', '*', '?'), maxLength: 6 })
const text = fc.string({ unit: fc.constantFrom('a', 'b', '*', '?'), maxLength: 8 })

describe('pattern containment used by the linter', () => {
  it('never claims a containment that a string disproves', () => {
    fc.assert(
      fc.property(pattern, pattern, text, (p, q, s) => {
        if (globCovers(p, q) && matches(q, s)) expect(matches(p, s)).toBe(true)
      }),
      { numRuns: 3000 },
    )
  })

  it('sees the containments a reviewer would expect', () => {
    expect(globCovers('docs:*', 'docs:get?ocument')).toBe(true)
    expect(globCovers('docs:get*', 'docs:get?')).toBe(true)
    expect(globCovers('docs:get?', 'docs:get*')).toBe(false)
    expect(globCovers('a*b', 'a*c*b')).toBe(true)
    expect(globCovers('a?b', 'a*b')).toBe(false)
  })

  it('compares ARNs field by field', () => {
    expect(resourceCovers('arn:app:docs::*:project/*', 'arn:app:docs::111122223333:project/p1')).toBe(true)
    // AWS "IAM JSON policy elements: Resource": a * that ends a segment expands beyond the colons.
    expect(resourceCovers('arn:app:docs:*', 'arn:app:docs::111122223333:project/p1')).toBe(true)
    expect(resourceCovers('arn:app:docs:*', 'arn:app:doc*')).toBe(false)
    expect(resourceCovers('arn:app:docs:*', 'arn:app:docsx::1:p')).toBe(false)
    expect(resourceCovers('arn:app:d?cs:*', 'arn:app:docs::1:p')).toBe(false)
    expect(resourceCovers('arn:app:docs::1:u/${aws:username}', 'arn:app:docs::1:u/bob')).toBe(false)
    expect(resourceCovers('*', 'arn:app:docs::1:u/bob')).toBe(true)
  })
})

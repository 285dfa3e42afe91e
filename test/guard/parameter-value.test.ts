import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { checkValue } from '../../src/guard/parameter-value.js'
import { IamError } from '../../src/errors.js'

function code(fn: () => unknown): string | undefined {
  try {
    fn()
    return undefined
  } catch (error) {
    return error instanceof IamError ? error.code : 'other'
  }
}

describe('checkValue', () => {
  it('keeps * and ? as data in the resource part', () => {
    expect(checkValue('doc', '*', 'resource', false)).toBe('*')
    expect(checkValue('doc', 'a?b*', 'resource', false)).toBe('a?b*')
  })

  it('allows a colon inside the resource part but never in the account or header fields', () => {
    expect(checkValue('doc', 'a:b', 'resource', false)).toBe('a:b')
    expect(code(() => checkValue('region', 'eu:1', 'header', false))).toBe('ERR_INVALID_PARAMETER')
    expect(code(() => checkValue('account', '1111:2', 'account', false))).toBe('ERR_INVALID_PARAMETER')
  })

  it('accepts only account ids in the account field', () => {
    expect(checkValue('account', '111122223333', 'account', false)).toBe('111122223333')
    expect(code(() => checkValue('account', '*', 'account', false))).toBe('ERR_INVALID_PARAMETER')
  })

  it('refuses a slash unless the parameter is multi-segment, and dot segments always', () => {
    expect(code(() => checkValue('doc', 'a/b', 'resource', false))).toBe('ERR_INVALID_PARAMETER')
    expect(checkValue('path', 'a/b', 'resource', true)).toBe('a/b')
    expect(checkValue('path', ['a', 'b'], 'resource', true)).toBe('a/b')
    expect(code(() => checkValue('path', ['a', 'b'], 'resource', false))).toBe('ERR_INVALID_PARAMETER')
    for (const v of ['a/../b', 'a//b', './a', '..', '.']) expect(code(() => checkValue('path', v, 'resource', true))).toBe('ERR_INVALID_PARAMETER')
  })

  it('refuses empty, missing, overlong and control-character values', () => {
    for (const v of ['', undefined, 'x'.repeat(1025), 'a\u0000b', 'a\nb', 'a\u007fb', 42]) {
      expect(code(() => checkValue('doc', v, 'resource', false))).toBe('ERR_INVALID_PARAMETER')
    }
  })

  it('never lets an accepted single-segment value add a path segment (property)', () => {
    fc.assert(
      fc.property(fc.string(), (v) => {
        let out: string | undefined
        try {
          out = checkValue('doc', v, 'resource', false)
        } catch {
          return true
        }
        return out === v && !out.includes('/') && out !== '..' && out.length > 0
      }),
    )
  })
})

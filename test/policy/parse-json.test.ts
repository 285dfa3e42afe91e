import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { parseJsonText } from '../../src/policy/json-text.js'
import { IssueList } from '../../src/policy/issues.js'
import { textSize } from '../../src/policy/size.js'

describe('the policy JSON text parser', () => {
  it('reads any JSON text as JSON.parse does', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 6 }), (text) => {
        const issues = new IssueList()
        const result = parseJsonText(text, issues)
        expect(issues.items).toEqual([])
        expect(result).toEqual({ ok: true, value: JSON.parse(text) })
      }),
      { numRuns: 500 },
    )
  })

  it('refuses what JSON.parse refuses', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (text) => {
        let valid = true
        try {
          JSON.parse(text)
        } catch {
          valid = false
        }
        expect(parseJsonText(text, new IssueList()).ok).toBe(valid)
      }),
      { numRuns: 2000 },
    )
  })

  it('counts the characters of the compact form, ignoring white space outside strings', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const compact = JSON.stringify(value)
        expect(textSize(JSON.stringify(value, null, 2))).toBe(compact.length)
      }),
      { numRuns: 300 },
    )
  })
})

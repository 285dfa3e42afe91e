// AWS: "IAM policy elements: Variables and tags"
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
import { describe, expect, it } from 'vitest'
import { checkTemplate, parseTemplate, resolveGlob } from '../../src/match/index.js'
import { ctx } from '../conditions/helpers.js'

const on = { variables: true }
const off = { variables: false }

describe('parseTemplate', () => {
  it('splits literal runs, wildcards and variables', () => {
    const t = parseTemplate('home/${aws:username}/*?', on)
    expect(t.parts).toEqual([
      { kind: 'literal', text: 'home/' },
      { kind: 'variable', key: 'aws:username', name: 'aws:username', default: undefined },
      { kind: 'literal', text: '/' },
      { kind: 'star' },
      { kind: 'question' },
    ])
    expect(t.keys).toEqual(['aws:username'])
    expect(t.requiredKeys).toEqual(['aws:username'])
    expect(t.hasWildcards).toBe(true)
    expect(t.errors).toEqual([])
  })

  it('lower-cases variable keys because condition keys are case-insensitive', () => {
    expect(parseTemplate('${AWS:PrincipalTag/Team}', on).keys).toEqual(['aws:principaltag/team'])
  })

  it('reads a default value in single quotes, with spaces around it', () => {
    const t = parseTemplate("${aws:PrincipalTag/team , 'company-wide' }", on)
    expect(t.parts).toEqual([{ kind: 'variable', key: 'aws:principaltag/team', name: 'aws:PrincipalTag/team', default: 'company-wide' }])
    expect(t.requiredKeys).toEqual([])
  })

  it('reads two single quotes in a default as one quote', () => {
    const t = parseTemplate("${k, 'it''s'}", on)
    expect(t.parts[0]).toMatchObject({ default: "it's" })
  })

  it('turns ${*}, ${?} and ${$} into literal characters', () => {
    const t = parseTemplate('a${*}b${?}c${$}', on)
    expect(t.parts).toEqual([{ kind: 'literal', text: 'a*b?c$' }])
    expect(t.hasWildcards).toBe(false)
  })

  it('keeps ${...} as plain text when the policy version has no variables (2008-10-17)', () => {
    const t = parseTemplate('home/${aws:username}', off)
    expect(t.hasVariables).toBe(false)
    expect(t.parts).toEqual([{ kind: 'literal', text: 'home/${aws:username}' }])
  })

  it('keeps a $ that does not open a variable as text', () => {
    expect(parseTemplate('price$ and }', on).parts).toEqual([{ kind: 'literal', text: 'price$ and }' }])
  })
})

describe('checkTemplate', () => {
  it('reports an unterminated variable', () => {
    expect(checkTemplate('home/${aws:username', on)).toEqual([expect.stringContaining('unterminated')])
  })

  it('reports a default value without quotes, or with an open quote', () => {
    expect(checkTemplate('${k, v}', on)).toEqual([expect.stringContaining('single quotes')])
    expect(checkTemplate("${k, 'v}", on)).toEqual([expect.stringContaining('unterminated default')])
    expect(checkTemplate("${k, 'v' x}", on)).toEqual([expect.stringContaining('must end with')])
  })

  it('reports an empty variable and a default on a special variable', () => {
    expect(checkTemplate('${}', on)).toEqual([expect.stringContaining('empty')])
    expect(checkTemplate("${*, 'x'}", on)).toEqual([expect.stringContaining('no default')])
  })

  it('reports nothing for well-formed text, or for any text without variables enabled', () => {
    expect(checkTemplate("a/${aws:username}/${k, 'd'}/${*}", on)).toEqual([])
    expect(checkTemplate('home/${aws:username', off)).toEqual([])
  })
})

describe('resolveGlob', () => {
  it('inserts variable values as literal text', () => {
    const g = resolveGlob(parseTemplate('home/${aws:username}/*', on), ctx({ 'aws:username': 'a*?' }))!
    expect(g.text).toBe('home/a*?/*')
    expect(Array.from(g.kinds!)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
  })

  it('uses the default when the key is missing or multivalued, and fails without one', () => {
    const t = parseTemplate("${k, 'dflt'}", on)
    expect(resolveGlob(t, ctx())!.text).toBe('dflt')
    expect(resolveGlob(t, ctx({ k: ['a', 'b'] }))!.text).toBe('dflt')
    expect(resolveGlob(parseTemplate('${k}', on), ctx())).toBeUndefined()
    expect(resolveGlob(parseTemplate('${k}', on), ctx({ k: ['a'] }))).toBeUndefined()
  })

  it('writes numbers and booleans from the context as text', () => {
    expect(resolveGlob(parseTemplate('${n}-${b}', on), ctx({ n: 42, b: false }))!.text).toBe('42-false')
  })

  it('treats __proto__ and constructor as ordinary keys', () => {
    const t = parseTemplate('${__proto__}/${constructor}', on)
    expect(resolveGlob(t, ctx())).toBeUndefined()
    expect(resolveGlob(t, ctx({ __proto__x: 'no' }))).toBeUndefined()
    const map = new Map<string, string>([['__proto__', 'p'], ['constructor', 'c']])
    expect(resolveGlob(t, { get: (k) => map.get(k) })!.text).toBe('p/c')
  })
})

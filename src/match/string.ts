/**
 * String patterns for the String* condition operators: equality (case-sensitive or not) and
 * `…Like` globs, with policy variables inserted as literal text.
 */
import type { EvalContext } from '../conditions/types.js'
import { IamError } from '../errors.js'
import { equalsFolded, foldString } from './fold.js'
import { memoizeResolved, parseTemplate, staticGlob, type Template, type TemplateOptions } from './template.js'
import type { ValueMatcher } from './types.js'
import { type Glob, globMatch, isMatchAll, rangeMatcher } from './wildcard.js'

export interface StringPatternOptions extends TemplateOptions {
  /** Default: false. */
  ignoreCase?: boolean
}

function templateOf(pattern: string, options: TemplateOptions, wildcards: boolean): Template {
  // In StringEquals a `*` is an ordinary character: parse it as literal text.
  const template = parseTemplate(pattern, options)
  if (template.errors.length > 0) {
    throw new IamError('ERR_POLICY_INVALID', `condition value "${pattern}": ${template.errors.join('; ')}`, {
      details: { pattern, messages: [...template.errors] },
    })
  }
  if (wildcards || !template.hasWildcards) return template
  const parts = template.parts.map((part) =>
    part.kind === 'star' ? { kind: 'literal' as const, text: '*' } : part.kind === 'question' ? { kind: 'literal' as const, text: '?' } : part,
  )
  return { ...template, parts, hasWildcards: false }
}

function globTest(glob: Glob, value: string, fold: boolean): boolean {
  if (glob.kinds === undefined) return fold ? equalsFolded(value, glob.text) : value === glob.text
  return globMatch(glob.text, glob.kinds, 0, glob.text.length, value, 0, value.length, fold)
}

function staticMatcher(glob: Glob, fold: boolean): (value: string) => boolean {
  if (isMatchAll(glob)) return () => true
  if (fold) return (value) => globTest(glob, value, true)
  if (glob.kinds === undefined) {
    const text = glob.text
    return (value) => value === text
  }
  const range = rangeMatcher(glob, 0, glob.text.length)
  return (value) => range(value, 0, value.length)
}

function matcherOf(template: Template, fold: boolean): ValueMatcher {
  const pattern = template.source
  const keys = template.keys
  const foldFn = fold ? foldString : undefined
  if (!template.hasVariables) {
    const matches = staticMatcher(staticGlob(template, foldFn), fold)
    return { pattern, keys, matches: (value) => matches(value) }
  }
  const resolve = memoizeResolved(template, (glob) => staticMatcher(glob, fold), foldFn)
  return {
    pattern,
    keys,
    matches(value: string, ctx: EvalContext): boolean {
      const matches = resolve(ctx)
      return matches !== undefined && matches(value)
    },
  }
}
/** A StringLike/StringNotLike value: `*` and `?` are wildcards, case-sensitive unless asked. */
export function compileStringLike(pattern: string, options: StringPatternOptions): ValueMatcher {
  return matcherOf(templateOf(pattern, options, true), options.ignoreCase === true)
}

/** A StringEquals/StringEqualsIgnoreCase value: `*` and `?` are literal characters. */
export function compileStringEquals(pattern: string, options: StringPatternOptions): ValueMatcher {
  return matcherOf(templateOf(pattern, options, false), options.ignoreCase === true)
}

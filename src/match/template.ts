/**
 * Policy text with wildcards and policy variables, parsed once.
 *
 * AWS ("IAM policy elements: Variables and tags", docs.aws.amazon.com/IAM/latest/UserGuide/
 * reference_policies_variables.html): `${key}` is replaced by the request's value of `key`
 * (key names case-insensitive), `${key, 'default'}` falls back to the default when the key has
 * no value, and `${*}`, `${?}`, `${$}` stand for a literal `*`, `?`, `$`. Variables exist only
 * in policy Version 2012-10-17; in 2008-10-17 (or without Version) `${…}` is plain text.
 * A multivalued key cannot be a variable, so an array value counts as "no value".
 */
import type { EvalContext } from '../conditions/types.js'
import { ANY_ONE, type Glob, STAR } from './wildcard.js'

export type TemplatePart =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'star' }
  | { readonly kind: 'question' }
  | {
      readonly kind: 'variable'
      /** Lower-cased context key. */
      readonly key: string
      /** The key as written. */
      readonly name: string
      /** Text used when the key has no value; `undefined` when the variable has no default. */
      readonly default: string | undefined
    }

export interface Template {
  readonly source: string
  readonly parts: readonly TemplatePart[]
  /** Lower-cased keys of all variables, without duplicates. */
  readonly keys: readonly string[]
  /** Lower-cased keys of the variables that have no default (the template fails without them). */
  readonly requiredKeys: readonly string[]
  readonly hasVariables: boolean
  readonly hasWildcards: boolean
  /** Messages for malformed variables; a template with errors must not be used. */
  readonly errors: readonly string[]
}

export interface TemplateOptions {
  /** True for policy Version 2012-10-17, the only version with policy variables. */
  variables: boolean
}

// A Map, not an object literal: `${__proto__}` and `${constructor}` are ordinary variables.
const SPECIAL: ReadonlyMap<string, string> = new Map([
  ['*', '*'],
  ['?', '?'],
  ['$', '$'],
])

interface VariableScan {
  end: number
  part?: TemplatePart
  literal?: string
  error?: string
}

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r'
}

/** Scans `${…}` starting at `start` (pointing at `$`). */
function scanVariable(text: string, start: number): VariableScan {
  let i = start + 2
  while (i < text.length && text[i] !== '}' && text[i] !== ',') i++
  if (i >= text.length) return { end: text.length, error: `unterminated policy variable "${text.slice(start)}"` }
  const name = text.slice(start + 2, i).trim()
  if (name === '') return { end: i + 1, error: 'empty policy variable "${}"' }
  if (/[{}$']/.test(name) && !SPECIAL.has(name)) {
    return { end: i + 1, error: `invalid character in policy variable name "${name}"` }
  }
  if (text[i] === '}') {
    const special = SPECIAL.get(name)
    if (special !== undefined) return { end: i + 1, literal: special }
    return { end: i + 1, part: { kind: 'variable', key: name.toLowerCase(), name, default: undefined } }
  }
  if (SPECIAL.has(name)) return { end: i + 1, error: `"\${${name}}" takes no default value` }
  // A default: `, 'text'` with `''` standing for one quote inside the text.
  i++
  while (isSpace(text[i])) i++
  if (text[i] !== "'") return { end: i, error: `default value of policy variable "${name}" must be in single quotes` }
  i++
  let value = ''
  for (;;) {
    if (i >= text.length) return { end: i, error: `unterminated default value of policy variable "${name}"` }
    if (text[i] === "'") {
      if (text[i + 1] === "'") {
        value += "'"
        i += 2
        continue
      }
      i++
      break
    }
    value += text[i]
    i++
  }
  while (isSpace(text[i])) i++
  if (text[i] !== '}') return { end: i, error: `policy variable "${name}" must end with "}" after its default value` }
  return { end: i + 1, part: { kind: 'variable', key: name.toLowerCase(), name, default: value } }
}

export function parseTemplate(text: string, options: TemplateOptions): Template {
  const parts: TemplatePart[] = []
  const errors: string[] = []
  const keys: string[] = []
  const requiredKeys: string[] = []
  let literal = ''
  let hasWildcards = false
  const flush = (): void => {
    if (literal !== '') parts.push({ kind: 'literal', text: literal })
    literal = ''
  }
  let i = 0
  while (i < text.length) {
    const c = text[i]
    if (c === '*' || c === '?') {
      flush()
      parts.push({ kind: c === '*' ? 'star' : 'question' })
      hasWildcards = true
      i++
    } else if (c === '$' && options.variables && text[i + 1] === '{') {
      const scan = scanVariable(text, i)
      if (scan.error !== undefined) {
        errors.push(scan.error)
        literal += text.slice(i, scan.end)
      } else if (scan.literal !== undefined) {
        literal += scan.literal
      } else if (scan.part !== undefined && scan.part.kind === 'variable') {
        flush()
        parts.push(scan.part)
        if (!keys.includes(scan.part.key)) keys.push(scan.part.key)
        if (scan.part.default === undefined && !requiredKeys.includes(scan.part.key)) requiredKeys.push(scan.part.key)
      }
      i = scan.end
    } else {
      literal += c
      i++
    }
  }
  flush()
  return {
    source: text,
    parts,
    keys,
    requiredKeys,
    hasVariables: keys.length > 0,
    hasWildcards,
    errors,
  }
}

/** Human messages for malformed policy variables in `text` (empty when it is well formed). */
export function checkTemplate(text: string, options: TemplateOptions): string[] {
  return [...parseTemplate(text, options).errors]
}

/**
 * A context value as a policy variable's text, or `undefined` when it has none. Arrays never
 * resolve: AWS does not allow multivalued keys as policy variables.
 */
export function variableText(ctx: EvalContext, key: string): string | undefined {
  const value = ctx.get(key)
  if (typeof value === 'string') return value
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  return undefined
}

type Fold = (text: string) => string
const asIs: Fold = (text) => text

/** The template with no variables as a `Glob` (wildcards from the policy only). */
export function staticGlob(template: Template, fold: Fold = asIs): Glob {
  const glob = template.hasVariables ? undefined : resolveGlob(template, undefined, fold)
  if (glob === undefined) throw new TypeError('staticGlob needs a template without variables')
  return glob
}

/**
 * The template with variables replaced by the request's values, as a `Glob` whose variable text
 * is all LITERAL: a `*` in a username never acts as a wildcard. Returns `undefined` when a
 * variable without default has no value (AWS: the element does not match).
 */
export function resolveGlob(template: Template, ctx: EvalContext | undefined, fold: Fold = asIs): Glob | undefined {
  let text = ''
  let wildcards: number[] | undefined
  for (const part of template.parts) {
    if (part.kind === 'literal') text += part.text
    else if (part.kind === 'star' || part.kind === 'question') {
      ;(wildcards ??= []).push(text.length, part.kind === 'star' ? STAR : ANY_ONE)
      text += part.kind === 'star' ? '*' : '?'
    } else {
      const value = (ctx === undefined ? undefined : variableText(ctx, part.key)) ?? part.default
      if (value === undefined) return undefined
      text += value
    }
  }
  let kinds: Uint8Array | undefined
  if (wildcards !== undefined) {
    kinds = new Uint8Array(text.length)
    for (let i = 0; i < wildcards.length; i += 2) kinds[wildcards[i]!] = wildcards[i + 1]!
  }
  return { text: fold(text), kinds }
}

/**
 * Resolving variables and compiling the result per call would allocate on every request. Most
 * requests of one principal resolve a template to the same text, so the compiled result is kept
 * per resolved variable text in a small bounded cache (cleared when full: correctness never
 * depends on it). The cache key is the resolved text of each variable, length-prefixed so that
 * two different resolutions can never share a key.
 */
export function memoizeResolved<M>(template: Template, build: (glob: Glob) => M, fold: Fold = asIs, limit = 256): (ctx: EvalContext) => M | undefined {
  return memoizeByVariables(template, (ctx) => {
    const glob = resolveGlob(template, ctx, fold)
    return glob === undefined ? undefined : build(glob)
  }, limit)
}

/**
 * `memoizeResolved` for callers that resolve the template themselves (e.g. segment by segment):
 * `build` runs once per distinct resolution of the template's variables; `undefined` when a
 * variable without default has no value.
 */
export function memoizeByVariables<M>(template: Template, build: (ctx: EvalContext) => M | undefined, limit = 256): (ctx: EvalContext) => M | undefined {
  const variables = template.parts.filter((part): part is Extract<TemplatePart, { kind: 'variable' }> => part.kind === 'variable')
  const cache = new Map<string, M>()
  const single = variables.length === 1 ? variables[0]! : undefined
  return (ctx) => {
    let key: string
    if (single !== undefined) {
      const text = variableText(ctx, single.key) ?? single.default
      if (text === undefined) return undefined
      key = text
    } else {
      key = ''
      for (const variable of variables) {
        const text = variableText(ctx, variable.key) ?? variable.default
        if (text === undefined) return undefined
        key += `${text.length}:${text}`
      }
    }
    let built = cache.get(key)
    if (built === undefined) {
      built = build(ctx)
      if (built === undefined) return undefined
      if (cache.size >= limit) cache.clear()
      cache.set(key, built)
    }
    return built
  }
}

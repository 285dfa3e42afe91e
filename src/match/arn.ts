/**
 * ARN patterns for Resource/NotResource and the Arn* condition operators.
 *
 * An ARN is `arn:partition:service:region:account:resource`. Matching is case-sensitive; the
 * resource segment may itself hold `:` and `/`, and wildcards inside it are free. With policy
 * variables, the pattern is split on the colons its author wrote before the variables are
 * substituted (`arn-segments.ts`): a variable's value stays inside its segment.
 * - Arn* condition operators ("Condition operators", ARN section): "Each of the six
 *   colon-delimited components of the ARN is checked separately", so there no wildcard spans a
 *   colon of the first five segments.
 * - Resource/NotResource ("IAM JSON policy elements: Resource"): likewise, except that "If the *
 *   wildcard is the last character of a resource ARN segment, it can expand to match beyond the
 *   colon boundaries" (`arn-expand.ts`); so `arn:aws:s3:*` is a valid entry. `*` alone matches
 *   every resource.
 */
import type { EvalContext } from '../conditions/types.js'
import { IamError } from '../errors.js'
import { endsWithStar, expandingArnMatcher } from './arn-expand.js'
import { segmentedArnResolver, segmentsMatcher, type SegmentsBuilder } from './arn-segments.js'
import { parseTemplate, staticGlob, type Template, type TemplateOptions } from './template.js'
import type { ResourceMatcher } from './types.js'
import { type Glob, type RangeMatcher, rangeMatcher } from './wildcard.js'

const COLON = 58

/** The six segments of a pattern without variables, each compiled to its fastest matcher; no allocation per call. */
function staticArnMatcher(glob: Glob): (value: string) => boolean {
  const segments: RangeMatcher[] = []
  let ps = 0
  for (let i = 0; i < 5; i++) {
    const pc = glob.text.indexOf(':', ps)
    if (pc < 0) return () => false
    segments.push(rangeMatcher(glob, ps, pc))
    ps = pc + 1
  }
  const rest = rangeMatcher(glob, ps, glob.text.length)
  if (!hasWildcardBefore(glob, ps)) {
    // The first five segments are literal: one prefix comparison places all five colons.
    const head = glob.text.slice(0, ps)
    return (value) => value.startsWith(head) && rest(value, ps, value.length)
  }
  segments.push(rest)
  return (value) => {
    let vs = 0
    for (let i = 0; i < 5; i++) {
      const vc = value.indexOf(':', vs)
      if (vc < 0 || !segments[i]!(value, vs, vc)) return false
      vs = vc + 1
    }
    return segments[5]!(value, vs, value.length)
  }
}

function hasWildcardBefore(glob: Glob, end: number): boolean {
  if (glob.kinds === undefined) return false
  for (let i = 0; i < end; i++) if (glob.kinds[i] !== 0) return true
  return false
}

function countColons(text: string, limit: number): number {
  let n = 0
  for (let i = 0; i < text.length && n < limit; i++) if (text.charCodeAt(i) === COLON) n++
  return n
}

function compileTemplate(pattern: string, options: TemplateOptions, what: string): Template {
  const template = parseTemplate(pattern, options)
  if (template.errors.length > 0) {
    throw new IamError('ERR_POLICY_INVALID', `${what} "${pattern}": ${template.errors.join('; ')}`, {
      details: { pattern, messages: [...template.errors] },
    })
  }
  return template
}

/** `glob.text[start, end)` with its wildcard marks. */
function sliceGlob(glob: Glob, start: number, end: number): Glob {
  const kinds = glob.kinds?.slice(start, end)
  return { text: glob.text.slice(start, end), kinds: kinds !== undefined && kinds.some((k) => k !== 0) ? kinds : undefined }
}

/**
 * The Resource rule on resolved segments: the six-segment matcher unless a segment before the
 * fifth colon ends with `*` or the author wrote fewer than five colons (then one does: see
 * `looksLikeResourceArn`), in which case that star may cross colons.
 */
const resourceSegments: SegmentsBuilder = (heads, tail) => {
  const six = heads.length === 5
  const written = six ? heads : [...heads, tail]
  if (six && !heads.some(endsWithStar)) return segmentsMatcher(heads, tail)
  return expandingArnMatcher(written, six ? tail : undefined)
}

function staticSegments(glob: Glob): { heads: Glob[]; tail: Glob } {
  const heads: Glob[] = []
  let from = 0
  for (let i = 0; i < 5; i++) {
    const colon = glob.text.indexOf(':', from)
    if (colon < 0) break
    heads.push(sliceGlob(glob, from, colon))
    from = colon + 1
  }
  return { heads, tail: sliceGlob(glob, from, glob.text.length) }
}

function arnMatcher(template: Template, resource: boolean): ResourceMatcher {
  const pattern = template.source
  const keys = template.keys
  if (!template.hasVariables) {
    const glob = staticGlob(template)
    if (glob.kinds === undefined) {
      // No wildcards: segment-wise equality is string equality (for an ARN operator, only of a
      // six-segment pattern; a Resource entry of fewer segments is refused by the validator).
      const { text } = glob
      if (!resource && countColons(text, 5) < 5) return { pattern, keys, matches: () => false }
      return { pattern, keys, matches: (value) => value === text }
    }
    if (resource) {
      const { heads, tail } = staticSegments(glob)
      if (heads.length < 5 || heads.some(endsWithStar)) {
        const matches = resourceSegments(heads, tail)
        return { pattern, keys, matches: (value) => matches(value) }
      }
    }
    return { pattern, keys, matches: staticArnMatcher(glob) }
  }
  // Split on the written colons before substituting: a variable's value stays in its segment.
  const resolve = resource ? segmentedArnResolver(template, resourceSegments) : segmentedArnResolver(template)
  return {
    pattern,
    keys,
    matches(value: string, ctx: EvalContext): boolean {
      const matcher = resolve(ctx)
      return matcher !== undefined && matcher(value)
    },
  }
}

/**
 * A Resource/NotResource entry. Throws `IamError` `ERR_POLICY_INVALID` for a malformed policy
 * variable (see `checkResourcePattern` for the messages without throwing).
 */
export function compileResourcePattern(pattern: string, options: TemplateOptions): ResourceMatcher {
  const template = compileTemplate(pattern, options, 'Resource')
  if (template.parts.length === 1 && template.parts[0]!.kind === 'star') {
    return { pattern, keys: [], matches: () => true }
  }
  return arnMatcher(template, true)
}

/** A value of ArnEquals/ArnLike/ArnNotEquals/ArnNotLike (all four take wildcards in AWS). */
export function compileArnLike(pattern: string, options: TemplateOptions): ResourceMatcher {
  return arnMatcher(compileTemplate(pattern, options, 'ARN condition value'), false)
}

/**
 * Messages for an ARN pattern that cannot be right: malformed variables, or fewer than six
 * colon-separated segments / not starting with `arn:` (only checked where no variable could
 * supply the missing text).
 */
export function checkArnPattern(pattern: string, options: TemplateOptions): string[] {
  const template = parseTemplate(pattern, options)
  const messages = [...template.errors]
  if (messages.length > 0 || template.hasVariables) return messages
  if (pattern === '*') {
    messages.push('"*" is not an ARN: ARN operators compare each of the six ARN segments; write "arn:*:*:*:*:*" (or use StringLike) to match any ARN')
  } else if (!pattern.startsWith('arn:') || countColons(pattern, 5) < 5) {
    messages.push(`"${pattern}" is not an ARN: expected arn:partition:service:region:account:resource`)
  }
  return messages
}

/** `checkArnPattern`, except that `*` alone is a valid Resource. */
export function checkResourcePattern(pattern: string, options: TemplateOptions): string[] {
  return pattern === '*' ? [] : checkArnPattern(pattern, options)
}

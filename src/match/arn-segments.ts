/**
 * ARN patterns with policy variables, split into segments BEFORE the variables are substituted.
 *
 * AWS matches an ARN segment by segment (`arn:partition:service:region:account:resource`). The
 * colons that delimit those segments are the ones the policy author wrote: a variable's value is
 * text inside one segment, so a principal tag `x:444455556666` put in the region segment cannot
 * shift the account segment. As a value segment never holds a colon, such a value simply never
 * matches. The resource segment may hold colons, from the policy or from a variable.
 *
 * When the author wrote fewer than five colons (an ARN condition value such as
 * `${aws:PrincipalArn}`), the segments after the last written colon are the variables' text:
 * there is no written segment there for a value to move, so that tail is resolved first and then
 * split on its own colons, as a pattern without variables is.
 */
import type { EvalContext } from '../conditions/types.js'
import { memoizeByVariables, resolveGlob, type Template, type TemplatePart } from './template.js'
import { type Glob, type RangeMatcher, rangeMatcher } from './wildcard.js'

const COLON = 58
const SEPARATORS = 5

type ValueTest = (value: string) => boolean

const NEVER: ValueTest = () => false

/** The template's parts cut at its first five written colons: the confined segments, then the tail. */
function splitParts(template: Template): { heads: Template[]; tail: Template } {
  const heads: Template[] = []
  let current: TemplatePart[] = []
  const cut = (): void => {
    heads.push({ ...template, parts: current })
    current = []
  }
  for (const part of template.parts) {
    if (part.kind !== 'literal' || heads.length === SEPARATORS) {
      current.push(part)
      continue
    }
    let from = 0
    for (let i = 0; i < part.text.length && heads.length < SEPARATORS; i++) {
      if (part.text.charCodeAt(i) !== COLON) continue
      if (i > from) current.push({ kind: 'literal', text: part.text.slice(from, i) })
      cut()
      from = i + 1
    }
    if (from < part.text.length) current.push(from === 0 ? part : { kind: 'literal', text: part.text.slice(from) })
  }
  return { heads, tail: { ...template, parts: current } }
}

function hasColon(text: string): boolean {
  return text.indexOf(':') >= 0
}

/**
 * One matcher for the resolved segments: each head glob is one whole segment; the tail glob is
 * split on its own colons into the remaining segments (the last one keeps any further colons).
 */
export function segmentsMatcher(heads: readonly Glob[], tail: Glob): ValueTest {
  // A colon inside a confined segment can only have come from a variable: nothing matches it.
  if (heads.some((g) => hasColon(g.text))) return NEVER
  const segments: RangeMatcher[] = heads.map((g) => rangeMatcher(g, 0, g.text.length))
  let ps = 0
  for (let i = heads.length; i < SEPARATORS; i++) {
    const pc = tail.text.indexOf(':', ps)
    if (pc < 0) return NEVER
    segments.push(rangeMatcher(tail, ps, pc))
    ps = pc + 1
  }
  const rest = rangeMatcher(tail, ps, tail.text.length)
  if (heads.every((g) => g.kinds === undefined) && !hasWildcardBefore(tail, ps)) {
    // Five literal segments: one prefix comparison places all five colons.
    const head = heads.map((g) => `${g.text}:`).join('') + tail.text.slice(0, ps)
    return (value) => value.startsWith(head) && rest(value, head.length, value.length)
  }
  segments.push(rest)
  return (value) => {
    let vs = 0
    for (let i = 0; i < SEPARATORS; i++) {
      const vc = value.indexOf(':', vs)
      if (vc < 0 || !segments[i]!(value, vs, vc)) return false
      vs = vc + 1
    }
    return segments[SEPARATORS]!(value, vs, value.length)
  }
}

function hasWildcardBefore(glob: Glob, end: number): boolean {
  if (glob.kinds === undefined) return false
  for (let i = 0; i < end; i++) if (glob.kinds[i] !== 0) return true
  return false
}

/**
 * How a resolved pattern becomes a matcher: its resolved head segments (cut at the written colons,
 * at most five) and the rest. The default is the six-segment rule of the ARN condition operators.
 */
export type SegmentsBuilder = (heads: readonly Glob[], tail: Glob) => ValueTest

/**
 * For a template with variables: the matcher of the request's resolution of it, or `undefined`
 * when a variable without default has no value. Memoised per resolution.
 */
export function segmentedArnResolver(template: Template, build: SegmentsBuilder = segmentsMatcher): (ctx: EvalContext) => ValueTest | undefined {
  const { heads, tail } = splitParts(template)
  return memoizeByVariables(template, (ctx) => {
    const headGlobs: Glob[] = []
    for (const head of heads) {
      const glob = resolveGlob(head, ctx)
      if (glob === undefined) return undefined
      headGlobs.push(glob)
    }
    const tailGlob = resolveGlob(tail, ctx)
    return tailGlob === undefined ? undefined : build(headGlobs, tailGlob)
  })
}

/**
 * The one glob matcher of iam-guard: `*` matches any run of characters (also none), `?` exactly
 * one UTF-16 code unit. Greedy two-pointer matching with a single backtrack point: O(n·m) in the
 * worst case, no recursion, no regular expression, no allocation.
 *
 * A pattern is `text` plus `kinds`, a parallel array saying which positions are wildcards. The
 * split matters: a `*` that came from a request value (a policy variable's value) is LITERAL and
 * is marked so; only the policy's own characters can be wildcards.
 */
import { foldCode, foldString } from './fold.js'

export const LITERAL = 0
export const STAR = 1
export const ANY_ONE = 2

export interface Glob {
  readonly text: string
  /** `undefined` when every position is literal. */
  readonly kinds: Uint8Array | undefined
}

/**
 * Does `value[vs, ve)` match `pattern[ps, pe)`? With `fold`, the pattern text must already be
 * folded (see `foldString`) and value characters are folded on the fly.
 */
export function globMatch(
  text: string,
  kinds: Uint8Array | undefined,
  ps: number,
  pe: number,
  value: string,
  vs: number,
  ve: number,
  fold: boolean,
): boolean {
  let p = ps
  let v = vs
  let starP = -1
  let starV = 0
  while (v < ve) {
    if (p < pe) {
      const kind = kinds === undefined ? LITERAL : kinds[p]
      if (kind === STAR) {
        starP = p++
        starV = v
        continue
      }
      if (kind === ANY_ONE) {
        p++
        v++
        continue
      }
      const c = fold ? foldCode(value.charCodeAt(v)) : value.charCodeAt(v)
      if (c === text.charCodeAt(p)) {
        p++
        v++
        continue
      }
    }
    // Mismatch: let the last `*` swallow one more character, or fail.
    if (starP < 0) return false
    p = starP + 1
    v = ++starV
  }
  if (kinds !== undefined) while (p < pe && kinds[p] === STAR) p++
  return p === pe
}

/** Turns a raw pattern (every `*`/`?` a wildcard) into a `Glob`. */
export function globFromPattern(pattern: string, ignoreCase: boolean): Glob {
  const text = ignoreCase ? foldString(pattern) : pattern
  let kinds: Uint8Array | undefined
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i)
    if (c === 42 /* * */ || c === 63 /* ? */) {
      kinds ??= new Uint8Array(pattern.length)
      kinds[i] = c === 42 ? STAR : ANY_ONE
    }
  }
  return { text, kinds }
}

export function isMatchAll(glob: Glob): boolean {
  if (glob.kinds === undefined) return false
  for (let i = 0; i < glob.kinds.length; i++) if (glob.kinds[i] !== STAR) return false
  return glob.kinds.length > 0
}

export interface WildcardOptions {
  /** Compare letters case-insensitively (as for action names). */
  ignoreCase: boolean
}

/**
 * Compiles a glob pattern (`*`, `?`) into a linear-time predicate. Characters of the tested
 * value are always data: a `*` in the value matches only a `*` (or a wildcard) in the pattern.
 */
export function compileWildcard(pattern: string, options: WildcardOptions): (value: string) => boolean {
  const glob = globFromPattern(pattern, options.ignoreCase)
  const { text, kinds } = glob
  const fold = options.ignoreCase
  if (isMatchAll(glob)) return () => true
  if (kinds === undefined) {
    if (!fold) return (value) => value === text
    return (value) => value.length === text.length && globMatch(text, undefined, 0, text.length, value, 0, value.length, true)
  }
  if (!fold) {
    const range = rangeMatcher(glob, 0, text.length)
    return (value) => range(value, 0, value.length)
  }
  return (value) => globMatch(text, kinds, 0, text.length, value, 0, value.length, fold)
}

/** Matches `value[vs, ve)`; built once per pattern (or pattern segment). */
export type RangeMatcher = (value: string, vs: number, ve: number) => boolean

/**
 * A faster matcher for `pattern[ps, pe)` when it is case-sensitive: literal text compares with
 * `startsWith`, and a pattern of literal chunks between `*`s (no `?`) matches by the classic
 * leftmost-chunk scan with native `startsWith`/`endsWith`/`indexOf`. Anything else falls back
 * to `globMatch`. Same answers as `globMatch`, property-tested against it.
 */
export function rangeMatcher(glob: Glob, ps: number, pe: number): RangeMatcher {
  const { text, kinds } = glob
  let stars = 0
  let ones = 0
  if (kinds !== undefined) {
    for (let i = ps; i < pe; i++) {
      if (kinds[i] === STAR) stars++
      else if (kinds[i] === ANY_ONE) ones++
    }
  }
  if (ones > 0) return (value, vs, ve) => globMatch(text, kinds, ps, pe, value, vs, ve, false)
  if (stars === 0) {
    const literal = text.slice(ps, pe)
    return (value, vs, ve) => ve - vs === literal.length && value.startsWith(literal, vs)
  }
  const chunks: string[] = []
  let start = ps
  for (let i = ps; i <= pe; i++) {
    if (i === pe || kinds![i] === STAR) {
      chunks.push(text.slice(start, i))
      start = i + 1
    }
  }
  const prefix = chunks[0]!
  const suffix = chunks[chunks.length - 1]!
  const middles = chunks.slice(1, -1).filter((chunk) => chunk !== '')
  const fixed = prefix.length + suffix.length
  return (value, vs, ve) => {
    if (ve - vs < fixed || !value.startsWith(prefix, vs) || !value.endsWith(suffix, ve)) return false
    let at = vs + prefix.length
    const end = ve - suffix.length
    for (let i = 0; i < middles.length; i++) {
      const middle = middles[i]!
      const found = value.indexOf(middle, at)
      if (found < 0 || found + middle.length > end) return false
      at = found + middle.length
    }
    return true
  }
}

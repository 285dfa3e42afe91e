/**
 * Resource ARN patterns whose wildcards may cross colons.
 *
 * AWS "IAM JSON policy elements: Resource", Using wildcards in resource ARNs: wildcards go
 * "within the individual segments of an ARN (the parts separated by colons)", and "If the *
 * wildcard is the last character of a resource ARN segment, it can expand to match beyond the
 * colon boundaries". So in the segments before the fifth written colon a `*` that ends its
 * segment (an "expanding" star) matches any text, colons included, while any other `*` or `?`
 * stays inside its segment; in the resource part (after the fifth colon) wildcards are free, as
 * before. `arn:aws:s3:*` is every S3 ARN; `arn:aws:sqs:us-*:orders-queue` is the queue
 * `orders-queue` of any us- region and account.
 *
 * Matching is greedy and never backtracks into an earlier star: the pattern is cut at its
 * expanding stars into blocks; the first block is anchored at the start of the value, every
 * later block is placed at the earliest colon where it matches (a block starts with the colon
 * its author wrote after the expanding star), and the earliest placement is always the best one,
 * because what follows only needs to start after it. A segment of a block is matched by the
 * one-star-kind matchers of `wildcard.ts` within one colon-free run of the value. The cost is
 * O(value × pattern), without recursion or regular expressions.
 */
import { type Glob, globMatch, LITERAL, rangeMatcher, type RangeMatcher, STAR, ANY_ONE } from './wildcard.js'

type ValueTest = (value: string) => boolean

const COLON = 58
const FAIL = -1
const AT_END = -2

/** One written segment before the fifth colon: its text without an expanding star, and whether it had one. */
interface HeadSegment {
  readonly glob: Glob
  readonly expands: boolean
  /** The whole segment: matches one colon-free run exactly. */
  readonly exact: RangeMatcher
}

/** Whether the segment ends with a policy `*`, i.e. expands beyond colons. */
export function endsWithStar(glob: Glob): boolean {
  const n = glob.text.length
  return n > 0 && glob.kinds !== undefined && glob.kinds[n - 1] === STAR
}

/** `glob` without its last character (the expanding star). */
function withoutLast(glob: Glob): Glob {
  const n = glob.text.length - 1
  const kinds = glob.kinds?.slice(0, n)
  return { text: glob.text.slice(0, n), kinds: kinds !== undefined && kinds.some((k) => k !== LITERAL) ? kinds : undefined }
}

/**
 * The earliest end of a match of `glob` (confined stars and `?`) against a prefix of
 * `value[vs, ve)`, or FAIL. The chunks between stars are placed leftmost in turn.
 */
function prefixEnd(glob: Glob, value: string, vs: number, ve: number): number {
  const { text, kinds } = glob
  let p = 0
  let v = vs
  let anchored = true
  while (p <= text.length) {
    let q = p
    while (q < text.length && (kinds === undefined || kinds[q] !== STAR)) q++
    const length = q - p
    if (length > 0) {
      let at = v
      const last = anchored ? Math.min(v, ve - length) : ve - length
      for (; at <= last; at++) if (chunkAt(text, kinds, p, q, value, at)) break
      if (at > last) return FAIL
      v = at + length
    }
    if (q >= text.length) return v
    anchored = false
    p = q + 1
  }
  return v
}

function chunkAt(text: string, kinds: Uint8Array | undefined, ps: number, pe: number, value: string, at: number): boolean {
  for (let i = ps; i < pe; i++) {
    if (kinds !== undefined && kinds[i] === ANY_ONE) continue
    if (value.charCodeAt(at + i - ps) !== text.charCodeAt(i)) return false
  }
  return true
}

/**
 * A matcher for the segments before the fifth written colon (each colon-free: a segment whose
 * text holds a colon — which only a variable's value can bring — never matches) and the resource
 * part after it (`undefined` when the author wrote fewer than five colons).
 */
export function expandingArnMatcher(heads: readonly Glob[], rest: Glob | undefined): ValueTest {
  if (heads.some((g) => g.text.indexOf(':') >= 0)) return () => false
  const segments: HeadSegment[] = heads.map((g) => {
    const expands = endsWithStar(g)
    return { glob: expands ? withoutLast(g) : g, expands, exact: rangeMatcher(g, 0, g.text.length) }
  })
  // After an expanding star, "*:" + the resource part is an ordinary glob: its stars are free.
  const floatingRest: Glob | undefined = rest === undefined ? undefined : {
    text: `*:${rest.text}`,
    kinds: Uint8Array.from([STAR, LITERAL, ...(rest.kinds ?? new Uint8Array(rest.text.length))]),
  }
  const count = segments.length + (rest === undefined ? 0 : 1)
  /** Index of the first expanding segment at or after `i`, or the last item. */
  const blockEnd = (i: number): number => {
    let j = i
    while (j < segments.length && !segments[j]!.expands) j++
    return Math.min(j, count - 1)
  }

  /**
   * Items i..j placed from `start` (item 0 at 0; a later item at the colon before it). Returns
   * the position after an expanding segment, AT_END when the block ends the value, or FAIL.
   */
  const place = (value: string, i: number, j: number, start: number): number => {
    let p = start
    for (let t = i; t <= j; t++) {
      if (t > 0) {
        if (value.charCodeAt(p) !== COLON) return FAIL
        p++
      }
      if (t === segments.length) {
        return globMatch(rest!.text, rest!.kinds, 0, rest!.text.length, value, p, value.length, false) ? AT_END : FAIL
      }
      let end = value.indexOf(':', p)
      if (end < 0) end = value.length
      const segment = segments[t]!
      if (segment.expands) return prefixEnd(segment.glob, value, p, end)
      if (!segment.exact(value, p, end)) return FAIL
      p = end
    }
    return p === value.length ? AT_END : FAIL
  }

  return (value) => {
    let j = blockEnd(0)
    let r = place(value, 0, j, 0)
    if (r === FAIL) return false
    if (r === AT_END) return true
    let pos = r
    for (let i = j + 1; i < count; i = j + 1) {
      j = blockEnd(i)
      if (i === segments.length) return globMatch(floatingRest!.text, floatingRest!.kinds, 0, floatingRest!.text.length, value, pos, value.length, false)
      let placed = FAIL
      for (let c = value.indexOf(':', pos); c >= 0; c = value.indexOf(':', c + 1)) {
        placed = place(value, i, j, c)
        if (placed !== FAIL) break
      }
      if (placed === FAIL) return false
      if (placed === AT_END) return true
      pos = placed
    }
    // The pattern ended with an expanding star: it takes the rest of the value.
    return true
  }
}

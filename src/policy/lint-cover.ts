/**
 * Pattern containment for the linter: does every string matched by pattern `q` also match
 * pattern `p`? Used to find redundant and unreachable statements. It is sound (never claims a
 * containment that does not hold) and may miss some; lint runs off the hot path, so the
 * O(|p|·|q|) table is fine, and it is skipped for very long patterns.
 */
import type { RawPrincipal } from './types.js'

const MAX_CELLS = 1_000_000

/** L(q) ⊆ L(p) for `*`/`?` globs. `q`'s wildcards are only covered by wildcards of `p`. */
export function globCovers(p: string, q: string): boolean {
  if (p === q || p === '*') return true
  const n = p.length
  const m = q.length
  if (n * m > MAX_CELLS) return false
  // next[j] = p[i+1:] covers q[j:]; row[j] = p[i:] covers q[j:]. Built from the end of p.
  let next = new Uint8Array(m + 1)
  next[m] = 1
  let row = new Uint8Array(m + 1)
  for (let i = n - 1; i >= 0; i--) {
    const pc = p[i]
    row[m] = pc === '*' ? next[m]! : 0
    for (let j = m - 1; j >= 0; j--) {
      const qc = q[j]
      if (pc === '*') row[j] = next[j]! | row[j + 1]!
      else if (pc === '?') row[j] = qc !== '*' ? next[j + 1]! : 0
      else row[j] = qc === pc ? next[j + 1]! : 0
    }
    ;[next, row] = [row, next]
  }
  return next[0] === 1
}

/** Actions are case-insensitive. */
export function actionCovers(p: string, q: string): boolean {
  return globCovers(p.toLowerCase(), q.toLowerCase())
}

/** Splits an ARN into its five fixed fields and the resource (which may hold more colons). */
function arnFields(arn: string): string[] | undefined {
  const fields: string[] = []
  let start = 0
  for (let k = 0; k < 5; k++) {
    const colon = arn.indexOf(':', start)
    if (colon < 0) return undefined
    fields.push(arn.slice(start, colon))
    start = colon + 1
  }
  fields.push(arn.slice(start))
  return fields
}

/**
 * Resource containment, field by field (AWS matches each colon-separated field of an ARN on
 * its own). Policy variables make a pattern depend on the request: only equal text counts.
 */
export function resourceCovers(p: string, q: string): boolean {
  if (p === '*' || p === q) return true
  if (q === '*' || p.includes('${') || q.includes('${')) return false
  // A literal prefix and one trailing star (`arn:aws:s3:*`): the star expands beyond colons, so
  // it covers every pattern whose literal start begins with that prefix.
  const star = p.search(/[*?]/)
  if (star === p.length - 1 && p.endsWith('*')) {
    const first = q.search(/[*?]/)
    return (first < 0 ? q : q.slice(0, first)).startsWith(p.slice(0, -1))
  }
  const pf = arnFields(p)
  const qf = arnFields(q)
  if (pf === undefined || qf === undefined) return false
  for (let k = 0; k < 6; k++) if (!globCovers(pf[k]!, qf[k]!)) return false
  return true
}

/** Every entry of `inner` is covered by some entry of `outer`. */
export function listCovers(outer: readonly string[], inner: readonly string[], covers: (p: string, q: string) => boolean): boolean {
  return inner.every((q) => outer.some((p) => covers(p, q)))
}

export function asList(value: string | readonly string[] | undefined): readonly string[] {
  if (value === undefined) return []
  return typeof value === 'string' ? [value] : value
}

/** Whether principal `p` covers principal `q`: `"*"` covers all; otherwise the same principals. */
export function principalCovers(p: RawPrincipal | undefined, q: RawPrincipal | undefined): boolean {
  if (p === undefined && q === undefined) return true
  if (p === undefined || q === undefined) return false
  if (p === '*') return true
  if (q === '*') return false
  return canonicalPrincipal(p) === canonicalPrincipal(q)
}

function canonicalPrincipal(p: Exclude<RawPrincipal, '*'>): string {
  const types = Object.keys(p).sort()
  return JSON.stringify(types.map((t) => [t, [...new Set(asList(p[t]))].sort()]))
}

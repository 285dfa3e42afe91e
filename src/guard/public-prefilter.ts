/**
 * Which requests may continue WITHOUT credentials, judged before routing. This is only a
 * pre-filter: the route the framework finally matches must itself be listed in `publicRoutes`,
 * or the request is refused there. So it may be loose (case-insensitive, trailing slash) but
 * never decides access on its own.
 */
import type { RouteKey } from './route-key.js'
import { normalizePattern } from './route-key.js'

interface Candidate {
  readonly method: string
  /** Lower-cased literal text up to the first dynamic part of the pattern. */
  readonly prefix: string
  /** True when the whole pattern is literal, so the path must equal `prefix`. */
  readonly exact: boolean
}

const DYNAMIC = /[:*{(]/

export class PublicPrefilter {
  readonly #candidates: Candidate[]

  constructor(keys: readonly RouteKey[]) {
    this.#candidates = keys.map((key) => {
      const at = key.pattern.search(DYNAMIC)
      return at < 0
        ? { method: key.method, prefix: key.pattern.toLowerCase(), exact: true }
        : { method: key.method, prefix: key.pattern.slice(0, at).toLowerCase(), exact: false }
    })
  }

  mayMatch(method: string, path: string): boolean {
    if (this.#candidates.length === 0) return false
    const p = normalizePattern(path).toLowerCase()
    for (const c of this.#candidates) {
      if (c.method !== '*' && c.method !== method && !(method === 'HEAD' && c.method === 'GET')) continue
      if (c.exact ? p === c.prefix : p.startsWith(c.prefix)) return true
    }
    return false
  }
}

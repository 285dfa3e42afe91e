/**
 * Cross-site request forgery, one rule for the guard and for the STS/admin endpoints (OWASP CSRF
 * cheat sheet: "Verifying origin with standard headers", "Fetch Metadata headers"). A browser
 * attaches cookies to requests other sites start; a state-changing request that may ride on
 * them is accepted only when it provably comes from this site:
 * - its `Origin` is the request's own or an allowed one (a foreign or opaque `null` origin is
 *   refused, whatever else the request carries);
 * - else `Sec-Fetch-Site` says `same-origin` or `none` (`same-site` includes sibling subdomains,
 *   which may be someone else's);
 * - else, for a request authenticated by the session cookie, the custom header
 *   (`X-Requested-With` by default), which a page of another site cannot send without a CORS
 *   preflight the app would have to allow. A request that carries no cookie identity and none of
 *   these headers is not a browser's cross-site request.
 * Requests with an `Authorization` header (Bearer tokens, access keys) are never sent by a
 * browser on its own, so they are not checked. Doubled `Origin`/`Sec-Fetch-Site` are refused.
 */
import { IamError } from '../errors.js'
import type { RequestFacts } from './types.js'

export interface CrossSiteRule {
  /** Origins besides the request's own from which writes are accepted. */
  readonly allowedOrigins: ReadonlySet<string>
  /** Lower-case name of the header that proves a same-origin script sent the request. */
  readonly header: string
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])

function refused(rule: CrossSiteRule): IamError {
  return new IamError(
    'ERR_CSRF',
    'Cross-site request refused: a state-changing request that may ride on the session cookie must come from this site. ' +
      `A browser sends its Origin; any other client must send the ${rule.header} header (any value), or authenticate with an Authorization header instead of the cookie.`,
  )
}

/** The one value of a header; `null` when it was sent more than once. */
function single(facts: RequestFacts, name: string): string | undefined | null {
  const values = facts.headerValues(name)
  if (values.length === 0) return undefined
  return values.length === 1 ? (values[0] as string) : null
}

/**
 * Throws `ERR_CSRF` (403) for a cross-site request. `ridesOnCookie`: the request is
 * authenticated by the session cookie, so it must also prove it is same-origin.
 */
export function checkCrossSite(facts: RequestFacts, rule: CrossSiteRule, ridesOnCookie: boolean): void {
  if (SAFE.has(facts.method) || facts.headerValues('authorization').length > 0) return
  const origin = single(facts, 'origin')
  const site = single(facts, 'sec-fetch-site')
  if (origin === null || site === null) throw refused(rule)
  if (origin !== undefined) {
    if (origin === facts.origin || rule.allowedOrigins.has(origin)) return
    throw refused(rule)
  }
  if (site !== undefined) {
    const value = site.toLowerCase()
    if (value === 'same-origin' || value === 'none') return
    throw refused(rule)
  }
  if (ridesOnCookie && facts.headerValues(rule.header).length === 0) throw refused(rule)
}

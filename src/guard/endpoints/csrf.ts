/**
 * Cross-site request refusal for the state-changing endpoints (OWASP CSRF cheat sheet: "Fetch
 * Metadata headers" and "Verifying origin with standard headers").
 *
 * Two independent defences:
 * 1. The body must be declared `application/json`. An HTML form can only send
 *    `application/x-www-form-urlencoded`, `multipart/form-data` or `text/plain`; any other type
 *    from another site needs a CORS preflight, which the app's CORS policy decides.
 * 2. A browser request that relies on the session cookie (no `Authorization` header) must come
 *    from the request's own origin or an allowed one: `Sec-Fetch-Site: cross-site`/`same-site`
 *    and a foreign or opaque (`null`) `Origin` are refused. Requests without these headers are not
 *    sent by a modern browser cross-site, and are left to defence 1.
 */
import { IamError } from '../../errors.js'
import type { DistinctHeaders } from './types.js'

/** The one value of a header; `null` when it was sent more than once. */
export function singleHeader(headers: DistinctHeaders, name: string): string | undefined | null {
  const values = headers[name]
  if (values === undefined || values.length === 0) return undefined
  return values.length === 1 ? (values[0] as string) : null
}

export function requireJson(headers: DistinctHeaders): void {
  const contentType = singleHeader(headers, 'content-type')
  const mediaType = typeof contentType === 'string' ? contentType.split(';', 1)[0]!.trim().toLowerCase() : undefined
  if (mediaType !== 'application/json') {
    throw new IamError('ERR_INVALID_REQUEST', 'The request body must be sent as Content-Type: application/json.', {
      status: 415,
      awsCode: 'UnsupportedMediaType',
    })
  }
}

function crossSite(): IamError {
  return new IamError('ERR_CSRF', 'Cross-site requests are not allowed on this endpoint.')
}

export function refuseCrossSite(headers: DistinctHeaders, ownOrigin: string, allowedOrigins: ReadonlySet<string>): void {
  // A request carrying Authorization was either sent by a non-browser client or passed a CORS
  // preflight: it does not ride on an ambient cookie.
  if (headers['authorization'] !== undefined) return
  const origin = singleHeader(headers, 'origin')
  const site = singleHeader(headers, 'sec-fetch-site')
  if (origin === null || site === null) throw crossSite()
  const originAllowed = origin !== undefined && (origin === ownOrigin || allowedOrigins.has(origin))
  if (origin !== undefined && !originAllowed) throw crossSite()
  if (site !== undefined) {
    const value = site.toLowerCase()
    if (value === 'same-origin' || value === 'none') return
    // `same-site` includes sibling subdomains, which may be someone else's: only an allowed origin passes.
    if (!originAllowed) throw crossSite()
  }
}

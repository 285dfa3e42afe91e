/**
 * Which OpenID Connect issuer URLs may name a provider, in one place for the admin API (which
 * registers providers) and web identity (which looks them up by a token's `iss`), so that a
 * provider can be created exactly when its tokens can be used.
 *
 * An issuer is `https://host[/path]`. Plain `http://` only to a loopback host (`127.0.0.1`,
 * `[::1]`, `localhost`), and only with `dangerouslyAllowLocalJwks`: a local identity provider for
 * tests and development. The provider's id (the end of its ARN, and the prefix of its condition
 * keys `<id>:sub`, `<id>:aud`) is the URL without its scheme and trailing slash, as in AWS.
 */

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])
/** AWS's limit on a provider URL. */
export const MAX_ISSUER_LENGTH = 255

/** Whether `url` (already parsed) may be an issuer, or a key-set URL given alongside one. */
export function isAllowedIssuerUrl(url: URL, allowLocal: boolean): boolean {
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') return false
  if (url.protocol === 'https:') return true
  return allowLocal && url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)
}

/** What to tell an administrator whose issuer URL was refused. */
export function issuerRule(allowLocal: boolean): string {
  return allowLocal
    ? 'an https URL (or http to 127.0.0.1, [::1] or localhost) without credentials, query or fragment, of at most 255 characters'
    : 'an https URL without credentials, query or fragment, of at most 255 characters (plain http only to a loopback address, and only with the createIam option dangerouslyAllowLocalJwks)'
}

/**
 * The provider id a token's `iss` names, or `undefined` when `iss` is no acceptable issuer. The
 * id is taken from the text as written (no case folding, no normalisation), so that it names a
 * registered provider only when the token says exactly its URL.
 */
export function issuerProviderId(iss: unknown, allowLocal: boolean): string | undefined {
  if (typeof iss !== 'string' || iss.length > MAX_ISSUER_LENGTH) return undefined
  const scheme = iss.startsWith('https://') ? 'https://' : iss.startsWith('http://') ? 'http://' : undefined
  if (scheme === undefined) return undefined
  let url: URL
  try {
    url = new URL(iss)
  } catch {
    return undefined
  }
  if (!isAllowedIssuerUrl(url, allowLocal)) return undefined
  const id = iss.slice(scheme.length).replace(/\/$/, '')
  return id.length > 0 && !/[\s*?@]/.test(id) ? id : undefined
}

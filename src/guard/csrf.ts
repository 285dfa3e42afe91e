/**
 * Cross-site request forgery: a browser attaches the session cookie to requests other sites
 * start. A state-changing request authenticated by that cookie is accepted only when it provably
 * comes from this origin: its `Origin` is ours (or allowed), or, without `Origin`, the browser
 * says `Sec-Fetch-Site: same-origin`, or it carries a custom header (which a cross-site page
 * cannot set without a CORS preflight the app would have to allow).
 * Bearer tokens and access keys are never sent by browsers on their own, so they are not checked.
 */
import { IamError } from '../errors.js'
import type { ResolvedGuardOptions } from './options.js'
import type { GuardRequest } from './types.js'

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])

function first(req: GuardRequest<unknown>, name: string): string | undefined {
  return req.header(name)
}

export function checkCsrf(req: GuardRequest<unknown>, csrf: NonNullable<ResolvedGuardOptions['csrf']>): void {
  if (SAFE.has(req.method)) return
  const origin = first(req, 'origin')
  if (origin !== undefined) {
    if (origin === req.origin || csrf.allowedOrigins.has(origin)) return
  } else {
    if (first(req, 'sec-fetch-site') === 'same-origin') return
    if (first(req, csrf.header) !== undefined) return
  }
  throw new IamError('ERR_CSRF', 'Cross-site request refused: a state-changing request with a session cookie must come from the same origin.')
}

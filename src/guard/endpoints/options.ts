/**
 * Options shared by `stsRouter` and `adminRouter`, validated once when the router is built.
 */
import { IamError } from '../../errors.js'
import type { AuditEvent } from '../types.js'
import { LOGIN_DURATION } from '../../sts/durations.js'

export interface EndpointOptions {
  /** Largest JSON body accepted; larger bodies get 413 before they are parsed. Default: 16,384 bytes. */
  bodyLimitBytes?: number
  /**
   * Origins (`https://app.example.com`) besides the request's own origin from which browsers may
   * call the state-changing endpoints with the session cookie. Default: none.
   */
  allowedOrigins?: readonly string[]
  /**
   * A header whose presence proves a same-origin script sent a cookie-authenticated request
   * without an `Origin` header (the guard's `csrf.header`). Default: `'x-requested-with'`.
   */
  csrfHeader?: string
  /** Called with every unexpected (500) error, which the client only sees as `ServiceFailure`. Default: none. */
  onError?: (error: unknown, requestId: string) => void
}

export interface StsRouterOptions extends EndpointOptions {
  /** Lifetime of the user session token issued by `POST /login`: 900 to 43,200 seconds. Default: STS's own (3,600 seconds). */
  loginDurationSeconds?: number
  /** `Cache-Control: max-age` of `/.well-known/jwks.json`. Default: 300 seconds. */
  jwksMaxAgeSeconds?: number
  /**
   * Called (and awaited) with one `AuditEvent` of `kind: 'sts'` per sign-in, role assumption
   * (assume-role, web identity, switch-role) and access-key exchange, allowed or refused, with the
   * reason the caller is not told (`reasonCode`). If it throws, the request fails with a 500 and
   * no credentials. The same hook as `iamGuard`'s `onDecision`. Default: none.
   */
  onDecision?: (event: AuditEvent) => void | Promise<void>
}

export type AdminRouterOptions = EndpointOptions

export interface ResolvedEndpointOptions {
  readonly bodyLimitBytes: number
  readonly allowedOrigins: ReadonlySet<string>
  readonly csrfHeader: string
  readonly onError: ((error: unknown, requestId: string) => void) | undefined
}

export interface ResolvedStsOptions extends ResolvedEndpointOptions {
  readonly loginDurationSeconds: number | undefined
  readonly jwksMaxAgeSeconds: number
  readonly onDecision: ((event: AuditEvent) => void | Promise<void>) | undefined
}

const MAX_BODY_LIMIT = 1024 * 1024

function invalid(option: string, message: string): IamError {
  return new IamError('ERR_INVALID_OPTION', `${option}: ${message}`)
}

function positiveInteger(option: string, value: unknown, max: number, min = 1): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(option, `must be an integer from ${min} to ${max}`)
  }
  return value
}

function origins(value: unknown): ReadonlySet<string> {
  if (!Array.isArray(value)) throw invalid('allowedOrigins', 'must be an array of origins')
  const set = new Set<string>()
  for (const origin of value) {
    // An origin is exactly `scheme://host[:port]`; anything else (a path, `*`, `null`) would never
    // match a browser's Origin header or would match too much.
    let parsed: URL | undefined
    try {
      parsed = typeof origin === 'string' ? new URL(origin) : undefined
    } catch {
      parsed = undefined
    }
    if (parsed === undefined || parsed.origin === 'null' || parsed.origin !== origin) {
      throw invalid('allowedOrigins', `${JSON.stringify(origin)} is not an origin like https://app.example.com`)
    }
    set.add(origin)
  }
  return set
}

function headerName(value: unknown): string {
  if (value === undefined) return 'x-requested-with'
  if (typeof value !== 'string' || !/^[A-Za-z0-9-]{1,64}$/.test(value)) throw invalid('csrfHeader', 'must be a header name')
  return value.toLowerCase()
}

export function resolveEndpointOptions(options: EndpointOptions = {}): ResolvedEndpointOptions {
  if (options === null || typeof options !== 'object') throw invalid('options', 'must be an object')
  if (options.onError !== undefined && typeof options.onError !== 'function') throw invalid('onError', 'must be a function')
  return {
    bodyLimitBytes: options.bodyLimitBytes === undefined ? 16_384 : positiveInteger('bodyLimitBytes', options.bodyLimitBytes, MAX_BODY_LIMIT),
    allowedOrigins: options.allowedOrigins === undefined ? new Set() : origins(options.allowedOrigins),
    csrfHeader: headerName(options.csrfHeader),
    onError: options.onError,
  }
}

export function resolveStsOptions(options: StsRouterOptions = {}): ResolvedStsOptions {
  const base = resolveEndpointOptions(options)
  if (options.onDecision !== undefined && typeof options.onDecision !== 'function') throw invalid('onDecision', 'must be a function')
  return {
    onDecision: options.onDecision,
    ...base,
    loginDurationSeconds:
      // STS refuses login durations outside these limits: refused here, at start-up, rather than on every login.
      options.loginDurationSeconds === undefined ? undefined : positiveInteger('loginDurationSeconds', options.loginDurationSeconds, LOGIN_DURATION.max, LOGIN_DURATION.min),
    jwksMaxAgeSeconds: options.jwksMaxAgeSeconds === undefined ? 300 : positiveInteger('jwksMaxAgeSeconds', options.jwksMaxAgeSeconds, 86_400),
  }
}

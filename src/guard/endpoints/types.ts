/**
 * The framework-neutral shape of the STS and admin HTTP endpoints. The Express and Koa routers
 * only translate `req`/`ctx` into an `HttpInput` and apply the `EndpointResult` back, so both
 * frameworks answer every request identically.
 */
import type { Readable } from 'node:stream'
import type { Principal } from '../../identity/principal.js'
import type { SessionState } from '../../sts/types.js'
import type { AuditEvent, DistinctHeaders } from '../types.js'

export type { DistinctHeaders }

/** Where the JSON body comes from: the raw stream, or a body an upstream parser already read. */
export type BodySource =
  | { readonly kind: 'stream'; readonly stream: Readable }
  | { readonly kind: 'parsed'; readonly value: unknown }

/** What an adapter hands to an endpoint for one request. */
export interface HttpInput {
  readonly method: string
  readonly headers: DistinctHeaders
  /** `scheme://host` of this request as the framework sees it (trusted-proxy aware). */
  readonly origin: string
  /** The client address from the framework's trusted-proxy setting (`req.ip` / `ctx.ip`). */
  readonly sourceIp: string | undefined
  /** Whether the request came over TLS as the framework sees it. */
  readonly secure: boolean
  readonly body: BodySource
  /** Route parameters from the framework's router (`req.params` / `ctx.params`). */
  readonly params: Readonly<Record<string, string>>
  /** Set when `iamGuard` already authenticated the request. */
  readonly principal: Principal | undefined
  /** The `onDecision` hook of the `iamGuard` in front, if it has one: the endpoints audit through it too. */
  readonly onDecision?: ((event: AuditEvent) => void | Promise<void>) | undefined
  /** The request id `iamGuard` assigned, if it ran. */
  readonly requestId: string | undefined
  /** The server session's iam-guard state; `undefined` when no session middleware is mounted. */
  readonly session: SessionState | undefined
}

/** The input after the shared checks: body parsed and a request id fixed. */
export interface EndpointRequest extends Omit<HttpInput, 'body' | 'requestId'> {
  /** The parsed JSON object (`{}` for requests without a body). */
  readonly body: Readonly<Record<string, unknown>>
  readonly requestId: string
}

/**
 * What the session should become. `regenerate` gives the session a new id before storing the
 * state (no fixation); `destroy` ends it.
 */
export type SessionChange =
  | { readonly kind: 'regenerate'; readonly state: SessionState }
  | { readonly kind: 'destroy' }

export interface EndpointResult {
  readonly requestId: string
  readonly status: number
  readonly body: unknown
  readonly headers: Readonly<Record<string, string>>
  readonly session?: SessionChange
}

/** How an endpoint authenticates its caller: not at all, any principal, or the server session only. */
export type EndpointAuth = 'none' | 'principal' | 'session'

export interface Endpoint {
  readonly method: 'GET' | 'POST'
  /** Relative to where the router is mounted, in the routers' path syntax. */
  readonly path: string
  readonly auth: EndpointAuth
  /**
   * The endpoint takes no input, so a POST may come without `Content-Type` and body (logout,
   * switch-back). Anything sent with a body must still be JSON. Default: false.
   */
  readonly bodyOptional?: boolean
  handle(request: EndpointRequest): Promise<EndpointResult>
}


/**
 * The routes `stsRouter` and `adminRouter` serve, as data, and the marker by which `iamGuard`
 * recognises them. These endpoints authorize themselves: STS actions are decided by trust
 * policies inside STS, admin operations by `iam.authorize` on `iam:<Operation>` before the admin
 * method runs. The guard must therefore let them through without a route action (the ones with
 * `auth: 'none'` even without a principal); everything else it guards as usual.
 */
import type { EndpointAuth } from './types.js'

export interface EndpointRoute {
  readonly method: 'GET' | 'POST'
  /** Relative to where the router is mounted. */
  readonly path: string
  /**
   * `none`: public by design (login, web identity, access-key exchange, JWKS);
   * `principal`: any authenticated caller (Bearer token or session);
   * `session`: the signed-in server session only (console-style switching).
   */
  readonly auth: EndpointAuth
}

/**
 * Set on every router built by `stsRouter`/`adminRouter` (value: `EndpointMark`), on every route
 * handler they register and on `jwksHandler`'s handler (value: `EndpointRouteMark`), and per
 * request on `req` (Express) or `ctx.state` (Koa) when one of these handlers runs.
 */
export const IAM_ENDPOINT: unique symbol = Symbol.for('iam-guard.endpoint')

export interface EndpointMark {
  readonly kind: 'sts' | 'admin' | 'jwks'
  readonly routes: readonly EndpointRoute[]
}

/** The mark of one route handler: which router it belongs to and which route it serves. */
export interface EndpointRouteMark extends EndpointMark {
  readonly route: EndpointRoute
}

export const STS_ROUTES: readonly EndpointRoute[] = Object.freeze([
  { method: 'POST', path: '/login', auth: 'none' },
  { method: 'POST', path: '/logout', auth: 'none' },
  { method: 'POST', path: '/assume-role', auth: 'principal' },
  { method: 'POST', path: '/assume-role-with-web-identity', auth: 'none' },
  { method: 'POST', path: '/get-session-token', auth: 'none' },
  { method: 'POST', path: '/switch-role', auth: 'session' },
  { method: 'POST', path: '/switch-back', auth: 'session' },
  { method: 'GET', path: '/caller-identity', auth: 'principal' },
  { method: 'GET', path: '/.well-known/jwks.json', auth: 'none' },
] as const satisfies readonly EndpointRoute[])

/** One route: `POST /<Operation>`, e.g. `POST /CreateUser`. */
export const ADMIN_ROUTES: readonly EndpointRoute[] = Object.freeze([{ method: 'POST', path: '/:operation', auth: 'principal' }] as const)

export const JWKS_ROUTE: EndpointRoute = STS_ROUTES[STS_ROUTES.length - 1] as EndpointRoute

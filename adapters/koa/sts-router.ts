/**
 * `stsRouter(iam)` and `jwksHandler(iam)` for Koa 3 with `@koa/router`. Only translation lives
 * here: `ctx` into the neutral `HttpInput`, the neutral `EndpointResult` back into `ctx` and
 * `ctx.session`. The endpoints themselves are in `src/guard/endpoints`.
 */
import Router from '@koa/router'
import type { Context, Middleware } from 'koa'
import type { Iam } from '../../src/index.js'
import {
  createJwksEndpoint,
  createStsEndpoints,
  IAM_ENDPOINT,
  JWKS_ROUTE,
  readSessionState,
  runEndpoint,
  sessionFailure,
  STS_ROUTES,
  writeSessionState,
  type Endpoint,
  type EndpointMark,
  type EndpointRouteMark,
  type EndpointResult,
  type HttpInput,
  type ResolvedEndpointOptions,
  type StsRouterOptions,
} from '../../src/index.js'
import type { Principal } from '../../src/index.js'

/** `koa-session`'s session object, as far as the routers use it. */
interface KoaSession extends Record<string, unknown> {
  toJSON(): Record<string, unknown>
  regenerate?(): Promise<void>
}

type SessionContext = Context & { session?: KoaSession | null }

/** koa-session defines `ctx.session` on the app's context; without it there is no session. */
function sessionOf(ctx: SessionContext): KoaSession | undefined {
  if (!('session' in ctx)) return undefined
  const session = ctx.session
  return session === null || session === undefined ? undefined : session
}

/** What `iamGuard` leaves in `ctx.state`, read structurally so that the routers also work alone. */
function guardState(ctx: Context): { principal?: Principal; requestId?: string } | undefined {
  const iam = (ctx.state as { iam?: unknown } | undefined)?.iam
  return iam !== null && typeof iam === 'object' ? (iam as { principal?: Principal; requestId?: string }) : undefined
}

function toInput(ctx: SessionContext): HttpInput {
  const guard = guardState(ctx)
  // `@koa/bodyparser` (or similar) leaves the parsed body on `ctx.request.body`.
  const parsed = (ctx.request as { body?: unknown }).body
  const session = sessionOf(ctx)
  return {
    method: ctx.method,
    headers: ctx.req.headersDistinct,
    // Not `ctx.origin`: since Koa 3 that is the request's own `Origin` header, which a CSRF check
    // would then compare with itself. Protocol and host honour `app.proxy` only.
    origin: `${ctx.protocol}://${ctx.host}`,
    sourceIp: ctx.ip,
    secure: ctx.secure,
    body: parsed === undefined ? { kind: 'stream', stream: ctx.req } : { kind: 'parsed', value: parsed },
    params: ((ctx as { params?: Record<string, string> }).params ?? {}),
    principal: guard?.principal,
    requestId: guard?.requestId,
    session: session === undefined ? undefined : readSessionState(session),
  }
}

async function applySession(ctx: SessionContext, result: EndpointResult): Promise<void> {
  const change = result.session
  const session = sessionOf(ctx)
  if (change === undefined || session === undefined) return
  if (change.kind === 'destroy') {
    ctx.session = null
    return
  }
  // A signed-in session starts empty, as express-session's `regenerate` does.
  for (const key of Object.keys(session.toJSON())) delete session[key]
  writeSessionState(session, change.state)
  // koa-session 7: drops the old session (store entry and cookie) and saves under a new id.
  if (typeof session.regenerate !== 'function') throw new Error('koa-session 7 or later is needed to regenerate the session id')
  await session.regenerate()
}

function send(ctx: Context, result: EndpointResult): void {
  ctx.status = result.status
  ctx.set(result.headers as Record<string, string>)
  ctx.body = result.body
}

/** One Koa middleware per endpoint: mark the request, run the neutral pipeline, apply the answer. */
export function koaEndpoint(endpoint: Endpoint, options: ResolvedEndpointOptions, mark: EndpointMark): Middleware {
  const routeMark: EndpointRouteMark = { ...mark, route: { method: endpoint.method, path: endpoint.path, auth: endpoint.auth } }
  const middleware: Middleware = async (ctx) => {
    ;(ctx.state as Record<symbol, unknown>)[IAM_ENDPOINT] = routeMark
    let result = await runEndpoint(endpoint, toInput(ctx as SessionContext), options)
    try {
      await applySession(ctx as SessionContext, result)
    } catch (error) {
      result = sessionFailure(result, error, options.onError)
    }
    send(ctx, result)
  }
  // iamGuard recognises these middlewares as self-authorizing (see `IAM_ENDPOINT`).
  Object.defineProperty(middleware, IAM_ENDPOINT, { value: routeMark })
  return middleware
}

function mount(router: Router, endpoint: Endpoint, middleware: Middleware): void {
  if (endpoint.method === 'GET') router.get(endpoint.path, middleware)
  else router.post(endpoint.path, middleware)
}

/**
 * The STS endpoints (see `STS_ROUTES`): `POST /login`, `/logout`, `/assume-role`,
 * `/assume-role-with-web-identity`, `/get-session-token`, `/switch-role`, `/switch-back`,
 * `GET /caller-identity` and `GET /.well-known/jwks.json`. Use it after the session middleware,
 * e.g. `app.use(stsRouter(iam, { prefix: '/sts' }).routes())`.
 */
export function stsRouter(iam: Pick<Iam, 'sts'>, options?: StsRouterOptions & { prefix?: string }): Router {
  const { options: resolved, endpoints } = createStsEndpoints(iam?.sts, options)
  const mark: EndpointMark = { kind: 'sts', routes: STS_ROUTES }
  const router = options?.prefix === undefined ? new Router() : new Router({ prefix: options.prefix })
  for (const endpoint of endpoints) mount(router, endpoint, koaEndpoint(endpoint, resolved, mark))
  Object.defineProperty(router, IAM_ENDPOINT, { value: mark })
  return router
}

/** `GET /.well-known/jwks.json` on its own, e.g. `router.get('/.well-known/jwks.json', jwksHandler(iam))`. */
export function jwksHandler(iam: Pick<Iam, 'sts'>, options?: Pick<StsRouterOptions, 'jwksMaxAgeSeconds'>): Middleware {
  const { options: resolved, endpoints } = createJwksEndpoint(iam?.sts, options)
  const mark: EndpointMark = { kind: 'jwks', routes: [JWKS_ROUTE] }
  return koaEndpoint(endpoints[0] as Endpoint, resolved, mark)
}

/**
 * `stsRouter(iam)`, `adminRouter(iam)` and `jwksHandler(iam)` for Koa 3 with `@koa/router`. Only
 * translation lives here: `ctx` into the neutral `HttpInput`, the neutral `EndpointResult` back
 * into `ctx` and `ctx.session`. The endpoints themselves are in `src/guard/endpoints`.
 */
import Router from '@koa/router'
import type { Context, Middleware } from 'koa'
import {
  adminEndpointSet, decisionHookOf, IAM_ENDPOINT, jwksEndpointSet, readSessionState, runEndpoint, sessionFailure, stsEndpointSet, writeSessionState,
  type AdminIam, type AdminRouterOptions, type EndpointResult, type EndpointSet, type HttpInput, type Iam, type MarkedEndpoint,
  type RequestIam, type StsRouterOptions,
} from '../../src/index.js'

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

function toInput(ctx: SessionContext): HttpInput {
  // What `iamGuard` left in `ctx.state`; the routers also work without it.
  const guard = ctx.state?.iam as RequestIam | undefined
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
    onDecision: decisionHookOf(guard),
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

function middlewareFor({ endpoint, mark }: MarkedEndpoint, set: EndpointSet): Middleware {
  const middleware: Middleware = async (ctx) => {
    let result = await runEndpoint(endpoint, toInput(ctx as SessionContext), set.options)
    try {
      await applySession(ctx as SessionContext, result)
    } catch (error) {
      result = sessionFailure(result, error, set.options.onError)
    }
    ctx.status = result.status
    ctx.set(result.headers as Record<string, string>)
    ctx.body = result.body
  }
  // iamGuard recognises these middlewares as self-authorizing (see `IAM_ENDPOINT`), nested or not.
  Object.defineProperty(middleware, IAM_ENDPOINT, { value: mark })
  return middleware
}

function routerFor(set: EndpointSet, prefix: string | undefined): Router {
  const router = prefix === undefined ? new Router() : new Router({ prefix })
  for (const marked of set.endpoints) router[marked.endpoint.method === 'GET' ? 'get' : 'post'](marked.endpoint.path, middlewareFor(marked, set))
  Object.defineProperty(router, IAM_ENDPOINT, { value: set.mark })
  return router
}

/**
 * The STS endpoints (see `STS_ROUTES`): `POST /login`, `/logout`, `/assume-role`,
 * `/assume-role-with-web-identity`, `/get-session-token`, `/switch-role`, `/switch-back`,
 * `GET /caller-identity` and `GET /.well-known/jwks.json`. Use it after the session middleware,
 * e.g. `app.use(stsRouter(iam, { prefix: '/sts' }).routes())`, or nest it in another router
 * with `router.use('/sts', stsRouter(iam).routes())`.
 */
export function stsRouter(iam: Pick<Iam, 'sts'>, options?: StsRouterOptions & { prefix?: string }): Router {
  const { prefix, ...rest } = options ?? {}
  return routerFor(stsEndpointSet(iam?.sts, rest), prefix)
}

/**
 * The admin API as `POST /<Operation>` (e.g. `POST /CreateUser`), each request authorized by IAM
 * itself as `iam:<Operation>` on the entity's ARN, e.g.
 * `app.use(adminRouter(iam, { prefix: '/iam' }).routes())`. Behind `iamGuard` it uses the guard's
 * principal; alone it authenticates the Bearer token or the server session itself.
 */
export function adminRouter(iam: AdminIam, options?: AdminRouterOptions & { prefix?: string }): Router {
  const { prefix, ...rest } = options ?? {}
  return routerFor(adminEndpointSet(iam, rest), prefix)
}

/** `GET /.well-known/jwks.json` on its own, e.g. `router.get('/.well-known/jwks.json', jwksHandler(iam))`. */
export function jwksHandler(iam: Pick<Iam, 'sts'>, options?: Pick<StsRouterOptions, 'jwksMaxAgeSeconds'>): Middleware {
  const set = jwksEndpointSet(iam?.sts, options)
  return middlewareFor(set.endpoints[0]!, set)
}

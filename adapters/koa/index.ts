/**
 * `iam-guard/koa`: the guard as Koa 3 middleware, for routes of `@koa/router`.
 *
 * ```ts
 * app.use(iamErrorHandler())
 * app.use(bodyParser())
 * app.use(iamGuard(iam, { publicRoutes: ['GET /health'] }))
 * router.get('/projects/:project/docs/:doc',
 *   authorize('docs:GetDocument', 'arn:app:docs::{account}:project/{project}/doc/{doc}'), handler)
 * app.use(router.routes())
 * ```
 *
 * Only translation lives here; every decision is made by the framework-neutral guard.
 */
import { randomUUID } from 'node:crypto'
import type { Context, Middleware, Next } from 'koa'
import {
  atAnnotation, compileRoute, createGuard, errorResponse, fixMethod, guardAnswer, IamError, isDecided, markAnnotation, methodChangeRefusal,
  type AuthorizeOptions, type GuardOptions, type Iam, type RequestIam,
} from '../../src/index.js'
import { toGuardRequest } from './request.js'
import { refuse, send } from './respond.js'
import { routesFor } from './routes.js'

export type { AuditEvent, AuthorizeOptions, Denial, DeniedResponse, RequestIam, RouteAuthorization, RouteParams, AppRoute, RouteDeclaration } from '../../src/index.js'
export { jsonLinesAuditWriter } from '../../src/index.js'
export { adminRouter, jwksHandler, stsRouter } from './endpoints.js'
export { collectRoutes } from './routes.js'

declare module 'koa' {
  interface DefaultState {
    /** Set by `iamGuard()`: the principal, the route's decisions and `can()`. */
    iam?: RequestIam
  }
}

export type KoaGuardOptions = GuardOptions<Context>

const NO_MULTI: ReadonlySet<string> = new Set()

/**
 * Authenticates every request and decides it BEFORE any router dispatches it: a route's
 * middleware runs only after an Allow for that request (annotated with `authorize()`, listed in
 * `routes`, or public). Every route the request can reach must declare itself: a request that
 * could reach a route declaring no action is refused, and one no route serves is answered 404
 * (401 without a principal), so nothing mounted after the guard runs for it. Refusals are thrown
 * as `IamError`s (`status`, `expose`); mount `iamErrorHandler()` before the guard to render them.
 * Options are validated here; a bad option throws `ERR_INVALID_OPTION`.
 *
 * Mount it on the app (`app.use(iamGuard(iam))`) before the `@koa/router` routers
 * (`app.use(router.routes())`); mount what must answer without the guard (static files, CORS
 * preflights) before it. After the guard the request's method is fixed (a method override after
 * the guard is refused) and its path must not change (a URL rewrite after the guard gets no answer).
 */
export function iamGuard(iam: Iam, options: KoaGuardOptions = {}): Middleware {
  const guard = createGuard<Context>(iam, options)
  const middleware = async function iamGuardMiddleware(ctx: Context, next: Next): Promise<void> {
    if (isDecided(ctx.state.iam)) throw new IamError('ERR_INTERNAL', 'iamGuard() is mounted twice')
    const outcome = await guard.route(toGuardRequest(ctx), () => routesFor(ctx, middleware))
    ctx.state.iam = outcome.iam
    if (outcome.kind === 'deny') return refuse(outcome, ctx)
    ctx.set(outcome.headers as Record<string, string>)
    const decided = ctx.path
    fixMethod(ctx.req, () => methodChangeRefusal(outcome.iam))
    guardAnswer(ctx.res, outcome.iam, () => ctx.path === decided, () => {
      guard.options.logger.error('iam-guard: an answer for a path the guard did not decide was refused: mount URL rewriting before iamGuard()', { requestId: outcome.iam.requestId })
    })
    await next()
  }
  return middleware
}

/**
 * Route-level annotation for `@koa/router` routes: the action(s) this route performs and the
 * resource it touches, as an ARN template with `{param}` placeholders. Several actions must all
 * be allowed. `iamGuard()` reads the annotation from the route before dispatch; when the route is
 * reached only because an earlier route passed the request on, the annotation decides it itself.
 */
export function authorize(action: string | readonly string[], resource: string, options: AuthorizeOptions<Context> = {}): Middleware {
  const spec = Array.isArray(action) ? { ...options, actions: action as readonly string[], resource } : { ...options, action: action as string, resource }
  const route = compileRoute<Context>(spec, 'authorize()', NO_MULTI)
  const middleware = async function authorizeMiddleware(ctx: Context, next: Next): Promise<void> {
    const pending = atAnnotation(ctx.state.iam, route, ctx.method.toUpperCase())
    if (pending !== undefined) {
      const outcome = await pending
      if (outcome.kind === 'deny') return refuse(outcome, ctx)
      ctx.set(outcome.headers as Record<string, string>)
    }
    await next()
  }
  return markAnnotation(middleware, route)
}

export interface ErrorHandlerOptions {
  /** Called with every unexpected (5xx) error, which the client only sees as `ServiceFailure`. Default: the app's `error` event. */
  onError?: (error: unknown, requestId: string) => void
}

/**
 * Renders errors thrown downstream as AWS-style JSON (`{ error, message, requestId }`) with their
 * status; never a stack trace; anything unknown is a 500 with a generic message. Mount it first.
 */
export function iamErrorHandler(options: ErrorHandlerOptions = {}): Middleware {
  if (options.onError !== undefined && typeof options.onError !== 'function') throw new IamError('ERR_INVALID_OPTION', 'onError: must be a function')
  return async function iamErrorHandlerMiddleware(ctx: Context, next: Next): Promise<void> {
    try {
      await next()
    } catch (error) {
      const requestId = (ctx.state.iam as RequestIam | undefined)?.requestId ?? randomUUID()
      const response = errorResponse(error, requestId)
      response.headers['x-request-id'] = requestId
      if (response.status >= 500) {
        if (options.onError !== undefined) options.onError(error, requestId)
        else ctx.app.emit('error', error, ctx)
      }
      send(ctx, response.status, response.headers, response.body)
    }
  }
}

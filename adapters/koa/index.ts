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
import { IamError } from '../../src/index.js'
import type { Iam } from '../../src/index.js'
import {
  compileRoute, createGuard, errorResponse, type AuthorizeOptions, type GuardOptions, type RequestIam,
} from '../../src/index.js'
import { toGuardRequest } from './request.js'
import { deny, send } from './respond.js'
import { watchRouteDispatch } from './seal.js'
import { AUTHORIZE, setState, stateOf } from './state.js'
import { refuseUnrouted } from './unrouted.js'

export type { AuditEvent, AuthorizeOptions, Denial, DeniedResponse, RequestIam, RouteAuthorization } from '../../src/index.js'
export { jsonLinesAuditWriter } from '../../src/index.js'
export { stsRouter, jwksHandler } from './sts-router.js'
export { adminRouter } from './admin-router.js'

declare module 'koa' {
  interface DefaultState {
    /** Set by `iamGuard()`: the principal, the route's decisions and `can()`. */
    iam?: RequestIam
  }
}

export type KoaGuardOptions = GuardOptions<Context>

const NO_MULTI: ReadonlySet<string> = new Set()

/**
 * Authenticates every request and makes sure a route's middleware runs only after an Allow for
 * that request: annotated with `authorize()`, listed in `routes`, or public. Options are
 * validated here; a bad option throws `ERR_INVALID_OPTION`. Refusals are thrown as `IamError`s
 * (`status`, `expose`); mount `iamErrorHandler()` before the guard to render them.
 *
 * Fail closed beyond routes, for everything mounted after the guard:
 * - Middleware (`app.use(async ctx => …)`, `router.use()`, koa-static, `allowedMethods()`, CORS)
 *   may pass a request on and set headers, but its answer stands only if a route admitted the
 *   request; otherwise the answer is dropped and the request denied with 403 `AccessDenied`
 *   (401 without a principal). Mount answering middleware (static files, CORS answering
 *   preflights) BEFORE the guard; a "not found" after the guard is best left to Koa's 404.
 * - A route is judged with the method the router dispatches; a request whose method changed
 *   after the guard is denied (a method override must be mounted BEFORE the guard).
 */
export function iamGuard(iam: Iam, options: KoaGuardOptions = {}): Middleware {
  const guard = createGuard<Context>(iam, options)
  return async function iamGuardMiddleware(ctx: Context, next: Next): Promise<void> {
    if (stateOf(ctx) !== undefined) throw new IamError('ERR_INVALID_OPTION', 'iamGuard() is mounted twice')
    const state = await guard.begin(toGuardRequest(ctx))
    setState(ctx, state)
    ctx.state.iam = state.iam
    ctx.set('x-request-id', state.requestId)
    if (state.refusal !== undefined) {
      await deny(state, state.refusal, ctx)
      return
    }
    watchRouteDispatch(ctx)
    await next()
    await refuseUnrouted(state, ctx)
  }
}

/**
 * Route-level annotation for `@koa/router` routes: the action(s) this route performs and the
 * resource it touches, as an ARN template with `{param}` placeholders. Several actions must all
 * be allowed.
 */
export function authorize(action: string | readonly string[], resource: string, options: AuthorizeOptions<Context> = {}): Middleware {
  const spec = Array.isArray(action) ? { ...options, actions: action as readonly string[], resource } : { ...options, action: action as string, resource }
  const route = compileRoute<Context>(spec, 'authorize()', NO_MULTI)
  const middleware = async function authorizeMiddleware(ctx: Context, next: Next): Promise<void> {
    const state = stateOf(ctx)
    if (state === undefined) throw new IamError('ERR_INVALID_OPTION', 'authorize() needs iamGuard() mounted before the router')
    const matched = (ctx as { _matchedRoute?: unknown })._matchedRoute
    state.route = typeof matched === 'string' ? matched : undefined
    const params = (ctx as { params?: Record<string, string> }).params ?? {}
    try {
      await state.guard.authorizeRoute(state, route, params, ctx.method.toUpperCase())
    } catch (error) {
      await deny(state, error, ctx)
      return
    }
    if (state.guard.options.noStore) ctx.set('cache-control', 'no-store')
    await next()
  }
  Object.defineProperty(middleware, AUTHORIZE, { value: true })
  return middleware
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
      const state = stateOf(ctx)
      const requestId = state?.requestId ?? randomUUID()
      const response = errorResponse(error, requestId, state?.guard.options.noStore ?? true)
      if (response.status >= 500) {
        if (options.onError !== undefined) options.onError(error, requestId)
        else ctx.app.emit('error', error, ctx)
      }
      send(ctx, response.status, response.headers, response.body)
    }
  }
}

/**
 * `iam-guard/express`: the guard as Express 5 middleware.
 *
 * ```ts
 * app.use(express.json())
 * app.use(iamGuard(iam, { publicRoutes: ['GET /health'] }))
 * app.get('/projects/:project/docs/:doc',
 *   authorize('docs:GetDocument', 'arn:app:docs::{account}:project/{project}/doc/{doc}'), handler)
 * app.use(iamErrorHandler())
 * ```
 *
 * Only translation lives here; every decision is made by the framework-neutral guard.
 */
import { randomUUID } from 'node:crypto'
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express'
import { IamError } from '../../src/index.js'
import type { Iam } from '../../src/index.js'
import {
  compileRoute, createGuard, errorResponse, type AuthorizeOptions, type GuardOptions, type RequestIam,
} from '../../src/index.js'
import { toGuardRequest } from './request.js'
import { deny, send } from './respond.js'
import { identifyRoute } from './route-patterns.js'
import { sealMiddleware } from './middleware-seal.js'
import { runDeferredParams } from './params.js'
import { watchRouteDispatch } from './seal.js'
import { AUTHORIZE, SEALED, setState, stateOf } from './state.js'

export type { AuditEvent, AuthorizeOptions, Denial, DeniedResponse, RequestIam, RouteAuthorization } from '../../src/index.js'
export { jsonLinesAuditWriter } from '../../src/index.js'
export { stsRouter, jwksHandler } from './sts-router.js'
export { adminRouter } from './admin-router.js'

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set by `iamGuard()`: the principal, the route's decisions and `can()`. */
      iam?: RequestIam
    }
  }
}

export type ExpressGuardOptions = GuardOptions<Request>

const NO_MULTI: ReadonlySet<string> = new Set()

/**
 * Authenticates every request and makes sure a route handler runs only after an Allow for that
 * request: annotated with `authorize()`, listed in `routes`, or public. Options are validated
 * here; a bad option throws `ERR_INVALID_OPTION`.
 *
 * Fail closed beyond routes, for everything mounted after the guard in the app's router tree:
 * - Middleware (`app.use(fn)`, `app.use('/path', fn)`, `router.use`, `express.static`, a proxy)
 *   may pass a request on (`next()`: body parsers, loggers, helmet, CORS that continues) and set
 *   headers, but may answer a request only after a route admitted it (a route handler that
 *   called `next()`). Before that, its response is refused with 403 `AccessDenied` (401 without
 *   a principal) before anything is written, and a middleware that declares no `next`
 *   (`(req, res) => …`) is not run at all. Error handlers (4 arguments) are not restricted: they
 *   render errors, the guard's own 401/403 included. So mount `cors()` answering preflights,
 *   static files and other answering middleware BEFORE the guard (or behind a route), and answer
 *   "not found" with `next()` (Express's 404) or `next(error)`, not with a terminal middleware.
 * - `app.param()` / `router.param()` callbacks run only once the route is admitted, just before
 *   its next handler; a denied request never runs them.
 * - The route is judged with the method the router dispatches; a request whose method changed
 *   after the guard is denied (a method override must be mounted BEFORE the guard).
 */
export function iamGuard(iam: Iam, options: ExpressGuardOptions = {}): RequestHandler {
  const guard = createGuard<Request>(iam, options)
  const middleware = function iamGuardMiddleware(req: Request, res: Response, next: NextFunction): void {
    if (stateOf(req) !== undefined) {
      next(new IamError('ERR_INVALID_OPTION', 'iamGuard() is mounted twice on the same request path'))
      return
    }
    guard.begin(toGuardRequest(req)).then(
      (state) => {
        setState(req, state)
        req.iam = state.iam
        res.setHeader('x-request-id', state.requestId)
        if (state.refusal !== undefined) return deny(state, state.refusal, res, next)
        sealMiddleware(req)
        watchRouteDispatch(req, state)
        next()
        return undefined
      },
      (error: unknown) => next(error),
    )
  }
  Object.defineProperty(middleware, SEALED, { value: true })
  return middleware
}

/**
 * Route-level annotation: the action(s) this route performs and the resource it touches, as an
 * ARN template with `{param}` placeholders. Several actions must all be allowed.
 */
export function authorize(action: string | readonly string[], resource: string, options: AuthorizeOptions<Request> = {}): RequestHandler {
  const spec = Array.isArray(action) ? { ...options, actions: action as readonly string[], resource } : { ...options, action: action as string, resource }
  const route = compileRoute<Request>(spec, 'authorize()', NO_MULTI)
  const middleware = function authorizeMiddleware(req: Request, res: Response, next: NextFunction): void {
    const state = stateOf(req)
    if (state === undefined) {
      next(new IamError('ERR_INVALID_OPTION', 'authorize() needs iamGuard() mounted before the route'))
      return
    }
    // The full pattern costs a walk of the router tree: only for audit events and report-mode logs.
    const options = state.guard.options
    if (options.onDecision !== undefined || options.mode === 'report') {
      state.route = identifyRoute(req, req.route as object | undefined).patterns[0] ?? (typeof req.route?.path === 'string' ? req.route.path : undefined)
    }
    state.guard.authorizeRoute(state, route, req.params, req.method.toUpperCase()).then(
      () => {
        if (state.guard.options.noStore) res.setHeader('cache-control', 'no-store')
        runDeferredParams(req, res, next)
      },
      (error: unknown) => deny(state, error, res, next),
    )
  }
  Object.defineProperty(middleware, AUTHORIZE, { value: true })
  return middleware
}

export interface ErrorHandlerOptions {
  /** Called with every unexpected (5xx) error, which the client only sees as `ServiceFailure`. Default: none. */
  onError?: (error: unknown, requestId: string) => void
}

/**
 * Renders errors as AWS-style JSON (`{ error, message, requestId }`) with their status; never a
 * stack trace; anything unknown is a 500 with a generic message. Mount it after the routes.
 */
export function iamErrorHandler(options: ErrorHandlerOptions = {}): ErrorRequestHandler {
  if (options.onError !== undefined && typeof options.onError !== 'function') throw new IamError('ERR_INVALID_OPTION', 'onError: must be a function')
  return function iamErrorHandlerMiddleware(err: unknown, req: Request, res: Response, next: NextFunction): void {
    if (res.headersSent) {
      next(err)
      return
    }
    const state = stateOf(req)
    const requestId = state?.requestId ?? randomUUID()
    const response = errorResponse(err, requestId, state?.guard.options.noStore ?? true)
    if (response.status >= 500) options.onError?.(err, requestId)
    send(res, response.status, response.headers, response.body)
  }
}

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
import type { Application, ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express'
import {
  atAnnotation, compileRoute, createGuard, errorResponse, fixMethod, guardAnswer, IamError, isDecided, markAnnotation, methodChangeRefusal, normalizePattern,
  type AuthorizeOptions, type GuardOptions, type Iam, type RequestIam,
} from '../../src/index.js'
import { toGuardRequest } from './request.js'
import { refuse, send } from './respond.js'
import { buildCatalogue, isFresh, routerPath, routesFor, type Catalogue } from './routes.js'

export type { AuditEvent, AuthorizeOptions, Denial, DeniedResponse, RequestIam, RouteAuthorization, RouteParams, AppRoute, RouteDeclaration } from '../../src/index.js'
export { jsonLinesAuditWriter } from '../../src/index.js'
export { adminRouter, jwksHandler, stsRouter } from './endpoints.js'
export { collectRoutes } from './routes.js'

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

function pathname(url: string): string {
  const q = url.indexOf('?')
  return q < 0 ? url : url.slice(0, q)
}

/** The path the request stands for, wherever the router has got to (mount prefixes trimmed or not). */
function fullPath(req: Request): string {
  return normalizePattern(req.baseUrl + pathname(req.url))
}

/**
 * Authenticates every request and decides it BEFORE the router dispatches anything: a route
 * handler runs only after an Allow for that request (annotated with `authorize()`, listed in
 * `routes`, or public). Every route the request can reach must declare itself: a request that
 * could reach a route declaring no action is refused, and one no route serves is answered 404
 * (401 without a principal). Nothing mounted after the guard runs for a refused request. Options
 * are validated here; a bad option throws `ERR_INVALID_OPTION`.
 *
 * Mount it on the app (`app.use(iamGuard(iam))`, optionally under a path) before the routes;
 * mount what must answer without the guard (static files, CORS preflights, health checks)
 * before it. After the guard the request's method is fixed (a method override after the guard
 * is refused) and its path must not change (a URL rewrite after the guard gets no answer).
 */
export function iamGuard(iam: Iam, options: ExpressGuardOptions = {}): RequestHandler {
  const guard = createGuard<Request>(iam, options)
  const catalogues = new WeakMap<Application, Catalogue>()

  function catalogueOf(app: Application): Catalogue {
    let catalogue = catalogues.get(app)
    if (catalogue === undefined || !isFresh(catalogue)) {
      catalogue = buildCatalogue(app, middleware)
      catalogues.set(app, catalogue)
    }
    return catalogue
  }

  const middleware = function iamGuardMiddleware(req: Request, res: Response, next: NextFunction): void {
    if (isDecided(req.iam)) {
      next(new IamError('ERR_INTERNAL', 'iamGuard() is mounted twice on the same request path'))
      return
    }
    const method = req.method.toUpperCase()
    guard.route(toGuardRequest(req), () => {
      const catalogue = catalogueOf(req.app)
      return routesFor(catalogue, routerPath(req, catalogue), method)
    }).then((outcome) => {
      req.iam = outcome.iam
      if (outcome.kind === 'deny') return refuse(outcome, res, next)
      for (const [name, value] of Object.entries(outcome.headers)) res.setHeader(name, value)
      const decided = fullPath(req)
      fixMethod(req, () => methodChangeRefusal(outcome.iam))
      guardAnswer(res, outcome.iam, () => fullPath(req) === decided, () => {
        guard.options.logger.error('iam-guard: an answer for a path the guard did not decide was refused: mount URL rewriting before iamGuard()', { requestId: outcome.iam.requestId })
      })
      next()
      return undefined
    }, next)
  }
  return middleware
}

/**
 * Route-level annotation: the action(s) this route performs and the resource it touches, as an
 * ARN template with `{param}` placeholders (route parameters, mount parameters included, `values`
 * and `{account}`). Several actions must all be allowed. `iamGuard()` reads the annotation from
 * the route before dispatch; when the route is reached only because an earlier route passed the
 * request on, the annotation decides it itself.
 */
export function authorize(action: string | readonly string[], resource: string, options: AuthorizeOptions<Request> = {}): RequestHandler {
  const spec = Array.isArray(action) ? { ...options, actions: action as readonly string[], resource } : { ...options, action: action as string, resource }
  const route = compileRoute<Request>(spec, 'authorize()', NO_MULTI)
  const middleware = function authorizeMiddleware(req: Request, res: Response, next: NextFunction): void {
    const pending = atAnnotation(req.iam, route, req.method.toUpperCase())
    if (pending === undefined) {
      next()
      return
    }
    pending.then((outcome) => {
      if (outcome.kind === 'deny') return refuse(outcome, res, next)
      for (const [name, value] of Object.entries(outcome.headers)) res.setHeader(name, value)
      next()
      return undefined
    }, next)
  }
  return markAnnotation(middleware, route)
}

export interface ErrorHandlerOptions {
  /**
   * Called with every unexpected (5xx) error, which the client only sees as `ServiceFailure`.
   * Default: logged with `console.error`; pass `() => {}` to silence.
   */
  onError?: (error: unknown, requestId: string) => void
}

function logError(error: unknown, requestId: string): void {
  console.error(`iam-guard: request ${requestId} failed with a server error`, error)
}

/**
 * Renders errors as AWS-style JSON (`{ error, message, requestId }`) with their status; never a
 * stack trace; anything unknown is a 500 with a generic message. Mount it after the routes.
 */
export function iamErrorHandler(options: ErrorHandlerOptions = {}): ErrorRequestHandler {
  if (options === null || typeof options !== 'object') throw new IamError('ERR_INVALID_OPTION', 'options: must be an object')
  if (options.onError !== undefined && typeof options.onError !== 'function') throw new IamError('ERR_INVALID_OPTION', 'onError: must be a function')
  const onError = options.onError ?? logError
  return function iamErrorHandlerMiddleware(err: unknown, req: Request, res: Response, next: NextFunction): void {
    if (res.headersSent) {
      next(err)
      return
    }
    const requestId = req.iam?.requestId ?? randomUUID()
    const response = errorResponse(err, requestId)
    if (response.status >= 500) onError(err, requestId)
    response.headers['x-request-id'] = requestId
    send(res, response.status, response.headers, response.body)
  }
}

/**
 * Fail closed, provably: a route handler runs only after the guard admitted the route being
 * dispatched.
 *
 * Express's router announces every route dispatch by assigning `req.route` (in `Router#handle`
 * and again in `Route#dispatch`, before the route's first handler). The guard makes `req.route`
 * an accessor on the request: each assignment resets "admitted" and seals the route, i.e. wraps
 * each handler of the route (once; later additions are sealed at their first dispatch) so that it
 * runs only when the current dispatch was admitted. `authorize()` handlers are left as they are:
 * they ARE the admission. A handler reached without admission first asks the guard whether the
 * route is public or in the route table; anything else is denied and the handler never runs.
 * This covers routes added after the guard, nested routers, `app.all`, `router.route()`, HEAD
 * requests running GET handlers, and a handler calling `next()` into a second route.
 * Route-level error handlers are skipped (the error goes on) unless the dispatch was admitted.
 * The route is judged with the method the router dispatches (`req.method` now), which must be the
 * one the guard saw. Param callbacks queued before admission (`params.ts`) run right after it.
 */
import type { NextFunction, Request, Response } from 'express'
import { AUTHORIZE, SEALED, stateOf, type ExpressGuardState } from './state.js'
import { identifyRoute } from './route-patterns.js'
import { deny } from './respond.js'
import { runDeferredParams } from './params.js'

type Handler = (req: Request, res: Response, next: NextFunction) => unknown
type ErrorHandler = (err: unknown, req: Request, res: Response, next: NextFunction) => unknown
interface LayerLike {
  handle: unknown
}

function marked(fn: unknown, mark: symbol): boolean {
  return (fn as Record<symbol, unknown>)[mark] === true
}

function admitThen(state: ExpressGuardState, req: Request, res: Response, next: NextFunction, run: () => unknown): Promise<unknown> {
  const identity = identifyRoute(req, req.route as object | undefined)
  state.route = identity.patterns[0]
  return state.guard.admitRoute(state, req.method.toUpperCase(), identity.patterns, req.params, identity.endpoint).then(
    (kind) => {
      if (kind === 'guarded' && state.guard.options.noStore) res.setHeader('cache-control', 'no-store')
      runDeferredParams(req, res, (err) => (err === undefined ? run() : next(err)))
    },
    (error: unknown) => deny(state, error, res, next),
  )
}

function wrap(fn: unknown): unknown {
  if (typeof fn !== 'function' || marked(fn, SEALED) || marked(fn, AUTHORIZE)) return fn
  let guarded: Handler | ErrorHandler
  if (fn.length <= 3) {
    const handler = fn as Handler
    guarded = function sealedHandler(this: unknown, req: Request, res: Response, next: NextFunction): unknown {
      const state = stateOf(req)
      if (state === undefined || state.routeAllowed) return handler.call(this, req, res, next)
      return admitThen(state, req, res, next, () => handler.call(this, req, res, next))
    }
  } else if (fn.length === 4) {
    const handler = fn as ErrorHandler
    guarded = function sealedErrorHandler(this: unknown, err: unknown, req: Request, res: Response, next: NextFunction): unknown {
      const state = stateOf(req)
      if (state === undefined || state.routeAllowed) return handler.call(this, err, req, res, next)
      next(err)
      return undefined
    }
  } else {
    // Express never calls handlers of other arities; leave them as they are.
    return fn
  }
  Object.defineProperty(guarded, SEALED, { value: true })
  return guarded
}

function seal(route: unknown): void {
  const stack = (route as { stack?: unknown } | null)?.stack
  if (!Array.isArray(stack)) return
  for (const layer of stack as LayerLike[]) {
    const wrapped = wrap(layer.handle)
    if (wrapped !== layer.handle) layer.handle = wrapped
  }
}

/** Installs the `req.route` accessor for this request. */
export function watchRouteDispatch(req: Request, state: ExpressGuardState): void {
  let current: unknown = req.route
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => current,
    set: (value: unknown) => {
      current = value
      state.routeAllowed = false
      state.route = undefined
      seal(value)
    },
  })
}

/**
 * Fail closed, provably, for @koa/router: a route's middleware runs only after the guard admitted
 * the route being dispatched.
 *
 * The router announces each dispatch by assigning `ctx.router` (after matching, before it builds
 * the middleware chain from the matched layers' `stack`s) and each route layer by assigning
 * `ctx._matchedRoute` (just before that layer's middleware). The guard makes both accessors on
 * the context: `router` seals every route layer of the router (wraps each of its middleware
 * once, layers added later are sealed at the next dispatch), `_matchedRoute` resets "admitted".
 * `authorize()` middleware are left as they are: they ARE the admission. A sealed middleware
 * reached without admission asks the guard whether the route is public, in the route table or a
 * self-authorizing endpoint; anything else is denied and the middleware never runs.
 * `router.use()` middleware (layers without methods) are middleware, not routes, as in Express.
 * The route is judged with the method the router dispatches (`ctx.method` now), which must be the
 * one the guard saw.
 */
import type { Context, Next } from 'koa'
import { deny } from './respond.js'
import { endpointAuth, type LayerLike, type RouterLike } from './endpoints.js'
import { AUTHORIZE, SEALED, stateOf } from './state.js'

type Middleware = (ctx: Context, next: Next) => unknown

function marked(fn: unknown, mark: symbol): boolean {
  return (fn as Record<symbol, unknown>)[mark] === true
}

function wrap(fn: unknown, router: RouterLike, layer: LayerLike): unknown {
  if (typeof fn !== 'function' || marked(fn, SEALED) || marked(fn, AUTHORIZE)) return fn
  const middleware = fn as Middleware
  const sealed = function sealedMiddleware(this: unknown, ctx: Context, next: Next): unknown {
    const state = stateOf(ctx)
    if (state === undefined || state.routeAllowed) return middleware.call(this, ctx, next)
    const matched = (ctx as { _matchedRoute?: unknown })._matchedRoute
    const patterns = typeof matched === 'string' ? [matched] : []
    state.route = patterns[0]
    const params = (ctx as { params?: Record<string, string> }).params ?? {}
    const method = ctx.method.toUpperCase()
    return state.guard.admitRoute(state, method, patterns, params, endpointAuth(router, layer, method)).then(
      (kind) => {
        if (kind === 'guarded' && state.guard.options.noStore) ctx.set('cache-control', 'no-store')
        return middleware.call(this, ctx, next)
      },
      (error: unknown) => deny(state, error, ctx),
    )
  }
  Object.defineProperty(sealed, SEALED, { value: true })
  return sealed
}

function seal(router: unknown): void {
  const stack = (router as RouterLike | null)?.stack
  if (!Array.isArray(stack)) return
  for (const layer of stack as LayerLike[]) {
    if (!Array.isArray(layer.methods) || layer.methods.length === 0 || !Array.isArray(layer.stack)) continue
    const fns = layer.stack as unknown[]
    for (let i = 0; i < fns.length; i++) {
      const wrapped = wrap(fns[i], router as RouterLike, layer)
      if (wrapped !== fns[i]) fns[i] = wrapped
    }
  }
}

/** Installs the `ctx.router` and `ctx._matchedRoute` accessors for this request. */
export function watchRouteDispatch(ctx: Context): void {
  const state = stateOf(ctx)!
  let router: unknown = (ctx as { router?: unknown }).router
  let matched: unknown = (ctx as { _matchedRoute?: unknown })._matchedRoute
  Object.defineProperty(ctx, 'router', {
    configurable: true,
    enumerable: true,
    get: () => router,
    set: (value: unknown) => {
      router = value
      seal(value)
    },
  })
  Object.defineProperty(ctx, '_matchedRoute', {
    configurable: true,
    enumerable: true,
    get: () => matched,
    set: (value: unknown) => {
      matched = value
      state.routeAllowed = false
      state.route = undefined
    },
  })
}

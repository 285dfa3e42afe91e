/**
 * Fail closed for middleware too: a non-route layer (`app.use(fn)`, `app.use('/export', fn)`,
 * `express.static`, a proxy, `router.use(fn)`) that runs after the guard may not answer a request
 * that no route admitted.
 *
 * Each request, the guard walks the app's router tree and seals, once, every plain middleware
 * layer and every `router.param()` callback (routers are walked into; route layers are sealed by
 * `seal.ts`; error handlers, `authorize()` and the guard itself are left alone). A sealed
 * middleware reached on a request the guard has not seen (it runs before the guard) is called
 * as it is. After the guard and before any admission:
 * - one that declares no `next` (`(req, res) => …`) can only answer, so it is not run: the request
 *   is denied as a route that declares no action;
 * - any other runs with a gated response (`response-gate.ts`): passing the request on works,
 *   writing a response is refused with that same denial before anything is written.
 * Once a route admitted the request (its handler called `next()`), middleware runs as it is.
 */
import type { NextFunction, Request, Response } from 'express'
import { sealParams, runDeferredParams } from './params.js'
import { deny } from './respond.js'
import { gateResponse } from './response-gate.js'
import { AUTHORIZE, SEALED, stateOf } from './state.js'

type Handler = (req: Request, res: Response, next: NextFunction) => unknown
interface LayerLike {
  route?: unknown
  handle: unknown
}

function marked(fn: unknown, mark: symbol): boolean {
  return (fn as Record<symbol, unknown>)[mark] === true
}

function isPromise(value: unknown): value is Promise<unknown> {
  return value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function'
}

function wrap(fn: Handler): Handler {
  const sealed = function sealedMiddleware(this: unknown, req: Request, res: Response, next: NextFunction): unknown {
    const state = stateOf(req)
    if (state === undefined || state.routeAllowed) return fn.call(this, req, res, next)
    if (fn.length === 1 || fn.length === 2) {
      // Declares no `next`: a handler, not a pass-through. Only report mode lets it run.
      state.guard.admitRoute(state, req.method.toUpperCase(), [], req.params).then(
        () => runDeferredParams(req, res, (err) => (err === undefined ? fn.call(this, req, res, next) : next(err))),
        (error: unknown) => deny(state, error, res, next),
      )
      return undefined
    }
    const gate = gateResponse(state, req, res, next)
    // Errors go through the gate's `next`, so that a refused middleware cannot call `next` twice.
    try {
      const ret = fn.call(this, req, gate.res, gate.next)
      if (isPromise(ret)) return ret.then(undefined, (error: unknown) => gate.next((error ?? new Error('Rejected promise')) as Error))
      return ret
    } catch (error) {
      gate.next(error as Error)
      return undefined
    }
  }
  Object.defineProperty(sealed, SEALED, { value: true })
  return sealed
}

function stackOf(handle: unknown): LayerLike[] | undefined {
  const stack = (handle as { stack?: unknown }).stack
  return Array.isArray(stack) ? (stack as LayerLike[]) : undefined
}

function sealStack(stack: readonly LayerLike[], seen: Set<unknown>): void {
  for (const layer of stack) {
    const handle = layer.handle
    if (layer.route !== undefined || typeof handle !== 'function') continue
    const inner = stackOf(handle)
    if (inner !== undefined) {
      if (seen.has(handle)) continue
      seen.add(handle)
      sealParams((handle as { params?: unknown }).params)
      sealStack(inner, seen)
      continue
    }
    // Error handlers render errors (the guard's own refusals included); Express calls no other arity.
    if (marked(handle, SEALED) || marked(handle, AUTHORIZE) || handle.length > 3) continue
    layer.handle = wrap(handle as Handler)
  }
}

/** Seals the middleware and param callbacks of the app serving `req` (new ones since last time). */
export function sealMiddleware(req: Request): void {
  const router = (req.app as unknown as { router?: { stack?: unknown; params?: unknown } } | undefined)?.router
  if (router === undefined || !Array.isArray(router.stack)) return
  sealParams(router.params)
  sealStack(router.stack as LayerLike[], new Set([router]))
}

/**
 * `router.param()` / `app.param()` callbacks wait for admission.
 *
 * Express runs a router's param callbacks between matching a layer and running it, i.e. before
 * `authorize()`: a loader with side effects (or one that answers 404, or the record itself) would
 * run for a caller without an Allow. Once the guard has seen the request, a sealed param callback
 * reached before admission is not run: it is queued, the router goes on, and the queue runs (in
 * order, each callback's `next(err)` honoured) right after the route is admitted and before its
 * next handler. A request that is denied never runs it.
 */
import type { NextFunction, Request, Response } from 'express'
import { SEALED, stateOf } from './state.js'

type ParamCallback = (req: Request, res: Response, next: NextFunction, value: unknown, name: string) => unknown

interface Deferred {
  fn: ParamCallback
  self: unknown
  value: unknown
  name: string
}

const PENDING = Symbol('iam-guard.pendingParams')

function pendingOf(req: Request): Deferred[] | undefined {
  return (req as unknown as Record<symbol, Deferred[] | undefined>)[PENDING]
}

function wrap(fn: unknown): unknown {
  if (typeof fn !== 'function' || (fn as unknown as Record<symbol, unknown>)[SEALED] === true) return fn
  const callback = fn as ParamCallback
  const sealed = function sealedParam(this: unknown, req: Request, res: Response, next: NextFunction, value: unknown, name: string): unknown {
    const state = stateOf(req)
    if (state === undefined || state.routeAllowed) return callback.call(this, req, res, next, value, name)
    let pending = pendingOf(req)
    if (pending === undefined) {
      pending = []
      Object.defineProperty(req, PENDING, { value: pending, configurable: true, writable: true })
    }
    pending.push({ fn: callback, self: this, value, name })
    next()
    return undefined
  }
  Object.defineProperty(sealed, SEALED, { value: true })
  return sealed
}

/** Seals the param callbacks of one router (`router.params`, name → callbacks). */
export function sealParams(params: unknown): void {
  if (params === null || typeof params !== 'object') return
  for (const name of Object.keys(params)) {
    const fns = (params as Record<string, unknown>)[name]
    if (!Array.isArray(fns)) continue
    for (let i = 0; i < fns.length; i++) {
      const wrapped = wrap(fns[i])
      if (wrapped !== fns[i]) fns[i] = wrapped
    }
  }
}

/** After an admission: runs the queued param callbacks, then `done()` (or `done(err)`). */
export function runDeferredParams(req: Request, res: Response, done: (err?: unknown) => void): void {
  const pending = pendingOf(req)
  if (pending === undefined || pending.length === 0) {
    done()
    return
  }
  const calls = pending.splice(0)
  let i = 0
  const step = (err?: unknown): void => {
    if (err !== undefined && err !== null) {
      done(err)
      return
    }
    const call = calls[i++]
    if (call === undefined) {
      done()
      return
    }
    try {
      call.fn.call(call.self, req, res, step, call.value, call.name)
    } catch (error) {
      done(error)
    }
  }
  step()
}

/**
 * The response a middleware mounted after the guard is handed while no route admitted the
 * request: the real `res` behind a Proxy that lets it pass the request on (`next()`), set
 * headers and read anything, but refuses to WRITE a response (`writeHead`, `write`, `end`,
 * `flushHeaders`, 1xx hints, and so `send`/`json`/`redirect`/a piped stream) unless a route has
 * admitted the request by the time it writes. A refused write sends nothing: the headers and
 * status it set are put back, its `next` is cut off, and the request is denied as a route that
 * declares no action (401 without a principal). Report mode lets the write through and audits.
 *
 * The gate is the object the middleware was handed: code that captured one of these methods and
 * calls it on the real `res` (on-headers, compression) goes straight through, and so does a
 * middleware that writes to `req.res` or to the socket itself (not covered, deliberately rare).
 */
import type { NextFunction, Request, Response } from 'express'
import { errorResponse, IamError } from '../../src/index.js'
import { deny, send } from './respond.js'
import type { ExpressGuardState } from './state.js'

const WRITES = new Set(['writeHead', 'write', 'end', 'flushHeaders', 'writeContinue', 'writeProcessing', 'writeEarlyHints'])
const HEADERS = new Set(['setHeader', 'appendHeader', 'removeHeader'])
type Fn = (this: unknown, ...args: unknown[]) => unknown

export interface Gate {
  readonly res: Response
  readonly next: NextFunction
}

export function gateResponse(state: ExpressGuardState, req: Request, res: Response, next: NextFunction): Gate {
  const status = res.statusCode
  const statusMessage = res.statusMessage
  let refused = false
  let reported = false
  let passedOn = false
  let touched: Map<string, unknown> | undefined
  const made = new Map<string, { orig: Fn; fn: Fn }>()

  const gatedNext: NextFunction = (err?: unknown) => {
    if (refused || passedOn) return
    passedOn = true
    next(err as Error)
  }

  function restore(): void {
    for (const [name, value] of touched ?? []) {
      if (value === undefined) res.removeHeader(name)
      else res.setHeader(name, value as string)
    }
    res.statusCode = status
    res.statusMessage = statusMessage
  }

  function refuse(): void {
    refused = true
    restore()
    // Once it passed the request on, the rest of the chain owns it: render the refusal directly.
    const onward: NextFunction = passedOn
      ? (err?: unknown) => {
          if (res.headersSent) return
          const response = errorResponse(err, state.requestId, state.guard.options.noStore)
          send(res, response.status, response.headers, response.body)
        }
      : next
    state.guard.admitRoute(state, req.method.toUpperCase(), [], req.params).then(
      () => onward(new IamError('ERR_ACCESS_DENIED', 'middleware mounted after the guard answered a request no route admitted')),
      (error: unknown) => deny(state, error, res, onward),
    )
  }

  /** May the middleware write now? */
  function admitted(): boolean {
    if (state.routeAllowed || reported) return true
    if (state.guard.options.mode === 'report' && state.principal !== undefined) {
      // Report mode: let it through; the guard logs and audits "would deny" in the background.
      reported = true
      state.guard.admitRoute(state, req.method.toUpperCase(), [], req.params).catch((error: unknown) => {
        state.guard.options.logger.error('iam-guard: report-mode audit failed', { requestId: state.requestId, error })
      })
      return true
    }
    return false
  }

  function gatedWrite(key: string, orig: Fn): Fn {
    return function gated(this: unknown, ...args: unknown[]): unknown {
      // Installed on the real `res` by someone else (on-headers): not the gated middleware writing.
      if (this !== proxy) return orig.apply(this, args)
      if (!refused && !admitted()) refuse()
      if (refused) return key === 'write' ? true : key === 'end' || key === 'writeHead' ? proxy : undefined
      return orig.apply(res, args)
    }
  }

  function tracked(orig: Fn): Fn {
    return function trackedHeader(this: unknown, ...args: unknown[]): unknown {
      if (this === proxy && !refused && typeof args[0] === 'string') {
        touched ??= new Map()
        const name = args[0].toLowerCase()
        if (!touched.has(name)) touched.set(name, res.getHeader(name))
      }
      if (this === proxy && refused) return proxy
      return orig.apply(this === proxy ? res : this, args)
    }
  }

  const proxy: Response = new Proxy(res, {
    get(target, key) {
      const value = Reflect.get(target, key, target) as unknown
      if (typeof key !== 'string' || typeof value !== 'function') return value
      const write = WRITES.has(key)
      if (!write && !HEADERS.has(key)) return value
      const cached = made.get(key)
      if (cached !== undefined && cached.orig === value) return cached.fn
      const fn = write ? gatedWrite(key, value as Fn) : tracked(value as Fn)
      made.set(key, { orig: value as Fn, fn })
      return fn
    },
    set(target, key, value) {
      return Reflect.set(target, key, value, target)
    },
  })
  return { res: proxy, next: gatedNext }
}

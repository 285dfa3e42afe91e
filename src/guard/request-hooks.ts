/**
 * The two hooks the adapters put on an admitted request, both on Node's own objects and both
 * documented in the README ("How the guard stays in front"):
 *
 * 1. The method is fixed: the guard decided the request for its method, so a method override
 *    mounted after the guard would send it to a route nobody decided. Assigning another method
 *    (`req.method = 'DELETE'`, Koa's `ctx.method = …`) throws the refusal instead, so the
 *    framework's error handling answers it and no handler of the other method runs.
 * 2. One `writeHead` hook: when the response head is written, the request must still be the one
 *    decided (same path, as a URL rewrite mounted after the guard would change it). If not, the
 *    answer is refused by ending the connection before anything of it is sent.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { IamError } from '../errors.js'
import { methodChanged } from './denial.js'
import { stateOf } from './request-state.js'
import type { RequestIam } from './types.js'

/** The refusal of a method change for the request of `iam`: 403 for a principal, 401 without one. */
export function methodChangeRefusal(iam: RequestIam): IamError {
  return methodChanged(iam.principal?.arn)
}

export function fixMethod(req: IncomingMessage, refusal: () => IamError): void {
  const method = req.method
  Object.defineProperty(req, 'method', {
    configurable: true,
    enumerable: true,
    get: () => method,
    set: (value: unknown) => {
      if (typeof value !== 'string' || value.toUpperCase() !== method?.toUpperCase()) throw refusal()
    },
  })
}

/**
 * `stillDecided` tells whether the request is still the one decided; the guard's own refusals
 * (an annotation that refused the request after the change) always go out.
 */
export function guardAnswer(res: ServerResponse, iam: RequestIam, stillDecided: () => boolean, onRefused: () => void): void {
  const writeHead = res.writeHead
  res.writeHead = function guardedWriteHead(this: ServerResponse, ...args: unknown[]) {
    if (stillDecided() || stateOf(iam)?.refused === true) return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args)
    onRefused()
    // Nothing of this answer may leave: neither its status, its headers nor the body that follows.
    this.destroy()
    return this
  } as ServerResponse['writeHead']
}

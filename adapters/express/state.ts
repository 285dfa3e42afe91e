/**
 * The guard's per-request state, kept on `req` under a symbol only this adapter knows, and the
 * mark that tells the route seal which handlers are `authorize()` annotations.
 */
import type { Request } from 'express'
import type { GuardState } from '../../src/index.js'

const STATE = Symbol('iam-guard.state')
export const AUTHORIZE = Symbol('iam-guard.authorize')
export const SEALED = Symbol('iam-guard.sealed')

export type ExpressGuardState = GuardState<Request>

export function stateOf(req: Request): ExpressGuardState | undefined {
  return (req as unknown as Record<symbol, ExpressGuardState | undefined>)[STATE]
}

export function setState(req: Request, state: ExpressGuardState): void {
  Object.defineProperty(req, STATE, { value: state, enumerable: false, configurable: false, writable: false })
}

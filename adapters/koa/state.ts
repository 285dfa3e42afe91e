/**
 * The guard's per-request state on the Koa context, under a symbol only this adapter knows, and
 * the mark that tells the route seal which middleware are `authorize()` annotations.
 */
import type { Context } from 'koa'
import type { GuardState } from '../../src/index.js'

const STATE = Symbol('iam-guard.state')
export const AUTHORIZE = Symbol('iam-guard.authorize')
export const SEALED = Symbol('iam-guard.sealed')

export type KoaGuardState = GuardState<Context>

export function stateOf(ctx: Context): KoaGuardState | undefined {
  return (ctx as unknown as Record<symbol, KoaGuardState | undefined>)[STATE]
}

export function setState(ctx: Context, state: KoaGuardState): void {
  Object.defineProperty(ctx, STATE, { value: state, enumerable: false, configurable: false, writable: false })
}

/** The guard's own answers (`onDenied`) and refusals, per request, for the check of unrouted answers. */
export const answeredByGuard = new WeakSet<Context>()
export const refusals = new WeakMap<Context, unknown>()

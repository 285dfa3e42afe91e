/** The guard's outcomes and errors, written the Koa way. */
import type { Context } from 'koa'
import type { GuardOutcome } from '../../src/index.js'

export function send(ctx: Context, status: number, headers: Readonly<Record<string, string>>, body: unknown): void {
  ctx.status = status
  ctx.set(headers as Record<string, string>)
  ctx.body = body === undefined ? '' : body
}

/** A refusal: the app's `onDenied` answer when it gave one, else the `IamError` is thrown. */
export function refuse(outcome: Extract<GuardOutcome, { kind: 'deny' }>, ctx: Context): void {
  ctx.set(outcome.headers as Record<string, string>)
  if (outcome.answer === undefined) throw outcome.error
  send(ctx, outcome.answer.status, outcome.answer.headers, outcome.answer.body)
}

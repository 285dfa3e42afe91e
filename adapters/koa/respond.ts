/** Refusals: the app's `onDenied` answer if it gives one, else the `IamError` is thrown. */
import type { Context } from 'koa'
import { answeredByGuard, refusals, type KoaGuardState } from './state.js'

export function send(ctx: Context, status: number, headers: Readonly<Record<string, string>>, body: unknown): void {
  ctx.status = status
  ctx.set(headers as Record<string, string>)
  ctx.body = body === undefined ? '' : body
}

export async function deny(state: KoaGuardState, error: unknown, ctx: Context): Promise<void> {
  let answer
  try {
    answer = await state.guard.customDenial(state, error)
  } catch {
    answer = undefined
  }
  if (answer === undefined) {
    refusals.set(ctx, error)
    throw error
  }
  answeredByGuard.add(ctx)
  const headers: Record<string, string> = {}
  if (state.guard.options.noStore) headers['cache-control'] = 'no-store'
  Object.assign(headers, answer.headers)
  send(ctx, answer.status ?? (error as { status?: number }).status ?? 403, headers, answer.body)
}

/**
 * Fail closed for middleware too: Koa middleware mounted after the guard (`app.use(async ctx =>
 * …)`, `router.use()`, koa-static, a CORS middleware answering preflights) may pass a request on
 * and set headers, but may not answer a request that no route admitted.
 *
 * koa-compose copies the middleware list when the app starts, so the guard cannot wrap what
 * comes after it; it judges the outcome instead. When the chain below it returns, a response
 * was given (a body, a status other than Koa's default 404, `ctx.respond = false`) and no route
 * admitted the request, the answer is dropped (body, status and every header but the request id,
 * as Koa's own error handling does) and the request is denied: with the guard's own refusal when
 * a middleware below swallowed it, else as a route that declares no action (401 without a
 * principal). Such middleware still runs; what it writes to `ctx.res` directly is not covered.
 */
import type { Context } from 'koa'
import { deny } from './respond.js'
import { answeredByGuard, refusals, type KoaGuardState } from './state.js'

function answered(ctx: Context): boolean {
  return (ctx.body !== undefined && ctx.body !== null) || ctx.status !== 404 || ctx.respond === false
}

export async function refuseUnrouted(state: KoaGuardState, ctx: Context): Promise<void> {
  if (state.routeAllowed || answeredByGuard.has(ctx) || !answered(ctx) || ctx.res.headersSent) return
  let refusal = refusals.get(ctx)
  if (refusal === undefined) {
    try {
      await state.guard.admitRoute(state, ctx.method.toUpperCase(), [], (ctx as { params?: Record<string, string> }).params ?? {})
      return // report mode: logged and audited, let through
    } catch (error) {
      refusal = error
    }
  }
  for (const name of ctx.res.getHeaderNames()) if (name !== 'x-request-id') ctx.res.removeHeader(name)
  ctx.respond = true
  ctx.body = undefined
  ctx.status = 404
  await deny(state, refusal, ctx)
}

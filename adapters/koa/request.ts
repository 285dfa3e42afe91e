/** Koa `ctx` → the framework-neutral `GuardRequest`. */
import type { Context } from 'koa'
import { rawHeaderValues, readSessionState, type GuardRequest } from '../../src/index.js'

/** koa-session defines `ctx.session` on the app's context; without it there is no session. */
function sessionOf(ctx: Context): unknown {
  return 'session' in ctx ? (ctx as { session?: unknown }).session : undefined
}

export function toGuardRequest(ctx: Context): GuardRequest<Context> {
  const session = sessionOf(ctx)
  return {
    raw: ctx,
    method: ctx.method.toUpperCase(),
    header: (name) => {
      const value = ctx.req.headers[name]
      return Array.isArray(value) ? value[0] : value
    },
    headerValues: (name) => rawHeaderValues(ctx.req.rawHeaders, name),
    // `ctx.protocol`, `ctx.host`, `ctx.ip` and `ctx.secure` honour `app.proxy` only. NOT
    // `ctx.origin`: since Koa 3 that is the request's own `Origin` header, which a CSRF check
    // would then compare with itself.
    origin: `${ctx.protocol}://${ctx.host}`,
    sourceIp: ctx.ip,
    secure: ctx.secure,
    session: session === null || session === undefined ? undefined : readSessionState(session),
    body: () => (ctx.request as { body?: unknown }).body,
  }
}

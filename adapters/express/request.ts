/** Express `req` → the framework-neutral `GuardRequest`. */
import type { Request } from 'express'
import { rawHeaderValues, type GuardRequest } from '../../src/index.js'
import { readSessionState } from '../../src/index.js'
import { mayBeOpenEndpoint } from './route-patterns.js'

function pathname(url: string): string {
  const q = url.indexOf('?')
  return q < 0 ? url : url.slice(0, q)
}

export function toGuardRequest(req: Request): GuardRequest<Request> {
  return {
    raw: req,
    method: req.method.toUpperCase(),
    // Only for letting unauthenticated requests reach public routes; the route is checked again.
    path: pathname(req.originalUrl ?? req.url),
    header: (name) => {
      const value = req.headers[name]
      return Array.isArray(value) ? value[0] : value
    },
    authorization: () => rawHeaderValues(req.rawHeaders, 'authorization'),
    // Express 5: `req.protocol` and `req.host` honour the app's `trust proxy` setting only.
    origin: `${req.protocol}://${req.host ?? ''}`,
    sourceIp: req.ip,
    secure: req.secure,
    session: readSessionState((req as { session?: unknown }).session),
    body: () => (req as { body?: unknown }).body,
    publicHint: () => mayBeOpenEndpoint(req),
  }
}

/** Express `req` → the framework-neutral `GuardRequest`. */
import type { Request } from 'express'
import { rawHeaderValues, readSessionState, type GuardRequest } from '../../src/index.js'

export function toGuardRequest(req: Request): GuardRequest<Request> {
  return {
    raw: req,
    method: req.method.toUpperCase(),
    header: (name) => {
      const value = req.headers[name]
      return Array.isArray(value) ? value[0] : value
    },
    headerValues: (name) => rawHeaderValues(req.rawHeaders, name),
    // Express 5: `req.protocol` and `req.host` honour the app's `trust proxy` setting only.
    origin: `${req.protocol}://${req.host ?? ''}`,
    sourceIp: req.ip,
    secure: req.secure,
    session: readSessionState((req as { session?: unknown }).session),
    body: () => (req as { body?: unknown }).body,
  }
}

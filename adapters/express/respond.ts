/** Refusals: the app's `onDenied` answer if it gives one, else `next(err)` to the error handlers. */
import type { NextFunction, Response } from 'express'
import type { DeniedResponse } from '../../src/index.js'
import type { ExpressGuardState } from './state.js'

export function send(res: Response, status: number, headers: Readonly<Record<string, string>>, body: unknown): void {
  res.status(status)
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value)
  if (body === undefined) res.end()
  else if (typeof body === 'string' || Buffer.isBuffer(body)) res.send(body)
  else res.json(body)
}

function sendCustom(state: ExpressGuardState, error: { status?: number }, res: Response, answer: DeniedResponse): void {
  const headers: Record<string, string> = {}
  if (state.guard.options.noStore) headers['cache-control'] = 'no-store'
  Object.assign(headers, answer.headers)
  send(res, answer.status ?? error.status ?? 403, headers, answer.body)
}

export function deny(state: ExpressGuardState, error: unknown, res: Response, next: NextFunction): Promise<void> {
  return state.guard.customDenial(state, error).then(
    (answer) => {
      if (answer === undefined || res.headersSent) next(error)
      else sendCustom(state, error as { status?: number }, res, answer)
    },
    () => next(error),
  )
}

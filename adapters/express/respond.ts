/** The guard's outcomes and errors, written the Express way. */
import type { NextFunction, Response } from 'express'
import type { GuardOutcome } from '../../src/index.js'

export function send(res: Response, status: number, headers: Readonly<Record<string, string>>, body: unknown): void {
  res.status(status)
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value)
  if (body === undefined) res.end()
  else if (typeof body === 'string' || Buffer.isBuffer(body)) res.send(body)
  else res.json(body)
}

/** A refusal: the app's `onDenied` answer when it gave one, else `next(err)` to the error handlers. */
export function refuse(outcome: Extract<GuardOutcome, { kind: 'deny' }>, res: Response, next: NextFunction): void {
  for (const [name, value] of Object.entries(outcome.headers)) res.setHeader(name, value)
  if (outcome.answer === undefined || res.headersSent) next(outcome.error)
  else send(res, outcome.answer.status, outcome.answer.headers, outcome.answer.body)
}

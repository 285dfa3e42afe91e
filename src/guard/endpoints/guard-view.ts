/**
 * An endpoint request seen as the guard's `GuardRequest`, so that the endpoints reuse the
 * guard's own request-context and CSRF functions instead of keeping twins of them.
 */
import type { GuardRequest } from '../types.js'
import type { HttpInput } from './types.js'

export function guardView(input: Omit<HttpInput, 'body'> & { body: unknown }): GuardRequest<undefined> {
  return {
    raw: undefined,
    method: input.method.toUpperCase(),
    header: (name) => input.headers[name]?.[0],
    authorization: () => input.headers.authorization ?? [],
    origin: input.origin,
    sourceIp: input.sourceIp,
    secure: input.secure,
    session: input.session,
    body: () => input.body,
  }
}

/**
 * An endpoint request seen as the `RequestFacts` the guard reads, so that the endpoints use the
 * guard's own request-context and cross-site functions instead of keeping twins of them.
 */
import type { RequestFacts } from '../types.js'
import type { HttpInput } from './types.js'

export function requestFacts(input: Pick<HttpInput, 'method' | 'headers' | 'origin' | 'sourceIp' | 'secure' | 'session'>): RequestFacts {
  return {
    method: input.method.toUpperCase(),
    headerValues: (name) => input.headers[name] ?? [],
    origin: input.origin,
    sourceIp: input.sourceIp,
    secure: input.secure,
    session: input.session,
  }
}

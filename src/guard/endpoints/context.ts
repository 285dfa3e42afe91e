/**
 * The request keys an endpoint passes to STS and to `iam.authorize`: the guard's own HTTP keys
 * (`aws:SourceIp`, `aws:SecureTransport`, `aws:CurrentTime`, `aws:EpochTime`, `aws:UserAgent`,
 * `aws:Referer`), so that a request gets the same keys with or without `iamGuard` in front.
 * Keys describing the principal are derived by STS and the evaluator from the principal itself.
 */
import type { ContextValue } from '../../evaluate/types.js'
import { baseContext } from '../request-context.js'
import { requestFacts } from './guard-view.js'
import type { EndpointRequest } from './types.js'

/** What `AssumeRoleInput.context` accepts. */
export type RequestContext = Record<string, string | string[] | number | boolean>

export function httpContextMap(request: EndpointRequest, now: number = Date.now()): Map<string, ContextValue> {
  return baseContext(requestFacts(request), now)
}

/** STS reads the time from its own clock and refuses these keys from callers. */
const STS_OWN_KEYS = new Set(['aws:CurrentTime', 'aws:EpochTime'])

/** The same request keys as a prototype-free record, for STS (without the time keys STS sets itself). */
export function httpContext(request: EndpointRequest): RequestContext {
  const record = Object.create(null) as RequestContext
  for (const [key, value] of httpContextMap(request)) {
    if (STS_OWN_KEYS.has(key)) continue
    record[key] = Array.isArray(value) ? [...(value as string[])] : (value as string | number | boolean)
  }
  return record
}

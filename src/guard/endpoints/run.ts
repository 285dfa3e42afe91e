/**
 * The one pipeline every endpoint request goes through, whatever the framework: request id,
 * cross-site refusal and JSON-only bodies for POSTs, a bounded body, the handler, and every error
 * turned into an AWS-style answer (never a stack trace).
 */
import { checkCrossSite } from '../csrf.js'
import { readJsonBody, readNoBody } from './body.js'
import { requireJson } from './csrf.js'
import { requestFacts } from './guard-view.js'
import type { ResolvedEndpointOptions } from './options.js'
import { failure, newRequestId } from './respond.js'
import type { Endpoint, EndpointResult, HttpInput } from './types.js'

/** A browser sends the session cookie by itself; a request without Authorization may be riding on it. */
function ridesOnSessionCookie(input: HttpInput): boolean {
  return input.headers['authorization'] === undefined && (input.session?.userToken !== undefined || input.session?.roleToken !== undefined)
}

/** A POST without `Content-Type` to an endpoint that takes no input (logout, switch-back). */
function isBodyless(endpoint: Endpoint, input: HttpInput): boolean {
  return endpoint.bodyOptional === true && input.headers['content-type'] === undefined
}

function refuseForgery(input: HttpInput, options: ResolvedEndpointOptions, bodyless: boolean): void {
  // The guard's own rule, so that these endpoints accept the same requests with or without
  // `iamGuard` in front; a foreign origin is refused even without a session (no login CSRF).
  checkCrossSite(requestFacts(input), { allowedOrigins: options.allowedOrigins, header: options.csrfHeader }, ridesOnSessionCookie(input))
  // A body-less request is no form post (a form always sends a Content-Type); the origin rule
  // above still applies to it.
  if (!bodyless) requireJson(input.headers)
}

export async function runEndpoint(endpoint: Endpoint, input: HttpInput, options: ResolvedEndpointOptions): Promise<EndpointResult> {
  const requestId = input.requestId ?? newRequestId()
  try {
    let body: Readonly<Record<string, unknown>> = {}
    if (endpoint.method !== 'GET') {
      const bodyless = isBodyless(endpoint, input)
      refuseForgery(input, options, bodyless)
      body = bodyless ? await readNoBody(input.body, input.headers, options.bodyLimitBytes) : await readJsonBody(input.body, input.headers, options.bodyLimitBytes)
    }
    return await endpoint.handle({ ...input, body, requestId })
  } catch (error) {
    return failure(requestId, error, options.onError)
  }
}

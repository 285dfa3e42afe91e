/**
 * Building endpoint results. Every answer carries `Cache-Control: no-store` (credentials and
 * identities must not sit in a shared cache) and the request id. Errors are rendered by the
 * guard's own `errorResponse` (AWS's JSON form, never internal detail), plus the `issues` list
 * of a validation error.
 */
import { randomUUID } from 'node:crypto'
import { IamError, isIamError } from '../../errors.js'
import { errorResponse } from '../error-response.js'
import type { EndpointResult, SessionChange } from './types.js'

export function newRequestId(): string {
  return randomUUID()
}

export function ok(requestId: string, body: unknown, session?: SessionChange): EndpointResult {
  const result = { requestId, status: 200, body, headers: { 'cache-control': 'no-store', 'x-request-id': requestId } }
  return session === undefined ? result : { ...result, session }
}

/**
 * The validation issues of a refused input, zod-style: the error's own list (a refused policy),
 * or one issue for the single field an admin check named.
 */
function issuesOf(error: IamError): unknown[] | undefined {
  const issues = error.details?.['issues']
  if (Array.isArray(issues)) return issues
  const field = error.details?.['field']
  if (error.status === 400 && typeof field === 'string') return [{ code: 'invalid-field', path: [field], message: error.message }]
  return undefined
}

/**
 * The AWS-style error result. Anything that is not a shown `IamError` is an internal failure:
 * the client learns only that, and `onError` gets the real error.
 */
export function failure(requestId: string, error: unknown, onError?: (error: unknown, requestId: string) => void): EndpointResult {
  const response = errorResponse(error, requestId)
  if (response.status >= 500) onError?.(error, requestId)
  const body: Record<string, unknown> = { ...response.body }
  const issues = isIamError(error) && error.expose ? issuesOf(error) : undefined
  if (issues !== undefined) body['issues'] = issues
  return { requestId, status: response.status, body, headers: { ...response.headers, 'x-request-id': requestId } }
}

/**
 * The answer when the session change an endpoint asked for could not be made (session store
 * down): a 500, and in particular never the credentials of a login whose session failed.
 */
export function sessionFailure(result: EndpointResult, error: unknown, onError?: (error: unknown, requestId: string) => void): EndpointResult {
  onError?.(error, result.requestId)
  return failure(result.requestId, new IamError('ERR_INTERNAL', 'The session could not be updated.', { cause: error }))
}

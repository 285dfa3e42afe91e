/**
 * Turns any error into the response both adapters send: AWS-style JSON
 * `{ error, message, requestId }`, the error's status, and the headers that go with it.
 * Never a stack trace or an internal message: errors that are not meant to be shown
 * (`expose: false`, anything unknown) get a generic message.
 */
import { STATUS_CODES } from 'node:http'
import { isIamError } from '../errors.js'

export interface ErrorBody {
  error: string
  message: string
  requestId: string
}

export interface ErrorResponse {
  status: number
  body: ErrorBody
  headers: Record<string, string>
}

const GENERIC = 'We encountered an internal error. Please try again.'

/**
 * zlib's errors for a request body that does not decode with its `Content-Encoding`: Koa's body
 * parsers pass them on without a status (Express's give them 400). They are the client's.
 */
const ZLIB_INPUT_ERRORS = new Set(['Z_DATA_ERROR', 'Z_BUF_ERROR', 'Z_NEED_DICT'])
export const WWW_AUTHENTICATE = 'Bearer realm="iam-guard"'

function statusOf(error: object): number | undefined {
  const s = (error as { status?: unknown; statusCode?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode
  return typeof s === 'number' && Number.isInteger(s) && s >= 400 && s <= 599 ? s : undefined
}

function retryAfterSeconds(details: Record<string, unknown> | undefined): number {
  const value = details?.['retryAfterSeconds']
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : 1
}

export function errorResponse(error: unknown, requestId: string, noStore = true): ErrorResponse {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' }
  if (noStore) headers['cache-control'] = 'no-store'
  if (isIamError(error)) {
    if (error.status === 401) {
      // RFC 6750: a token that was presented and refused is `invalid_token`.
      const invalid = error.code === 'ERR_TOKEN_INVALID' || error.code === 'ERR_TOKEN_EXPIRED'
      headers['www-authenticate'] = invalid ? `${WWW_AUTHENTICATE}, error="invalid_token"` : WWW_AUTHENTICATE
    }
    // RFC 9110 section 10.2.3: when to try again, in seconds; the throttle says how long is left.
    if (error.status === 429) headers['retry-after'] = String(retryAfterSeconds(error.details))
    return { status: error.status, body: { error: error.awsCode, message: error.expose ? error.message : GENERIC, requestId }, headers }
  }
  if (error !== null && typeof error === 'object' && ZLIB_INPUT_ERRORS.has((error as { code?: unknown }).code as string) && statusOf(error) === undefined) {
    return { status: 400, body: { error: 'InvalidRequest', message: 'The request body does not decode with its Content-Encoding.', requestId }, headers }
  }
  // Framework errors in http-errors form (a body parser's 400/413…): keep the status, show the
  // message only when the error says it may be shown.
  const status = error !== null && typeof error === 'object' ? statusOf(error) : undefined
  if (status !== undefined && status < 500) {
    const expose = (error as { expose?: unknown }).expose === true
    const message = expose && typeof (error as { message?: unknown }).message === 'string' ? (error as Error).message : STATUS_CODES[status] ?? 'Bad Request'
    return { status, body: { error: 'InvalidRequest', message, requestId }, headers }
  }
  return { status: 500, body: { error: 'ServiceFailure', message: GENERIC, requestId }, headers }
}

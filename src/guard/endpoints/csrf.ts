/**
 * The endpoints' second defence against cross-site requests, besides the shared origin rule
 * (`../csrf.ts`): the body must be declared `application/json`. An HTML form can only send
 * `application/x-www-form-urlencoded`, `multipart/form-data` or `text/plain`; any other type from
 * another site needs a CORS preflight, which the app's CORS policy decides.
 */
import { IamError } from '../../errors.js'
import type { DistinctHeaders } from './types.js'

/** The one value of a header; `null` when it was sent more than once. */
export function singleHeader(headers: DistinctHeaders, name: string): string | undefined | null {
  const values = headers[name]
  if (values === undefined || values.length === 0) return undefined
  return values.length === 1 ? (values[0] as string) : null
}

export function requireJson(headers: DistinctHeaders): void {
  const contentType = singleHeader(headers, 'content-type')
  const mediaType = typeof contentType === 'string' ? contentType.split(';', 1)[0]!.trim().toLowerCase() : undefined
  if (mediaType !== 'application/json') {
    throw new IamError('ERR_INVALID_REQUEST', 'The request body must be sent as Content-Type: application/json.', {
      status: 415,
      awsCode: 'UnsupportedMediaType',
    })
  }
}

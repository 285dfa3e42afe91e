/**
 * Reading the JSON body of an endpoint request, bounded in size, in one place for both
 * frameworks (so that Express and Koa refuse the same bodies with the same answer).
 */
import type { Readable } from 'node:stream'
import { IamError } from '../../errors.js'
import type { BodySource, DistinctHeaders } from './types.js'

function tooLarge(limit: number): IamError {
  return new IamError('ERR_INVALID_REQUEST', `The request body is larger than ${limit} bytes.`, {
    status: 413,
    awsCode: 'RequestEntityTooLarge',
  })
}

function malformed(): IamError {
  return new IamError('ERR_INVALID_REQUEST', 'The request body is not a JSON object.', { awsCode: 'MalformedInput' })
}

/**
 * Collects the stream up to `limit` bytes. On overflow it stops listening and pauses the stream
 * rather than destroying it, so that the 413 answer still reaches the client (Node discards the
 * rest of the body once the response is finished).
 */
function collect(stream: Readable, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const cleanup = (): void => {
      stream.removeListener('data', onData)
      stream.removeListener('end', onEnd)
      stream.removeListener('error', onError)
      stream.removeListener('aborted', onAborted)
    }
    const onData = (chunk: Buffer | string): void => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
      size += buffer.length
      if (size > limit) {
        cleanup()
        stream.pause()
        reject(tooLarge(limit))
        return
      }
      chunks.push(buffer)
    }
    const onEnd = (): void => {
      cleanup()
      resolve(Buffer.concat(chunks, size))
    }
    const onError = (error: unknown): void => {
      cleanup()
      reject(new IamError('ERR_INVALID_REQUEST', 'The request body could not be read.', { cause: error }))
    }
    const onAborted = (): void => onError(new Error('request aborted'))
    stream.on('data', onData)
    stream.once('end', onEnd)
    stream.once('error', onError)
    stream.once('aborted', onAborted)
  })
}

function asObject(value: unknown): Readonly<Record<string, unknown>> {
  if (value === undefined) return {}
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw malformed()
  return value as Record<string, unknown>
}

/**
 * The body of a request that sent no `Content-Type`, for endpoints that take none (logout,
 * switch-back): `{}` when it is really empty; anything else is refused as not JSON (415), as if
 * the endpoint required JSON.
 */
export async function readNoBody(source: BodySource, headers: DistinctHeaders, limit: number): Promise<Readonly<Record<string, unknown>>> {
  const notJson = (): IamError => new IamError('ERR_INVALID_REQUEST', 'The request body must be sent as Content-Type: application/json.', { status: 415, awsCode: 'UnsupportedMediaType' })
  if (source.kind === 'parsed') {
    // A parser that ran anyway leaves `{}` (Koa) or nothing (Express) for an empty body.
    const value = source.value
    if (value === undefined || (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0)) return {}
    throw notJson()
  }
  const declared = headers['content-length']
  if (source.stream.readableEnded) {
    if (declared === undefined || Number(declared[0]) === 0) return {}
    throw notJson()
  }
  if (declared !== undefined && declared.length === 1 && Number(declared[0]) > limit) throw tooLarge(limit)
  const raw = await collect(source.stream, limit)
  if (raw.length > 0) throw notJson()
  return {}
}

/**
 * The body as a JSON object; `{}` when there is none. A body an upstream parser (`express.json()`,
 * `@koa/bodyparser`) already read is used as it is; that parser's own size limit then applies.
 */
export async function readJsonBody(source: BodySource, headers: DistinctHeaders, limit: number): Promise<Readonly<Record<string, unknown>>> {
  if (source.kind === 'parsed') return asObject(source.value)
  const declared = headers['content-length']
  if (declared !== undefined && declared.length === 1 && Number(declared[0]) > limit) throw tooLarge(limit)
  if (source.stream.readableEnded) {
    // Another middleware consumed the stream without leaving a parsed body: refuse rather than
    // act on an empty input.
    if (declared === undefined || Number(declared[0]) === 0) return {}
    throw new IamError('ERR_INVALID_REQUEST', 'The request body was already read by another middleware.')
  }
  const raw = await collect(source.stream, limit)
  if (raw.length === 0) return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(raw.toString('utf8'))
  } catch {
    throw malformed()
  }
  return asObject(parsed)
}

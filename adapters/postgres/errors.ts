/** Turns `pg` failures into `IamError`s, and tells which ones a transaction may simply retry. */
import { IamError } from './deps.js'

const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED',
])
/** Server going down or refusing connections: admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections. */
const UNAVAILABLE_SQLSTATES: ReadonlySet<string> = new Set(['57P01', '57P02', '57P03', '53300'])
const CLIENT_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Cannot use a pool after calling end|Client was closed|not queryable/i

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

export function isConnectionError(error: unknown): boolean {
  if (error instanceof AggregateError) return error.errors.some(isConnectionError)
  const code = codeOf(error)
  if (code !== undefined && (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08'))) return true
  return error instanceof Error && CLIENT_MESSAGES.test(error.message)
}

/** serialization_failure and deadlock_detected: the transaction lost a race and can run again. */
export function isRetryable(error: unknown): boolean {
  const code = codeOf(error)
  return code === '40001' || code === '40P01'
}

export function toStoreError(error: unknown): IamError {
  if (error instanceof IamError) return error
  if (isConnectionError(error)) return new IamError('ERR_STORE_UNAVAILABLE', 'The PostgreSQL store is unavailable', { cause: error })
  const code = codeOf(error)
  // Text PostgreSQL cannot hold (the shared checks catch these first; this is the last line).
  if (code === '22P05' || code === '22021') return new IamError('ERR_INVALID_PARAMETER', 'PostgreSQL refused the record text', { cause: error })
  return new IamError('ERR_INTERNAL', 'The PostgreSQL store failed', { cause: error })
}

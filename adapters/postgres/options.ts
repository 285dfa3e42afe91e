/** The options of `postgresStore`, checked when the store is built. */
import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import { IamError } from './deps.js'
import { isValidSchemaName } from './schema.js'

export interface PostgresStoreOptions {
  /** A pool to use; the store does not end it on `close()`. Give this or `connectionString`. */
  pool?: pg.Pool
  /** Connection URL for a pool the store creates and ends on `close()`. */
  connectionString?: string
  /** Schema holding the store's tables; lower-case letters, digits and `_`, at most 48 characters. Default: `'iam_guard'`. */
  schema?: string
  /** Names this instance in the change log and in `pg_stat_activity`. Default: a random UUID. */
  instanceId?: string
  /**
   * Safety-net poll of the change log, and the longest wait between attempts to reconnect the
   * notification connection. Default: 5,000 ms.
   */
  pollIntervalMs?: number
}

export interface ResolvedOptions {
  pool: pg.Pool | undefined
  connectionString: string | undefined
  schema: string
  instanceId: string
  pollIntervalMs: number
}

function invalid(message: string): IamError {
  return new IamError('ERR_INVALID_OPTION', `postgresStore: ${message}`)
}

export function resolveOptions(options: PostgresStoreOptions): ResolvedOptions {
  if (options === null || typeof options !== 'object') throw invalid('options are required ({ pool } or { connectionString })')
  const { pool, connectionString, schema = 'iam_guard', instanceId = randomUUID(), pollIntervalMs = 5_000 } = options
  if ((pool === undefined) === (connectionString === undefined)) throw invalid('give exactly one of pool and connectionString')
  if (connectionString !== undefined && (typeof connectionString !== 'string' || connectionString.length === 0)) throw invalid('connectionString must be a non-empty string')
  if (typeof schema !== 'string' || !isValidSchemaName(schema)) throw invalid('schema must match /^[a-z_][a-z0-9_]{0,47}$/')
  if (typeof instanceId !== 'string' || instanceId.length === 0 || instanceId.length > 100) throw invalid('instanceId must be a string of 1 to 100 characters')
  if (!(Number.isFinite(pollIntervalMs) && pollIntervalMs >= 10)) throw invalid('pollIntervalMs must be a number of milliseconds, at least 10')
  return { pool, connectionString, schema, instanceId, pollIntervalMs }
}

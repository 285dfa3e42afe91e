/** Record reads and writes in SQL, run on a pool (reads) or on a transaction's client. */
import type pg from 'pg'
import { IamError, checkKey, checkListOptions, encodeData } from './deps.js'
import type { EntityKind, EntityRecord, ListOptions, PutOptions } from './deps.js'
import type { SchemaNames } from './schema.js'

type Queryable = pg.Pool | pg.PoolClient

interface Row {
  account: string
  id: string
  data: unknown
  revision: number
}

export async function getRecord<T>(db: Queryable, names: SchemaNames, kind: EntityKind, account: string, id: string): Promise<EntityRecord<T> | undefined> {
  checkKey(kind, account, id)
  const { rows } = await db.query<Row>(
    `SELECT account, id, data, revision FROM ${names.records} WHERE kind = $1 AND account = $2 AND id = $3`,
    [kind, account, id],
  )
  const row = rows[0]
  return row && { kind, account, id, data: row.data as T, revision: row.revision }
}

export async function listRecords<T>(db: Queryable, names: SchemaNames, kind: EntityKind, account: string | undefined, options: ListOptions = {}): Promise<EntityRecord<T>[]> {
  checkListOptions(kind, account, options)
  // starts_with, not LIKE: a prefix is plain text, never a pattern. The columns collate as "C": code-point order.
  const { rows } = await db.query<Row>(
    `SELECT account, id, data, revision FROM ${names.records}
     WHERE kind = $1 AND ($2::text IS NULL OR account = $2) AND ($3::text IS NULL OR starts_with(id, $3)) AND ($4::text IS NULL OR id > $4)
     ORDER BY account, id LIMIT $5`,
    [kind, account ?? null, options.prefix ?? null, options.after ?? null, options.limit ?? null],
  )
  return rows.map((row) => ({ kind, account: row.account, id: row.id, data: row.data as T, revision: row.revision }))
}

function expectedOf(options: PutOptions | undefined): number | undefined {
  const expected = options?.expectedRevision
  if (expected !== undefined && !(Number.isSafeInteger(expected) && expected >= 0)) {
    throw new IamError('ERR_INVALID_PARAMETER', 'expectedRevision must be a non-negative integer')
  }
  return expected
}

async function conflict(db: Queryable, names: SchemaNames, kind: EntityKind, account: string, id: string, expected: number): Promise<IamError> {
  const actual = (await getRecord(db, names, kind, account, id))?.revision ?? 0
  return new IamError(
    'ERR_CONCURRENT_MODIFICATION',
    `The ${kind} ${JSON.stringify(id)} in account ${JSON.stringify(account)} changed concurrently (expected revision ${expected}, found ${actual})`,
  )
}

/** Writes a record; with `expectedRevision`, only if the stored revision (0: none) is that one. Returns the new revision. */
export async function putRecord(db: Queryable, names: SchemaNames, kind: EntityKind, account: string, id: string, data: unknown, options?: PutOptions): Promise<number> {
  checkKey(kind, account, id)
  const expected = expectedOf(options)
  const json = encodeData(data)
  let result: pg.QueryResult<{ revision: number }>
  if (expected === undefined) {
    result = await db.query(
      `INSERT INTO ${names.records} AS r (kind, account, id, data, revision) VALUES ($1, $2, $3, $4::jsonb, 1)
       ON CONFLICT (kind, account, id) DO UPDATE SET data = EXCLUDED.data, revision = r.revision + 1
       RETURNING revision`,
      [kind, account, id, json],
    )
  } else if (expected === 0) {
    result = await db.query(
      `INSERT INTO ${names.records} (kind, account, id, data, revision) VALUES ($1, $2, $3, $4::jsonb, 1)
       ON CONFLICT (kind, account, id) DO NOTHING RETURNING revision`,
      [kind, account, id, json],
    )
  } else {
    result = await db.query(
      `UPDATE ${names.records} SET data = $4::jsonb, revision = revision + 1
       WHERE kind = $1 AND account = $2 AND id = $3 AND revision = $5 RETURNING revision`,
      [kind, account, id, json, expected],
    )
  }
  const row = result.rows[0]
  if (row === undefined) throw await conflict(db, names, kind, account, id, expected!)
  return row.revision
}

export async function deleteRecord(db: Queryable, names: SchemaNames, kind: EntityKind, account: string, id: string, options?: PutOptions): Promise<boolean> {
  checkKey(kind, account, id)
  const expected = expectedOf(options)
  if (expected === 0) {
    // "Must not exist": nothing to delete, or a conflict.
    if (await getRecord(db, names, kind, account, id) !== undefined) throw await conflict(db, names, kind, account, id, 0)
    return false
  }
  const { rows } = await db.query<{ revision: number }>(
    `DELETE FROM ${names.records} WHERE kind = $1 AND account = $2 AND id = $3 AND ($4::integer IS NULL OR revision = $4) RETURNING revision`,
    [kind, account, id, expected ?? null],
  )
  if (rows.length > 0) return true
  if (expected !== undefined) throw await conflict(db, names, kind, account, id, expected)
  return false
}

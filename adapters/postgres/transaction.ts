/**
 * One attempt of `transact` on one connection. Any SQL failure poisons the attempt (PostgreSQL
 * has aborted the transaction), even if the caller's function catches it: the commit then fails too.
 */
import type pg from 'pg'
import { IamError, compositeKey } from './deps.js'
import type { EntityKind, EntityRecord, ListOptions, PutOptions, StoreSnapshotRecord, StoreWriter } from './deps.js'
import { isRetryable, toStoreError } from './errors.js'
import { deleteRecord, getRecord, listRecords, putRecord } from './records.js'
import type { SchemaNames } from './schema.js'

export class PgTransaction implements StoreWriter {
  /** Records written, in first-write order, keyed by `compositeKey`. */
  readonly changed = new Map<string, { kind: EntityKind; account: string; id: string }>()
  /** The SQL failure that aborted this attempt, if any. */
  failure: unknown
  #open = true

  constructor(private readonly client: pg.PoolClient, private readonly names: SchemaNames) {}

  close(): void {
    this.#open = false
  }

  get open(): boolean {
    return this.#open
  }

  get<T>(kind: EntityKind, account: string, id: string): Promise<EntityRecord<T> | undefined> {
    return this.#run(() => getRecord<T>(this.client, this.names, kind, account, id))
  }

  list<T>(kind: EntityKind, account: string | undefined, options?: ListOptions): Promise<EntityRecord<T>[]> {
    return this.#run(() => listRecords<T>(this.client, this.names, kind, account, options))
  }

  put<T>(kind: EntityKind, account: string, id: string, data: T, options?: PutOptions): Promise<EntityRecord<T>> {
    return this.#run(async () => {
      const revision = await putRecord(this.client, this.names, kind, account, id, data, options)
      this.changed.set(compositeKey(kind, account, id), { kind, account, id })
      // The caller gets its own copy, as every store hands out.
      return { kind, account, id, data: JSON.parse(JSON.stringify(data)) as T, revision }
    })
  }

  delete(kind: EntityKind, account: string, id: string, options?: PutOptions): Promise<boolean> {
    return this.#run(async () => {
      const deleted = await deleteRecord(this.client, this.names, kind, account, id, options)
      if (deleted) this.changed.set(compositeKey(kind, account, id), { kind, account, id })
      return deleted
    })
  }

  /** Makes the records exactly `checked`: unchanged ones (jsonb equality) keep their revision. */
  replaceAll(checked: readonly { record: StoreSnapshotRecord; json: string }[]): Promise<void> {
    return this.#run(async () => {
      const kinds = checked.map(({ record }) => record.kind)
      const accounts = checked.map(({ record }) => record.account)
      const ids = checked.map(({ record }) => record.id)
      const deleted = await this.client.query<{ kind: EntityKind; account: string; id: string }>(
        `DELETE FROM ${this.names.records} r
         WHERE NOT EXISTS (SELECT 1 FROM unnest($1::text[], $2::text[], $3::text[]) AS n(kind, account, id)
                           WHERE n.kind = r.kind AND n.account = r.account AND n.id = r.id)
         RETURNING kind, account, id`,
        [kinds, accounts, ids],
      )
      const written = await this.client.query<{ kind: EntityKind; account: string; id: string }>(
        `INSERT INTO ${this.names.records} AS r (kind, account, id, data, revision)
         SELECT kind, account, id, data, 1 FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[]) AS n(kind, account, id, data)
         ON CONFLICT (kind, account, id) DO UPDATE SET data = EXCLUDED.data, revision = r.revision + 1
         WHERE r.data IS DISTINCT FROM EXCLUDED.data
         RETURNING kind, account, id`,
        [kinds, accounts, ids, checked.map(({ json }) => json)],
      )
      for (const { kind, account, id } of [...deleted.rows, ...written.rows]) this.changed.set(compositeKey(kind, account, id), { kind, account, id })
    })
  }

  async #run<T>(operation: () => Promise<T>): Promise<T> {
    if (!this.#open) throw new IamError('ERR_INTERNAL', 'This transaction has already ended')
    if (this.failure !== undefined) throw this.#surface(this.failure)
    try {
      return await operation()
    } catch (error) {
      if (error instanceof IamError) throw error
      this.failure = error
      throw this.#surface(error)
    }
  }

  /** A lost race stays a raw `pg` error so that `transact` recognises and retries it. */
  #surface(error: unknown): unknown {
    return isRetryable(error) ? error : toStoreError(error)
  }
}

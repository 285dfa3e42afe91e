/**
 * PolicyStore over PostgreSQL: SERIALIZABLE transactions retried when they lose a race, change
 * events through LISTEN/NOTIFY plus a changes table (so a reconnecting instance catches up).
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import { ENTITY_KINDS, IamError, ListenerSet, checkSnapshot } from './deps.js'
import type { ChangeEvent, EntityKind, EntityRecord, ListOptions, PolicyStore, StoreSnapshotRecord, StoreWriter } from './deps.js'
import { isConnectionError, isRetryable, toStoreError } from './errors.js'
import { ChangeFeed } from './feed.js'
import { NotificationListener } from './listener.js'
import { getRecord, listRecords } from './records.js'
import { CHANGES_LOCK, WRITERS_LOCK, migrate, pruneChanges, schemaNames } from './schema.js'
import type { SchemaNames } from './schema.js'
import { PgTransaction } from './transaction.js'
import type { ResolvedOptions } from './options.js'

/**
 * Attempts run concurrently (SERIALIZABLE, retried when they lose a race) up to this many; after
 * that a transaction runs alone, so that a hot record cannot starve it.
 */
const SHARED_ATTEMPTS = 4
/** Attempts of one `transact` before giving up with ERR_CONCURRENT_MODIFICATION. */
const MAX_ATTEMPTS = SHARED_ATTEMPTS + 2
/** Change rows are kept this long for instances catching up after a disconnection. */
const CHANGE_RETENTION_SECONDS = 24 * 60 * 60

interface Committed<T> {
  result: T
  events: ChangeEvent[]
}

function ignore(): void {}

/** The transaction running in the current async context, to refuse a nested `transact` that would wait on itself. */
const activeTransaction = new AsyncLocalStorage<{ store: PostgresStore; tx: PgTransaction }>()

export class PostgresStore implements PolicyStore {
  readonly name = 'postgres'
  readonly #options: ResolvedOptions
  readonly #names: SchemaNames
  readonly #pool: pg.Pool
  readonly #ownsPool: boolean
  readonly #listeners = new ListenerSet<ChangeEvent>()
  readonly #degradedListeners = new ListenerSet<boolean>()
  readonly #feed: ChangeFeed
  #listener: NotificationListener | undefined
  #poll: NodeJS.Timeout | undefined
  #initialized: Promise<void> | undefined
  #ready = false
  #closed = false
  #degraded = false

  constructor(options: ResolvedOptions) {
    this.#options = options
    this.#names = schemaNames(options.schema)
    this.#ownsPool = options.pool === undefined
    this.#pool = options.pool ?? new pg.Pool({ connectionString: options.connectionString, connectionTimeoutMillis: 5_000 })
    // An idle connection dropped by a server restart must not crash the process.
    if (this.#ownsPool) this.#pool.on('error', ignore)
    this.#feed = new ChangeFeed(this.#pool, this.#names, this.#listeners)
  }

  init(): Promise<void> {
    this.#initialized ??= this.#init().catch((error: unknown) => {
      this.#initialized = undefined
      throw toStoreError(error)
    })
    return this.#initialized
  }

  async get<T>(kind: EntityKind, account: string, id: string): Promise<EntityRecord<T> | undefined> {
    this.#checkReady()
    return getRecord<T>(this.#pool, this.#names, kind, account, id).catch((error: unknown) => { throw toStoreError(error) })
  }

  async list<T>(kind: EntityKind, account: string | undefined, options?: ListOptions): Promise<EntityRecord<T>[]> {
    this.#checkReady()
    return listRecords<T>(this.#pool, this.#names, kind, account, options).catch((error: unknown) => { throw toStoreError(error) })
  }

  async transact<T>(fn: (tx: StoreWriter) => Promise<T>): Promise<T> {
    this.#checkReady()
    const outer = activeTransaction.getStore()
    if (outer?.store === this && outer.tx.open) {
      throw new IamError('ERR_INTERNAL', 'transact() was called inside a transaction of the same store; use the tx argument')
    }
    for (let attempt = 1; ; attempt++) {
      let committed: Committed<T>
      try {
        committed = await this.#attempt(fn, attempt > SHARED_ATTEMPTS)
      } catch (error) {
        if (!isRetryable(error)) throw error
        if (attempt >= MAX_ATTEMPTS) {
          throw new IamError('ERR_CONCURRENT_MODIFICATION', `The transaction kept conflicting with concurrent ones (${attempt} attempts)`, { cause: error })
        }
        // Full jitter, so that the transactions that collided do not collide again.
        await sleep(Math.random() * Math.min(5 * 2 ** attempt, 100))
        continue
      }
      const last = committed.events.at(-1)
      if (last !== undefined) await this.#feed.deliverThrough(last.seq, committed.events)
      return committed.result
    }
  }

  subscribe(listener: (event: ChangeEvent) => void): () => void {
    return this.#listeners.add(listener)
  }

  onDegraded(listener: (degraded: boolean) => void): () => void {
    return this.#degradedListeners.add(listener)
  }

  async exportRecords(): Promise<StoreSnapshotRecord[]> {
    this.#checkReady()
    const { rows } = await this.#pool.query<StoreSnapshotRecord>(
      `SELECT kind, account, id, data FROM ${this.#names.records}
       ORDER BY array_position($1::text[], kind), account, id`,
      [ENTITY_KINDS],
    ).catch((error: unknown) => { throw toStoreError(error) })
    return rows
  }

  async importRecords(records: readonly StoreSnapshotRecord[]): Promise<void> {
    const checked = checkSnapshot(records)
    await this.transact((tx) => (tx as PgTransaction).replaceAll(checked))
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    clearInterval(this.#poll)
    this.#listener?.close()
    this.#listeners.clear()
    this.#degradedListeners.clear()
    if (this.#ownsPool) await this.#pool.end()
  }

  async #init(): Promise<void> {
    if (this.#closed) throw new IamError('ERR_STORE_UNAVAILABLE', 'The PostgreSQL store is closed')
    const client = await this.#pool.connect()
    client.on('error', ignore)
    try {
      await migrate(client, this.#names)
      await pruneChanges(client, this.#names, CHANGE_RETENTION_SECONDS)
      client.release()
    } catch (error) {
      client.release(true)
      throw error
    } finally {
      client.off('error', ignore)
    }
    await this.#feed.start()
    this.#listener = new NotificationListener(this.#pool, {
      channel: this.#names.channel,
      applicationName: `iam-guard listener ${this.#options.instanceId}`,
      retryMs: 50,
      maxRetryMs: this.#options.pollIntervalMs,
      onNotification: () => { this.#feed.fetch().catch(ignore) },
      onConnection: (connected) => { void this.#connectionChanged(connected) },
    })
    await this.#listener.start()
    // The safety net: a notification can be lost without the connection dropping visibly.
    this.#poll = setInterval(() => this.#tick(), this.#options.pollIntervalMs)
    this.#poll.unref()
    this.#ready = true
  }

  /**
   * One attempt on one connection. Every attempt holds the writers' advisory lock: shared by the
   * concurrent attempts, exclusive for one that lost too often. The exclusive lock is taken
   * before BEGIN so that the snapshot is taken after the wait, with no concurrent writer left.
   */
  async #attempt<T>(fn: (tx: StoreWriter) => Promise<T>, alone: boolean): Promise<Committed<T>> {
    const client = await this.#pool.connect().catch((error: unknown) => { throw toStoreError(error) })
    // While checked out, a dropped connection emits 'error' on the client; the failing query reports it.
    client.on('error', ignore)
    const lock = [WRITERS_LOCK, this.#names.schema]
    let broken = false
    let locked = false
    let fromFunction = false
    try {
      if (alone) {
        await client.query('SELECT pg_advisory_lock($1, hashtext($2))', lock)
        locked = true
        await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE')
      } else {
        await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE')
        await client.query('SELECT pg_advisory_xact_lock_shared($1, hashtext($2))', lock)
      }
      const tx = new PgTransaction(client, this.#names)
      let result: T
      try {
        result = await activeTransaction.run({ store: this, tx }, () => fn(tx))
      } catch (error) {
        // The function may have turned a lost race into its own error; the race is what matters.
        if (tx.failure !== undefined && isRetryable(tx.failure)) throw tx.failure
        fromFunction = true
        throw error
      } finally {
        tx.close()
      }
      if (tx.failure !== undefined) throw tx.failure
      const events = tx.changed.size > 0 ? await this.#recordChanges(client, [...tx.changed.values()]) : []
      await client.query('COMMIT')
      return { result, events }
    } catch (error) {
      broken = isConnectionError(error)
      if (!broken) await client.query('ROLLBACK').catch(() => { broken = true })
      throw fromFunction || isRetryable(error) ? error : toStoreError(error)
    } finally {
      // A broken connection is destroyed, which releases a session lock with it.
      if (locked && !broken) await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', lock).catch(() => { broken = true })
      client.off('error', ignore)
      client.release(broken ? true : undefined)
    }
  }

  /**
   * Numbers the changes under a lock held until commit, so that sequence order is commit order
   * (a reader taking "everything after the last seen" misses nothing), and notifies at commit.
   */
  async #recordChanges(client: pg.PoolClient, changed: { kind: EntityKind; account: string; id: string }[]): Promise<ChangeEvent[]> {
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [CHANGES_LOCK, this.#names.schema])
    const { rows } = await client.query<{ seq: string; kind: EntityKind; account: string; id: string }>(
      `INSERT INTO ${this.#names.changes} (kind, account, id, origin)
       SELECT kind, account, id, $4 FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS c(kind, account, id, n) ORDER BY n
       RETURNING seq, kind, account, id`,
      [changed.map((c) => c.kind), changed.map((c) => c.account), changed.map((c) => c.id), this.#options.instanceId],
    )
    const events = rows.map((row) => ({ seq: Number(row.seq), kind: row.kind, account: row.account, id: row.id })).sort((a, b) => a.seq - b.seq)
    await client.query('SELECT pg_notify($1, $2)', [this.#names.channel, String(events.at(-1)!.seq)])
    return events
  }

  async #connectionChanged(connected: boolean): Promise<void> {
    if (!connected) {
      this.#setDegraded(true)
      return
    }
    await this.#recover()
  }

  /** Catch up on what was missed while not listening; only then are events guaranteed again. */
  async #recover(): Promise<void> {
    try {
      await this.#feed.catchUp()
    } catch {
      return // The next poll tries again.
    }
    if (!this.#closed) this.#setDegraded(false)
  }

  #tick(): void {
    if (this.#degraded && this.#listener?.connected === true) void this.#recover()
    else this.#feed.fetch().catch(ignore)
  }

  #setDegraded(degraded: boolean): void {
    if (this.#degraded === degraded) return
    this.#degraded = degraded
    this.#degradedListeners.emit(degraded)
  }

  #checkReady(): void {
    if (this.#closed) throw new IamError('ERR_STORE_UNAVAILABLE', 'The PostgreSQL store is closed')
    if (!this.#ready) throw new IamError('ERR_INTERNAL', 'postgresStore: await store.init() before using the store')
  }
}

/**
 * The embedded store: every record in memory, transactions serialized by a mutex. The file store
 * is built on it (persisting each commit before it becomes visible).
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { IamError } from '../errors.js'
import { ListenerSet } from './events.js'
import { MemoryTransaction, listEntries, tableEntries, tableGet, tableSet, toRecord } from './memory-tx.js'
import type { Entry, Table, Write } from './memory-tx.js'
import { Mutex } from './mutex.js'
import { checkKey, checkListOptions, checkSnapshot, compareRecords } from './records.js'
import type { ChangeEvent, EntityKind, EntityRecord, ListOptions, PolicyStore, StoreSnapshotRecord, StoreWriter } from './types.js'

/** Records as `exportRecords` returns them, or a document `{ records }` holding them. */
export type MemorySeed = readonly StoreSnapshotRecord[] | { readonly records: readonly StoreSnapshotRecord[] }

/** @internal Hooks the file store uses to persist a commit before it becomes visible. */
export interface MemoryStoreInternals {
  name: string
  /** Called inside the transaction lock with the state about to be committed; a throw aborts the commit. */
  persist?: (records: StoreSnapshotRecord[]) => Promise<void>
  onListenerError?: (error: unknown) => void
}

const activeTransaction = new AsyncLocalStorage<{ store: MemoryStore; tx: MemoryTransaction }>()

/** @internal Use `memoryStore()`. */
export class MemoryStore implements PolicyStore {
  readonly name: string
  #table: Table = new Map()
  #seq = 0
  #closed = false
  readonly #mutex = new Mutex()
  readonly #listeners: ListenerSet<ChangeEvent>
  readonly #persist: MemoryStoreInternals['persist']

  constructor(internals: MemoryStoreInternals) {
    this.name = internals.name
    this.#persist = internals.persist
    this.#listeners = new ListenerSet(internals.onListenerError)
  }

  async init(): Promise<void> {
    this.#checkOpen()
  }

  async get<T>(kind: EntityKind, account: string, id: string): Promise<EntityRecord<T> | undefined> {
    this.#checkOpen()
    checkKey(kind, account, id)
    const entry = tableGet(this.#table, kind, account, id)
    return entry && toRecord<T>(kind, account, id, entry)
  }

  async list<T>(kind: EntityKind, account: string | undefined, options?: ListOptions): Promise<EntityRecord<T>[]> {
    this.#checkOpen()
    checkListOptions(kind, account, options)
    return listEntries(tableEntries(this.#table, kind, account), options).map(([name, id, entry]) => toRecord<T>(kind, name, id, entry))
  }

  async transact<T>(fn: (tx: StoreWriter) => Promise<T>): Promise<T> {
    this.#checkOpen()
    const outer = activeTransaction.getStore()
    if (outer?.store === this && outer.tx.open) {
      // Waiting for our own lock would never end.
      throw new IamError('ERR_INTERNAL', 'transact() was called inside a transaction of the same store; use the tx argument')
    }
    return this.#mutex.runExclusive(async () => {
      this.#checkOpen()
      const tx = new MemoryTransaction(this.#table)
      let result: T
      try {
        result = await activeTransaction.run({ store: this, tx }, () => fn(tx))
      } finally {
        tx.close()
      }
      await this.#commit([...tx.writes.values()])
      return result
    })
  }

  subscribe(listener: (event: ChangeEvent) => void): () => void {
    return this.#listeners.add(listener)
  }

  async exportRecords(): Promise<StoreSnapshotRecord[]> {
    this.#checkOpen()
    return this.#snapshot(this.#table)
  }

  async importRecords(records: readonly StoreSnapshotRecord[]): Promise<void> {
    this.#checkOpen()
    const checked = checkSnapshot(records)
    await this.#mutex.runExclusive(() => this.replaceLocked(checked, true))
  }

  async close(): Promise<void> {
    this.#closed = true
    this.#listeners.clear()
  }

  /** @internal Runs `fn` holding the transaction lock (the file store's reload). */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.#mutex.runExclusive(fn)
  }

  /**
   * @internal Replaces every record, keeping the revision of records whose data did not change
   * and reporting a change for every record added, changed or removed. Call within `exclusive`.
   */
  async replaceLocked(checked: readonly { record: StoreSnapshotRecord; json: string }[], persist: boolean): Promise<void> {
    const next: Table = new Map()
    const writes: Write[] = []
    for (const { record: { kind, account, id }, json } of checked) {
      const old = tableGet(this.#table, kind, account, id)
      const entry: Entry = old?.json === json ? old : { json, revision: (old?.revision ?? 0) + 1 }
      tableSet(next, { kind, account, id, entry })
      if (entry !== old) writes.push({ kind, account, id, entry })
    }
    for (const [kind, accounts] of this.#table) {
      for (const [account, ids] of accounts) {
        for (const id of ids.keys()) {
          if (tableGet(next, kind, account, id) === undefined) writes.push({ kind, account, id, entry: null })
        }
      }
    }
    if (persist && this.#persist !== undefined) await this.#persist(this.#snapshot(next))
    this.#table = next
    writes.sort(compareRecords)
    this.#emit(writes)
  }

  /** Seeds without events; only before the store is shared. */
  seed(records: readonly StoreSnapshotRecord[]): void {
    const checked = checkSnapshot(records)
    for (const { record: { kind, account, id }, json } of checked) tableSet(this.#table, { kind, account, id, entry: { json, revision: 1 } })
  }

  async #commit(writes: Write[]): Promise<void> {
    // A record created and deleted again in one transaction is no change.
    const effective = writes.filter((write) => write.entry !== null || tableGet(this.#table, write.kind, write.account, write.id) !== undefined)
    if (effective.length === 0) return
    if (this.#persist !== undefined) {
      const next: Table = new Map()
      for (const [kind, accounts] of this.#table) {
        for (const [account, ids] of accounts) for (const [id, entry] of ids) tableSet(next, { kind, account, id, entry })
      }
      for (const write of effective) tableSet(next, write)
      await this.#persist(this.#snapshot(next))
    }
    for (const write of effective) tableSet(this.#table, write)
    this.#emit(effective)
  }

  #emit(writes: readonly Write[]): void {
    // Sequence numbers are taken first so that a listener reading the store sees the final state.
    const events = writes.map(({ kind, account, id }): ChangeEvent => ({ seq: ++this.#seq, kind, account, id }))
    for (const event of events) this.#listeners.emit(event)
  }

  #snapshot(table: Table): StoreSnapshotRecord[] {
    const records: StoreSnapshotRecord[] = []
    for (const [kind, accounts] of table) {
      for (const [account, ids] of accounts) {
        for (const [id, entry] of ids) records.push({ kind, account, id, data: JSON.parse(entry.json) })
      }
    }
    return records.sort(compareRecords)
  }

  #checkOpen(): void {
    if (this.#closed) throw new IamError('ERR_STORE_UNAVAILABLE', `The ${this.name} store is closed`)
  }
}

/**
 * The embedded store. Records are kept as JSON text, so data going in and out is always a copy.
 *
 * @param seed records to start with (no change events are emitted for them)
 */
export function memoryStore(seed?: MemorySeed): PolicyStore {
  const store = new MemoryStore({ name: 'memory' })
  if (seed !== undefined) store.seed(Array.isArray(seed) ? seed : (seed as { records: readonly StoreSnapshotRecord[] }).records)
  return store
}

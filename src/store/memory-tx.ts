/**
 * A transaction over the in-memory table: writes are buffered here and reach the table only
 * when the whole transaction succeeded, so a throw inside `transact` changes nothing.
 */
import { IamError } from '../errors.js'
import { checkKey, checkListOptions, compareCodePoints, compositeKey, encodeData } from './records.js'
import type { EntityKind, EntityRecord, ListOptions, PutOptions, StoreWriter } from './types.js'

/** A stored record: data kept as JSON text, so that no caller ever holds a reference into the store. */
export interface Entry {
  readonly json: string
  readonly revision: number
}

/** kind → account → id → entry. */
export type Table = Map<EntityKind, Map<string, Map<string, Entry>>>

export interface Write {
  readonly kind: EntityKind
  readonly account: string
  readonly id: string
  /** `null`: deleted. */
  readonly entry: Entry | null
}

export function toRecord<T>(kind: EntityKind, account: string, id: string, entry: Entry): EntityRecord<T> {
  return { kind, account, id, data: JSON.parse(entry.json) as T, revision: entry.revision }
}

export function tableGet(table: Table, kind: EntityKind, account: string, id: string): Entry | undefined {
  return table.get(kind)?.get(account)?.get(id)
}

export function tableSet(table: Table, write: Write): void {
  let accounts = table.get(write.kind)
  if (write.entry === null) {
    const ids = accounts?.get(write.account)
    ids?.delete(write.id)
    if (ids?.size === 0) accounts!.delete(write.account)
    if (accounts?.size === 0) table.delete(write.kind)
    return
  }
  if (accounts === undefined) table.set(write.kind, (accounts = new Map()))
  let ids = accounts.get(write.account)
  if (ids === undefined) accounts.set(write.account, (ids = new Map()))
  ids.set(write.id, write.entry)
}

/** Records of a kind, filtered, sorted and limited as `StoreReader.list` says. */
export function listEntries(
  candidates: Iterable<[account: string, id: string, entry: Entry]>,
  options: ListOptions = {},
): [string, string, Entry][] {
  const { prefix, after, limit } = options
  const found: [string, string, Entry][] = []
  for (const candidate of candidates) {
    const id = candidate[1]
    if (prefix !== undefined && !id.startsWith(prefix)) continue
    if (after !== undefined && compareCodePoints(id, after) <= 0) continue
    found.push(candidate)
  }
  found.sort((a, b) => compareCodePoints(a[0], b[0]) || compareCodePoints(a[1], b[1]))
  return limit === undefined ? found : found.slice(0, limit)
}

export function* tableEntries(table: Table, kind: EntityKind, account: string | undefined): Generator<[string, string, Entry]> {
  const accounts = table.get(kind)
  if (accounts === undefined) return
  const selected = account === undefined ? accounts : new Map([[account, accounts.get(account)]])
  for (const [name, ids] of selected) {
    if (ids === undefined) continue
    for (const [id, entry] of ids) yield [name, id, entry]
  }
}

export function conflict(kind: EntityKind, account: string, id: string, expected: number, actual: number): IamError {
  return new IamError(
    'ERR_CONCURRENT_MODIFICATION',
    `The ${kind} ${JSON.stringify(id)} in account ${JSON.stringify(account)} changed concurrently (expected revision ${expected}, found ${actual})`,
  )
}

export function checkExpected(options: PutOptions | undefined): number | undefined {
  const expected = options?.expectedRevision
  if (expected !== undefined && !(Number.isSafeInteger(expected) && expected >= 0)) {
    throw new IamError('ERR_INVALID_PARAMETER', 'expectedRevision must be a non-negative integer')
  }
  return expected
}

export class MemoryTransaction implements StoreWriter {
  /** Keyed by `compositeKey`; insertion order is the order changes are reported in. */
  readonly writes = new Map<string, Write>()
  #open = true

  constructor(private readonly committed: Table) {}

  close(): void {
    this.#open = false
  }

  get open(): boolean {
    return this.#open
  }

  #lookup(kind: EntityKind, account: string, id: string): Entry | undefined {
    const write = this.writes.get(compositeKey(kind, account, id))
    if (write !== undefined) return write.entry ?? undefined
    return tableGet(this.committed, kind, account, id)
  }

  #checkOpen(): void {
    if (!this.#open) throw new IamError('ERR_INTERNAL', 'This transaction has already ended')
  }

  async get<T>(kind: EntityKind, account: string, id: string): Promise<EntityRecord<T> | undefined> {
    this.#checkOpen()
    checkKey(kind, account, id)
    const entry = this.#lookup(kind, account, id)
    return entry && toRecord<T>(kind, account, id, entry)
  }

  async list<T>(kind: EntityKind, account: string | undefined, options?: ListOptions): Promise<EntityRecord<T>[]> {
    this.#checkOpen()
    checkListOptions(kind, account, options)
    const merged = new Map<string, [string, string, Entry]>()
    for (const item of tableEntries(this.committed, kind, account)) merged.set(compositeKey(kind, item[0], item[1]), item)
    for (const [key, write] of this.writes) {
      if (write.kind !== kind || (account !== undefined && write.account !== account)) continue
      if (write.entry === null) merged.delete(key)
      else merged.set(key, [write.account, write.id, write.entry])
    }
    return listEntries(merged.values(), options).map(([name, id, entry]) => toRecord<T>(kind, name, id, entry))
  }

  async put<T>(kind: EntityKind, account: string, id: string, data: T, options?: PutOptions): Promise<EntityRecord<T>> {
    this.#checkOpen()
    checkKey(kind, account, id)
    const expected = checkExpected(options)
    const json = encodeData(data)
    const current = this.#lookup(kind, account, id)?.revision ?? 0
    if (expected !== undefined && expected !== current) throw conflict(kind, account, id, expected, current)
    const entry: Entry = { json, revision: current + 1 }
    this.writes.set(compositeKey(kind, account, id), { kind, account, id, entry })
    return toRecord<T>(kind, account, id, entry)
  }

  async delete(kind: EntityKind, account: string, id: string, options?: PutOptions): Promise<boolean> {
    this.#checkOpen()
    checkKey(kind, account, id)
    const expected = checkExpected(options)
    const current = this.#lookup(kind, account, id)?.revision ?? 0
    if (expected !== undefined && expected !== current) throw conflict(kind, account, id, expected, current)
    if (current === 0) return false
    this.writes.set(compositeKey(kind, account, id), { kind, account, id, entry: null })
    return true
  }
}

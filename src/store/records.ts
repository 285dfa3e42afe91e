/**
 * Checks and helpers shared by the stores, so that memory, file and PostgreSQL accept exactly the
 * same keys and data and order lists the same way.
 */
import { IamError } from '../errors.js'
import { ENTITY_KINDS } from './types.js'
import type { EntityKind, ListOptions, StoreSnapshotRecord } from './types.js'

const KINDS: ReadonlySet<string> = new Set(ENTITY_KINDS)

function invalid(message: string): IamError {
  return new IamError('ERR_INVALID_PARAMETER', message)
}

/** Text PostgreSQL can hold and every store orders alike: well-formed UTF-16 without NUL. */
function isStorableText(text: string): boolean {
  // `isWellFormed` is in Node 20 but not yet in the ES2023 typings.
  return (text as string & { isWellFormed(): boolean }).isWellFormed() && !text.includes('\u0000')
}

export function checkKey(kind: EntityKind, account: string, id: string): void {
  if (typeof kind !== 'string' || !KINDS.has(kind)) throw invalid(`Unknown entity kind: ${String(kind)}`)
  if (typeof account !== 'string' || !isStorableText(account)) throw invalid('The account must be a string without NUL characters or lone surrogates')
  if (typeof id !== 'string' || id.length === 0 || !isStorableText(id)) throw invalid('The id must be a non-empty string without NUL characters or lone surrogates')
}

export function checkListOptions(kind: EntityKind, account: string | undefined, options: ListOptions | undefined): void {
  if (typeof kind !== 'string' || !KINDS.has(kind)) throw invalid(`Unknown entity kind: ${String(kind)}`)
  if (account !== undefined && typeof account !== 'string') throw invalid('The account must be a string')
  if (options === undefined) return
  if (options.prefix !== undefined && typeof options.prefix !== 'string') throw invalid('list prefix must be a string')
  if (options.after !== undefined && typeof options.after !== 'string') throw invalid('list after must be a string')
  if (options.limit !== undefined && !(Number.isSafeInteger(options.limit) && options.limit >= 0)) {
    throw invalid('list limit must be a non-negative integer')
  }
}

/**
 * Serializes record data as JSON, refusing what a JSON column would refuse or change silently:
 * `undefined` as the whole value, NUL characters and lone surrogates (PostgreSQL's jsonb rejects them).
 */
export function encodeData(data: unknown): string {
  const json = JSON.stringify(data, (key: string, value: unknown) => {
    if (!isStorableText(key) || (typeof value === 'string' && !isStorableText(value))) {
      throw invalid('Record data must not contain NUL characters or lone surrogates')
    }
    return value
  })
  if (json === undefined) throw invalid('Record data must be a JSON value')
  return json
}

/**
 * Code-point order, which is what PostgreSQL's "C" collation gives for UTF-8 text. JavaScript's
 * `<` compares UTF-16 code units, which puts U+E000–U+FFFF after astral characters.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length)
  for (let i = 0; i < length; i++) {
    let x = a.charCodeAt(i)
    let y = b.charCodeAt(i)
    if (x === y) continue
    // Shift surrogates above U+E000–U+FFFF so that unit order becomes code-point order.
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000
    }
    return x - y
  }
  return a.length - b.length
}

/** A string key for a record; NUL cannot occur in a valid account or id, so it cannot be forged. */
export function compositeKey(kind: EntityKind, account: string, id: string): string {
  return `${kind}\u0000${account}\u0000${id}`
}

/** Validates snapshot records (import, file load) and returns them with their data serialized. */
export function checkSnapshot(records: readonly StoreSnapshotRecord[]): { record: StoreSnapshotRecord; json: string }[] {
  if (!Array.isArray(records)) throw invalid('Records must be an array')
  const seen = new Set<string>()
  return records.map((record, index) => {
    if (record === null || typeof record !== 'object') throw invalid(`Record ${index} must be an object`)
    const { kind, account, id, data } = record
    checkKey(kind, account, id)
    const key = compositeKey(kind, account, id)
    if (seen.has(key)) throw invalid(`Record ${index} repeats ${kind} ${JSON.stringify(account)}/${JSON.stringify(id)}`)
    seen.add(key)
    return { record: { kind, account, id, data }, json: encodeData(data) }
  })
}

export interface RecordKey {
  readonly kind: EntityKind
  readonly account: string
  readonly id: string
}

const KIND_ORDER: ReadonlyMap<string, number> = new Map(ENTITY_KINDS.map((kind, index) => [kind, index]))

/** Export order: kind (as `ENTITY_KINDS` lists them), then account, then id. */
export function compareRecords(a: RecordKey, b: RecordKey): number {
  return (KIND_ORDER.get(a.kind)! - KIND_ORDER.get(b.kind)!) || compareCodePoints(a.account, b.account) || compareCodePoints(a.id, b.id)
}

/**
 * The one normaliser of an authorization request's context, used by `evaluate`, by
 * `iam.authorize` (and `iam.simulate`) and by the HTTP guard, so that a context is accepted or
 * refused the same way wherever it enters.
 *
 * - Keys are strings, compared case-insensitively as AWS does ("IAM JSON policy elements:
 *   Condition": "Condition key names are not case-sensitive"): they are stored lower-cased, and
 *   two keys that differ only in case are refused, never silently merged.
 * - Values are a string, a finite number, a boolean, or a flat array of those. `NaN`/`Infinity`
 *   (a numeric Deny could never compare them), objects, `null`, `undefined`, nested arrays and
 *   sparse arrays are refused; the message names the key.
 * - The result is a read-only Map with lower-cased keys and frozen array copies: nothing the
 *   caller still holds can change it afterwards, and `__proto__` is plain data.
 *
 * Every refusal is an `IamError` `ERR_INVALID_REQUEST` (400).
 */
import type { ContextScalar, ContextValue } from '../conditions/types.js'
import { IamError } from '../errors.js'

export interface NormalizeContextOptions {
  /**
   * Request keys (lower-cased) to leave out after they were checked, e.g. the keys only the
   * principal may supply. Default: none.
   */
  omit?: (lowerCaseKey: string) => boolean
  /**
   * Entries set after the request's, replacing any of the same key: lower-cased keys and values
   * of the caller's own making (the principal's keys). Default: none.
   */
  add?: Iterable<readonly [string, ContextValue]>
  /**
   * When given, an array for a key it answers `false` for is refused (the key is single-valued:
   * AWS compares several values only under `ForAllValues`/`ForAnyValue`). Default: arrays are
   * accepted for every key.
   */
  isMultivalued?: (lowerCaseKey: string) => boolean
}

function invalid(message: string): IamError {
  return new IamError('ERR_INVALID_REQUEST', message)
}

function shown(key: string): string {
  return JSON.stringify(key.length > 100 ? `${key.slice(0, 97)}...` : key)
}

function isScalar(v: unknown): v is ContextScalar {
  const t = typeof v
  return t === 'string' || t === 'boolean' || (t === 'number' && Number.isFinite(v))
}

function describeValue(v: unknown): string {
  if (v === null) return 'null'
  if (typeof v === 'number') return String(v)
  if (Array.isArray(v)) return 'a nested array'
  return typeof v === 'object' ? 'an object' : typeof v
}

/** A checked value: the scalar itself, or a frozen copy of the array. */
function checkedValue(key: string, v: unknown, multivalued: boolean): ContextValue {
  if (isScalar(v)) return v
  if (!Array.isArray(v)) {
    throw invalid(`context key ${shown(key)} must be a string, a finite number, a boolean or an array of those, not ${describeValue(v)}`)
  }
  if (!multivalued) throw invalid(`context key ${shown(key)} is single-valued and cannot hold an array`)
  const copy: ContextScalar[] = new Array<ContextScalar>(v.length)
  for (let i = 0; i < v.length; i++) {
    const item: unknown = Object.hasOwn(v, i) ? v[i] : undefined
    if (!isScalar(item)) {
      throw invalid(`context key ${shown(key)} holds ${describeValue(item)} at index ${i}; array entries must be strings, finite numbers or booleans`)
    }
    copy[i] = item
  }
  return Object.freeze(copy)
}

/**
 * A request context after `normalizeRequestContext`: keys lower-cased, values checked. Read-only;
 * `evaluate` uses one as it is instead of checking it again.
 */
export class NormalizedContext implements ReadonlyMap<string, ContextValue> {
  readonly #map: Map<string, ContextValue>

  /** Internal: `map` must hold lower-cased keys and checked values. */
  constructor(map: Map<string, ContextValue>) {
    this.#map = map
  }

  get size(): number {
    return this.#map.size
  }

  get(lowerCaseKey: string): ContextValue | undefined {
    return this.#map.get(lowerCaseKey)
  }

  has(lowerCaseKey: string): boolean {
    return this.#map.has(lowerCaseKey)
  }

  forEach(callback: (value: ContextValue, key: string, map: ReadonlyMap<string, ContextValue>) => void, thisArg?: unknown): void {
    this.#map.forEach((value, key) => callback.call(thisArg, value, key, this))
  }

  entries(): MapIterator<[string, ContextValue]> {
    return this.#map.entries()
  }

  keys(): MapIterator<string> {
    return this.#map.keys()
  }

  values(): MapIterator<ContextValue> {
    return this.#map.values()
  }

  [Symbol.iterator](): MapIterator<[string, ContextValue]> {
    return this.#map.entries()
  }

  get [Symbol.toStringTag](): string {
    return 'NormalizedContext'
  }
}

const EMPTY = new NormalizedContext(new Map())

function duplicate(key: string): IamError {
  return invalid(`context key ${shown(key)} is given twice (condition key names are case-insensitive)`)
}

function notAContext(): IamError {
  return invalid('context must be an object or a Map')
}

/**
 * Checks and normalises an authorization request's context: a plain object (own enumerable
 * string keys), a `Map` with string keys, or `undefined` (no context). Throws `IamError`
 * `ERR_INVALID_REQUEST` naming the key for anything else (see the file comment).
 */
export function normalizeRequestContext(context: unknown, options?: NormalizeContextOptions): NormalizedContext {
  const omit = options?.omit
  const add = options?.add
  const isMultivalued = options?.isMultivalued
  if (omit === undefined && add === undefined && isMultivalued === undefined && (context === undefined || context instanceof NormalizedContext)) {
    return context ?? EMPTY
  }
  const map = new Map<string, ContextValue>()
  // Omitted keys still count, so that a second spelling of one is refused like any other.
  const omitted = omit === undefined ? undefined : new Set<string>()
  if (context instanceof Map || context instanceof NormalizedContext) {
    for (const [key, value] of context as ReadonlyMap<unknown, unknown>) putChecked(map, omitted, omit, isMultivalued, key, value)
  } else if (context !== undefined) {
    if (typeof context !== 'object' || context === null || Array.isArray(context)) throw notAContext()
    for (const key in context) {
      if (Object.hasOwn(context, key)) putChecked(map, omitted, omit, isMultivalued, key, (context as Record<string, unknown>)[key])
    }
  }
  if (add !== undefined) for (const [key, value] of add) map.set(key, value)
  return new NormalizedContext(map)
}

// A plain function rather than a closure: this runs on every request.
function putChecked(
  map: Map<string, ContextValue>,
  omitted: Set<string> | undefined,
  omit: ((lowerCaseKey: string) => boolean) | undefined,
  isMultivalued: ((lowerCaseKey: string) => boolean) | undefined,
  key: unknown,
  value: unknown,
): void {
  if (typeof key !== 'string') throw invalid('context keys must be strings')
  const lower = key.toLowerCase()
  if (map.has(lower) || (omitted !== undefined && omitted.has(lower))) throw duplicate(key)
  const checked = checkedValue(key, value, isMultivalued === undefined || isMultivalued(lower))
  if (omitted !== undefined && omit!(lower)) omitted.add(lower)
  else map.set(lower, checked)
}

function foldAscii(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c
}

/** ASCII-only text compares letter by letter; anything else through `toLowerCase`, as the normaliser does. */
function sameKey(a: string, b: string): boolean {
  // Lower-casing maps each character on its own (final sigma aside, which is not ASCII), so two
  // ASCII last characters that differ after folding settle it at once. Most keys end differently.
  const x = a.charCodeAt(a.length - 1)
  const y = b.charCodeAt(b.length - 1)
  if (x < 128 && y < 128 && foldAscii(x) !== foldAscii(y)) return false
  let ascii = true
  for (let i = 0; i < a.length && ascii; i++) if (a.charCodeAt(i) > 127) ascii = false
  for (let i = 0; i < b.length && ascii; i++) if (b.charCodeAt(i) > 127) ascii = false
  if (!ascii) return a.toLowerCase() === b.toLowerCase()
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) {
    if (foldAscii(a.charCodeAt(i)) !== foldAscii(b.charCodeAt(i))) return false
  }
  return true
}

const FEW_KEYS = 8

/**
 * `normalizeRequestContext(context)` without building the result: the same checks and the same
 * errors, for a request whose policies read no condition key (`evaluate` only needs to refuse a
 * malformed context there, not to look keys up). Allocates nothing for a context of a few keys.
 */
export function checkRequestContext(context: unknown): void {
  if (context === undefined || context instanceof NormalizedContext) return
  if (context instanceof Map) {
    if (context.size > FEW_KEYS) {
      normalizeRequestContext(context)
      return
    }
    const seen: string[] = []
    for (const [key, value] of context as Map<unknown, unknown>) {
      if (typeof key !== 'string') throw invalid('context keys must be strings')
      for (let j = 0; j < seen.length; j++) if (sameKey(seen[j]!, key)) throw duplicate(key)
      checkedValue(key, value, true)
      seen.push(key)
    }
    return
  }
  if (typeof context !== 'object' || context === null || Array.isArray(context)) throw notAContext()
  const record = context as Record<string, unknown>
  const keys = Object.keys(record)
  if (keys.length > FEW_KEYS) {
    normalizeRequestContext(context)
    return
  }
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!
    for (let j = 0; j < i; j++) if (sameKey(keys[j]!, key)) throw duplicate(key)
    const value = record[key]
    if (!isScalar(value)) checkedValue(key, value, true)
  }
}

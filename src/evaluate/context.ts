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

/**
 * Checks and normalises an authorization request's context: a plain object (own enumerable
 * string keys), a `Map` with string keys, or `undefined` (no context). Throws `IamError`
 * `ERR_INVALID_REQUEST` naming the key for anything else (see the file comment).
 */
export function normalizeRequestContext(context: unknown, options: NormalizeContextOptions = {}): NormalizedContext {
  const { omit, add, isMultivalued } = options
  const plain = omit === undefined && add === undefined && isMultivalued === undefined
  if (plain && (context === undefined || context instanceof NormalizedContext)) return context ?? EMPTY
  const map = new Map<string, ContextValue>()
  // Omitted keys still count, so that a second spelling of one is refused like any other.
  const omitted = omit === undefined ? undefined : new Set<string>()
  const put = (key: unknown, value: unknown): void => {
    if (typeof key !== 'string') throw invalid('context keys must be strings')
    const lower = key.toLowerCase()
    if (map.has(lower) || omitted?.has(lower) === true) {
      throw invalid(`context key ${shown(key)} is given twice (condition key names are case-insensitive)`)
    }
    const checked = checkedValue(key, value, isMultivalued === undefined || isMultivalued(lower))
    if (omitted !== undefined && omit!(lower)) omitted.add(lower)
    else map.set(lower, checked)
  }
  if (context instanceof Map || context instanceof NormalizedContext) {
    for (const [key, value] of context as ReadonlyMap<unknown, unknown>) put(key, value)
  } else if (context !== undefined) {
    if (typeof context !== 'object' || context === null || Array.isArray(context)) throw invalid('context must be an object or a Map')
    for (const key of Object.keys(context)) put(key, (context as Record<string, unknown>)[key])
  }
  if (add !== undefined) for (const [key, value] of add) map.set(key, value)
  return new NormalizedContext(map)
}

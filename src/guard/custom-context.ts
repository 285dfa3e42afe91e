/**
 * A route's own condition keys (its `context`, static or from a resolver, and `can()`'s extra
 * keys), checked in one place before they join the request context.
 *
 * - Keys: 1-256 characters, never `aws:` (the guard fills those), and unique ignoring case, as
 *   AWS compares condition key names case-insensitively.
 * - Values: a string, a finite number or a boolean. An array only for a key the route declares
 *   `multivalued`: AWS never hands a multivalued key to an operator without `ForAnyValue`/
 *   `ForAllValues` ("Single-valued vs. multivalued context keys"), and a client who can turn a
 *   single value into a list could otherwise make a negated operator's Deny miss
 *   (`NumericNotEquals app:level "0"` given `[0, 1]`).
 * A resolver's values come from the request, so a bad one is the client's 400; a bad static
 * value is the app's configuration error, refused when the route is declared.
 */
import type { ContextValue } from '../evaluate/types.js'
import { IamError } from '../errors.js'

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))
}

/** Why `key` or its value cannot be a custom condition key, or `undefined` when it can. */
/** Which keys may carry a list: those a route declares, or any (`can()`, the handler's own code). */
export type ListKeys = ReadonlySet<string> | 'any'

function mayList(lists: ListKeys, key: string): boolean {
  return lists === 'any' || lists.has(key.toLowerCase())
}

export function customKeyProblem(key: string, value: unknown, lists: ListKeys): string | undefined {
  if (key.length === 0 || key.length > 256) return `condition key ${JSON.stringify(key)} must be 1-256 characters`
  if (key.toLowerCase().startsWith('aws:')) return `condition key ${JSON.stringify(key)} is filled by iam-guard and cannot be set by a route`
  if (isScalar(value)) return undefined
  if (Array.isArray(value)) {
    if (!mayList(lists, key)) return `condition key ${JSON.stringify(key)} takes one string, number or boolean (declare it in multivalued to pass a list)`
    if (value.every(isScalar)) return undefined
  }
  return `the value of condition key ${JSON.stringify(key)} must be a string, a finite number or a boolean${mayList(lists, key) ? ', or a list of them' : ''}`
}

/**
 * Adds `entries` to `ctx`, or throws `code` naming the first problem. `ctx` may already hold the
 * request's `aws:` keys; two custom keys differing only in case are refused.
 */
export function addCustomContext(
  ctx: Map<string, ContextValue>, entries: Iterable<readonly [string, unknown]>, lists: ListKeys,
  code: 'ERR_INVALID_OPTION' | 'ERR_INVALID_REQUEST' | 'ERR_INVALID_PARAMETER', what: string,
): void {
  const seen = new Set<string>()
  for (const [key, value] of entries) {
    const problem = customKeyProblem(key, value, lists)
    if (problem !== undefined) throw new IamError(code, `${what}: ${problem}`)
    const folded = key.toLowerCase()
    if (seen.has(folded)) throw new IamError(code, `${what}: condition key ${JSON.stringify(key)} is given twice (condition key names ignore case)`)
    seen.add(folded)
    ctx.set(key, value as ContextValue)
  }
}

/** Lower-cased names of the keys a route declares multivalued. */
export function multivaluedKeys(names: unknown, option: string): ReadonlySet<string> {
  if (names === undefined) return new Set()
  if (!Array.isArray(names) || !names.every((n) => typeof n === 'string' && n.length > 0)) {
    throw new IamError('ERR_INVALID_OPTION', `${option}.multivalued: must be an array of condition key names`)
  }
  return new Set(names.map((n: string) => n.toLowerCase()))
}

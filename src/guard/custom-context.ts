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
import { normalizeRequestContext } from '../evaluate/index.js'
import { IamError, isIamError } from '../errors.js'

/** Which keys may carry a list: those a route declares, or any (`can()`, the handler's own code). */
export type ListKeys = ReadonlySet<string> | 'any'

function keyProblem(key: string): string | undefined {
  if (key.length === 0 || key.length > 256) return `condition key ${JSON.stringify(key)} must be 1-256 characters`
  if (key.toLowerCase().startsWith('aws:')) return `condition key ${JSON.stringify(key)} is filled by iam-guard and cannot be set by a route`
  return undefined
}

/**
 * Adds `entries` to `ctx` (lower-cased keys, as the engine keeps them), or throws `code` naming
 * the first problem. Values are checked by the engine's own context normaliser, so the guard
 * accepts exactly what `evaluate` and `iam.authorize` accept.
 */
export function addCustomContext(
  ctx: Map<string, ContextValue>, entries: Iterable<readonly [string, unknown]>, lists: ListKeys,
  code: 'ERR_INVALID_OPTION' | 'ERR_INVALID_REQUEST' | 'ERR_INVALID_PARAMETER', what: string,
): void {
  const custom = new Map<string, unknown>()
  for (const [key, value] of entries) {
    const problem = keyProblem(key)
    if (problem !== undefined) throw new IamError(code, `${what}: ${problem}`)
    custom.set(key, value)
  }
  let checked
  try {
    checked = normalizeRequestContext(custom, { isMultivalued: (key) => lists === 'any' || lists.has(key) })
  } catch (error) {
    if (!isIamError(error)) throw error
    const hint = lists === 'any' || !/single-valued/.test(error.message) ? '' : ' (declare it in multivalued to pass a list)'
    throw new IamError(code, `${what}: ${error.message}${hint}`, { cause: error })
  }
  for (const [key, value] of checked) ctx.set(key, value)
}
/** Lower-cased names of the keys a route declares multivalued. */
export function multivaluedKeys(names: unknown, option: string): ReadonlySet<string> {
  if (names === undefined) return new Set()
  if (!Array.isArray(names) || !names.every((n) => typeof n === 'string' && n.length > 0)) {
    throw new IamError('ERR_INVALID_OPTION', `${option}.multivalued: must be an array of condition key names`)
  }
  return new Set(names.map((n: string) => n.toLowerCase()))
}

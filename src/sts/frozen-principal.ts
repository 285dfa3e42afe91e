/**
 * Verified principals are cached and the same object is handed to every request bearing the
 * token, so one handler editing it (a tag, the MFA facts) would change what later requests are
 * authorized as. They are frozen all the way down once, when verified: cheaper on the hot path
 * than a copy per cache hit. `Object.freeze` does not reach a Map's entries, hence `readOnlyMap`.
 */
import type { Principal } from '../identity/principal.js'

function readOnly(): never {
  throw new TypeError('This map is read-only')
}

const READ_ONLY = { value: readOnly, enumerable: false, writable: false, configurable: false }
const MADE = new WeakSet<object>()

/**
 * A plain Map (its prototype stays `Map.prototype`) whose `set`, `delete` and `clear` throw: the
 * methods are shadowed by own, non-enumerable properties, then the object is frozen.
 */
export function readOnlyMap<K, V>(entries: Iterable<readonly [K, V]>): ReadonlyMap<K, V> {
  const map = new Map<K, V>(entries)
  Object.defineProperties(map, { set: READ_ONLY, delete: READ_ONLY, clear: READ_ONLY })
  MADE.add(map)
  return Object.freeze(map)
}

/** Freezes plain JSON data (objects and arrays) in place, depth first. */
function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null) return
  for (const member of Object.values(value)) deepFreeze(member)
  Object.freeze(value)
}

/** Freezes `principal` in place (its tags become a `readOnlyMap`) and returns it. */
export function freezePrincipal(principal: Principal): Readonly<Principal> {
  if (!MADE.has(principal.tags)) principal.tags = readOnlyMap(principal.tags)
  for (const [key, value] of Object.entries(principal)) if (key !== 'tags') deepFreeze(value)
  return Object.freeze(principal)
}

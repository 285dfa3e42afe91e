/**
 * The wrappers shared by every family: negation, `…IfExists`, `ForAllValues:`, `ForAnyValue:`,
 * missing keys and multivalued context values. AWS pages:
 * - "Condition operators" (Important box): a key absent from the request context makes the
 *   condition false, except for negated operators (`StringNotEquals`, `ArnNotLike`…), where it
 *   is true; `…IfExists` makes an absent key true.
 * - "Conditions with multiple context keys or values": values of one key OR; for a negated
 *   operator they NOR.
 * - "Single-valued vs. multivalued context keys": `ForAllValues` is true when every request
 *   value matches a policy value, and also when the key is absent or an empty (null) data set;
 *   `ForAnyValue` needs at least one request value to match and is false for an absent key or
 *   an empty data set. With a negated operator the negation applies to each request value.
 *   "Multivalued context keys require a condition set operator": AWS never compares several
 *   request values with an operator that has no `ForAllValues`/`ForAnyValue`.
 * - "Policy variables with no value": a policy value whose variable has no value is effectively
 *   null. It matches no request value (so a negated operator is true against it), and only that
 *   value of the list drops out. The families' matchers already answer "no match" for it, so
 *   nothing here voids the whole condition.
 *
 * Without a set qualifier, an array of one value is that value and an empty array is an absent
 * key. An array of several values is outside AWS's semantics (the key would be multivalued), so
 * it is read the way that can neither make a Deny inert nor widen an Allow: as if the request had
 * been made once with each value, a Deny's condition holds when it holds for ANY of the values
 * and an Allow's condition only when it holds for EVERY one of them. That is the answer of the
 * most restrictive of the values, whichever effect the statement has.
 */
import type { Effect } from '../policy/types.js'
import type { CompiledValues } from './family.js'
import type { ContextScalar, EvalContext, ParsedOperator } from './types.js'

export function applyModifiers(
  operator: ParsedOperator,
  lowerCaseKey: string,
  compiled: CompiledValues,
  effect: Effect,
): (ctx: EvalContext) => boolean {
  const { test } = compiled
  const { negated, set } = operator
  const whenAbsent = operator.ifExists || set === 'ForAllValues' ? true : set === 'ForAnyValue' ? false : negated

  if (set === undefined) {
    const anyValue = effect === 'Deny'
    return (ctx) => {
      const value = ctx.get(lowerCaseKey)
      if (value === undefined) return whenAbsent
      if (!Array.isArray(value)) return test(value as ContextScalar, ctx) !== negated
      if (value.length === 0) return whenAbsent
      // Deny: true as soon as one value makes it true. Allow: false as soon as one value does not.
      for (let i = 0; i < value.length; i++) {
        const holds = test(value[i], ctx) !== negated
        if (holds === anyValue) return anyValue
      }
      return !anyValue
    }
  }
  const all = set === 'ForAllValues'
  return (ctx) => {
    const value = ctx.get(lowerCaseKey)
    if (value === undefined) return whenAbsent
    if (!Array.isArray(value)) {
      // AWS: "If the key values in the request resolve to an empty data set (for example, an
      // empty string), … ForAllValues returns true, and … ForAnyValue returns false."
      if (value === '') return whenAbsent
      return test(value as ContextScalar, ctx) !== negated
    }
    if (value.length === 0) return whenAbsent
    for (let i = 0; i < value.length; i++) {
      const matched = test(value[i], ctx) !== negated
      if (all ? !matched : matched) return !all
    }
    return all
  }
}

/** Null: presence only. An empty array is a null data set. */
export function applyNull(lowerCaseKey: string, test: (present: boolean) => boolean): (ctx: EvalContext) => boolean {
  return (ctx) => {
    const value = ctx.get(lowerCaseKey)
    return test(value !== undefined && !(Array.isArray(value) && value.length === 0))
  }
}

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
 *
 * Without a set qualifier, a multivalued (array) context value is treated as a set the
 * operator matches when ANY element matches (negated: when NO element matches); an empty array
 * is an absent key.
 */
import { variablesResolvable } from '../match/index.js'
import type { CompiledValues } from './family.js'
import type { EvalContext, ParsedOperator } from './types.js'

export function applyModifiers(
  operator: ParsedOperator,
  lowerCaseKey: string,
  compiled: CompiledValues,
): (ctx: EvalContext) => boolean {
  const { test, requiredKeys } = compiled
  const { negated, set } = operator
  const whenAbsent = operator.ifExists || set === 'ForAllValues' ? true : set === 'ForAnyValue' ? false : negated
  const needsVariables = requiredKeys.length > 0

  if (set === undefined) {
    return (ctx) => {
      const value = ctx.get(lowerCaseKey)
      if (value === undefined) return whenAbsent
      if (needsVariables && !variablesResolvable(requiredKeys, ctx)) return false
      if (!Array.isArray(value)) return test(value as Exclude<typeof value, readonly unknown[]>, ctx) !== negated
      if (value.length === 0) return whenAbsent
      for (let i = 0; i < value.length; i++) if (test(value[i], ctx)) return !negated
      return negated
    }
  }
  const all = set === 'ForAllValues'
  return (ctx) => {
    const value = ctx.get(lowerCaseKey)
    if (value === undefined) return whenAbsent
    if (needsVariables && !variablesResolvable(requiredKeys, ctx)) return false
    if (!Array.isArray(value)) {
      // AWS: "If the key values in the request resolve to an empty data set (for example, an
      // empty string), … ForAllValues returns true, and … ForAnyValue returns false."
      if (value === '') return whenAbsent
      return test(value as Exclude<typeof value, readonly unknown[]>, ctx) !== negated
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

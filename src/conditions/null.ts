/**
 * Null (AWS "Condition operators", "Condition operator to check existence of condition keys"):
 * `true` means the key must be absent, `false` that it must be present. Several values OR.
 * It takes neither `IfExists` nor a set qualifier, and no policy variables. An empty array is
 * a null data set, so it counts as absent.
 */
import type { RawConditionValue } from '../policy/types.js'
import { parseBool } from './bool.js'
import { describe, NO_KEYS, type OperatorSpec } from './family.js'

function checkValue(value: RawConditionValue): string[] {
  return parseBool(value) === undefined ? [`Null value ${describe(value)} is not true or false`] : []
}

/** Compiles to a test of presence: `test(present)`. */
export function compileNull(values: readonly RawConditionValue[]): (present: boolean) => boolean {
  let whenAbsent = false
  let whenPresent = false
  for (const v of values) {
    if (parseBool(v) === true) whenAbsent = true
    else whenPresent = true
  }
  return (present) => (present ? whenPresent : whenAbsent)
}

export const NULL_OPERATORS: readonly OperatorSpec[] = [
  {
    base: 'Null',
    family: 'Null',
    negated: false,
    like: false,
    variables: false,
    checkValue,
    // Null is wired by `compile.ts` through `compileNull`; this per-value form is unused there.
    compile: () => ({ test: () => false, keys: NO_KEYS }),
  },
]

/**
 * Every base condition operator AWS defines, by its exact (case-sensitive) name. A `Map`, so
 * that a policy naming `constructor` or `__proto__` as an operator finds nothing.
 */
import { ARN_OPERATORS } from './arn.js'
import { BINARY_OPERATORS } from './binary.js'
import { BOOL_OPERATORS } from './bool.js'
import { DATE_OPERATORS } from './date.js'
import type { OperatorSpec } from './family.js'
import { IP_OPERATORS } from './ip.js'
import { NULL_OPERATORS } from './null.js'
import { NUMERIC_OPERATORS } from './numeric.js'
import { STRING_OPERATORS } from './string.js'

const registry = new Map<string, OperatorSpec>()
for (const spec of [
  ...STRING_OPERATORS,
  ...NUMERIC_OPERATORS,
  ...DATE_OPERATORS,
  ...BOOL_OPERATORS,
  ...BINARY_OPERATORS,
  ...IP_OPERATORS,
  ...ARN_OPERATORS,
  ...NULL_OPERATORS,
]) {
  registry.set(spec.base, spec)
}

export function operatorSpec(base: string): OperatorSpec | undefined {
  return registry.get(base)
}

/** The base operator names, e.g. for a linter's "did you mean". */
export const BASE_OPERATORS: readonly string[] = Object.freeze([...registry.keys()])

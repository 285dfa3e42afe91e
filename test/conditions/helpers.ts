import { compileCondition } from '../../src/conditions/index.js'
import type { ContextValue, EvalContext } from '../../src/conditions/types.js'
import type { Effect, PolicyVersion, RawConditionValue } from '../../src/policy/types.js'

export type ContextInput = Record<string, ContextValue> | Array<[string, ContextValue]>

/** An EvalContext as the evaluator builds it: a Map of lower-cased keys. Pass entries for `__proto__`. */
export function ctx(values: ContextInput = {}): EvalContext {
  const map = new Map<string, ContextValue>()
  for (const [key, value] of Array.isArray(values) ? values : Object.entries(values)) map.set(key.toLowerCase(), value)
  return { get: (key) => map.get(key) }
}

/**
 * Compiles one condition and tests it against a context. `effect` is the statement's (it only
 * matters for a several-valued request value under an operator without a set qualifier).
 */
export function holds(
  operator: string,
  key: string,
  values: RawConditionValue | RawConditionValue[],
  context: ContextInput,
  version: PolicyVersion = '2012-10-17',
  effect: Effect = 'Allow',
): boolean {
  return compileCondition(operator, key, values, { version, effect }).test(ctx(context))
}

/**
 * What each operator family provides to the registry. Internal: the public contract is in
 * `types.ts`. A family compiles the policy values of one key into the POSITIVE per-value test
 * ("does this one context value match any policy value?"); negation, `IfExists` and the set
 * qualifiers are applied around it by `modifiers.ts`, the same way for every family.
 */
import type { RawConditionValue } from '../policy/types.js'
import type { ContextScalar, EvalContext, ParsedOperator } from './types.js'

export type ScalarTest = (value: ContextScalar, ctx: EvalContext) => boolean

export interface CompiledValues {
  readonly test: ScalarTest
  /**
   * Lower-cased keys of the policy variables in the values. A value whose variable has no value
   * (and no default) must make `test` answer "no match" for that value only (AWS "Policy
   * variables with no value").
   */
  readonly keys: readonly string[]
}

export interface OperatorSpec {
  readonly base: string
  readonly family: ParsedOperator['family']
  readonly negated: boolean
  readonly like: boolean
  /** Whether AWS resolves policy variables in this operator's values. */
  readonly variables: boolean
  /** Messages for one policy value this operator cannot use (empty when fine). */
  checkValue(value: RawConditionValue, variables: boolean): string[]
  /** Compiles the values; only called after `checkValue` passed for each. */
  compile(values: readonly RawConditionValue[], variables: boolean): CompiledValues
}

export const NO_KEYS: readonly string[] = Object.freeze([])

/** A policy value as text: AWS accepts JSON numbers and booleans where a string is expected. */
export function policyText(value: RawConditionValue): string {
  return typeof value === 'string' ? value : String(value)
}

/** A context scalar as text (`true`/`false` for booleans). */
export function contextText(value: ContextScalar): string {
  if (typeof value === 'string') return value
  return typeof value === 'boolean' ? (value ? 'true' : 'false') : String(value)
}

export function describe(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : String(value)
}

export function uniqueKeys(lists: ReadonlyArray<readonly string[]>): string[] {
  const out: string[] = []
  for (const list of lists) for (const key of list) if (!out.includes(key)) out.push(key)
  return out
}

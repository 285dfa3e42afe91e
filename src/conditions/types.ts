import type { Effect, PolicyVersion, RawConditionValue } from '../policy/types.js'

/** A value in the request context: `string | string[] | number | boolean` (DESIGN.md). */
export type ContextScalar = string | number | boolean
export type ContextValue = ContextScalar | readonly ContextScalar[]

/**
 * The request context as conditions and policy variables see it. Keys are looked up
 * lower-cased (AWS: condition key names are case-insensitive); the evaluator builds this once
 * per request from a `Map` so that `__proto__` and friends are plain data.
 */
export interface EvalContext {
  get(lowerCaseKey: string): ContextValue | undefined
}

/** How an operator name decomposes: `ForAnyValue:StringLikeIfExists` → set, base, ifExists. */
export interface ParsedOperator {
  /** As written in the policy. */
  name: string
  /** Canonical base operator, e.g. `StringLike`, `NumericLessThan`, `Null`. */
  base: string
  /** `String`, `Numeric`, `Date`, `Bool`, `Binary`, `Ip`, `Arn`, `Null`. */
  family: 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'Ip' | 'Arn' | 'Null'
  ifExists: boolean
  set: 'ForAllValues' | 'ForAnyValue' | undefined
  /** True for the operators that negate (`StringNotEquals`, `NotIpAddress`, `ArnNotLike`…). */
  negated: boolean
  /** True for `StringLike`/`StringNotLike`/`ArnLike`/`ArnNotLike` (wildcards are patterns). */
  like: boolean
}

export interface CompileConditionOptions {
  version: PolicyVersion
  /**
   * The effect of the statement the condition belongs to. It decides how an operator without
   * `ForAllValues`/`ForAnyValue` reads a request value of several values, which AWS never feeds
   * it: a Deny's condition holds when any one of the values satisfies it, an Allow's only when
   * every one does (see `modifiers.ts`).
   */
  effect: Effect
}

/** One operator × one key of a Condition block, compiled. */
export interface CompiledCondition {
  readonly operator: string
  /** The key as written in the policy. */
  readonly key: string
  /** Lower-cased keys this condition reads: its own key and any policy variables in its values. */
  readonly keys: readonly string[]
  test(ctx: EvalContext): boolean
}

export type { RawConditionValue }

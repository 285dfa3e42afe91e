import type { EvalContext } from '../conditions/types.js'

/** A compiled Action/NotAction pattern: case-insensitive, `*` and `?` wildcards. */
export interface ActionMatcher {
  /** `'s3'` for `s3:Get*`, `'*'` when the service part itself has a wildcard or the pattern is `*`. */
  readonly service: string
  /** Lower-cased action name when the pattern has no wildcard (for the action index), else undefined. */
  readonly exact: string | undefined
  matches(lowerCaseAction: string): boolean
}

/**
 * A compiled Resource/NotResource entry (or an ARN condition value): wildcards per AWS's ARN
 * rules, optional policy variables resolved from the request context. Variable values are
 * always literal text: a username `*` never widens the match.
 */
export interface ResourceMatcher {
  readonly pattern: string
  /** Lower-cased context keys referenced by policy variables (empty when none). */
  readonly keys: readonly string[]
  /** False when a variable has no value and no default (AWS: the element does not match). */
  matches(resource: string, ctx: EvalContext): boolean
}

/** A compiled condition value (String*, Arn*): same shape as `ResourceMatcher`. */
export type ValueMatcher = ResourceMatcher

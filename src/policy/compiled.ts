/**
 * Compiled policies: matchers built once when a policy is loaded. Kept apart from the raw JSON
 * types in `types.ts`. (Owned by the engine; the full shape is filled in by `compile.ts`.)
 */
import type { CompiledCondition } from '../conditions/types.js'
import type { ActionMatcher, ResourceMatcher } from '../match/types.js'
import type { Effect, PolicyDocument, PolicyKind, PolicyVersion } from './types.js'

export interface CompiledStatement {
  readonly index: number
  readonly sid: string | undefined
  readonly effect: Effect
  readonly actions: readonly ActionMatcher[]
  readonly notAction: boolean
  /** Undefined when the statement has neither Resource nor NotResource (trust policies). */
  readonly resources: readonly ResourceMatcher[] | undefined
  readonly notResource: boolean
  readonly conditions: readonly CompiledCondition[]
}

export interface CompiledPolicy {
  readonly compiled: true
  readonly id: string
  readonly kind: PolicyKind
  readonly version: PolicyVersion
  readonly statements: readonly CompiledStatement[]
  readonly document: PolicyDocument
}

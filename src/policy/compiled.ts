/**
 * Compiled policies: matchers built once when a policy is loaded. Kept apart from the raw JSON
 * types in `types.ts`. (Owned by the engine; filled in by `compile.ts`.)
 */
import type { CompiledCondition } from '../conditions/types.js'
import type { ActionMatcher, ResourceMatcher } from '../match/types.js'
import type { Effect, PolicyDocument, PolicyKind, PolicyVersion } from './types.js'

/**
 * A compiled Principal/NotPrincipal element. AWS allows no wildcard in a principal except `*`
 * alone ("AWS JSON policy elements: Principal"), so every entry is an exact value.
 */
export interface PrincipalMatcher {
  /** `"*"` or `{ "AWS": "*" }`: everyone, anonymous included. */
  readonly any: boolean
  /** User, role-session and federated-user ARNs (and any other exact ARN) under `AWS`. */
  readonly exact: ReadonlySet<string>
  /** Role ARNs under `AWS`: they match the role's sessions. */
  readonly roles: ReadonlySet<string>
  /** Bare account ids under `AWS`: any principal of that account, in any partition. */
  readonly accountIds: ReadonlySet<string>
  /** `partition:account` of `arn:P:iam::A:root` entries: any principal of that account. */
  readonly accounts: ReadonlySet<string>
  /** `Service` names. */
  readonly services: ReadonlySet<string>
  /** `Federated` identity-provider ARNs (or names). */
  readonly federated: ReadonlySet<string>
}

/** A context key a statement reads: lower-cased for lookup, as written for `missingContextKeys`. */
export interface ContextKeyRef {
  readonly lower: string
  readonly name: string
}

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
  /** Undefined when the statement has neither Principal nor NotPrincipal. */
  readonly principal: PrincipalMatcher | undefined
  readonly notPrincipal: boolean
  /**
   * Keys read by the conditions and by the Resource/NotResource variables that have no default,
   * without duplicates.
   */
  readonly contextKeys: readonly ContextKeyRef[]
}

export interface CompiledPolicy {
  readonly compiled: true
  readonly id: string
  readonly kind: PolicyKind
  readonly version: PolicyVersion
  readonly statements: readonly CompiledStatement[]
  readonly document: PolicyDocument
}

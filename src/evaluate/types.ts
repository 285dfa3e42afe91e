import type { ContextValue } from '../conditions/types.js'
import type { Effect, PolicyDocument } from '../policy/types.js'

export type { ContextValue }

/** The request the engine decides: who does what to which resource, with what context. */
export interface AuthzRequest {
  /** ARN of the caller: a user, a role session (`…:sts::ACCT:assumed-role/ROLE/SESSION`), a root, a federated user. */
  principal: string
  /** `service:Action`, compared case-insensitively. */
  action: string
  /** The resource ARN (or `*` for actions that have no resource). */
  resource: string
  /**
   * Owner account of the resource when its ARN has no account segment (e.g. `arn:app:s3:::bucket`).
   * Ignored when the ARN has one (the ARN's account wins).
   *
   * Without it, an account-less resource (and `*`) is treated as being in the caller's account,
   * as AWS's documentation examples treat S3-style ARNs: the caller's identity-based policies can
   * allow it and no cross-account resource-policy grant is required. That is an assumption, not
   * knowledge, so it never grants anything by itself: the account root user's implicit full
   * access applies only when the resource's account is known (from the ARN or this field) and is
   * the root's. Give it whenever the owner is known, so that cross-account rules apply.
   */
  resourceAccount?: string
  /** Condition keys → values. Keys are case-insensitive. `__proto__` is data. */
  context?: Readonly<Record<string, ContextValue>> | ReadonlyMap<string, ContextValue>
}

/** The AWS policy types, as named in `Decision.matched` and in AccessDenied messages. */
export type PolicyType = 'identity' | 'resource' | 'boundary' | 'session' | 'guardrail'

/** A policy document with an id (its ARN when it is a managed policy) for explanations. */
export interface NamedPolicy {
  id: string
  document: PolicyDocument
}

/** What `evaluate` accepts for a policy: raw, named, or compiled by `compilePolicy`. */
export type PolicyInput = PolicyDocument | NamedPolicy | import('../policy/compiled.js').CompiledPolicy

export interface PolicySet {
  identityPolicies?: readonly PolicyInput[]
  resourcePolicy?: PolicyInput
  permissionBoundary?: PolicyInput
  sessionPolicies?: readonly PolicyInput[]
  /**
   * The SCP analogue. Each element is one level of the hierarchy (e.g. app-wide, then tenant),
   * and every level must allow; an element that is an array is one level holding several
   * policies, any of which may allow.
   */
  guardrails?: readonly (PolicyInput | readonly PolicyInput[])[]
}

export type DecisionKind = 'allowed' | 'explicitDeny' | 'implicitDeny'

export interface MatchedStatement {
  policyId: string
  policyType: PolicyType
  sid: string | undefined
  statementIndex: number
  effect: Effect
}

export interface Decision {
  decision: DecisionKind
  /** The policy type that decided, or undefined when allowed. */
  decidedBy: PolicyType | undefined
  /**
   * AWS's words: `'explicit deny in a permissions boundary'`, `'no identity-based policy allows the action'`,
   * `'allowed by an identity-based policy'`…
   */
  reason: string
  /** The statements that decided: the denying ones, or the allowing ones that made the allow. */
  matched: MatchedStatement[]
  /** Keys the applicable policies asked about that the request did not carry (as written in the policies). */
  missingContextKeys: string[]
}

/**
 * Raw policy JSON as users write it (the AWS grammar). Compiled forms live in `compiled.ts`;
 * the two are kept apart on purpose (CASL's RawRule vs Rule).
 */

export type PolicyVersion = '2012-10-17' | '2008-10-17'
export type Effect = 'Allow' | 'Deny'

/** `"*"` or an object of principal types (`AWS`, `Federated`, `Service`, `CanonicalUser`) to one or more values. */
export type RawPrincipal = '*' | { [principalType: string]: string | string[] }

/** `{ "<Operator>": { "<key>": value | value[] } }`; values are strings, numbers or booleans. */
export type RawConditionBlock = {
  [operator: string]: { [conditionKey: string]: RawConditionValue | RawConditionValue[] }
}
export type RawConditionValue = string | number | boolean

export interface RawStatement {
  Sid?: string
  Effect: Effect
  Principal?: RawPrincipal
  NotPrincipal?: RawPrincipal
  Action?: string | string[]
  NotAction?: string | string[]
  Resource?: string | string[]
  NotResource?: string | string[]
  Condition?: RawConditionBlock
}

export interface PolicyDocument {
  Version?: PolicyVersion
  Id?: string
  Statement: RawStatement | RawStatement[]
}

/**
 * Where a policy is used decides which elements it may contain and its size quota.
 * `identity` is a managed or inline identity policy; `resource` a resource-based policy;
 * `trust` a role trust policy (a resource policy whose resource is the role);
 * `boundary` a permissions boundary; `session` a session policy; `guardrail` the SCP analogue.
 */
export type PolicyKind =
  | 'managed'
  | 'inlineUser'
  | 'inlineGroup'
  | 'inlineRole'
  | 'identity'
  | 'resource'
  | 'trust'
  | 'boundary'
  | 'session'
  | 'guardrail'

/** Characters (white space outside strings not counted), AWS's defaults. */
export const DEFAULT_SIZE_QUOTAS: Readonly<Record<PolicyKind, number>> = Object.freeze({
  managed: 6144,
  identity: 6144,
  boundary: 6144,
  inlineUser: 2048,
  inlineGroup: 5120,
  inlineRole: 10240,
  trust: 2048,
  session: 2048,
  resource: 20480,
  guardrail: 5120,
})

export type JsonPath = Array<string | number>

export interface ValidationIssue {
  /** Stable machine code, e.g. `'unknown-element'`, `'action-and-notaction'`, `'unknown-operator'`. */
  code: string
  /** JSON path to the offending element, e.g. `['Statement', 2, 'Condition', 'StringLike']`. */
  path: JsonPath
  message: string
}

export interface ValidateOptions {
  /** Default: `'identity'`. */
  kind?: PolicyKind
  /** Override the size quota of any kind (characters without white space). */
  sizeQuotas?: Partial<Record<PolicyKind, number>>
}

export type ValidateResult =
  | { ok: true; policy: PolicyDocument; issues: [] }
  | { ok: false; issues: ValidationIssue[] }

export type FindingSeverity = 'error' | 'security_warning' | 'warning' | 'suggestion'

export interface LintFinding {
  code: string
  severity: FindingSeverity
  path: JsonPath
  message: string
}

/**
 * The system object returned by `createIam`: store, admin API, STS, authorization, simulation.
 */
import type { Decision, ContextValue } from './evaluate/types.js'
import type { Principal } from './identity/principal.js'
import type { PolicyDocument } from './policy/types.js'
import type { PolicyStore } from './store/types.js'
import type { IamSts, TokenOptions } from './sts/types.js'

export interface AuthorizeRequest {
  principal: Principal
  action: string
  resource: string
  resourceAccount?: string
  /**
   * Request keys (`aws:SourceIp`, `aws:RequestTag/…`, the route's own keys). Keys describing the
   * principal (`aws:PrincipalArn`, `aws:PrincipalTag/…`, `aws:userid`, MFA, token issue time…)
   * are always derived from `principal` and cannot be set or overridden here.
   */
  context?: Readonly<Record<string, ContextValue>> | ReadonlyMap<string, ContextValue>
}

export interface AuthorizeResult extends Decision {
  principalArn: string
  action: string
  resource: string
}

export interface SimulateInput {
  /** A principal ARN from the store (user or role), or a principal object… */
  principal?: string | Principal
  /** …or policies to try directly (like SimulateCustomPolicy). */
  policies?: { identityPolicies?: PolicyDocument[]; permissionBoundary?: PolicyDocument; sessionPolicies?: PolicyDocument[]; resourcePolicy?: PolicyDocument; guardrails?: PolicyDocument[] }
  actions: string[]
  resources?: string[]
  resourceAccount?: string
  context?: Record<string, ContextValue>
  /**
   * Include the resource policies stored for each resource. Default: true. For `sts:AssumeRole`
   * (and `sts:TagSession`, `sts:SetSourceIdentity`) on a role ARN, the stored "resource policy" is
   * the role's trust policy, evaluated as STS evaluates it.
   */
  includeResourcePolicies?: boolean
  /**
   * Whether the caller authenticated with MFA: `true` as just now (`aws:MultiFactorAuthPresent`
   * true, `aws:MultiFactorAuthAge` 0), `false` without. Default: as the principal has it (a
   * principal from the store: no MFA).
   */
  mfa?: boolean
  /** The `sts:ExternalId` an AssumeRole call would pass (validated as STS does). Default: none. */
  externalId?: string
  /** The `sts:SourceIdentity` an AssumeRole call would set (validated as STS does). Default: none. */
  sourceIdentity?: string
}

export interface SimulationResult extends Decision {
  action: string
  resource: string
  /** Set when the role's trust policy was the resource policy: the role's ARN. */
  trustPolicyOf?: string
}

export interface Quotas {
  /** Default: 10. */ managedPoliciesPerEntity: number
  /** Default: 10. */ groupsPerUser: number
  /** Default: 50. */ tagsPerEntity: number
  /** Default: 5. */ policyVersions: number
  /** Default: 2. */ accessKeysPerUser: number
  /** Default: 8. */ mfaDevicesPerUser: number
  /** Default: 5,000. */ usersPerAccount: number
  /** Default: 1,000. */ rolesPerAccount: number
  /** Default: 300. */ groupsPerAccount: number
  /** Default: 1,500. */ managedPoliciesPerAccount: number
}

export interface CacheOptions {
  /** Compiled policy sets kept. Default: 10,000 principals. */
  max?: number
  /** Safety net when change events are missed. Default: 30 seconds. */
  ttlSeconds?: number
}

export interface Logger {
  info(message: string, meta?: Record<string, unknown>): void
  warn(message: string, meta?: Record<string, unknown>): void
  error(message: string, meta?: Record<string, unknown>): void
}

export interface CreateIamOptions {
  store: PolicyStore
  /** ARN partition. Default: `'app'`. */
  partition?: string
  tokens: TokenOptions
  /** App-wide guardrails (one level above every account's own guardrails). */
  guardrails?: Record<string, PolicyDocument>
  /** The app's catalogue of ready managed policies: `arn:P:iam::app:policy/NAME`; attachable, never changeable. */
  managedPolicies?: Record<string, PolicyDocument>
  cache?: CacheOptions
  quotas?: Partial<Quotas>
  /** Failed logins allowed per user and per source before throttling. Default: 5 per 300 seconds. */
  throttle?: {
    /** Failures per user and per source within the window. Default: 5. */
    maxFailures?: number
    /** Default: 300 seconds. */
    windowSeconds?: number
    /**
     * Users and sources with a throttle window of their own, in memory. A live window is never
     * evicted; once this many are live, further keys share 64 windows, so throttling gets
     * stricter, never looser. Default: 100,000 keys.
     */
    maxTrackedKeys?: number
  }
  /** Milliseconds since the epoch. Default: `Date.now`. */
  clock?: () => number
  /** Default: a console logger that prints warnings and errors. */
  logger?: Logger
  /**
   * Let OpenID Connect key sets be fetched from loopback addresses (also over plain http), for
   * tests and local identity providers. Default: false — key sets only over https to public
   * addresses, so that a provider URL cannot reach into the server's network.
   */
  dangerouslyAllowLocalJwks?: boolean
}

export interface Iam {
  readonly partition: string
  readonly store: PolicyStore
  /** The IAM API in camelCase; see `src/identity/admin.ts`. */
  readonly admin: import('./identity/admin.js').IamAdmin
  readonly sts: IamSts
  /** Resolves the principal's policies through the cache, then evaluates synchronously. Never allows on error. */
  authorize(request: AuthorizeRequest): Promise<AuthorizeResult>
  simulate(input: SimulateInput): Promise<SimulationResult[]>
  close(): Promise<void>
}

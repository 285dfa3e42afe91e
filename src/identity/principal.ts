/**
 * An authenticated caller, as STS produces it (from a login, a verified session token, access
 * keys, or an app's own resolver) and as `iam.authorize` consumes it.
 */
import type { PolicyDocument } from '../policy/types.js'

export type PrincipalType = 'user' | 'assumedRole' | 'root' | 'federatedUser'

export interface Principal {
  type: PrincipalType
  /** User ARN, or the session ARN `arn:P:sts::ACCT:assumed-role/ROLE/SESSION`. */
  arn: string
  account: string
  /** `aws:userid`: `AIDA…` for a user, `AROA…:SESSION` for a role session. */
  userId: string
  /** `aws:username` (users only). */
  userName?: string
  /** Role sessions: the role. */
  roleArn?: string
  roleName?: string
  roleId?: string
  sessionName?: string
  /** Inline session policy and managed session policy ARNs passed at AssumeRole. */
  sessionPolicy?: PolicyDocument
  sessionPolicyArns?: string[]
  /**
   * `aws:PrincipalTag/*`: a user's tags, or a role's tags overridden by session tags.
   * Kept as a `Map` so that a tag named `__proto__` is data.
   */
  tags: ReadonlyMap<string, string>
  transitiveTagKeys?: string[]
  sourceIdentity?: string
  /** Federated sessions: the OIDC provider ARN and the identity token's claims that AWS exposes as keys. */
  federatedProvider?: string
  webIdentityClaims?: Record<string, string | string[]>
  mfa: { present: boolean; authTime?: number }
  /** Epoch seconds (`aws:TokenIssueTime`), for sessions. */
  tokenIssueTime?: number
  /** Epoch seconds. */
  expiresAt?: number
  /** Role chaining depth: 0 for a user, 1 for a role assumed by a user, 2+ for chained roles. */
  chainDepth: number
  /** JWT id of the session token. */
  jti?: string
  /** The original user when a role was switched to in a server session (console-style). */
  switchedFrom?: string
}

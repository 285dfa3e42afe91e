/**
 * What the STS operations share: the dependencies given by `createIam`, plus the token service,
 * the throttle and the denylist built once by `createSts`.
 */
import type { ContextValue, PolicySet } from '../evaluate/types.js'
import type { Logger } from '../iam-types.js'
import type { Principal } from '../identity/principal.js'
import type { PolicyDocument } from '../policy/types.js'
import type { PolicyStore } from '../store/types.js'
import type { Denylist } from './denylist.js'
import type { Throttle } from './throttle.js'
import type { TokenService } from './tokens.js'
import type { TokenOptions } from './types.js'

export interface StsDeps {
  store: PolicyStore
  partition: string
  tokens: TokenOptions
  /** Milliseconds since the epoch. */
  clock: () => number
  logger: Logger
  throttle: { maxFailures: number; windowSeconds: number; maxTrackedKeys?: number }
  /**
   * Lets identity providers' key sets live on loopback addresses, over plain `http://127.0.0.1`
   * too: for tests and local development only. Default: false.
   */
  dangerouslyAllowLocalJwks?: boolean
  /**
   * While the store says change events may be lost, the revoked-token list is reloaded this often,
   * so that a revocation is enforced within the same bound as cached policies. Default: 5,000 ms.
   */
  degradedReloadMs?: number
  /** The caller's identity-side policies (identity + boundary + session policies + guardrails), compiled and cached by the identity layer. */
  policySetFor(principal: Principal): Promise<PolicySet>
  /** Condition keys describing a principal (aws:PrincipalArn, aws:PrincipalTag/*, aws:userid, MFA keys, aws:TokenIssueTime…). */
  principalContext(principal: Principal): Map<string, ContextValue>
  /** Used by revokeSessions to attach the inline deny to the role. */
  putRolePolicy(input: { account: string; roleName: string; policyName: string; policyDocument: PolicyDocument }): Promise<void>
}

export interface StsInternals {
  deps: StsDeps
  tokens: TokenService
  throttle: Throttle
  denylist: Denylist
  /** Seconds, from the token options. */
  clockTolerance: number
  now(): number
}

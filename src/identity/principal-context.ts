/**
 * The condition keys that describe the caller, derived from the principal alone (never from the
 * request): AWS "AWS global condition context keys"
 * (docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
 * Keys are lower-cased, as the engine looks them up.
 */
import type { ContextValue } from '../evaluate/types.js'
import type { Principal } from './principal.js'

const PRINCIPAL_TYPE: Record<Principal['type'], string> = {
  user: 'User',
  assumedRole: 'AssumedRole',
  federatedUser: 'FederatedUser',
  root: 'Account',
}

/** Keys that only the principal may set; a request context carrying them has them dropped. */
const RESERVED = new Set([
  'aws:principalarn', 'aws:principalaccount', 'aws:principaltype', 'aws:userid', 'aws:username',
  'aws:multifactorauthpresent', 'aws:multifactorauthage', 'aws:tokenissuetime', 'aws:sourceidentity',
  'aws:federatedprovider', 'aws:principalisawsservice', 'aws:principalorgid', 'aws:principalorgpaths',
  'aws:principalservicename', 'aws:principalservicenameslist', 'aws:rolesessionname',
])

/** Whether a (lower-cased) request key describes the principal and so cannot come from the request. */
export function isPrincipalKey(lowerCaseKey: string): boolean {
  return RESERVED.has(lowerCaseKey) || lowerCaseKey.startsWith('aws:principaltag/')
}

/**
 * The principal's keys:
 * - `aws:PrincipalArn`: the user, the account root, or for a role session the ROLE's ARN (AWS:
 *   "the ARN of the role, not the ARN of the role session").
 * - `aws:PrincipalAccount`, `aws:PrincipalType` (`User`, `AssumedRole`, `FederatedUser`, `Account`),
 *   `aws:userid`, `aws:username` (IAM users only), `aws:PrincipalTag/<key>`, `aws:PrincipalIsAWSService` (false).
 * - `aws:MultiFactorAuthPresent`: AWS includes it only for temporary credentials (a session token);
 *   "the key is not present when … long-term credentials such as access keys are used", so it is
 *   absent unless the principal came from a token (`tokenIssueTime`) or authenticated with MFA.
 *   `aws:MultiFactorAuthAge`: seconds since the MFA authentication, only when MFA was used.
 * - `aws:TokenIssueTime` (ISO 8601), `aws:SourceIdentity`, `aws:FederatedProvider`, and the web
 *   identity claim keys (`issuer:sub`, `issuer:aud`…) of federated sessions.
 *
 * @param nowMs milliseconds since the epoch, for `aws:MultiFactorAuthAge`. Default: `Date.now()`.
 */
export function principalContext(principal: Principal, nowMs: number = Date.now()): Map<string, ContextValue> {
  const ctx = new Map(staticPrincipalContext(principal))
  const age = multiFactorAuthAge(principal, nowMs)
  if (age !== undefined) ctx.set('aws:multifactorauthage', age)
  return ctx
}

/** `aws:MultiFactorAuthAge` in whole seconds at `nowMs`, or undefined when the login used no MFA. */
export function multiFactorAuthAge(principal: Principal, nowMs: number): number | undefined {
  if (principal.mfa?.present !== true || principal.mfa.authTime === undefined) return undefined
  return Math.max(0, Math.floor(nowMs / 1000 - principal.mfa.authTime))
}

// The keys that do not change with time, built once per principal object (principals are immutable).
const STATIC = new WeakMap<Principal, ReadonlyMap<string, ContextValue>>()

/** The principal's keys except `aws:MultiFactorAuthAge` (the one that depends on the clock). Cached per principal. */
export function staticPrincipalContext(principal: Principal): ReadonlyMap<string, ContextValue> {
  const known = STATIC.get(principal)
  if (known !== undefined) return known
  const ctx = buildStatic(principal)
  STATIC.set(principal, ctx)
  return ctx
}

function buildStatic(principal: Principal): Map<string, ContextValue> {
  const ctx = new Map<string, ContextValue>()
  const session = principal.type === 'assumedRole'
  ctx.set('aws:principalarn', session && principal.roleArn !== undefined ? principal.roleArn : principal.arn)
  ctx.set('aws:principalaccount', principal.account)
  ctx.set('aws:principaltype', PRINCIPAL_TYPE[principal.type] ?? 'User')
  ctx.set('aws:principalisawsservice', false)
  ctx.set('aws:userid', principal.userId)
  if (principal.type === 'user' && principal.userName !== undefined) ctx.set('aws:username', principal.userName)
  if (principal.tags instanceof Map) {
    for (const [key, value] of principal.tags) ctx.set(`aws:principaltag/${key.toLowerCase()}`, value)
  }
  const temporary = principal.tokenIssueTime !== undefined
  if (temporary || principal.mfa?.present === true) ctx.set('aws:multifactorauthpresent', principal.mfa?.present === true)
  if (temporary) ctx.set('aws:tokenissuetime', new Date(principal.tokenIssueTime! * 1000).toISOString())
  if (principal.sourceIdentity !== undefined) ctx.set('aws:sourceidentity', principal.sourceIdentity)
  if (principal.federatedProvider !== undefined) ctx.set('aws:federatedprovider', principal.federatedProvider)
  if (principal.webIdentityClaims !== undefined) {
    for (const key of Object.keys(principal.webIdentityClaims)) {
      const value = principal.webIdentityClaims[key]!
      ctx.set(key.toLowerCase(), Array.isArray(value) ? Object.freeze([...value]) : value)
    }
  }
  return ctx
}

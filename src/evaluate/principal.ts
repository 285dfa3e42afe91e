/**
 * Principal / NotPrincipal: compiled to sets of exact values, and matched against the caller.
 *
 * AWS ("AWS JSON policy elements: Principal"): an account (`123456789012`, the root of that id in
 * the resource's partition, or `arn:P:iam::A:root`) means any principal of that account; a role ARN matches the sessions of
 * that role; a role-session ARN matches that session only; `*` (or `{"AWS": "*"}`) is everyone;
 * and "you cannot use a wildcard to match part of a principal name or ARN".
 */
import { IamError } from '../errors.js'
import type { PrincipalMatcher } from '../policy/compiled.js'
import type { RawPrincipal } from '../policy/types.js'
import { isAccountId, parsePrincipalArn, type ParsedPrincipal } from '../principal-arn.js'

/**
 * How an Allow in a resource-based policy names the caller, which decides which implicit denies
 * still limit it (AWS "Policy evaluation for requests within a single account"): the caller
 * itself (user, role session, federated user, `*`), the caller's role, or the caller's account.
 */
export const GRANT_NONE = 0
export const GRANT_ACCOUNT = 1
export const GRANT_ROLE = 2
export const GRANT_DIRECT = 3

/** What principal matching needs to know about the caller. */
export interface CallerView {
  readonly principal: ParsedPrincipal
  /** The role ARN of a role session (from `aws:PrincipalArn` when consistent), else undefined. */
  sessionRoleArn(): string | undefined
  /** The partition of the resource being accessed (the caller's for `*`), for bare account ids. */
  resourcePartition(): string | undefined
}

function invalid(message: string, path: Array<string | number>): IamError {
  return new IamError('ERR_POLICY_INVALID', message, { details: { issues: [{ code: 'invalid-principal', path, message }] } })
}

const EMPTY: ReadonlySet<string> = new Set()

export function compilePrincipal(raw: RawPrincipal, path: Array<string | number>): PrincipalMatcher {
  let any = false
  const exact = new Set<string>()
  const roles = new Set<string>()
  const accountIds = new Set<string>()
  const accounts = new Set<string>()
  const services = new Set<string>()
  const federated = new Set<string>()
  if (raw === '*') {
    any = true
  } else if (typeof raw === 'object' && raw !== null) {
    for (const type of Object.keys(raw)) {
      const values = raw[type]!
      for (const value of Array.isArray(values) ? values : [values]) {
        if (typeof value !== 'string') throw invalid(`${type} principal must be a string`, [...path, type])
        if (value === '*' && type === 'AWS') {
          any = true
          continue
        }
        if (value.includes('*') || value.includes('?')) {
          throw invalid(`"${value}": a principal cannot contain a wildcard except "*" alone`, [...path, type])
        }
        if (type === 'Service') services.add(value)
        else if (type === 'Federated') federated.add(value)
        else if (type === 'AWS') addAwsPrincipal(value, exact, roles, accountIds, accounts)
        // CanonicalUser and unknown types name no caller iam-guard can have.
      }
    }
  } else {
    throw invalid('Principal must be "*" or an object', path)
  }
  const frozen = (s: Set<string>): ReadonlySet<string> => (s.size === 0 ? EMPTY : s)
  return Object.freeze({
    any,
    exact: frozen(exact),
    roles: frozen(roles),
    accountIds: frozen(accountIds),
    accounts: frozen(accounts),
    services: frozen(services),
    federated: frozen(federated),
  })
}

function addAwsPrincipal(value: string, exact: Set<string>, roles: Set<string>, accountIds: Set<string>, accounts: Set<string>): void {
  if (!value.startsWith('arn:') && isAccountId(value)) {
    accountIds.add(value)
    return
  }
  const p = parsePrincipalArn(value)
  if (p?.kind === 'root') accounts.add(p.accountKey!)
  else if (p?.kind === 'role') roles.add(value)
  else exact.add(value)
}

/**
 * Whether the Principal element names the caller's account: as its root ARN (partition and
 * account, compared as data), or as a bare account id, which AWS expands to
 * `arn:PARTITION:iam::ID:root` in the partition of the resource being accessed; the same id in
 * another partition is another account.
 */
function accountNamed(m: PrincipalMatcher, caller: CallerView): boolean {
  const p = caller.principal
  if (p.account === undefined) return false
  if (m.accounts.has(p.accountKey!)) return true
  return m.accountIds.has(p.account) && caller.resourcePartition() === p.partition
}

/** How strongly a Principal element names the caller (`GRANT_NONE` when it does not). */
export function principalGrant(m: PrincipalMatcher, caller: CallerView): number {
  if (m.any) return GRANT_DIRECT
  const p = caller.principal
  switch (p.kind) {
    case 'service':
      return m.services.has(p.arn) ? GRANT_DIRECT : GRANT_NONE
    case 'federatedProvider':
      return m.federated.has(p.arn) ? GRANT_DIRECT : GRANT_NONE
    case 'role':
      if (m.roles.has(p.arn)) return GRANT_ROLE
      break
    case 'assumedRole':
      if (m.exact.has(p.arn)) return GRANT_DIRECT
      if (m.roles.size > 0) {
        const role = caller.sessionRoleArn()
        if (role !== undefined && m.roles.has(role)) return GRANT_ROLE
      }
      break
    default:
      if (m.exact.has(p.arn)) return GRANT_DIRECT
  }
  return accountNamed(m, caller) ? GRANT_ACCOUNT : GRANT_NONE
}

/**
 * Whether a NotPrincipal statement applies to the caller. AWS ("AWS JSON policy elements:
 * NotPrincipal") may check the account, then the role, then the session, so a caller is only
 * left out of a Deny when every link of that chain is listed; an Allow with NotPrincipal, on the
 * other hand, applies only when no link is listed. Both read the element in the denying direction.
 */
export function notPrincipalApplies(m: PrincipalMatcher, caller: CallerView, deny: boolean): boolean {
  if (m.any) return false
  const p = caller.principal
  let self: boolean
  let role = true
  let hasRole = false
  switch (p.kind) {
    case 'service':
      self = m.services.has(p.arn)
      break
    case 'federatedProvider':
      self = m.federated.has(p.arn)
      break
    case 'role':
      self = m.roles.has(p.arn)
      break
    case 'root':
      self = accountNamed(m, caller)
      break
    case 'assumedRole': {
      self = m.exact.has(p.arn)
      hasRole = true
      const roleArn = caller.sessionRoleArn()
      role = roleArn !== undefined && m.roles.has(roleArn)
      break
    }
    default:
      self = m.exact.has(p.arn)
  }
  const hasAccount = p.account !== undefined
  const account = hasAccount && accountNamed(m, caller)
  if (deny) return !(self && role && (account || !hasAccount))
  return !self && !(hasRole && role) && !account
}

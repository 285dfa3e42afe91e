/**
 * Reading and checking one request: the caller, the action, the resource's account, and the
 * context, normalised by `normalizeRequestContext` (lower-cased keys: AWS condition key names
 * are case-insensitive; a `Map` keeps `__proto__` as data). A malformed request throws
 * `ERR_INVALID_REQUEST`; it never reaches a decision.
 */
import type { ContextValue, EvalContext } from '../conditions/types.js'
import { IamError } from '../errors.js'
import type { ContextKeyRef } from '../policy/compiled.js'
import { isAccountId, parsePrincipalArn, sessionRoleArn, type ParsedPrincipal } from '../principal-arn.js'
import { checkRequestContext, normalizeRequestContext, type NormalizedContext } from './context.js'
import type { CallerView } from './principal.js'
import type { AuthzRequest } from './types.js'

function invalid(message: string): IamError {
  return new IamError('ERR_INVALID_REQUEST', message)
}

// Parsed callers are immutable; the cache only saves re-parsing the same ARN. Bounded.
const PRINCIPALS = new Map<string, ParsedPrincipal>()
const MAX_PRINCIPALS = 4096

function callerOf(arn: unknown): ParsedPrincipal {
  if (typeof arn !== 'string') throw invalid('request.principal must be a principal ARN string')
  let p = PRINCIPALS.get(arn)
  if (p === undefined) {
    p = parsePrincipalArn(arn)
    if (p === undefined) throw invalid(`request.principal "${arn.slice(0, 200)}" is not a valid principal ARN`)
    if (PRINCIPALS.size >= MAX_PRINCIPALS) PRINCIPALS.clear()
    PRINCIPALS.set(arn, p)
  }
  return p
}

function isActionChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 95 || c === 46
}

/** `service:Action`, both parts non-empty of `[A-Za-z0-9._-]`: no wildcard can reach the matchers. */
function checkAction(action: unknown): string {
  if (typeof action !== 'string' || action.length > 256) throw invalid('request.action must be a "service:Action" string')
  let colon = -1
  for (let i = 0; i < action.length; i++) {
    const c = action.charCodeAt(i)
    if (c === 58 && colon < 0) colon = i
    else if (!isActionChar(c)) colon = -2
    if (colon === -2) break
  }
  if (colon <= 0 || colon === action.length - 1) throw invalid(`request.action "${action.slice(0, 100)}" is not of the form "service:Action"`)
  return action
}

// Checked, lower-cased actions by request action. Route actions are few and their strings are
// reused, so this saves the check, the lower-casing and re-hashing the index key. Bounded.
const ACTIONS = new Map<string, string>()
const MAX_ACTIONS = 4096

function lowerCaseAction(action: unknown): string {
  if (typeof action === 'string') {
    const known = ACTIONS.get(action)
    if (known !== undefined) return known
  }
  const lower = checkAction(action).toLowerCase()
  if (ACTIONS.size >= MAX_ACTIONS) ACTIONS.clear()
  ACTIONS.set(action as string, lower)
  return lower
}

/** One request being decided: the context the conditions read, and what matching needs about the caller. */
export class RequestCall implements EvalContext, CallerView {
  readonly principal: ParsedPrincipal
  readonly lowerAction: string
  readonly resource: string
  /** The resource belongs to the caller's account (always true for callers without an account). */
  readonly sameAccount: boolean
  /** Whether the caller's policy set has a permissions boundary (NotPrincipal Deny rule). */
  hasBoundary = false
  /** Keys as written that applicable statements read and the request lacks; undefined when none. */
  missing: string[] | undefined = undefined
  private readonly source: unknown
  private context: NormalizedContext | undefined
  private role: string | undefined | null = null
  private partition: string | undefined | null = null

  /** `readsContext`: whether the policies read condition keys (else the context is only checked). */
  constructor(request: AuthzRequest, readsContext: boolean) {
    if (typeof request !== 'object' || request === null) throw invalid('request must be an object')
    this.principal = callerOf(request.principal)
    this.lowerAction = lowerCaseAction(request.action)
    const resource = request.resource
    if (typeof resource !== 'string' || resource.length === 0) throw invalid('request.resource must be a non-empty string (an ARN or "*")')
    this.resource = resource
    const resourceAccount = request.resourceAccount
    if (resourceAccount !== undefined && (typeof resourceAccount !== 'string' || !isAccountId(resourceAccount))) {
      throw invalid('request.resourceAccount must be an account id')
    }
    this.sameAccount = resourceOwner(this.principal, resource, resourceAccount) !== OTHER_ACCOUNT
    this.source = request.context
    if (readsContext) this.context = normalizeRequestContext(this.source)
    else checkRequestContext(this.source)
  }

  get(lowerCaseKey: string): ContextValue | undefined {
    return (this.context ??= normalizeRequestContext(this.source)).get(lowerCaseKey)
  }

  sessionRoleArn(): string | undefined {
    if (this.role === null) this.role = sessionRoleArn(this.principal, this.get('aws:principalarn'))
    return this.role
  }

  /**
   * The partition a bare account id in a Principal element stands for: AWS expands `"AWS":
   * "123456789012"` to `arn:PARTITION:iam::123456789012:root` in the resource's partition. The
   * resource ARN's partition, or the caller's for `*`; undefined for anything else (names nobody).
   */
  resourcePartition(): string | undefined {
    if (this.partition === null) {
      const resource = this.resource
      if (resource === '*') this.partition = this.principal.partition
      else {
        const c1 = regionEquals(resource, 0, 'arn:') ? resource.indexOf(':', 4) : -1
        this.partition = c1 > 4 ? resource.slice(4, c1) : undefined
      }
    }
    return this.partition
  }

  noteMissing(refs: readonly ContextKeyRef[]): void {
    for (let i = 0; i < refs.length; i++) {
      const ref = refs[i]!
      if (this.get(ref.lower) !== undefined) continue
      const missing = (this.missing ??= [])
      if (!missing.includes(ref.name)) missing.push(ref.name)
    }
  }
}

/** `text.startsWith(part, at)` without the builtin, which is slow on this hot path. */
function regionEquals(text: string, at: number, part: string): boolean {
  const n = part.length
  if (text.length < at + n) return false
  for (let i = 0; i < n; i++) if (text.charCodeAt(at + i) !== part.charCodeAt(i)) return false
  return true
}

/** The resource is in another account than the caller's. */
const OTHER_ACCOUNT = 0
/** The resource's account is known (ARN or `resourceAccount`) and is the caller's. */
const OWN_ACCOUNT = 1
/** Account-less ARN (or `*`) and no `resourceAccount`: treated as the caller's, not known to be. */
const ASSUMED_OWN_ACCOUNT = 2

/**
 * AWS "Cross-account policy evaluation logic": the resource's account is the account segment of
 * its ARN, or `resourceAccount` when the ARN has none; partitions are compared as data. With
 * neither, the resource counts as the caller's (as for S3-style ARNs in AWS's examples), but
 * only as an assumption: see `AuthzRequest.resourceAccount`.
 */
function resourceOwner(p: ParsedPrincipal, resource: string, resourceAccount: string | undefined): number {
  const account = p.account
  if (account === undefined) return ASSUMED_OWN_ACCOUNT
  if (regionEquals(resource, 0, 'arn:')) {
    const c1 = resource.indexOf(':', 4)
    const c2 = c1 < 0 ? -1 : resource.indexOf(':', c1 + 1)
    const c3 = c2 < 0 ? -1 : resource.indexOf(':', c2 + 1)
    const c4 = c3 < 0 ? -1 : resource.indexOf(':', c3 + 1)
    if (c4 > 0) {
      const partition = p.partition!
      if (c1 - 4 !== partition.length || !regionEquals(resource, 4, partition)) return OTHER_ACCOUNT
      if (c4 === c3 + 1) return givenOwner(account, resourceAccount)
      return c4 - c3 - 1 === account.length && regionEquals(resource, c3 + 1, account) ? OWN_ACCOUNT : OTHER_ACCOUNT
    }
  }
  return givenOwner(account, resourceAccount)
}

function givenOwner(account: string, resourceAccount: string | undefined): number {
  if (resourceAccount === undefined) return ASSUMED_OWN_ACCOUNT
  return resourceAccount === account ? OWN_ACCOUNT : OTHER_ACCOUNT
}

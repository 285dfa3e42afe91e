/**
 * A principal as compact JWT claims, and back. Short names keep tokens small (they travel on
 * every request); tags and claims are arrays of pairs so that a key such as `__proto__` stays data.
 */
import type { Principal, PrincipalType } from '../identity/principal.js'
import type { PolicyDocument } from '../policy/types.js'
import { isEpochSeconds } from './time-claims.js'

/** The registered claims we set, plus ours. */
export interface SessionClaims {
  iss: string
  aud: string
  sub: string
  iat: number
  nbf: number
  exp: number
  jti: string
  /** Principal type. */
  typ: PrincipalType
  acct: string
  uid: string
  un?: string
  ra?: string
  rn?: string
  rid?: string
  sn?: string
  tags?: [string, string][]
  tt?: string[]
  si?: string
  /** MFA present (1) and its time (epoch seconds). */
  mfa?: 1
  mat?: number
  cd: number
  sp?: PolicyDocument
  spa?: string[]
  fp?: string
  wic?: [string, string | string[]][]
  sw?: string
}

/** What the token carries, without the registered claims. */
export type PrincipalClaims = Omit<SessionClaims, 'iss' | 'aud' | 'iat' | 'nbf' | 'exp' | 'jti'>

const TYPES = new Set<PrincipalType>(['user', 'assumedRole', 'root', 'federatedUser'])

export function principalToClaims(p: Principal): PrincipalClaims {
  const claims: PrincipalClaims = { sub: p.arn, typ: p.type, acct: p.account, uid: p.userId, cd: p.chainDepth }
  if (p.userName !== undefined) claims.un = p.userName
  if (p.roleArn !== undefined) claims.ra = p.roleArn
  if (p.roleName !== undefined) claims.rn = p.roleName
  if (p.roleId !== undefined) claims.rid = p.roleId
  if (p.sessionName !== undefined) claims.sn = p.sessionName
  if (p.tags.size > 0) claims.tags = [...p.tags]
  if (p.transitiveTagKeys !== undefined && p.transitiveTagKeys.length > 0) claims.tt = [...p.transitiveTagKeys]
  if (p.sourceIdentity !== undefined) claims.si = p.sourceIdentity
  if (p.mfa.present) {
    claims.mfa = 1
    if (p.mfa.authTime !== undefined) claims.mat = p.mfa.authTime
  }
  if (p.sessionPolicy !== undefined) claims.sp = p.sessionPolicy
  if (p.sessionPolicyArns !== undefined && p.sessionPolicyArns.length > 0) claims.spa = [...p.sessionPolicyArns]
  if (p.federatedProvider !== undefined) claims.fp = p.federatedProvider
  if (p.webIdentityClaims !== undefined) claims.wic = Object.entries(p.webIdentityClaims)
  if (p.switchedFrom !== undefined) claims.sw = p.switchedFrom
  return claims
}

const isString = (v: unknown): v is string => typeof v === 'string'
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString)
const isPairs = (v: unknown): v is [string, string][] => Array.isArray(v) && v.every((e) => Array.isArray(e) && e.length === 2 && isString(e[0]) && isString(e[1]))

/**
 * Rebuilds the principal from verified claims. The signature proves we wrote them, yet every
 * field is still checked: a key rotation or an older release must not yield a malformed principal.
 * Returns `undefined` when anything is off (the caller answers `ERR_TOKEN_INVALID`).
 */
export function claimsToPrincipal(c: Record<string, unknown>): Principal | undefined {
  if (!isString(c.sub) || !isString(c.acct) || !isString(c.uid) || !isString(c.jti)) return undefined
  if (!isString(c.typ) || !TYPES.has(c.typ as PrincipalType)) return undefined
  if (typeof c.cd !== 'number' || !Number.isInteger(c.cd) || c.cd < 0) return undefined
  if (!isEpochSeconds(c.iat) || !isEpochSeconds(c.exp)) return undefined
  for (const key of ['un', 'ra', 'rn', 'rid', 'sn', 'si', 'fp', 'sw'] as const) if (c[key] !== undefined && !isString(c[key])) return undefined
  if (c.tags !== undefined && !isPairs(c.tags)) return undefined
  if (c.tt !== undefined && !isStringArray(c.tt)) return undefined
  if (c.spa !== undefined && !isStringArray(c.spa)) return undefined
  // MFA happened before the token was issued (at login, or carried from the calling session).
  if (c.mat !== undefined && (!isEpochSeconds(c.mat) || c.mat > c.iat)) return undefined
  if (c.sp !== undefined && (typeof c.sp !== 'object' || c.sp === null || Array.isArray(c.sp))) return undefined
  const principal: Principal = {
    type: c.typ as PrincipalType,
    arn: c.sub,
    account: c.acct,
    userId: c.uid,
    tags: new Map(c.tags ?? []),
    mfa: c.mfa === 1 ? (c.mat === undefined ? { present: true } : { present: true, authTime: c.mat as number }) : { present: false },
    tokenIssueTime: c.iat,
    expiresAt: c.exp,
    chainDepth: c.cd,
    jti: c.jti,
  }
  if (c.un !== undefined) principal.userName = c.un as string
  if (c.ra !== undefined) principal.roleArn = c.ra as string
  if (c.rn !== undefined) principal.roleName = c.rn as string
  if (c.rid !== undefined) principal.roleId = c.rid as string
  if (c.sn !== undefined) principal.sessionName = c.sn as string
  if (c.tt !== undefined) principal.transitiveTagKeys = c.tt as string[]
  if (c.si !== undefined) principal.sourceIdentity = c.si as string
  if (c.sp !== undefined) principal.sessionPolicy = c.sp as PolicyDocument
  if (c.spa !== undefined) principal.sessionPolicyArns = c.spa as string[]
  if (c.fp !== undefined) principal.federatedProvider = c.fp as string
  if (c.sw !== undefined) principal.switchedFrom = c.sw as string
  if (c.wic !== undefined) {
    if (!Array.isArray(c.wic)) return undefined
    const claims: Record<string, string | string[]> = Object.create(null)
    for (const entry of c.wic as unknown[]) {
      if (!Array.isArray(entry) || entry.length !== 2 || !isString(entry[0]) || !(isString(entry[1]) || isStringArray(entry[1]))) return undefined
      claims[entry[0]] = entry[1]
    }
    principal.webIdentityClaims = claims
  }
  return principal
}

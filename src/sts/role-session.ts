/**
 * Issuing a role session once the trust policy allowed it: the role-dependent limits (its
 * maximum session duration, the one-hour cap on role chaining), the session's principal and its
 * token. Shared by AssumeRole, AssumeRoleWithWebIdentity, service principals and role switching.
 */
import { IamError } from '../errors.js'
import type { RoleData } from '../identity/model.js'
import type { Principal } from '../identity/principal.js'
import type { PolicyDocument } from '../policy/types.js'
import type { EntityRecord } from '../store/types.js'
import { credentials } from './authenticate.js'
import type { StsInternals } from './internals.js'
import type { AssumeRoleOutput } from './types.js'

/** AWS: "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining." */
export const ROLE_CHAINING_MAX_SECONDS = 3600
export { ASSUME_ROLE_DURATION } from './durations.js'

export interface RoleSessionInput {
  role: EntityRecord<RoleData>
  sessionName: string
  durationSeconds: number
  /** The caller is itself a role session (role chaining). */
  chained: boolean
  chainDepth: number
  /** Role tags overridden by incoming transitive tags and session tags. */
  tags: Map<string, string>
  transitiveTagKeys: string[]
  sourceIdentity: string | undefined
  mfa: Principal['mfa']
  sessionPolicy: PolicyDocument | undefined
  sessionPolicyArns: string[] | undefined
  packedPolicySize: number
  federatedProvider?: string
  webIdentityClaims?: Record<string, string | string[]>
  switchedFrom?: string
}

/**
 * The session facts of a first-hop session that carries nothing from a caller (web identity, a
 * service): no chaining, the role's own tags, no source identity, no MFA.
 */
export function firstHopSession(role: EntityRecord<RoleData>): Pick<RoleSessionInput, 'role' | 'chained' | 'chainDepth' | 'tags' | 'transitiveTagKeys' | 'sourceIdentity' | 'mfa'> {
  return {
    role,
    chained: false,
    chainDepth: 1,
    tags: new Map(role.data.tags.map((t) => [t.key, t.value])),
    transitiveTagKeys: [],
    sourceIdentity: undefined,
    mfa: { present: false },
  }
}

export function checkRoleDuration(role: RoleData, durationSeconds: number, chained: boolean): void {
  if (chained && durationSeconds > ROLE_CHAINING_MAX_SECONDS) {
    throw new IamError('ERR_VALIDATION', 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.')
  }
  const max = Number.isInteger(role.maxSessionDuration) ? role.maxSessionDuration : 3600
  if (durationSeconds > max) throw new IamError('ERR_VALIDATION', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.')
}

/**
 * Role tags, then incoming transitive tags, then session tags: a later source overrides an
 * earlier one of the same key, compared case-insensitively (AWS "Pass session tags in AWS STS":
 * Department and department are one tag, and the session tag takes precedence).
 */
export function mergeTags(...sources: Iterable<readonly [string, string]>[]): Map<string, string> {
  const byLower = new Map<string, [string, string]>()
  for (const source of sources) for (const [key, value] of source) byLower.set(key.toLowerCase(), [key, value])
  return new Map([...byLower.values()])
}

export function issueRoleSession(sts: StsInternals, input: RoleSessionInput): AssumeRoleOutput {
  const { role } = input
  checkRoleDuration(role.data, input.durationSeconds, input.chained)
  const partition = role.data.arn.split(':', 2)[1]!
  const arn = `arn:${partition}:sts::${role.account}:assumed-role/${role.data.roleName}/${input.sessionName}`
  const principal: Principal = {
    type: 'assumedRole',
    arn,
    account: role.account,
    userId: `${role.data.roleId}:${input.sessionName}`,
    roleArn: role.data.arn,
    roleName: role.data.roleName,
    roleId: role.data.roleId,
    sessionName: input.sessionName,
    tags: input.tags,
    mfa: input.mfa,
    chainDepth: input.chainDepth,
  }
  if (input.transitiveTagKeys.length > 0) principal.transitiveTagKeys = input.transitiveTagKeys
  if (input.sourceIdentity !== undefined) principal.sourceIdentity = input.sourceIdentity
  if (input.sessionPolicy !== undefined) principal.sessionPolicy = input.sessionPolicy
  if (input.sessionPolicyArns !== undefined) principal.sessionPolicyArns = input.sessionPolicyArns
  if (input.federatedProvider !== undefined) principal.federatedProvider = input.federatedProvider
  if (input.webIdentityClaims !== undefined) principal.webIdentityClaims = input.webIdentityClaims
  if (input.switchedFrom !== undefined) principal.switchedFrom = input.switchedFrom
  const signed = sts.tokens.sign(principal, input.durationSeconds)
  const output: AssumeRoleOutput = {
    credentials: credentials(signed.token, signed.exp),
    assumedRoleUser: { arn, assumedRoleId: principal.userId },
    packedPolicySize: input.packedPolicySize,
    principal: signed.principal,
  }
  if (input.sourceIdentity !== undefined) output.sourceIdentity = input.sourceIdentity
  return output
}

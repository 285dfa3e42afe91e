/**
 * Revocation. Sessions of a role: AWS's "Revoke active sessions", an inline deny named
 * `AWSRevokeOlderSessions` on `aws:TokenIssueTime`, attached to the role; it needs no session
 * store and shows in explanations (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_revoke-sessions.html).
 * Single tokens: a `revokedToken` record by `jti`, enforced at once here and on other instances
 * through the store's change events.
 */
import { IamError } from '../errors.js'
import type { RevokedTokenData, RoleData } from '../identity/model.js'
import type { PolicyDocument } from '../policy/types.js'
import type { StsInternals } from './internals.js'
import { MAX_SESSION_SECONDS } from './durations.js'
import { isEpochSeconds } from './time-claims.js'
import { parseRoleArn } from './trust.js'

export const REVOKE_POLICY_NAME = 'AWSRevokeOlderSessions'

export function revokePolicy(issuedBefore: Date): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Deny', Action: ['*'], Resource: ['*'], Condition: { DateLessThan: { 'aws:TokenIssueTime': issuedBefore.toISOString() } } }],
  }
}

/** The time an existing revoke policy names, so that a later call never moves it back. */
function existingCutoff(doc: PolicyDocument | undefined): number | undefined {
  const statements = doc === undefined ? [] : Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]
  const value = statements[0]?.Condition?.DateLessThan?.['aws:TokenIssueTime']
  const time = typeof value === 'string' ? Date.parse(value) : NaN
  return Number.isFinite(time) ? time : undefined
}

export async function revokeSessions(sts: StsInternals, input: { roleArn: string; issuedBefore?: Date }): Promise<void> {
  const ref = parseRoleArn(input?.roleArn)
  if (ref === undefined) throw new IamError('ERR_VALIDATION', 'roleArn must be a role ARN')
  const requested = input.issuedBefore ?? new Date(sts.deps.clock())
  if (!(requested instanceof Date) || !Number.isFinite(requested.getTime())) throw new IamError('ERR_VALIDATION', 'issuedBefore must be a valid Date')
  const role = await sts.deps.store.get<RoleData>('role', ref.account, ref.roleName)
  if (role === undefined || role.data.arn !== input.roleArn) throw new IamError('ERR_NO_SUCH_ENTITY', `The role with name ${ref.roleName} cannot be found.`)
  const previous = existingCutoff(role.data.inlinePolicies[REVOKE_POLICY_NAME])
  const cutoff = previous !== undefined && previous > requested.getTime() ? new Date(previous) : requested
  await sts.deps.putRolePolicy({ account: ref.account, roleName: ref.roleName, policyName: REVOKE_POLICY_NAME, policyDocument: revokePolicy(cutoff) })
  sts.deps.logger.info('iam-guard: revoked role sessions', { roleArn: input.roleArn, issuedBefore: cutoff.toISOString() })
}

export async function revokeToken(sts: StsInternals, input: { jti: string; expiresAt?: number } | { token: string }): Promise<void> {
  let jti: string
  let expiresAt: number
  if (typeof input === 'object' && input !== null && 'token' in input) {
    ;({ jti, exp: expiresAt } = sts.tokens.inspect(input.token))
  } else if (typeof input === 'object' && input !== null && typeof input.jti === 'string' && input.jti.length > 0 && input.jti.length <= 256) {
    jti = input.jti
    // No token lives longer than the longest session: an entry kept past that would only take room.
    const latest = Math.floor(sts.deps.clock() / 1000) + MAX_SESSION_SECONDS + sts.clockTolerance
    const given = input.expiresAt
    if (given !== undefined && !isEpochSeconds(given)) throw new IamError('ERR_VALIDATION', 'expiresAt must be epoch seconds (a whole number)')
    expiresAt = given === undefined ? latest : Math.min(given, latest)
  } else {
    throw new IamError('ERR_VALIDATION', 'revokeToken needs { jti } or { token }')
  }
  // Throws ERR_LIMIT_EXCEEDED, before anything is written, when the denylist is full of live entries.
  sts.denylist.add(jti, expiresAt)
  const data: RevokedTokenData = { jti, expiresAt }
  await sts.deps.store.transact((tx) => tx.put<RevokedTokenData>('revokedToken', '', jti, data))
}

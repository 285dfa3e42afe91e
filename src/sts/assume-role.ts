/**
 * AssumeRole (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html).
 *
 * Order matters for secrecy: everything that does not depend on the role is checked first;
 * then the caller's policies and the role are loaded together, and a missing role is answered
 * exactly like a role that does not trust the caller. Role-dependent limits come only after the
 * trust policy allowed, so they cannot be used to probe roles either.
 */
import { IamError } from '../errors.js'
import type { UserData } from '../identity/model.js'
import type { Principal } from '../identity/principal.js'
import { verifyMfaNow } from './authenticate.js'
import type { StsInternals } from './internals.js'
import { ASSUME_ROLE_DURATION, issueRoleSession, mergeTags } from './role-session.js'
import { callerContext, loadRole, requireTrust, timeKeys, TrustContext } from './trust.js'
import type { AssumeRoleInput, AssumeRoleOutput } from './types.js'
import { checkDuration, checkExternalId, checkSessionName, checkSourceIdentity, checkTags, packSessionPolicy } from './validate.js'

export interface AssumeRoleOptions {
  /** Console-style switching records the user the role was switched from. */
  switchedFrom?: string
}

function checkCaller(caller: unknown): Principal {
  const p = caller as Principal
  if (typeof p !== 'object' || p === null || typeof p.arn !== 'string' || typeof p.account !== 'string' || !(p.tags instanceof Map) || typeof p.mfa !== 'object' || p.mfa === null) {
    throw new IamError('ERR_UNAUTHENTICATED', 'AssumeRole needs an authenticated caller', { details: { reason: 'unauthenticated' } })
  }
  // AWS: "Roles may not be assumed by root accounts."
  if (p.type === 'root') throw new IamError('ERR_ACCESS_DENIED', 'Roles may not be assumed by root accounts.', { details: { reason: 'root-caller', principalArn: p.arn } })
  if (p.type !== 'user' && p.type !== 'assumedRole') throw new IamError('ERR_ACCESS_DENIED', `User: ${p.arn} is not authorized to perform: sts:AssumeRole`, { details: { reason: 'caller-type', principalArn: p.arn } })
  return p
}

/** The tags a role session hands on: its transitive keys with their values. */
function incomingTransitiveTags(caller: Principal): [string, string][] {
  if (caller.type !== 'assumedRole' || caller.transitiveTagKeys === undefined) return []
  const out: [string, string][] = []
  for (const key of caller.transitiveTagKeys) {
    const value = caller.tags.get(key)
    if (value !== undefined) out.push([key, value])
  }
  return out
}

async function mfaFromCode(sts: StsInternals, caller: Principal, serialNumber: unknown, tokenCode: unknown): Promise<Principal['mfa']> {
  const user = caller.type === 'user' && caller.userName !== undefined ? await sts.deps.store.get<UserData>('user', caller.account, caller.userName) : undefined
  if (user === undefined || user.data.userId !== caller.userId) {
    throw new IamError('ERR_ACCESS_DENIED', 'MultiFactorAuthentication failed with invalid MFA one time pass code.', { details: { reason: 'mfa-invalid', principalArn: caller.arn } })
  }
  return verifyMfaNow(sts, user, serialNumber, tokenCode)
}

export async function assumeRole(sts: StsInternals, input: AssumeRoleInput, options: AssumeRoleOptions = {}): Promise<AssumeRoleOutput> {
  if (typeof input !== 'object' || input === null) throw new IamError('ERR_VALIDATION', 'AssumeRole input is required')
  const caller = checkCaller(input.caller)
  if (typeof input.roleArn !== 'string' || input.roleArn.length < 20 || input.roleArn.length > 2048) {
    throw new IamError('ERR_VALIDATION', "1 validation error detected: Value at 'roleArn' failed to satisfy constraint: Member must have length between 20 and 2048")
  }
  const sessionName = checkSessionName(input.roleSessionName)
  const durationSeconds = checkDuration(input.durationSeconds, ASSUME_ROLE_DURATION)
  const externalId = checkExternalId(input.externalId)
  const requestedSourceIdentity = checkSourceIdentity(input.sourceIdentity)
  const sessionTags = checkTags(input.tags, input.transitiveTagKeys)
  const packed = packSessionPolicy(input.policy, input.policyArns, sessionTags.tags)
  const extra = callerContext(input.context)

  const inherited = incomingTransitiveTags(caller)
  const inheritedKeys = new Set(inherited.map(([k]) => k.toLowerCase()))
  if (sessionTags.tags.some((t) => inheritedKeys.has(t.key.toLowerCase()))) {
    // AWS: "If you pass a session tag with the same key as an inherited tag, the operation fails."
    throw new IamError('ERR_INVALID_PARAMETER', 'A session tag cannot override a transitive tag inherited from the calling session.')
  }
  const carriedSourceIdentity = caller.type === 'assumedRole' ? caller.sourceIdentity : undefined
  if (carriedSourceIdentity !== undefined && requestedSourceIdentity !== undefined && requestedSourceIdentity !== carriedSourceIdentity) {
    throw new IamError('ERR_INVALID_PARAMETER', 'The source identity of a session cannot be changed once it is set.')
  }
  const sourceIdentity = carriedSourceIdentity ?? requestedSourceIdentity

  let mfa = caller.mfa
  let mfaVerifiedNow = false
  if (input.serialNumber !== undefined || input.tokenCode !== undefined) {
    mfa = await mfaFromCode(sts, caller, input.serialNumber, input.tokenCode)
    mfaVerifiedNow = true
  }

  const [identity, role] = await Promise.all([sts.deps.policySetFor(caller), loadRole(sts, input.roleArn)])
  const nowMs = sts.deps.clock()
  const ctx = new TrustContext()
  ctx.setAll(extra)
  ctx.setAll(sts.deps.principalContext(caller))
  if (mfaVerifiedNow) {
    ctx.set('aws:MultiFactorAuthPresent', true)
    ctx.set('aws:MultiFactorAuthAge', 0)
  }
  timeKeys(ctx, nowMs)
  ctx.set('sts:RoleSessionName', sessionName)
  ctx.set('sts:ExternalId', externalId)
  ctx.set('sts:SourceIdentity', sourceIdentity)
  if (sessionTags.tags.length > 0) {
    for (const tag of sessionTags.tags) ctx.set(`aws:RequestTag/${tag.key}`, tag.value)
    ctx.set('aws:TagKeys', sessionTags.tags.map((t) => t.key))
  }
  if (sessionTags.transitiveTagKeys.length > 0) ctx.set('sts:TransitiveTagKeys', sessionTags.transitiveTagKeys)

  const actions: [string, ...string[]] = ['sts:AssumeRole']
  if (sessionTags.tags.length > 0) actions.push('sts:TagSession')
  if (sourceIdentity !== undefined) actions.push('sts:SetSourceIdentity')
  requireTrust(sts, caller.arn, actions, role, identity, ctx, input.roleArn)

  const roleTags = role.data.tags.map((t) => [t.key, t.value] as const)
  const tags = mergeTags(roleTags, inherited, sessionTags.tags.map((t) => [t.key, t.value] as const))
  const transitive = [...new Set([...inherited.map(([k]) => k), ...sessionTags.transitiveTagKeys])]
  return issueRoleSession(sts, {
    role,
    sessionName,
    durationSeconds,
    chained: caller.type === 'assumedRole',
    chainDepth: (Number.isInteger(caller.chainDepth) ? caller.chainDepth : 0) + 1,
    tags,
    transitiveTagKeys: transitive,
    sourceIdentity,
    mfa,
    sessionPolicy: packed.document,
    sessionPolicyArns: packed.arns,
    packedPolicySize: packed.packedPolicySize,
    ...(options.switchedFrom === undefined ? {} : { switchedFrom: options.switchedFrom }),
  })
}

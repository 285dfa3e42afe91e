/**
 * Users proving who they are: password (+ TOTP when the user has a device, as the AWS console
 * asks), access keys, and GetSessionToken. A wrong password and an unknown user fail alike and
 * cost the same scrypt work (DUMMY_HASH), so user names cannot be probed.
 */
import { IamError } from '../errors.js'
import type { AccessKeyData, UserData } from '../identity/model.js'
import type { Principal } from '../identity/principal.js'
import type { EntityRecord } from '../store/types.js'
import type { StsInternals } from './internals.js'
import { consumeTotp } from './mfa.js'
import { LOGIN_DURATION, SESSION_TOKEN_DURATION } from './durations.js'
import { DUMMY_HASH, verifySecret } from './secrets.js'
import { sourceKey } from './source-key.js'
import type { AuthenticateInput, Credentials } from './types.js'
import { checkDuration } from './validate.js'

const BAD_CREDENTIALS = 'Your authentication information is incorrect'
const BAD_KEY = 'The security token included in the request is invalid'
const ACCOUNT = /^[A-Za-z0-9_-]{1,64}$/
const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/

export { LOGIN_DURATION, SESSION_TOKEN_DURATION } from './durations.js'

export function tagMap(tags: readonly { key: string; value: string }[]): Map<string, string> {
  return new Map(tags.map((t) => [t.key, t.value]))
}

export function userPrincipal(record: EntityRecord<UserData>, mfa: Principal['mfa']): Principal {
  return {
    type: 'user',
    arn: record.data.arn,
    account: record.account,
    userId: record.data.userId,
    userName: record.data.userName,
    tags: tagMap(record.data.tags),
    mfa,
    chainDepth: 0,
  }
}

export function credentials(token: string, exp: number): Credentials {
  return { sessionToken: token, expiration: new Date(exp * 1000).toISOString() }
}

/**
 * One error for every wrong-credentials case; `details` tells the audit log which it was
 * (`unknown-user`, `no-login-profile`, `wrong-password`, `mfa-invalid`) and, for a user that
 * exists, its ARN. An unknown name is not recorded: it may be a password typed in the wrong field
 * (as CloudTrail records `HIDDEN_DUE_TO_SECURITY_REASONS`).
 */
function badCredentials(reason: string, principalArn?: string): IamError {
  return new IamError('ERR_INVALID_CREDENTIALS', BAD_CREDENTIALS, { details: principalArn === undefined ? { reason } : { reason, principalArn } })
}

export async function authenticate(sts: StsInternals, input: AuthenticateInput): Promise<Principal> {
  const { account, userName, password, mfaCode, sourceIp } = input ?? ({} as AuthenticateInput)
  if (typeof account !== 'string' || typeof userName !== 'string' || typeof password !== 'string') {
    throw new IamError('ERR_VALIDATION', 'account, userName and password are required strings', { details: { reason: 'invalid-input' } })
  }
  if (mfaCode !== undefined && typeof mfaCode !== 'string') throw new IamError('ERR_VALIDATION', 'mfaCode must be a string', { details: { reason: 'invalid-input' } })
  const nameOk = ACCOUNT.test(account) && userName.length > 0 && userName.length <= 64
  const plausible = nameOk && password.length <= 1024
  // User names are unique case-insensitively in AWS: counting failures per lower-cased name stops case-variant guessing.
  // Impossible names share one key, so that megabyte-long names cannot fill the throttle's memory.
  const userKey = nameOk ? `user\0${account}\0${userName.toLowerCase()}` : 'user\0?'
  const keys = typeof sourceIp === 'string' && sourceIp !== '' ? [userKey, sourceKey(sourceIp)] : [userKey]
  const attempt = sts.throttle.begin(keys)
  try {
    const record = plausible ? await sts.deps.store.get<UserData>('user', account, userName) : undefined
    const profile = record?.data.loginProfile
    const passwordOk = await verifySecret(plausible ? password : '', profile?.passwordHash ?? DUMMY_HASH)
    if (record === undefined || profile === undefined || !passwordOk) {
      attempt.fail()
      throw record === undefined ? badCredentials('unknown-user') : badCredentials(profile === undefined ? 'no-login-profile' : 'wrong-password', record.data.arn)
    }

    let mfa: Principal['mfa'] = { present: false }
    if (record.data.mfaDevices.length > 0) {
      if (mfaCode === undefined || mfaCode === '') {
        throw new IamError('ERR_MFA_REQUIRED', 'An MFA code is required for this user', { details: { reason: 'mfa-required', principalArn: record.data.arn } })
      }
      const atMs = sts.deps.clock()
      const ok = await consumeTotp(sts.deps.store, { account, userName, userId: record.data.userId, code: mfaCode, atMs })
      if (!ok) {
        attempt.fail()
        throw badCredentials('mfa-invalid', record.data.arn)
      }
      mfa = { present: true, authTime: Math.floor(atMs / 1000) }
    }
    attempt.succeed(userKey)
    return userPrincipal(record, mfa)
  } finally {
    // Any other way out (a store error, the MFA prompt) gives the slot back; after fail() or succeed() this does nothing.
    attempt.release()
  }
}

export async function login(sts: StsInternals, input: AuthenticateInput & { durationSeconds?: number }): Promise<{ credentials: Credentials; principal: Principal }> {
  const duration = checkDuration(input?.durationSeconds, LOGIN_DURATION)
  const principal = await authenticate(sts, input)
  const signed = sts.tokens.sign(principal, duration)
  return { credentials: credentials(signed.token, signed.exp), principal: signed.principal }
}

async function userForAccessKey(sts: StsInternals, accessKeyId: unknown, secretAccessKey: unknown): Promise<EntityRecord<UserData>> {
  if (typeof accessKeyId !== 'string' || typeof secretAccessKey !== 'string') throw new IamError('ERR_VALIDATION', 'accessKeyId and secretAccessKey are required strings')
  const plausible = ACCESS_KEY_ID.test(accessKeyId) && secretAccessKey.length <= 128
  const key = ACCESS_KEY_ID.test(accessKeyId) ? `accessKey\0${accessKeyId}` : 'accessKey\0?'
  const attempt = sts.throttle.begin([key])
  try {
    const record = plausible ? await sts.deps.store.get<AccessKeyData>('accessKey', '', accessKeyId) : undefined
    const secretOk = await verifySecret(plausible ? secretAccessKey : '', record?.data.secretHash ?? DUMMY_HASH)
    const user = record !== undefined && secretOk && record.data.status === 'Active' ? await sts.deps.store.get<UserData>('user', record.data.account, record.data.userName) : undefined
    if (user === undefined || user.data.userId !== record?.data.userId) {
      attempt.fail()
      const reason = record === undefined ? 'unknown-access-key' : !secretOk ? 'wrong-secret' : record.data.status !== 'Active' ? 'inactive-access-key' : 'unknown-user'
      throw new IamError('ERR_INVALID_CREDENTIALS', BAD_KEY, { details: { reason } })
    }
    attempt.succeed(key)
    return user
  } finally {
    attempt.release()
  }
}

export async function authenticateAccessKey(sts: StsInternals, input: { accessKeyId: string; secretAccessKey: string }): Promise<Principal> {
  const user = await userForAccessKey(sts, input?.accessKeyId, input?.secretAccessKey)
  return userPrincipal(user, { present: false })
}

export async function getSessionToken(
  sts: StsInternals,
  input: { accessKeyId: string; secretAccessKey: string; durationSeconds?: number; serialNumber?: string; tokenCode?: string },
): Promise<{ credentials: Credentials; principal: Principal }> {
  const duration = checkDuration(input?.durationSeconds, SESSION_TOKEN_DURATION)
  const user = await userForAccessKey(sts, input.accessKeyId, input.secretAccessKey)
  let mfa: Principal['mfa'] = { present: false }
  if (input.serialNumber !== undefined || input.tokenCode !== undefined) {
    mfa = await verifyMfaNow(sts, user, input.serialNumber, input.tokenCode)
  }
  const signed = sts.tokens.sign(userPrincipal(user, mfa), duration)
  return { credentials: credentials(signed.token, signed.exp), principal: signed.principal }
}

/** SerialNumber + TokenCode as AssumeRole and GetSessionToken take them; AWS answers AccessDenied to a bad code. */
export async function verifyMfaNow(sts: StsInternals, user: EntityRecord<UserData>, serialNumber: unknown, tokenCode: unknown): Promise<Principal['mfa']> {
  if (typeof serialNumber !== 'string' || !/^[\w+=/:,.@-]{9,256}$/.test(serialNumber)) {
    throw new IamError('ERR_VALIDATION', "1 validation error detected: Value at 'serialNumber' failed to satisfy constraint: Member must have length greater than or equal to 9 and match pattern [\\w+=/:,.@-]*")
  }
  if (typeof tokenCode !== 'string' || !/^[0-9]{6}$/.test(tokenCode)) {
    throw new IamError('ERR_VALIDATION', "1 validation error detected: Value at 'tokenCode' failed to satisfy constraint: Member must have length 6 and match pattern [\\d]*")
  }
  const atMs = sts.deps.clock()
  const ok = await consumeTotp(sts.deps.store, { account: user.account, userName: user.data.userName, userId: user.data.userId, code: tokenCode, serialNumber, atMs })
  if (!ok) throw new IamError('ERR_ACCESS_DENIED', 'MultiFactorAuthentication failed with invalid MFA one time pass code.', { details: { reason: 'mfa-invalid', principalArn: user.data.arn } })
  return { present: true, authTime: Math.floor(atMs / 1000) }
}

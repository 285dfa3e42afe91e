import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { IamError } from '../../src/errors.js'
import type { AccessKeyData, UserData } from '../../src/identity/model.js'
import { generateAccessKeyId, generateSecretAccessKey, hashSecret } from '../../src/sts/secrets.js'
import { generateTotpSecret, totpCode } from '../../src/sts/totp.js'
import { A, CHEAP, PASSWORD, putUser, userArn, world, type World } from './helpers.js'

const T0 = Date.UTC(2024, 5, 1, 12, 0, 10)
const SERIAL = `arn:app:iam::${A}:mfa/bob-phone`

describe('authenticate', () => {
  let w: World
  let mfaSecret: string

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(T0)
    w = await world()
    mfaSecret = generateTotpSecret()
    await putUser(w.store, A, 'alice', { tags: [{ key: 'team', value: 'blue' }] })
    await putUser(w.store, A, 'bob', { mfaDevices: [{ serialNumber: SERIAL, secret: mfaSecret, enableDate: '2024-01-01T00:00:00Z' }] })
    await putUser(w.store, A, 'nologin', { loginProfile: undefined })
  })
  afterEach(() => {
    w.sts.close()
    vi.useRealTimers()
  })

  const badCredentials = expect.objectContaining({ code: 'ERR_INVALID_CREDENTIALS', status: 401, message: 'Your authentication information is incorrect' })

  it('returns the user principal for the right password', async () => {
    const p = await w.sts.authenticate({ account: A, userName: 'alice', password: PASSWORD })
    expect(p).toMatchObject({ type: 'user', arn: `arn:app:iam::${A}:user/alice`, account: A, userName: 'alice', mfa: { present: false }, chainDepth: 0 })
    expect(p.tags.get('team')).toBe('blue')
  })

  it('fails a wrong password, an unknown user, an unknown account and a user without a password identically', async () => {
    const errors = await Promise.all([
      w.sts.authenticate({ account: A, userName: 'alice', password: 'wrong' }).catch((e: unknown) => e),
      w.sts.authenticate({ account: A, userName: 'mallory', password: PASSWORD }).catch((e: unknown) => e),
      w.sts.authenticate({ account: '999999999999', userName: 'alice', password: PASSWORD }).catch((e: unknown) => e),
      w.sts.authenticate({ account: A, userName: 'nologin', password: PASSWORD }).catch((e: unknown) => e),
    ])
    for (const error of errors) expect(error).toEqual(badCredentials)
    // What a caller can see is the same; only the audit details (never in an answer body) say which case it was.
    const visible = (e: unknown) => { const { code, status, awsCode, expose, message } = e as IamError; return JSON.stringify({ code, status, awsCode, expose, message }) }
    expect(new Set(errors.map(visible)).size).toBe(1)
    expect(errors.map((e) => (e as IamError).details)).toEqual([
      { reason: 'wrong-password', principalArn: userArn(A, 'alice') },
      { reason: 'unknown-user' },
      { reason: 'unknown-user' },
      { reason: 'no-login-profile', principalArn: userArn(A, 'nologin') },
    ])
  })

  it('asks for an MFA code when the user has a device, and accepts a valid one once', async () => {
    await expect(w.sts.authenticate({ account: A, userName: 'bob', password: PASSWORD })).rejects.toMatchObject({ code: 'ERR_MFA_REQUIRED' })
    const code = totpCode(mfaSecret, T0)
    const p = await w.sts.authenticate({ account: A, userName: 'bob', password: PASSWORD, mfaCode: code })
    expect(p.mfa).toEqual({ present: true, authTime: T0 / 1000 })
    const stored = await w.store.get<UserData>('user', A, 'bob')
    expect(stored!.data.mfaDevices[0]!.lastUsedStep).toBe(Math.floor(T0 / 30_000))
    // The same code again (a replay) fails like a bad password.
    await expect(w.sts.authenticate({ account: A, userName: 'bob', password: PASSWORD, mfaCode: code })).rejects.toEqual(badCredentials)
    vi.setSystemTime(T0 + 30_000)
    expect((await w.sts.authenticate({ account: A, userName: 'bob', password: PASSWORD, mfaCode: totpCode(mfaSecret, T0 + 30_000) })).mfa.present).toBe(true)
  })

  it('refuses an invalid MFA code as bad credentials, and asks for MFA only after the password is right', async () => {
    await expect(w.sts.authenticate({ account: A, userName: 'bob', password: PASSWORD, mfaCode: '000000' === totpCode(mfaSecret, T0) ? '111111' : '000000' })).rejects.toEqual(badCredentials)
    await expect(w.sts.authenticate({ account: A, userName: 'bob', password: 'wrong' })).rejects.toEqual(badCredentials)
  })

  it('accepts one of two concurrent uses of the same code, never both', async () => {
    const code = totpCode(mfaSecret, T0)
    const results = await Promise.allSettled([1, 2].map(() => w.sts.authenticate({ account: A, userName: 'bob', password: PASSWORD, mfaCode: code })))
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
  })

  it('throttles a user after maxFailures failures in the window, then lets them in again', async () => {
    for (let i = 0; i < 5; i++) await expect(w.sts.authenticate({ account: A, userName: 'alice', password: 'wrong' })).rejects.toEqual(badCredentials)
    await expect(w.sts.authenticate({ account: A, userName: 'alice', password: PASSWORD })).rejects.toMatchObject({ code: 'ERR_THROTTLED', status: 429 })
    await expect(w.sts.authenticate({ account: A, userName: 'ALICE', password: PASSWORD })).rejects.toMatchObject({ code: 'ERR_THROTTLED' })
    vi.setSystemTime(T0 + 301_000)
    expect((await w.sts.authenticate({ account: A, userName: 'alice', password: PASSWORD })).userName).toBe('alice')
  })

  it('throttles a source address guessing across many user names', async () => {
    for (let i = 0; i < 5; i++) await w.sts.authenticate({ account: A, userName: `guess${i}`, password: 'x', sourceIp: '203.0.113.9' }).catch(() => undefined)
    await expect(w.sts.authenticate({ account: A, userName: 'alice', password: PASSWORD, sourceIp: '203.0.113.9' })).rejects.toMatchObject({ code: 'ERR_THROTTLED' })
    expect((await w.sts.authenticate({ account: A, userName: 'alice', password: PASSWORD, sourceIp: '198.51.100.1' })).userName).toBe('alice')
  })

  it('issues a user session token at login with the requested duration, within limits', async () => {
    const { credentials, principal } = await w.sts.login({ account: A, userName: 'alice', password: PASSWORD, durationSeconds: 900 })
    expect(credentials.expiration).toBe(new Date(T0 + 900_000).toISOString())
    expect(w.sts.verifySessionToken(credentials.sessionToken)).toMatchObject({ arn: principal.arn, tokenIssueTime: Math.floor(T0 / 1000) })
    await expect(w.sts.login({ account: A, userName: 'alice', password: PASSWORD, durationSeconds: 899 })).rejects.toMatchObject({ code: 'ERR_VALIDATION' })
    await expect(w.sts.login({ account: A, userName: 'alice', password: PASSWORD, durationSeconds: 43_201 })).rejects.toMatchObject({ code: 'ERR_VALIDATION' })
  })
})

describe('access keys', () => {
  let w: World
  let id: string
  let secret: string
  const mfaSecret = generateTotpSecret()

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(T0)
    w = await world()
    const user = await putUser(w.store, A, 'alice', { mfaDevices: [{ serialNumber: `arn:app:iam::${A}:mfa/alice`, secret: mfaSecret, enableDate: '2024-01-01T00:00:00Z' }] })
    id = generateAccessKeyId()
    secret = generateSecretAccessKey()
    const key: AccessKeyData = { accessKeyId: id, account: A, userName: 'alice', userId: user.userId, secretHash: await hashSecret(secret, CHEAP), status: 'Active', createDate: '2024-01-01T00:00:00Z' }
    await w.store.transact((tx) => tx.put('accessKey', '', id, key))
  })
  afterEach(() => {
    w.sts.close()
    vi.useRealTimers()
  })

  it('authenticates an active key and refuses a wrong secret, an unknown id or an inactive key alike', async () => {
    expect((await w.sts.authenticateAccessKey({ accessKeyId: id, secretAccessKey: secret })).userName).toBe('alice')
    const invalid = { code: 'ERR_INVALID_CREDENTIALS' }
    await expect(w.sts.authenticateAccessKey({ accessKeyId: id, secretAccessKey: secret.slice(1) + 'x' })).rejects.toMatchObject(invalid)
    await expect(w.sts.authenticateAccessKey({ accessKeyId: generateAccessKeyId(), secretAccessKey: secret })).rejects.toMatchObject(invalid)
    await w.store.transact(async (tx) => {
      const rec = await tx.get<AccessKeyData>('accessKey', '', id)
      await tx.put('accessKey', '', id, { ...rec!.data, status: 'Inactive' })
    })
    await expect(w.sts.authenticateAccessKey({ accessKeyId: id, secretAccessKey: secret })).rejects.toMatchObject(invalid)
  })

  it('refuses a key whose user was deleted and re-created under the same name', async () => {
    await putUser(w.store, A, 'alice', { userId: 'AIDANEWALICE000000000' })
    await expect(w.sts.authenticateAccessKey({ accessKeyId: id, secretAccessKey: secret })).rejects.toMatchObject({ code: 'ERR_INVALID_CREDENTIALS' })
  })

  it('exchanges keys for a session token, with MFA facts when a code is given (GetSessionToken)', async () => {
    const plain = await w.sts.getSessionToken({ accessKeyId: id, secretAccessKey: secret })
    expect(plain.principal.mfa.present).toBe(false)
    expect(Date.parse(plain.credentials.expiration) - T0).toBe(43_200_000)
    const withMfa = await w.sts.getSessionToken({ accessKeyId: id, secretAccessKey: secret, serialNumber: `arn:app:iam::${A}:mfa/alice`, tokenCode: totpCode(mfaSecret, T0), durationSeconds: 129_600 })
    expect(w.sts.verifySessionToken(withMfa.credentials.sessionToken).mfa).toEqual({ present: true, authTime: Math.floor(T0 / 1000) })
    await expect(w.sts.getSessionToken({ accessKeyId: id, secretAccessKey: secret, serialNumber: `arn:app:iam::${A}:mfa/alice`, tokenCode: totpCode(mfaSecret, T0) }))
      .rejects.toMatchObject({ code: 'ERR_ACCESS_DENIED', message: 'MultiFactorAuthentication failed with invalid MFA one time pass code.' })
    await expect(w.sts.getSessionToken({ accessKeyId: id, secretAccessKey: secret, durationSeconds: 129_601 })).rejects.toMatchObject({ code: 'ERR_VALIDATION' })
  })
})

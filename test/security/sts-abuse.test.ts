/**
 * Abuse of the STS operations: password guessing past the throttle, forged request facts,
 * session names and tags that try to change the session ARN or reserved keys, source identity
 * changes, MFA replay. AWS STS API reference (AssumeRole) and "Pass session tags in AWS STS".
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { UserData } from '../../src/identity/model.js'
import { DEFAULT_SCRYPT_PARAMS, DUMMY_HASH } from '../../src/sts/secrets.js'
import { generateTotpSecret, totpCode } from '../../src/sts/totp.js'
import { A, PASSWORD, putRole, putUser, roleArn, trust, userArn, world, type World } from '../sts/helpers.js'

const THROTTLE = { maxFailures: 3, windowSeconds: 300 }

describe('the login throttle', () => {
  let w: World

  beforeEach(async () => {
    w = await world({ throttle: THROTTLE })
    // Existing users only: their test hashes are cheap, where an unknown user costs the full dummy scrypt.
    await Promise.all(['alice', 'other', ...Array.from({ length: 10 }, (_, i) => `user${i}`)].map((name) => putUser(w.store, A, name)))
  })
  afterEach(() => w.sts.close())

  const guess = (input: { userName?: string; sourceIp?: string; password?: string } = {}) =>
    w.sts.authenticate({ account: A, userName: input.userName ?? 'alice', password: input.password ?? 'wrong', ...(input.sourceIp === undefined ? {} : { sourceIp: input.sourceIp }) })
      .then(() => 'ok', (e: { code: string }) => e.code)

  // check() runs before the (asynchronous) scrypt work and fail() only after it, so every
  // guess sent in one burst passes the check: the limit counts finished guesses, not tried ones.
  it('lets at most maxFailures password guesses through when they arrive concurrently', async () => {
    const codes = await Promise.all(Array.from({ length: 30 }, () => guess()))
    expect(codes.filter((c) => c === 'ERR_INVALID_CREDENTIALS').length).toBeLessThanOrEqual(THROTTLE.maxFailures)
    expect(codes).not.toContain('ok')
  })

  it('lets at most maxFailures guesses of one source through when they arrive concurrently for many users', async () => {
    const codes = await Promise.all(Array.from({ length: 10 }, (_, i) => guess({ userName: `user${i}`, sourceIp: '203.0.113.7' })))
    expect(codes.filter((c) => c === 'ERR_INVALID_CREDENTIALS').length).toBeLessThanOrEqual(THROTTLE.maxFailures)
  })

  it('counts case variants of a user name as the same user', async () => {
    for (const name of ['alice', 'ALICE', 'Alice']) await guess({ userName: name })
    expect(await guess({ userName: 'aLiCe', password: PASSWORD })).toBe('ERR_THROTTLED')
  })

  // The per-source key is the address text as given (`ip\0${sourceIp}`): the same IPv6 address
  // written another way, or an IPv4 address in its IPv4-mapped IPv6 form, starts a fresh count.
  it.each<[string, string, string]>([
    ['IPv6 in upper case', '2001:db8::1', '2001:DB8::1'],
    ['IPv6 without zero compression', '2001:db8::1', '2001:db8:0:0:0:0:0:1'],
    ['IPv6 with a leading-zero group', '2001:db8::1', '2001:db8::0001'],
    ['IPv4 as IPv4-mapped IPv6', '203.0.113.7', '::ffff:203.0.113.7'],
  ])('counts a source written as %s as the same source', async (_name, first, variant) => {
    for (let i = 0; i < THROTTLE.maxFailures; i++) await guess({ userName: `user${i}`, sourceIp: first })
    expect(await guess({ userName: 'other', sourceIp: first })).toBe('ERR_THROTTLED')
    expect(await guess({ userName: 'other', sourceIp: variant })).toBe('ERR_THROTTLED')
  })

  it('pays the same scrypt cost for an unknown user as for a wrong password (the dummy hash uses the default parameters)', () => {
    const [, N, r, p] = DUMMY_HASH.split('$')
    expect({ N: Number(N), r: Number(r), p: Number(p) }).toEqual({ ...DEFAULT_SCRYPT_PARAMS })
  })
})

describe('AssumeRole input that tries to forge the session', () => {
  let w: World
  let caller: Awaited<ReturnType<World['sts']['authenticate']>>

  beforeEach(async () => {
    w = await world()
    await putUser(w.store, A, 'alice')
    const allowAll = { Version: '2012-10-17' as const, Statement: [{ Effect: 'Allow' as const, Principal: { AWS: userArn(A, 'alice') }, Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'] }] }
    await putRole(w.store, A, 'Ops', allowAll)
    await putRole(w.store, A, 'Next', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: roleArn(A, 'Ops') }, Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'] }] })
    caller = w.sts.verifySessionToken((await w.sts.login({ account: A, userName: 'alice', password: PASSWORD })).credentials.sessionToken)
  })
  afterEach(() => w.sts.close())

  const assume = (extra: Record<string, unknown>, role = 'Ops', who = caller) =>
    w.sts.assumeRole({ caller: who, roleArn: roleArn(A, role), roleSessionName: 'sess', ...extra })

  it.each(['a/b', 'a:b', 'x/../Admin', 'a*', 'a?', '${aws:username}', 'a b', 'é-name', 'a\u0000b', 'x'.repeat(65), 'x'])(
    'refuses the session name %j, which would change or pattern the session ARN',
    async (roleSessionName) => {
      await expect(assume({ roleSessionName })).rejects.toMatchObject({ code: 'ERR_VALIDATION' })
    },
  )

  it.each(['aws:PrincipalTag', 'AWS:x', 'Aws:Department'])('refuses the session tag key %s in the reserved aws: namespace', async (key) => {
    await expect(assume({ tags: [{ key, value: 'v' }] })).rejects.toMatchObject({ code: 'ERR_INVALID_PARAMETER' })
  })

  it('refuses two session tags whose keys differ only in case', async () => {
    await expect(assume({ tags: [{ key: 'Team', value: 'a' }, { key: 'team', value: 'b' }] })).rejects.toMatchObject({ code: 'ERR_INVALID_PARAMETER' })
  })

  it('keeps tag keys named after Object.prototype members as plain tags', async () => {
    const out = await assume({ tags: [{ key: '__proto__', value: 'x' }, { key: 'constructor', value: 'y' }] })
    const session = w.sts.verifySessionToken(out.credentials.sessionToken)
    expect(session.tags.get('__proto__')).toBe('x')
    expect(session.tags.get('constructor')).toBe('y')
    expect(Object.getPrototypeOf({})).toBe(Object.prototype)
  })

  it.each([
    'aws:PrincipalArn', 'AWS:PRINCIPALARN', 'aws:PrincipalTag/team', 'aws:MultiFactorAuthPresent', 'aws:TokenIssueTime',
    'aws:SourceIdentity', 'aws:userid', 'sts:ExternalId', 'sts:RoleSessionName', 'iam:ResourceTag/x', 'idp.example.test:sub', 'accounts.example/x:aud',
  ])('refuses the caller-supplied context key %s, which would forge a fact about the caller', async (key) => {
    await expect(assume({ context: { [key]: 'forged' } })).rejects.toMatchObject({ code: 'ERR_INVALID_PARAMETER' })
  })

  it('refuses to change the source identity along a role chain, and carries it when none is asked', async () => {
    const first = await assume({ sourceIdentity: 'alice' })
    const session = w.sts.verifySessionToken(first.credentials.sessionToken)
    await expect(assume({ sourceIdentity: 'mallory' }, 'Next', session)).rejects.toMatchObject({ code: 'ERR_INVALID_PARAMETER' })
    const chained = await assume({}, 'Next', session)
    expect(w.sts.verifySessionToken(chained.credentials.sessionToken).sourceIdentity).toBe('alice')
  })

  it('refuses a source identity in the reserved aws: namespace', async () => {
    for (const sourceIdentity of ['AWS:alice', 'aws:alice']) await expect(assume({ sourceIdentity })).rejects.toMatchObject({ status: 400 })
  })

  it('refuses to chain a role session past the one-hour limit', async () => {
    const session = w.sts.verifySessionToken((await assume({})).credentials.sessionToken)
    await expect(assume({ durationSeconds: 3601 }, 'Next', session)).rejects.toMatchObject({ code: 'ERR_VALIDATION' })
  })
})

describe('MFA codes', () => {
  let w: World
  const secret = generateTotpSecret()
  const serialNumber = `arn:app:iam::${A}:mfa/bob`

  beforeEach(async () => {
    w = await world()
    await putUser(w.store, A, 'bob', { mfaDevices: [{ serialNumber, secret, enableDate: '2024-01-01T00:00:00Z' }] } as Partial<UserData>)
    await putRole(w.store, A, 'Secure', trust({ AWS: userArn(A, 'bob') }, 'sts:AssumeRole', { Bool: { 'aws:MultiFactorAuthPresent': true } }))
  })
  afterEach(() => w.sts.close())

  it('refuses a code used at login when it is replayed at AssumeRole', async () => {
    const code = totpCode(secret, Date.now())
    const { credentials } = await w.sts.login({ account: A, userName: 'bob', password: PASSWORD, mfaCode: code })
    const caller = w.sts.verifySessionToken(credentials.sessionToken)
    await expect(w.sts.assumeRole({ caller, roleArn: roleArn(A, 'Secure'), roleSessionName: 'bob', serialNumber, tokenCode: code })).rejects.toMatchObject({ code: 'ERR_ACCESS_DENIED' })
  })

  it('refuses a code of another device serial number, and a non-numeric code', async () => {
    const caller = await w.sts.authenticate({ account: A, userName: 'bob', password: PASSWORD, mfaCode: totpCode(secret, Date.now()) })
    await expect(w.sts.assumeRole({ caller, roleArn: roleArn(A, 'Secure'), roleSessionName: 'bob', serialNumber: `arn:app:iam::${A}:mfa/eve`, tokenCode: totpCode(secret, Date.now() + 30_000) })).rejects.toMatchObject({ code: 'ERR_ACCESS_DENIED' })
    await expect(w.sts.assumeRole({ caller, roleArn: roleArn(A, 'Secure'), roleSessionName: 'bob', serialNumber, tokenCode: '12345a' })).rejects.toMatchObject({ code: 'ERR_VALIDATION' })
  })
})

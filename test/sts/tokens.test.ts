import { randomBytes } from 'node:crypto'
import jwt from 'jsonwebtoken'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { memoryStore } from '../../src/store/memory.js'
import { A, ecKeys, ISSUER, makeSts, PASSWORD, putUser, rsaKeys, tokenOptions, world, type World } from './helpers.js'

const T0 = Date.UTC(2024, 5, 1, 12, 0, 0)

function parts(token: string): { header: Record<string, unknown>; payload: Record<string, unknown>; signature: string } {
  const [h, p, s] = token.split('.')
  return { header: JSON.parse(Buffer.from(h!, 'base64url').toString()), payload: JSON.parse(Buffer.from(p!, 'base64url').toString()), signature: s! }
}

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url')

describe('session tokens', () => {
  let w: World
  let token: string

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(T0)
    w = await world()
    await putUser(w.store, A, 'alice', { tags: [{ key: 'team', value: 'blue' }, { key: '__proto__', value: 'x' }] })
    token = (await w.sts.login({ account: A, userName: 'alice', password: PASSWORD })).credentials.sessionToken
  })
  afterEach(() => {
    w.sts.close()
    vi.useRealTimers()
  })

  const invalid = expect.objectContaining({ code: 'ERR_TOKEN_INVALID', status: 401 })

  it('carries the header kid and the registered claims, and verifies back to the same principal', () => {
    const { header, payload } = parts(token)
    expect(header).toMatchObject({ alg: 'ES256', kid: 'k1', typ: 'JWT' })
    expect(payload).toMatchObject({ iss: ISSUER, aud: ISSUER, sub: `arn:app:iam::${A}:user/alice`, iat: T0 / 1000, nbf: T0 / 1000, exp: T0 / 1000 + 3600, typ: 'user', acct: A })
    expect(typeof payload.jti).toBe('string')
    const principal = w.sts.verifySessionToken(token)
    expect(principal).toMatchObject({ type: 'user', arn: `arn:app:iam::${A}:user/alice`, account: A, userName: 'alice', tokenIssueTime: T0 / 1000, chainDepth: 0 })
    expect(principal.tags.get('team')).toBe('blue')
    expect(principal.tags.get('__proto__')).toBe('x')
    expect(Object.getPrototypeOf(principal.tags)).toBe(Map.prototype)
  })

  it('refuses alg none', () => {
    const { payload } = parts(token)
    expect(() => w.sts.verifySessionToken(`${b64({ alg: 'none', typ: 'JWT', kid: 'k1' })}.${b64(payload)}.`)).toThrow(invalid)
  })

  it('refuses an HS256 token signed with the public key (key confusion)', () => {
    const { payload } = parts(token)
    const pem = (tokenOptions().publicKey as import('node:crypto').KeyObject).export({ format: 'pem', type: 'spki' }) as string
    const forged = jwt.sign(payload, pem, { algorithm: 'HS256', keyid: 'k1' })
    expect(() => w.sts.verifySessionToken(forged)).toThrow(invalid)
  })

  it('refuses an unknown kid and a token whose kid names another key', async () => {
    const { payload } = parts(token)
    const attacker = ecKeys()
    expect(() => w.sts.verifySessionToken(jwt.sign(payload, attacker.privateKey, { algorithm: 'ES256', keyid: 'nope' }))).toThrow(invalid)
    expect(() => w.sts.verifySessionToken(jwt.sign(payload, attacker.privateKey, { algorithm: 'ES256' }))).toThrow(invalid)

    // A second instance accepting an older key: a token signed with the CURRENT key but labelled
    // with the old kid is refused, because the kid selects exactly one key and no other is tried.
    const old = ecKeys()
    const rotated = await makeSts(w.store, { tokens: tokenOptions({ verificationKeys: [{ kid: 'old', algorithm: 'ES256', key: old.publicKey }] }) })
    const current = tokenOptions().privateKey as import('node:crypto').KeyObject
    expect(() => rotated.verifySessionToken(jwt.sign(payload, current, { algorithm: 'ES256', keyid: 'old' }))).toThrow(invalid)
    expect(rotated.verifySessionToken(jwt.sign(payload, old.privateKey, { algorithm: 'ES256', keyid: 'old' })).arn).toBe(payload.sub)
    rotated.close()
  })

  it('refuses a wrong issuer or audience', () => {
    const { payload } = parts(token)
    const key = tokenOptions().privateKey as import('node:crypto').KeyObject
    expect(() => w.sts.verifySessionToken(jwt.sign({ ...payload, iss: 'https://evil.test' }, key, { algorithm: 'ES256', keyid: 'k1' }))).toThrow(invalid)
    expect(() => w.sts.verifySessionToken(jwt.sign({ ...payload, aud: 'other' }, key, { algorithm: 'ES256', keyid: 'k1' }))).toThrow(invalid)
  })

  it('refuses an expired token once the clock tolerance has passed, even from the cache', () => {
    expect(w.sts.verifySessionToken(token).arn).toContain('user/alice')
    vi.setSystemTime(T0 + 3600_000 + 4_000)
    expect(w.sts.verifySessionToken(token).arn).toContain('user/alice')
    vi.setSystemTime(T0 + 3600_000 + 6_000)
    expect(() => w.sts.verifySessionToken(token)).toThrow(expect.objectContaining({ code: 'ERR_TOKEN_EXPIRED', status: 401 }))
  })

  it('refuses an expired token that was never cached', async () => {
    vi.setSystemTime(T0 + 2 * 3600_000)
    const fresh = await makeSts(w.store)
    expect(() => fresh.verifySessionToken(token)).toThrow(expect.objectContaining({ code: 'ERR_TOKEN_EXPIRED' }))
    fresh.close()
  })

  it('refuses a token that is not valid yet', () => {
    const { payload } = parts(token)
    const key = tokenOptions().privateKey as import('node:crypto').KeyObject
    const future = jwt.sign({ ...payload, nbf: T0 / 1000 + 60 }, key, { algorithm: 'ES256', keyid: 'k1' })
    expect(() => w.sts.verifySessionToken(future)).toThrow(invalid)
  })

  it('refuses an oversized token before parsing it', () => {
    expect(() => w.sts.verifySessionToken('a'.repeat(9000))).toThrow(expect.objectContaining({ code: 'ERR_TOKEN_INVALID', details: { reason: 'size' } }))
    expect(() => w.sts.verifySessionToken(`${token}${'A'.repeat(9000)}`)).toThrow(invalid)
  })

  it('refuses a tampered payload', () => {
    const { payload, signature } = parts(token)
    const header = token.split('.')[0]
    const tampered = `${header}.${b64({ ...payload, sub: `arn:app:iam::${A}:user/admin` })}.${signature}`
    expect(() => w.sts.verifySessionToken(tampered)).toThrow(invalid)
  })

  it('refuses garbage of every shape without crashing', () => {
    for (const bad of ['', 'abc', 'a.b', 'a.b.c', '..', `${b64([1])}.${b64({})}.x`, `${b64({ kid: 1 })}.e30.x`, null, 42]) {
      expect(() => w.sts.verifySessionToken(bad as string)).toThrow(invalid)
    }
  })

  it('refuses a revoked jti, including a token already in the cache', async () => {
    const principal = w.sts.verifySessionToken(token)
    await w.sts.revokeToken({ jti: principal.jti! })
    expect(() => w.sts.verifySessionToken(token)).toThrow(invalid)
  })

  // RFC 7515 section 4.1.11: an extension named in crit that the recipient does not understand means reject.
  it('refuses a token carrying a crit header, even one signed with our key', () => {
    const { payload } = parts(token)
    const crit = jwt.sign(payload, tokenOptions().privateKey!, { algorithm: 'ES256', header: { alg: 'ES256', kid: 'k1', crit: ['exp'] } as jwt.JwtHeader })
    expect(() => w.sts.verifySessionToken(crit)).toThrow(invalid)
    expect(w.sts.verifySessionToken(token).userName).toBe('alice')
  })

  it('hands out one principal per token whose tags, MFA facts and fields cannot be changed', () => {
    const first = w.sts.verifySessionToken(token)
    expect(() => (first.tags as Map<string, string>).set('team', 'admins')).toThrow(TypeError)
    expect(() => (first.tags as Map<string, string>).delete('team')).toThrow(TypeError)
    expect(() => (first.tags as Map<string, string>).clear()).toThrow(TypeError)
    expect(() => {
      ;(first.mfa as { present: boolean }).present = true
    }).toThrow(TypeError)
    expect(() => {
      ;(first as { arn: string }).arn = 'arn:app:iam::111122223333:root'
    }).toThrow(TypeError)
    const later = w.sts.verifySessionToken(token)
    expect(later).toBe(first)
    expect([...later.tags]).toEqual([['team', 'blue'], ['__proto__', 'x']])
    expect(later.mfa.present).toBe(false)
  })

  it('publishes the public keys as a JWKS, never an HMAC secret', async () => {
    const jwks = w.sts.jwks()
    expect(jwks.keys).toHaveLength(1)
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', kid: 'k1', alg: 'ES256', use: 'sig' })
    expect(jwks.keys[0]).not.toHaveProperty('d')
    const hmac = await makeSts(w.store, { tokens: { algorithm: 'HS256', secret: randomBytes(32), issuer: ISSUER } })
    expect(hmac.jwks().keys).toEqual([])
    hmac.close()
  })
})

describe('key rotation', () => {
  it('keeps accepting tokens of the previous key while signing with the new one', async () => {
    const store = memoryStore()
    await putUser(store, A, 'alice')
    const first = ecKeys()
    const second = rsaKeys()
    const before = await makeSts(store, { tokens: tokenOptions({ ...first, kid: 'one' }) })
    const oldToken = (await before.login({ account: A, userName: 'alice', password: PASSWORD })).credentials.sessionToken

    const after = await makeSts(store, { tokens: tokenOptions({ algorithm: 'RS256', ...second, kid: 'two', verificationKeys: [{ kid: 'one', algorithm: 'ES256', key: first.publicKey }] }) })
    expect(after.verifySessionToken(oldToken).userName).toBe('alice')
    const newToken = (await after.login({ account: A, userName: 'alice', password: PASSWORD })).credentials.sessionToken
    expect(parts(newToken).header).toMatchObject({ alg: 'RS256', kid: 'two' })
    expect(after.jwks().keys.map((k) => k.kid)).toEqual(['two', 'one'])

    const retired = await makeSts(store, { tokens: tokenOptions({ algorithm: 'RS256', ...second, kid: 'two' }) })
    expect(() => retired.verifySessionToken(oldToken)).toThrow(expect.objectContaining({ code: 'ERR_TOKEN_INVALID' }))
    expect(retired.verifySessionToken(newToken).userName).toBe('alice')
    for (const s of [before, after, retired]) s.close()
  })

  it('verifies HS256 tokens with the configured secret only', async () => {
    const store = memoryStore()
    await putUser(store, A, 'alice')
    const secret = randomBytes(32)
    const sts = await makeSts(store, { tokens: { algorithm: 'HS256', secret, issuer: ISSUER, kid: 'h' } })
    const token = (await sts.login({ account: A, userName: 'alice', password: PASSWORD })).credentials.sessionToken
    expect(sts.verifySessionToken(token).userName).toBe('alice')
    const forged = jwt.sign(parts(token).payload, randomBytes(32), { algorithm: 'HS256', keyid: 'h' })
    expect(() => sts.verifySessionToken(forged)).toThrow(expect.objectContaining({ code: 'ERR_TOKEN_INVALID' }))
    sts.close()
  })
})

// Issue 10: the verified-token cache is an LRU of at most tokens.cacheMax entries.
describe('the verified-token cache', () => {
  it('holds at most cacheMax principals however many distinct tokens are verified', async () => {
    const w = await world({ tokens: tokenOptions({ cacheMax: 10 }) })
    await putUser(w.store, A, 'alice')
    for (let i = 0; i < 200; i++) {
      const { credentials } = await w.sts.login({ account: A, userName: 'alice', password: PASSWORD })
      expect(w.sts.verifySessionToken(credentials.sessionToken).userName).toBe('alice')
    }
    expect(w.sts.stats().cachedTokens).toBe(10)
    w.sts.close()
  })
})


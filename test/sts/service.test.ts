/** Service principals: a trust policy with `Principal: { Service: 'worker.app' }` and a signed assertion. */
import { randomUUID } from 'node:crypto'
import jwt from 'jsonwebtoken'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ServiceIdentityData } from '../../src/identity/model.js'
import { signEs256 } from '../security/helpers.js'
import type { StsInstance } from '../../src/sts/index.js'
import { A, ecKeys, ISSUER, putRole, roleArn, tokenOptions, trust, userArn, world, type World } from './helpers.js'

describe('assumeRoleAsService', () => {
  let w: World
  const worker = ecKeys()

  beforeEach(async () => {
    w = await world()
    const identity: ServiceIdentityData = { service: 'worker.app', publicKey: worker.publicKey.export({ format: 'pem', type: 'spki' }) as string, createDate: '2024-01-01T00:00:00Z' }
    await w.store.transact((tx) => tx.put('serviceIdentity', '', 'worker.app', identity))
    await putRole(w.store, A, 'Jobs', trust({ Service: 'worker.app' }))
    await putRole(w.store, A, 'Humans', trust({ AWS: userArn(A, 'alice') }))
  })
  afterEach(() => w.sts.close())

  function assertion(claims: Record<string, unknown> = {}, key = worker.privateKey, options: jwt.SignOptions = {}): string {
    const now = Math.floor(Date.now() / 1000)
    return jwt.sign({ iss: 'worker.app', aud: ISSUER, iat: now, exp: now + 60, jti: randomUUID(), ...claims }, key, { algorithm: 'ES256', ...options })
  }
  const assume = (a: string, role = 'Jobs') => w.sts.assumeRoleAsService({ assertion: a, roleArn: roleArn(A, role), roleSessionName: 'nightly' })
  const bad = expect.objectContaining({ code: 'ERR_INVALID_CREDENTIALS', status: 401 })

  it('admits the configured service to a role that trusts it', async () => {
    const out = await assume(assertion())
    expect(w.sts.verifySessionToken(out.credentials.sessionToken)).toMatchObject({ type: 'assumedRole', arn: `arn:app:sts::${A}:assumed-role/Jobs/nightly`, chainDepth: 1 })
  })

  it('refuses it for a role that does not name the service', async () => {
    await expect(assume(assertion(), 'Humans')).rejects.toMatchObject({ code: 'ERR_ACCESS_DENIED', message: `User: worker.app is not authorized to perform: sts:AssumeRole on resource: ${roleArn(A, 'Humans')}` })
  })

  it('refuses an assertion signed with another key, for another audience, living too long, or replayed', async () => {
    await expect(assume(assertion({}, ecKeys().privateKey))).rejects.toEqual(bad)
    await expect(assume(assertion({ aud: 'https://other.test' }))).rejects.toEqual(bad)
    const now = Math.floor(Date.now() / 1000)
    await expect(assume(assertion({ iat: now, exp: now + 301 }))).rejects.toEqual(bad)
    await expect(assume(assertion({ jti: undefined }))).rejects.toEqual(bad)
    const once = assertion()
    await assume(once)
    await expect(assume(once)).rejects.toEqual(bad)
  })

  // RFC 7519 section 2: NumericDates are seconds; an assertion claiming Infinity, an absurd or a
  // future issue time is refused whatever its signature, and never crashes.
  it.each<[string, (now: number) => string]>([
    ['exp = 1e309', (now) => `{"iss":"worker.app","aud":"${ISSUER}","iat":${now},"exp":1e309,"jti":"a1"}`],
    ['iat = -1e300', (now) => `{"iss":"worker.app","aud":"${ISSUER}","iat":-1e300,"exp":${now + 60},"jti":"a2"}`],
    ['iat in the future', (now) => `{"iss":"worker.app","aud":"${ISSUER}","iat":${now + 200},"exp":${now + 250},"jti":"a3"}`],
    ['no iat', (now) => `{"iss":"worker.app","aud":"${ISSUER}","exp":${now + 60},"jti":"a4"}`],
    ['a fractional exp', (now) => `{"iss":"worker.app","aud":"${ISSUER}","iat":${now},"exp":${now + 60}.5,"jti":"a5"}`],
  ])('refuses an assertion with %s', async (_name, payload) => {
    await expect(assume(signEs256({ alg: 'ES256' }, payload(Math.floor(Date.now() / 1000)), worker.privateKey))).rejects.toEqual(bad)
  })

  it('refuses an unknown service and an HS256 assertion keyed with the public key', async () => {
    await expect(assume(assertion({ iss: 'other.app' }))).rejects.toEqual(bad)
    const pem = worker.publicKey.export({ format: 'pem', type: 'spki' }) as string
    const now = Math.floor(Date.now() / 1000)
    const forged = jwt.sign({ iss: 'worker.app', aud: ISSUER, iat: now, exp: now + 60, jti: 'x' }, pem, { algorithm: 'HS256' })
    await expect(assume(forged)).rejects.toEqual(bad)
  })

  it('refuses an assertion carrying a crit header', async () => {
    await expect(assume(assertion({}, worker.privateKey, { header: { alg: 'ES256', crit: ['urn:example:x'] } as jwt.JwtHeader }))).rejects.toEqual(bad)
  })
})

// Issue 10: the replay set is bounded, and a full set refuses rather than forgets: an assertion
// still within its lifetime can never be used twice because others pushed it out.
describe('the bounded service-assertion replay set', () => {
  const worker = ecKeys()
  let now = Date.UTC(2024, 5, 1, 12, 0, 0)
  let w: World

  beforeEach(async () => {
    w = await world({ clock: () => now, tokens: { ...tokenOptions(), maxServiceAssertions: 3 } })
    const identity: ServiceIdentityData = { service: 'worker.app', publicKey: worker.publicKey.export({ format: 'pem', type: 'spki' }) as string, createDate: '2024-01-01T00:00:00Z' }
    await w.store.transact((tx) => tx.put('serviceIdentity', '', 'worker.app', identity))
    await putRole(w.store, A, 'Jobs', trust({ Service: 'worker.app' }))
  })
  afterEach(() => w.sts.close())

  const assertion = (): string => {
    const t = Math.floor(now / 1000)
    return jwt.sign({ iss: 'worker.app', aud: ISSUER, iat: t, exp: t + 60, jti: randomUUID() }, worker.privateKey, { algorithm: 'ES256' })
  }
  const assume = (a: string) => w.sts.assumeRoleAsService({ assertion: a, roleArn: roleArn(A, 'Jobs'), roleSessionName: 'nightly' })

  it('refuses new assertions with 429 and Retry-After while full, and still refuses every replay', async () => {
    const used = [assertion(), assertion(), assertion()]
    for (const a of used) await assume(a)
    await expect(assume(assertion())).rejects.toMatchObject({ code: 'ERR_THROTTLED', status: 429, details: { retryAfterSeconds: 65 } })
    for (const a of used) await expect(assume(a)).rejects.toMatchObject({ code: 'ERR_INVALID_CREDENTIALS' })
    now += 66_000
    await expect(assume(assertion())).resolves.toBeDefined()
  })

  it('stays at the bound however many assertions are used over time', async () => {
    for (let i = 0; i < 300; i++) {
      await assume(assertion())
      if (i % 3 === 2) now += 66_000
      expect((w.sts as StsInstance).stats().serviceAssertions).toBeLessThanOrEqual(3)
    }
  })
})


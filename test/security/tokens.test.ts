/**
 * Attacks on session tokens: algorithm confusion, header tricks (`kid`, `jwk`, `jku`, `x5u`),
 * claims of the wrong type or time, oversize, and type confusion between user and role tokens.
 * Verification must pin the key by `kid` and that key's one algorithm before reading anything
 * (RFC 8725 "JSON Web Token Best Current Practices", sections 2.1 and 3.1).
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto'
import KoaRouter from '@koa/router'
import express from 'express'
import jwt from 'jsonwebtoken'
import Koa from 'koa'
import request from 'supertest'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { authorize as expressAuthorize, iamErrorHandler as expressErrorHandler, iamGuard as expressGuard, stsRouter as expressStsRouter } from '../../adapters/express/index.js'
import { authorize as koaAuthorize, iamErrorHandler as koaErrorHandler, iamGuard as koaGuard, stsRouter as koaStsRouter } from '../../adapters/koa/index.js'
import type { Iam } from '../../src/iam-types.js'
import { createIam } from '../../src/iam.js'
import { memoryStore } from '../../src/store/memory.js'
import { A, ISSUER, PASSWORD, putRole, putUser, roleArn, tokenOptions, trust, userArn, world, type World } from '../sts/helpers.js'
import { signEs256 } from './helpers.js'
import { expectCleanError, Hits, listen, quiet, type Running } from './http-helpers.js'

const KEY = tokenOptions().privateKey as import('node:crypto').KeyObject
const PUBLIC_PEM = (tokenOptions().publicKey as import('node:crypto').KeyObject).export({ format: 'pem', type: 'spki' }) as string
const invalid = expect.objectContaining({ code: 'ERR_TOKEN_INVALID', status: 401 })

function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000)
  return {
    sub: userArn(A, 'alice'), typ: 'user', acct: A, uid: 'AIDAALICEXXXXXXXXXXX', un: 'alice', cd: 0,
    iss: ISSUER, aud: ISSUER, iat: now, nbf: now, exp: now + 600, jti: randomUUID(), ...overrides,
  }
}

const HEADER = { alg: 'ES256', typ: 'JWT', kid: 'k1' }

describe('session tokens under attack', () => {
  let w: World

  beforeEach(async () => {
    w = await world()
    await putUser(w.store, A, 'alice')
  })
  afterEach(() => w.sts.close())

  it('accepts a hand-signed token with the configured key, the control case for the forgeries below', () => {
    expect(w.sts.verifySessionToken(signEs256(HEADER, claims(), KEY))).toMatchObject({ type: 'user', arn: userArn(A, 'alice') })
  })

  it.each<[string, Record<string, unknown>]>([
    ['exp as a string', { exp: String(Math.floor(Date.now() / 1000) + 600) }],
    ['no exp', { exp: undefined }],
    ['no nbf', { nbf: undefined }],
    ['nbf in an hour', { nbf: Math.floor(Date.now() / 1000) + 3600 }],
    ['iat in an hour', { iat: Math.floor(Date.now() / 1000) + 3600 }],
    ['iat as a numeric string', { iat: String(Math.floor(Date.now() / 1000)) }],
    ['another issuer', { iss: 'https://evil.example' }],
    ['an issuer that only starts like ours', { iss: `${ISSUER}.evil.example` }],
    ['an audience array without ours', { aud: ['https://other.example'] }],
    ['the principal type "role"', { typ: 'role' }],
    ['the principal type "service"', { typ: 'service' }],
    ['the principal type "__proto__"', { typ: '__proto__' }],
    ['a negative chain depth', { cd: -1 }],
    ['a chain depth as a string', { cd: '0' }],
    ['tags as an object instead of pairs', { tags: { admin: 'true' } }],
    ['no jti', { jti: undefined }],
  ])('refuses a correctly signed token with %s', (_name, overrides) => {
    const token = signEs256(HEADER, claims(overrides), KEY)
    expect(() => w.sts.verifySessionToken(token)).toThrow(expect.objectContaining({ status: 401 }))
  })

  it('refuses an expired correctly signed token as expired', () => {
    const past = Math.floor(Date.now() / 1000) - 3600
    expect(() => w.sts.verifySessionToken(signEs256(HEADER, claims({ iat: past - 600, nbf: past - 600, exp: past }), KEY))).toThrow(expect.objectContaining({ code: 'ERR_TOKEN_EXPIRED' }))
  })

  it('refuses alg none, HS256 keyed with the public key PEM, and an alg spelled in another case', () => {
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', kid: 'k1' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims())).toString('base64url')}.`
    expect(() => w.sts.verifySessionToken(unsigned)).toThrow(invalid)
    const confused = jwt.sign(claims(), PUBLIC_PEM, { algorithm: 'HS256', header: { alg: 'HS256', kid: 'k1' } })
    expect(() => w.sts.verifySessionToken(confused)).toThrow(invalid)
    expect(() => w.sts.verifySessionToken(signEs256({ ...HEADER, alg: 'es256' }, claims(), KEY))).toThrow(invalid)
  })

  it.each<[string, unknown]>([
    ['a path', '../k1'],
    ['a path ending in the kid', 'keys/../k1'],
    ['__proto__', '__proto__'],
    ['constructor', 'constructor'],
    ['another case', 'K1'],
    ['a trailing NUL', 'k1\u0000'],
    ['a number', 1],
    ['an array', ['k1']],
    ['an object', { toString: 'k1' }],
    ['6,000 characters', 'k'.repeat(6000)],
  ])('refuses a kid that is %s', (_name, kid) => {
    expect(() => w.sts.verifySessionToken(signEs256({ ...HEADER, kid }, claims(), KEY))).toThrow(invalid)
  })

  it.each(['jwk', 'jku', 'x5u', 'x5c'])('ignores a %s header that offers the attacker\'s own key', (member) => {
    const attacker = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const jwk = attacker.publicKey.export({ format: 'jwk' })
    const offered = member === 'jwk' ? jwk : member === 'x5c' ? ['MIIB'] : 'https://evil.example/jwks.json'
    const token = signEs256({ ...HEADER, [member]: offered }, claims(), attacker.privateKey)
    expect(() => w.sts.verifySessionToken(token)).toThrow(invalid)
  })

  it('refuses a token of a megabyte before parsing it', () => {
    const token = `${'a'.repeat(500_000)}.${'b'.repeat(500_000)}.c`
    expect(() => w.sts.verifySessionToken(token)).toThrow(invalid)
  })

  it('refuses a header that hides kid behind __proto__', () => {
    const header = '{"alg":"ES256","__proto__":{"kid":"k1"}}'
    const input = `${Buffer.from(header).toString('base64url')}.${Buffer.from(JSON.stringify(claims())).toString('base64url')}`
    const sig = signEs256(HEADER, claims(), KEY).split('.')[2]
    expect(() => w.sts.verifySessionToken(`${input}.${sig}`)).toThrow(invalid)
  })

  // The verified principal is cached by token (tokens.ts) and the SAME object is handed to every
  // request carrying that token. It is frozen only shallowly: `tags` (a Map) and `mfa` stay
  // writable, so one handler that edits its principal changes what every later request sees.
  it('returns a principal whose tags and MFA facts cannot be altered for later requests', async () => {
    await putUser(w.store, A, 'bob', { tags: [{ key: 'team', value: 'blue' }] })
    const token = (await w.sts.login({ account: A, userName: 'bob', password: PASSWORD })).credentials.sessionToken
    const first = w.sts.verifySessionToken(token)
    try {
      ;(first.tags as Map<string, string>).set('team', 'admins')
    } catch {
      // refusing the edit is the fix
    }
    try {
      ;(first.mfa as { present: boolean }).present = true
    } catch {
      // idem
    }
    const later = w.sts.verifySessionToken(token)
    expect(later.tags.get('team')).toBe('blue')
    expect(later.mfa.present).toBe(false)
  })
})

describe('type confusion between user and role tokens', () => {
  let w: World

  beforeEach(async () => {
    w = await world()
    await putUser(w.store, A, 'alice')
    await putRole(w.store, A, 'Ops', trust({ AWS: userArn(A, 'alice') }))
    await putRole(w.store, A, 'Admin', trust({ AWS: userArn(A, 'alice') }))
  })
  afterEach(() => w.sts.close())

  it('refuses a role session token as the user token of a role switch', async () => {
    const { credentials } = await w.sts.login({ account: A, userName: 'alice', password: PASSWORD })
    const state = await w.sts.switchRole({ userToken: credentials.sessionToken }, { roleArn: roleArn(A, 'Ops'), roleSessionName: 'alice' })
    await expect(w.sts.switchRole({ userToken: state.roleToken! }, { roleArn: roleArn(A, 'Admin'), roleSessionName: 'alice' })).rejects.toMatchObject({ code: 'ERR_ACCESS_DENIED' })
  })

  it('keeps the principal type of a role session whatever session name or tags it was given', async () => {
    const caller = w.sts.verifySessionToken((await w.sts.login({ account: A, userName: 'alice', password: PASSWORD })).credentials.sessionToken)
    await putRole(w.store, A, 'Tagged', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: userArn(A, 'alice') }, Action: ['sts:AssumeRole', 'sts:TagSession'] }] })
    const out = await w.sts.assumeRole({ caller, roleArn: roleArn(A, 'Tagged'), roleSessionName: 'user', tags: [{ key: 'typ', value: 'user' }, { key: 'sub', value: userArn(A, 'root') }] })
    const session = w.sts.verifySessionToken(out.credentials.sessionToken)
    expect(session).toMatchObject({ type: 'assumedRole', arn: `arn:app:sts::${A}:assumed-role/Tagged/user`, account: A })
    expect(session.tags.get('sub')).toBe(userArn(A, 'root'))
  })

  it('refuses a service assertion or a foreign ID token as a session token even when it names our issuer', () => {
    const foreign = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const token = signEs256(HEADER, claims(), foreign.privateKey)
    expect(() => w.sts.verifySessionToken(token)).toThrow(invalid)
  })
})

// Issue 9, attack 4: a correctly signed token whose time claims are broken. JSON allows `1e309`
// (Infinity once parsed), fractions, absurd magnitudes and payloads that are not objects; none may
// yield a principal, and none may reach code that turns a time into a Date (a 500). RFC 7519
// section 2 ("NumericDate": seconds since the epoch) and 4.1.4–4.1.6; AWS "Requesting temporary
// security credentials": no STS session lasts longer than 36 hours (GetSessionToken), a role
// session at most 12 hours (the maximum role session duration).
describe('session tokens with broken time claims', () => {
  let w: World

  beforeEach(async () => {
    w = await world()
    await putUser(w.store, A, 'alice')
  })
  afterEach(() => w.sts.close())

  const now = (): number => Math.floor(Date.now() / 1000)
  /** The claims as JSON text, with one member's value spliced in raw (so `1e309` stays `1e309`). */
  function rawClaims(member: string, raw: string, overrides: Record<string, unknown> = {}): string {
    const text = JSON.stringify(claims(overrides))
    return text.replace(new RegExp(`"${member}":-?[0-9.e+]+`), `"${member}":${raw}`)
  }
  const role = { sub: `arn:app:sts::${A}:assumed-role/Ops/s`, typ: 'assumedRole', ra: `arn:app:iam::${A}:role/Ops`, rn: 'Ops', rid: 'AROAOPSXXXXXXXXXXXXX', sn: 's', uid: 'AROAOPSXXXXXXXXXXXXX:s', un: undefined, cd: 1 }

  it.each<[string, string]>([
    ['exp = 1e309 (Infinity)', rawClaims('exp', '1e309')],
    ['exp = -1e309 (-Infinity)', rawClaims('exp', '-1e309')],
    ['exp ten years ahead', JSON.stringify(claims({ exp: now() + 10 * 365 * 86_400 }))],
    ['exp 36 hours and a minute after iat', JSON.stringify(claims({ exp: now() + 129_660 }))],
    ['exp before iat', JSON.stringify(claims({ iat: now(), exp: now() - 1 }))],
    ['a fractional exp', rawClaims('exp', `${now() + 600}.5`)],
    ['iat = -1e300', rawClaims('iat', '-1e300')],
    ['iat = 1e309', rawClaims('iat', '1e309')],
    ['a negative iat', JSON.stringify(claims({ iat: -5 }))],
    ['a fractional iat', rawClaims('iat', `${now()}.25`)],
    ['nbf = -1e309', rawClaims('nbf', '-1e309')],
    ['nbf before iat', JSON.stringify(claims({ nbf: now() - 60 }))],
    ['an MFA time of -1e300', JSON.stringify({ ...claims({ mfa: 1 }), mat: -1e300 })],
    ['an MFA time after the token was issued', JSON.stringify(claims({ mfa: 1, mat: now() + 60 }))],
    ['a role session of 12 hours and a minute', JSON.stringify(claims({ ...role, exp: now() + 43_260 }))],
    ['the claims as a JSON string', JSON.stringify(JSON.stringify(claims()))],
    ['the claims inside an array', JSON.stringify([claims()])],
    ['the payload null', 'null'],
  ])('refuses a correctly signed token with %s as invalid (401), never a crash', (_name, payload) => {
    const token = signEs256(HEADER, payload, KEY)
    expect(() => w.sts.verifySessionToken(token)).toThrow(invalid)
  })

  it('accepts the longest sessions STS issues: 36 hours for a user token, 12 hours for a role session', () => {
    expect(w.sts.verifySessionToken(signEs256(HEADER, claims({ exp: now() + 129_600 }), KEY)).type).toBe('user')
    expect(w.sts.verifySessionToken(signEs256(HEADER, claims({ ...role, exp: now() + 43_200 }), KEY)).type).toBe('assumedRole')
  })

  it('refuses to revoke by a token whose expiry is Infinity rather than keeping it in the denylist forever', async () => {
    const token = signEs256(HEADER, rawClaims('exp', '1e309'), KEY)
    await expect(w.sts.revokeToken({ token })).rejects.toMatchObject({ code: 'ERR_TOKEN_INVALID', status: 401 })
  })
})

describe('broken time claims over HTTP (Express 5 and Koa 3, iamGuard and stsRouter)', () => {
  const KEYS = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const ISS = 'https://iam.test'
  let iam: Iam
  let servers: { name: string; running: Running; hits: Hits }[] = []

  beforeAll(async () => {
    iam = await createIam({ store: memoryStore(), tokens: { algorithm: 'ES256', privateKey: KEYS.privateKey, publicKey: KEYS.publicKey, issuer: ISS, kid: 'k1' }, logger: quiet })
    await iam.admin.createAccount({ account: A })
    await iam.admin.createUser({ account: A, userName: 'alice' })
    await iam.admin.putUserPolicy({ account: A, userName: 'alice', policyName: 'docs', policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'docs:*', Resource: '*' }] } })
    servers = [
      { name: 'Express 5', ...(await expressServer(iam)) },
      { name: 'Koa 3', ...(await koaServer(iam)) },
    ]
  })
  afterAll(async () => {
    for (const s of servers) await s.running.close()
    await iam?.close()
  })

  async function expressServer(target: Iam): Promise<{ running: Running; hits: Hits }> {
    const hits = new Hits()
    const app = express()
    app.use(expressGuard(target, { logger: quiet }))
    app.use('/sts', expressStsRouter(target))
    app.get('/docs/:doc', expressAuthorize('docs:GetDocument', 'arn:app:docs::{account}:doc/{doc}'), (_req, res) => {
      hits.hit('doc')
      res.json({})
    })
    app.use(expressErrorHandler())
    return { running: await listen(app), hits }
  }

  async function koaServer(target: Iam): Promise<{ running: Running; hits: Hits }> {
    const hits = new Hits()
    const app = new Koa()
    const router = new KoaRouter()
    router.get('/docs/:doc', koaAuthorize('docs:GetDocument', 'arn:app:docs::{account}:doc/{doc}'), (ctx) => {
      hits.hit('doc')
      ctx.body = {}
    })
    app.use(koaErrorHandler())
    app.use(koaGuard(target, { logger: quiet }))
    app.use(koaStsRouter(target, { prefix: '/sts' }).routes())
    app.use(router.routes())
    return { running: await listen(app.callback()), hits }
  }

  /** A token for the real alice, signed with the real key, whose one time claim is `raw`. */
  async function forged(member: string, raw: string): Promise<string> {
    const alice = await iam.admin.getUser({ account: A, userName: 'alice' })
    const t = Math.floor(Date.now() / 1000)
    const text = JSON.stringify(claims({ iss: ISS, aud: ISS, iat: t, nbf: t, exp: t + 600, uid: alice.user.userId }))
    return signEs256(HEADER, text.replace(new RegExp(`"${member}":-?[0-9]+`), `"${member}":${raw}`), KEYS.privateKey)
  }

  it.each<[string, string, string]>([
    ['exp = 1e309', 'exp', '1e309'],
    ['exp ten years ahead', 'exp', String(Math.floor(Date.now() / 1000) + 10 * 365 * 86_400)],
    ['iat = -1e300', 'iat', '-1e300'],
  ])('answers a token with %s with 401 and never runs the handler', async (_name, member, raw) => {
    const token = await forged(member, raw)
    for (const { name, running, hits } of servers) {
      const doc = await request(running.origin).get('/docs/1').set('Authorization', `Bearer ${token}`)
      expect(doc.status, name).toBe(401)
      expectCleanError(doc)
      const who = await request(running.origin).get('/sts/caller-identity').set('Authorization', `Bearer ${token}`)
      expect(who.status, name).toBe(401)
      expect(hits.of('doc'), name).toBe(0)
    }
  })

  it('lets a token with sound claims through, the control case', async () => {
    const good = await forged('exp', String(Math.floor(Date.now() / 1000) + 600))
    for (const { name, running, hits } of servers) {
      const before = hits.of('doc')
      await request(running.origin).get('/docs/1').set('Authorization', `Bearer ${good}`).expect(200)
      expect(hits.of('doc'), name).toBe(before + 1)
    }
  })
})

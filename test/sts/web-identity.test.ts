/**
 * AssumeRoleWithWebIdentity (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html)
 * with condition keys named after the provider ("Available keys for AWS OIDC federation").
 * The provider's JWKS is served on 127.0.0.1, port 0, which only `dangerouslyAllowLocalJwks` admits.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import jwt from 'jsonwebtoken'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { OidcProviderData } from '../../src/identity/model.js'
import { A, B, ecKeys, makeSts, putRole, roleArn, rsaKeys, world, type World } from './helpers.js'

const HOST = 'idp.example.test'
const ISS = `https://${HOST}`
const PROVIDER = `arn:app:iam::${A}:oidc-provider/${HOST}`
const INLINE_HOST = 'inline.example.test'

let server: Server
let port = 0
let hits = 0
let served: { keys: Record<string, unknown>[] }
let idp = rsaKeys()

function jwk(keys: { publicKey: import('node:crypto').KeyObject }, kid: string, alg: string): Record<string, unknown> {
  return { ...(keys.publicKey.export({ format: 'jwk' }) as Record<string, unknown>), kid, alg, use: 'sig' }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    hits++
    if (req.url !== '/jwks') {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(served))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

function idToken(claims: Record<string, unknown> = {}, options: jwt.SignOptions = {}, key: import('node:crypto').KeyObject = idp.privateKey): string {
  const now = Math.floor(Date.now() / 1000)
  return jwt.sign({ iss: ISS, sub: 'user-1', aud: 'my-client', iat: now, exp: now + 300, amr: ['pwd', 'mfa'], ...claims }, key, { algorithm: 'RS256', keyid: 'idp-1', ...options })
}

describe('assumeRoleWithWebIdentity', () => {
  let w: World

  beforeEach(async () => {
    idp = rsaKeys()
    served = { keys: [jwk(idp, 'idp-1', 'RS256')] }
    hits = 0
    w = await world({ dangerouslyAllowLocalJwks: true })
    const provider: OidcProviderData = { arn: PROVIDER, url: ISS, clientIdList: ['my-client'], jwksUri: `http://127.0.0.1:${port}/jwks`, tags: [], createDate: '2024-01-01T00:00:00Z' }
    await w.store.transact((tx) => tx.put('oidcProvider', A, HOST, provider))
    await putRole(w.store, A, 'Web', {
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow', Principal: { Federated: PROVIDER }, Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [`${HOST}:aud`]: 'my-client', [`${HOST}:sub`]: 'user-1' }, 'ForAnyValue:StringEquals': { [`${HOST}:amr`]: 'mfa' } },
      }],
    }, { tags: [{ key: 'kind', value: 'web' }] })
  })
  afterEach(() => w.sts.close())

  const assume = (webIdentityToken: string, extra: Record<string, unknown> = {}) =>
    w.sts.assumeRoleWithWebIdentity({ roleArn: roleArn(A, 'Web'), roleSessionName: 'web-user', webIdentityToken, ...extra })
  const invalid = expect.objectContaining({ code: 'ERR_TOKEN_INVALID', status: 401 })

  it('verifies the ID token against the fetched JWKS and issues a role session', async () => {
    const out = await assume(idToken())
    expect(out.assumedRoleUser.arn).toBe(`arn:app:sts::${A}:assumed-role/Web/web-user`)
    const p = w.sts.verifySessionToken(out.credentials.sessionToken)
    expect(p).toMatchObject({ type: 'assumedRole', federatedProvider: PROVIDER, webIdentityClaims: { sub: 'user-1', aud: 'my-client', amr: ['pwd', 'mfa'] }, chainDepth: 1 })
    expect(p.tags.get('kind')).toBe('web')
    expect(() => {
      ;(p.webIdentityClaims!.amr as string[]).push('hwk')
    }).toThrow(TypeError)
    expect(Object.isFrozen(p.webIdentityClaims)).toBe(true)
    await assume(idToken())
    expect(hits).toBe(1)
  })

  it('decides on <provider>:sub, :aud and :amr', async () => {
    await expect(assume(idToken({ sub: 'user-2' }))).rejects.toMatchObject({ code: 'ERR_ACCESS_DENIED', message: expect.stringContaining('sts:AssumeRoleWithWebIdentity') })
    await expect(assume(idToken({ amr: ['pwd'] }))).rejects.toMatchObject({ code: 'ERR_ACCESS_DENIED' })
    await expect(assume(idToken({ sub: 'user-2' }), { context: { [`${HOST}:sub`]: 'user-1' } })).rejects.toMatchObject({ code: 'ERR_INVALID_PARAMETER' })
  })

  it('refuses an audience that is not a registered client id', async () => {
    await expect(assume(idToken({ aud: 'other-client' }))).rejects.toMatchObject({ code: 'ERR_TOKEN_INVALID', awsCode: 'InvalidIdentityToken' })
  })

  it('refuses an expired ID token', async () => {
    const now = Math.floor(Date.now() / 1000)
    await expect(assume(idToken({ iat: now - 700, exp: now - 600 }))).rejects.toMatchObject({ code: 'ERR_TOKEN_EXPIRED' })
  })

  it('refuses an issuer with no provider in the role\'s account', async () => {
    await expect(assume(idToken({ iss: 'https://unknown.example.test' }))).rejects.toMatchObject({ code: 'ERR_TOKEN_INVALID', message: 'No OpenIDConnect provider found in your account for https://unknown.example.test' })
    await putRole(w.store, B, 'Web', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: PROVIDER }, Action: 'sts:AssumeRoleWithWebIdentity' }] })
    await expect(w.sts.assumeRoleWithWebIdentity({ roleArn: roleArn(B, 'Web'), roleSessionName: 'x1', webIdentityToken: idToken() })).rejects.toMatchObject({ code: 'ERR_TOKEN_INVALID' })
  })

  it('refuses forged tokens: another key, HS256 with the public key, alg none, an unknown kid', async () => {
    await expect(assume(idToken({}, {}, rsaKeys().privateKey))).rejects.toEqual(invalid)
    const pem = idp.publicKey.export({ format: 'pem', type: 'spki' }) as string
    const payload = { iss: ISS, sub: 'user-1', aud: 'my-client', exp: Math.floor(Date.now() / 1000) + 300 }
    await expect(assume(jwt.sign(payload, pem, { algorithm: 'HS256', keyid: 'idp-1' }))).rejects.toEqual(invalid)
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', kid: 'idp-1' })).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.`
    await expect(assume(none)).rejects.toEqual(invalid)
    await expect(assume(idToken({}, { keyid: 'idp-9' }))).rejects.toEqual(invalid)
  })

  it('fetches the key set again for an unknown kid after a rotation, at most once a minute', async () => {
    let offset = 0
    const sts = await makeSts(w.store, { clock: () => Date.now() + offset, dangerouslyAllowLocalJwks: true })
    const assumeWith = (token: string) => sts.assumeRoleWithWebIdentity({ roleArn: roleArn(A, 'Web'), roleSessionName: 'web-user', webIdentityToken: token })
    await assumeWith(idToken())
    expect(hits).toBe(1)
    const next = ecKeys()
    served = { keys: [jwk(next, 'idp-2', 'ES256')] }
    const rotated = idToken({}, { algorithm: 'ES256', keyid: 'idp-2' }, next.privateKey)
    await expect(assumeWith(rotated)).rejects.toMatchObject({ code: 'ERR_TOKEN_INVALID' })
    expect(hits).toBe(1)
    offset = 61_000
    expect((await assumeWith(rotated)).principal.roleName).toBe('Web')
    expect(hits).toBe(2)
    sts.close()
  })

  it('uses inline keys when the provider has them, and never fetches non-https key sets', async () => {
    const inline = ecKeys()
    const provider: OidcProviderData = { arn: `arn:app:iam::${A}:oidc-provider/${INLINE_HOST}`, url: `https://${INLINE_HOST}`, clientIdList: ['c'], jwks: { keys: [jwk(inline, 'k', 'ES256')] }, tags: [], createDate: '2024-01-01T00:00:00Z' }
    await w.store.transact((tx) => tx.put('oidcProvider', A, INLINE_HOST, provider))
    await putRole(w.store, A, 'Inline', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: provider.arn }, Action: 'sts:AssumeRoleWithWebIdentity' }] })
    const now = Math.floor(Date.now() / 1000)
    const token = jwt.sign({ iss: `https://${INLINE_HOST}`, sub: 's', aud: 'c', exp: now + 60 }, inline.privateKey, { algorithm: 'ES256', keyid: 'k' })
    expect((await w.sts.assumeRoleWithWebIdentity({ roleArn: roleArn(A, 'Inline'), roleSessionName: 'x1', webIdentityToken: token })).principal.federatedProvider).toBe(provider.arn)
    expect(hits).toBe(0)
    const { isAllowedJwksUrl } = await import('../../src/sts/jwks-fetch.js')
    expect(isAllowedJwksUrl('http://example.com/jwks')).toBe(false)
    expect(isAllowedJwksUrl('http://localhost/jwks')).toBe(false)
    expect(isAllowedJwksUrl('https://user:pw@example.com/jwks')).toBe(false)
    expect(isAllowedJwksUrl('https://example.com/jwks')).toBe(true)
  })
})

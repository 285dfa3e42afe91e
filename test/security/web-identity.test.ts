/**
 * Attacks on AssumeRoleWithWebIdentity: issuers that only resemble a registered provider,
 * headers that offer the attacker's key, `crit`, forged provider claims in the request context,
 * and key-set URLs that point inside the network (SSRF). AWS "Create an OpenID Connect (OIDC)
 * identity provider in IAM" and RFC 7515 section 4.1.11 (`crit`).
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto'
import jwt from 'jsonwebtoken'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { OidcProviderData } from '../../src/identity/model.js'
import { isAllowedJwksUrl } from '../../src/sts/jwks-fetch.js'
import { A, putRole, roleArn, rsaKeys, world, type World } from '../sts/helpers.js'
import { signEs256 } from './helpers.js'

const HOST = 'idp.example.test'
const ISS = `https://${HOST}`
const PROVIDER = `arn:app:iam::${A}:oidc-provider/${HOST}`
const idp = rsaKeys()
const invalid = expect.objectContaining({ code: 'ERR_TOKEN_INVALID' })

function idToken(claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}, key: KeyObject = idp.privateKey): string {
  const now = Math.floor(Date.now() / 1000)
  return jwt.sign({ iss: ISS, sub: 'user-1', aud: 'my-client', iat: now, exp: now + 300, ...claims }, key, {
    algorithm: 'RS256',
    header: { alg: 'RS256', kid: 'idp-1', ...header } as jwt.JwtHeader,
  })
}

describe('assumeRoleWithWebIdentity under attack', () => {
  let w: World

  beforeEach(async () => {
    w = await world()
    const jwk = { ...(idp.publicKey.export({ format: 'jwk' }) as Record<string, unknown>), kid: 'idp-1', alg: 'RS256', use: 'sig' }
    const provider: OidcProviderData = { arn: PROVIDER, url: ISS, clientIdList: ['my-client'], jwks: { keys: [jwk] }, tags: [], createDate: '2024-01-01T00:00:00Z' }
    await w.store.transact((tx) => tx.put('oidcProvider', A, HOST, provider))
    await putRole(w.store, A, 'Web', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Federated: PROVIDER }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${HOST}:sub`]: 'user-1' } } }],
    })
  })
  afterEach(() => w.sts.close())

  const assume = (webIdentityToken: string, extra: Record<string, unknown> = {}) =>
    w.sts.assumeRoleWithWebIdentity({ roleArn: roleArn(A, 'Web'), roleSessionName: 'web-user', webIdentityToken, ...extra })

  it('admits the genuine token, the control case', async () => {
    await expect(assume(idToken())).resolves.toMatchObject({ assumedRoleUser: { arn: `arn:app:sts::${A}:assumed-role/Web/web-user` } })
  })

  it.each([
    ['a longer host', `${ISS}.evil.example`],
    ['a user-info trick', `https://${HOST}@evil.example`],
    ['a path below it', `${ISS}/evil`],
    ['plain http', `http://${HOST}`],
    ['another case', `https://IDP.example.test`],
    ['two trailing slashes', `${ISS}//`],
    ['a port', `${ISS}:8443`],
    ['a query', `${ISS}?x=1`],
  ])('refuses an issuer that only resembles the provider: %s', async (_name, iss) => {
    await expect(assume(idToken({ iss }))).rejects.toEqual(invalid)
  })

  it.each(['jwk', 'jku', 'x5u'])('never takes the key from a %s header, even with the provider\'s kid', async (member) => {
    const attacker = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const offered = member === 'jwk' ? attacker.publicKey.export({ format: 'jwk' }) : 'https://evil.example/jwks.json'
    await expect(assume(idToken({}, { [member]: offered }, attacker.privateKey))).rejects.toEqual(invalid)
  })

  it.each(['../idp-1', '__proto__', 'IDP-1', 'idp-1\u0000'])('refuses the kid %j', async (kid) => {
    await expect(assume(idToken({}, { kid }))).rejects.toEqual(invalid)
  })

  // RFC 7515 4.1.11: a recipient that does not understand an extension listed in `crit` MUST
  // reject the JWS. jsonwebtoken ignores `crit`, so the check has to be ours.
  it('refuses a token whose crit header names an extension it does not understand', async () => {
    await expect(assume(idToken({}, { crit: ['urn:example:must-understand'], 'urn:example:must-understand': true }))).rejects.toEqual(invalid)
  })

  it('refuses an ID token that is not valid yet', async () => {
    await expect(assume(idToken({ nbf: Math.floor(Date.now() / 1000) + 3600 }))).rejects.toEqual(invalid)
  })

  it.each([`${HOST}:sub`, `${HOST.toUpperCase()}:SUB`, 'aws:FederatedProvider', 'sts:RoleSessionName'])(
    'refuses a caller-supplied context key %s that would forge a provider claim',
    async (key) => {
      await expect(assume(idToken({ sub: 'someone-else' }), { context: { [key]: 'user-1' } })).rejects.toMatchObject({ code: 'ERR_INVALID_PARAMETER' })
    },
  )

  it('decides on the verified subject, not on one the caller wishes it had', async () => {
    await expect(assume(idToken({ sub: 'someone-else' }))).rejects.toMatchObject({ code: 'ERR_ACCESS_DENIED' })
  })
})

describe('identity provider key-set URLs (SSRF)', () => {
  it.each([
    'file:///etc/passwd', 'ftp://idp.example.test/jwks', 'http://idp.example.test/jwks', 'http://localhost/jwks', 'http://[::1]/jwks',
    'http://169.254.169.254/latest/meta-data/', 'https://user:secret@idp.example.test/jwks', 'data:application/json,{"keys":[]}', 'not a url',
  ])('refuses %s', (url) => {
    expect(isAllowedJwksUrl(url)).toBe(false)
  })

  it('accepts a public https URL', () => {
    expect(isAllowedJwksUrl('https://idp.example.test/.well-known/jwks.json')).toBe(true)
  })

  // The URL is written by an account administrator, who in a multi-tenant app is a customer:
  // key sets on loopback, private or link-local addresses let the server be pointed inside its
  // own network, and the error message ("answered 404") turns that into a port scanner.
  it('refuses key sets at loopback, private and link-local addresses', () => {
    const internal = [
      'https://127.0.0.1/jwks', 'https://10.0.0.5/jwks', 'https://192.168.1.1/jwks', 'https://172.16.0.1/jwks',
      'https://169.254.169.254/latest/meta-data/', 'https://[::1]/jwks', 'https://[fd00::1]/jwks', 'https://[::ffff:10.0.0.5]/jwks', 'https://2130706433/jwks',
    ]
    expect(internal.filter((url) => isAllowedJwksUrl(url))).toEqual([])
  })
})

// Issue 9, attack 4, for foreign tokens: an ID token signed by the registered provider whose time
// claims are broken. OpenID Connect Core 1.0 section 2 makes `iat` and `exp` REQUIRED NumericDates
// (RFC 7519 section 2: seconds since the epoch); an ID token living longer than a day (EKS
// service-account tokens, the longest in common use with AWS, live 24 hours) is refused.
describe('ID tokens with broken time claims', () => {
  let w: World
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const EC_HOST = 'ec.example.test'
  const EC_PROVIDER = `arn:app:iam::${A}:oidc-provider/${EC_HOST}`

  beforeEach(async () => {
    w = await world()
    const jwk = { ...(ec.publicKey.export({ format: 'jwk' }) as Record<string, unknown>), kid: 'ec-1', alg: 'ES256', use: 'sig' }
    const provider: OidcProviderData = { arn: EC_PROVIDER, url: `https://${EC_HOST}`, clientIdList: ['my-client'], jwks: { keys: [jwk] }, tags: [], createDate: '2024-01-01T00:00:00Z' }
    await w.store.transact((tx) => tx.put('oidcProvider', A, EC_HOST, provider))
    await putRole(w.store, A, 'EcWeb', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: EC_PROVIDER }, Action: 'sts:AssumeRoleWithWebIdentity' }] })
  })
  afterEach(() => w.sts.close())

  const now = (): number => Math.floor(Date.now() / 1000)
  /** The ID token's claims as JSON text, `member` spliced in raw (so that `1e309` stays `1e309`); `undefined` drops it. */
  function raw(member?: string, value?: string): string {
    const text = JSON.stringify({ iss: `https://${EC_HOST}`, sub: 'user-1', aud: 'my-client', iat: now(), exp: now() + 300 })
    if (member === undefined) return text
    if (value === undefined) return text.replace(new RegExp(`,"${member}":[0-9]+`), '')
    return text.includes(`"${member}"`) ? text.replace(new RegExp(`"${member}":[0-9]+`), `"${member}":${value}`) : text.replace(/}$/, `,"${member}":${value}}`)
  }
  const assume = (payload: string) =>
    w.sts.assumeRoleWithWebIdentity({ roleArn: roleArn(A, 'EcWeb'), roleSessionName: 'web-user', webIdentityToken: signEs256({ alg: 'ES256', kid: 'ec-1' }, payload, ec.privateKey) })

  it('admits a sound token, and one living exactly 24 hours', async () => {
    await expect(assume(raw())).resolves.toMatchObject({ assumedRoleUser: { arn: `arn:app:sts::${A}:assumed-role/EcWeb/web-user` } })
    await expect(assume(raw('exp', String(now() + 86_400)))).resolves.toBeDefined()
  })

  it.each<[string, string, string | undefined]>([
    ['exp = 1e309 (Infinity)', 'exp', '1e309'],
    ['exp = -1e309', 'exp', '-1e309'],
    ['exp ten years ahead', 'exp', String(Math.floor(Date.now() / 1000) + 10 * 365 * 86_400)],
    ['exp a day and a minute ahead', 'exp', String(Math.floor(Date.now() / 1000) + 86_460)],
    ['a fractional exp', 'exp', `${Math.floor(Date.now() / 1000) + 300}.5`],
    ['no iat', 'iat', undefined],
    ['iat = -1e300', 'iat', '-1e300'],
    ['iat an hour in the future', 'iat', String(Math.floor(Date.now() / 1000) + 3600)],
    ['nbf = -1e309', 'nbf', '-1e309'],
  ])('refuses an ID token with %s as InvalidIdentityToken (401), never a crash', async (_name, member, value) => {
    await expect(assume(raw(member, value))).rejects.toMatchObject({ code: 'ERR_TOKEN_INVALID', status: 401, awsCode: 'InvalidIdentityToken' })
  })

  it('refuses an ID token whose payload is a JSON string holding the claims', async () => {
    await expect(assume(JSON.stringify(raw()))).rejects.toMatchObject({ code: 'ERR_TOKEN_INVALID', status: 401 })
  })
})

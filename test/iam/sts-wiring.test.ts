import { generateKeyPairSync } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import jwt from 'jsonwebtoken'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createIam } from '../../src/iam.js'
import { memoryStore } from '../../src/store/memory.js'
import type { StsInstance } from '../../src/sts/index.js'
import { ACCOUNT, allow, tokenOptions, trust } from '../identity/helpers.js'

const DOC = `arn:app:docs::${ACCOUNT}:doc/1`

describe('createIam wires STS to the identity layer', () => {
  it('logs a user in, assumes a role through its trust policy, and authorizes the session with the role policies', async () => {
    const iam = await createIam({ store: memoryStore(), tokens: tokenOptions() })
    await iam.admin.createAccount({ account: ACCOUNT })
    const { user } = await iam.admin.createUser({ account: ACCOUNT, userName: 'alice' })
    await iam.admin.createLoginProfile({ account: ACCOUNT, userName: 'alice', password: 'correct horse battery' })
    await iam.admin.createRole({ account: ACCOUNT, roleName: 'Editor', assumeRolePolicyDocument: trust(user.arn) })
    await iam.admin.putRolePolicy({ account: ACCOUNT, roleName: 'Editor', policyName: 'edit', policyDocument: allow('docs:*') })

    const alice = await iam.sts.authenticate({ account: ACCOUNT, userName: 'alice', password: 'correct horse battery' })
    expect((await iam.authorize({ principal: alice, action: 'docs:GetDocument', resource: DOC })).decision).toBe('implicitDeny')

    const { principal: session, credentials } = await iam.sts.assumeRole({ caller: alice, roleArn: `arn:app:iam::${ACCOUNT}:role/Editor`, roleSessionName: 'work' })
    const verified = iam.sts.verifySessionToken(credentials.sessionToken)
    expect(verified.arn).toBe(`arn:app:sts::${ACCOUNT}:assumed-role/Editor/work`)
    expect((await iam.authorize({ principal: session, action: 'docs:GetDocument', resource: DOC })).decision).toBe('allowed')
    expect((await iam.authorize({ principal: verified, action: 'docs:GetDocument', resource: DOC })).decision).toBe('allowed')

    // revokeSessions attaches an inline deny through the admin API; it is enforced at once.
    await iam.sts.revokeSessions({ roleArn: `arn:app:iam::${ACCOUNT}:role/Editor` })
    expect((await iam.authorize({ principal: verified, action: 'docs:GetDocument', resource: DOC })).decision).toBe('explicitDeny')
    await iam.close()
  })
})

// Issue 9: `createOpenIdConnectProvider` accepted `http://127.0.0.1` "for tests" while web identity
// took only `https://` issuers, so such a provider could be created and never used. Both now
// follow one rule: https, or plain http to a loopback address only with dangerouslyAllowLocalJwks.
describe('OpenID Connect providers on a loopback issuer', () => {
  const idp = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  let server: Server
  let issuer = ''

  beforeAll(async () => {
    const jwk = { ...(idp.publicKey.export({ format: 'jwk' }) as Record<string, unknown>), kid: 'local-1', alg: 'ES256', use: 'sig' }
    server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  const idToken = (): string => jwt.sign({ sub: 'dev-user', aud: 'local-app' }, idp.privateKey, { algorithm: 'ES256', keyid: 'local-1', issuer, expiresIn: 300 })

  it('with dangerouslyAllowLocalJwks: creates the provider and lets its ID tokens assume a role', async () => {
    const iam = await createIam({ store: memoryStore(), tokens: tokenOptions(), dangerouslyAllowLocalJwks: true })
    await iam.admin.createAccount({ account: ACCOUNT })
    const id = issuer.slice('http://'.length)
    const { openIdConnectProviderArn } = await iam.admin.createOpenIdConnectProvider({ account: ACCOUNT, url: issuer, clientIdList: ['local-app'], jwksUri: `${issuer}/jwks` })
    expect(openIdConnectProviderArn).toBe(`arn:app:iam::${ACCOUNT}:oidc-provider/${id}`)
    await iam.admin.createRole({
      account: ACCOUNT, roleName: 'Dev',
      assumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Federated: openIdConnectProviderArn }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${id}:aud`]: 'local-app' } } }],
      },
    })
    const out = await iam.sts.assumeRoleWithWebIdentity({ roleArn: `arn:app:iam::${ACCOUNT}:role/Dev`, roleSessionName: 'dev', webIdentityToken: idToken() })
    expect(out.principal).toMatchObject({ federatedProvider: openIdConnectProviderArn, webIdentityClaims: { sub: 'dev-user', aud: 'local-app' } })
    await iam.close()
  })

  it('without it: refuses to create the provider, naming the option, and refuses its tokens', async () => {
    const store = memoryStore()
    const iam = await createIam({ store, tokens: tokenOptions() })
    await iam.admin.createAccount({ account: ACCOUNT })
    const refused = iam.admin.createOpenIdConnectProvider({ account: ACCOUNT, url: issuer, clientIdList: ['local-app'] })
    await expect(refused).rejects.toMatchObject({ code: 'ERR_VALIDATION', message: expect.stringContaining('dangerouslyAllowLocalJwks') })
    await expect(iam.admin.createOpenIdConnectProvider({ account: ACCOUNT, url: 'https://idp.example.test', clientIdList: ['a'], jwksUri: `${issuer}/jwks` }))
      .rejects.toMatchObject({ code: 'ERR_VALIDATION', message: expect.stringContaining('jwksUri') })
    await expect(iam.admin.createOpenIdConnectProvider({ account: ACCOUNT, url: 'http://idp.example.test', clientIdList: ['a'] })).rejects.toMatchObject({ code: 'ERR_VALIDATION' })

    // Even a provider record written by an instance that allowed it is not usable here.
    const id = issuer.slice('http://'.length)
    await store.transact((tx) => tx.put('oidcProvider', ACCOUNT, id, { arn: `arn:app:iam::${ACCOUNT}:oidc-provider/${id}`, url: issuer, clientIdList: ['local-app'], jwksUri: `${issuer}/jwks`, tags: [], createDate: '2024-01-01T00:00:00Z' }))
    await iam.admin.createRole({
      account: ACCOUNT, roleName: 'Dev',
      assumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: `arn:app:iam::${ACCOUNT}:oidc-provider/${id}` }, Action: 'sts:AssumeRoleWithWebIdentity' }] },
    })
    await expect(iam.sts.assumeRoleWithWebIdentity({ roleArn: `arn:app:iam::${ACCOUNT}:role/Dev`, roleSessionName: 'dev', webIdentityToken: idToken() }))
      .rejects.toMatchObject({ code: 'ERR_TOKEN_INVALID', status: 401 })
    await iam.close()
  })
})

describe('createIam bounds the STS memory', () => {
  it.each([
    ['throttle.maxTrackedKeys', { throttle: { maxTrackedKeys: 0 } }],
    ['throttle.maxTrackedKeys', { throttle: { maxTrackedKeys: 2.5 } }],
    ['throttle.maxTrackd', { throttle: { maxTrackd: 10 } }],
    ['tokens.maxRevokedTokens', { tokens: { ...tokenOptions(), maxRevokedTokens: -1 } }],
    ['tokens.maxServiceAssertions', { tokens: { ...tokenOptions(), maxServiceAssertions: '10' } }],
  ])('refuses a bad %s at start-up, naming it', async (name, extra) => {
    await expect(createIam({ store: memoryStore(), tokens: tokenOptions(), ...extra } as never)).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION', message: expect.stringContaining(name) })
  })

  it('keeps the login throttle at throttle.maxTrackedKeys own windows under a flood of made-up names', async () => {
    const iam = await createIam({ store: memoryStore(), tokens: tokenOptions(), throttle: { maxTrackedKeys: 3 } })
    // 6 made-up users from 6 sources: 12 keys (each attempt costs a real scrypt, so few).
    for (let i = 0; i < 6; i++) {
      await iam.sts.login({ account: ACCOUNT, userName: `nobody-${i}`, password: 'x', sourceIp: `203.0.113.${i}` }).catch(() => undefined)
    }
    const stats = (iam.sts as StsInstance).stats()
    expect(stats.throttledKeys).toBe(3)
    expect(stats.throttleWindows).toBeLessThanOrEqual(3 + 64)
    await iam.close()
  })
})


import { describe, expect, it, vi } from 'vitest'
import { createStsEndpoints, runEndpoint, STS_ROUTES, type HttpInput } from '../../../src/guard/endpoints/index.js'
import { fakeSts, roleSession, user } from './fake-sts.js'

const ALICE = user('alice')

function input(overrides: Partial<HttpInput> & { json?: unknown } = {}): HttpInput {
  const { json, ...rest } = overrides
  return {
    method: 'POST',
    // What a browser sends with a same-origin fetch.
    headers: { 'content-type': ['application/json'], origin: ['https://app.example.com'] },
    origin: 'https://app.example.com',
    sourceIp: '203.0.113.7',
    secure: true,
    body: { kind: 'parsed', value: json ?? {} },
    params: {},
    principal: undefined,
    requestId: 'req-1',
    session: undefined,
    ...rest,
  }
}

function setup(options = {}) {
  const sts = fakeSts([ALICE])
  const { endpoints, options: resolved } = createStsEndpoints(sts, options)
  const call = (method: string, path: string, request: HttpInput) => {
    const endpoint = endpoints.find((e) => e.method === method && e.path === path)
    if (endpoint === undefined) throw new Error(`no ${method} ${path}`)
    return runEndpoint(endpoint, request, resolved)
  }
  return { sts, call }
}

describe('the STS endpoint table', () => {
  it('serves exactly the routes listed in STS_ROUTES', () => {
    const { endpoints } = createStsEndpoints(fakeSts())
    expect(endpoints.map(({ method, path, auth }) => ({ method, path, auth }))).toEqual(STS_ROUTES)
  })

  it('refuses to build without an iam object, naming the option', () => {
    expect(() => createStsEndpoints(undefined as never)).toThrow(/iam/)
  })

  it('refuses a bad option when built, naming it', () => {
    expect(() => createStsEndpoints(fakeSts(), { bodyLimitBytes: 0 })).toThrow(/bodyLimitBytes/)
    expect(() => createStsEndpoints(fakeSts(), { allowedOrigins: ['https://a.test/path'] })).toThrow(/allowedOrigins/)
    expect(() => createStsEndpoints(fakeSts(), { allowedOrigins: ['*'] })).toThrow(/allowedOrigins/)
  })

  // STS's login accepts 900 to 43,200 seconds: a longer option would fail every login at run time.
  it('refuses a loginDurationSeconds that STS would refuse on every login', () => {
    expect(() => createStsEndpoints(fakeSts(), { loginDurationSeconds: 129_600 })).toThrow(/loginDurationSeconds/)
    expect(() => createStsEndpoints(fakeSts(), { loginDurationSeconds: 60 })).toThrow(/loginDurationSeconds/)
    expect(() => createStsEndpoints(fakeSts(), { loginDurationSeconds: 43_200 })).not.toThrow()
  })
})

describe('POST /login', () => {
  it('regenerates the session with the user token and returns the credentials', async () => {
    const { call } = setup()
    const result = await call('POST', '/login', input({ json: { account: '111122223333', userName: 'alice', password: 'right' } }))
    expect(result.status).toBe(200)
    expect(result.session).toEqual({ kind: 'regenerate', state: { userToken: `token:${ALICE.arn}` } })
    expect(result.body).toEqual({
      Credentials: { SessionToken: `token:${ALICE.arn}`, Expiration: '2030-01-01T00:00:00.000Z' },
      Identity: { Account: '111122223333', Arn: ALICE.arn, UserId: ALICE.userId },
    })
    expect(result.headers['cache-control']).toBe('no-store')
  })

  it('answers a wrong password and an unknown user with the same status and body', async () => {
    const { call } = setup()
    const wrong = await call('POST', '/login', input({ json: { account: '111122223333', userName: 'alice', password: 'nope' } }))
    const unknown = await call('POST', '/login', input({ json: { account: '111122223333', userName: 'ghost', password: 'nope' } }))
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(wrong.status)
    expect(unknown.body).toEqual(wrong.body)
    expect(wrong.body).toEqual({ error: 'InvalidClientTokenId', message: 'The account, user name or password is incorrect.', requestId: 'req-1' })
    expect(wrong.session).toBeUndefined()
  })

  it('passes the source IP to STS for throttling and keeps the throttling answer', async () => {
    const { sts, call } = setup()
    const result = await call('POST', '/login', input({ json: { account: '1', userName: 'throttled', password: 'x' } }))
    expect(result.status).toBe(429)
    expect(sts.login).toHaveBeenCalledWith(expect.objectContaining({ sourceIp: '203.0.113.7' }))
  })

  it('lists every missing field in one 400 answer, without calling STS', async () => {
    const { sts, call } = setup()
    const result = await call('POST', '/login', input({ json: { userName: 7 } }))
    expect(result.status).toBe(400)
    expect(result.body).toMatchObject({ error: 'ValidationError' })
    expect((result.body as { issues: unknown[] }).issues.map((i) => (i as { path: string[] }).path)).toEqual([['account'], ['userName'], ['password']])
    expect(sts.login).not.toHaveBeenCalled()
  })

  it('hides an internal failure behind a generic 500 and reports it to onError', async () => {
    const onError = vi.fn()
    const { call } = setup({ onError })
    const result = await call('POST', '/login', input({ json: { account: '1', userName: 'broken', password: 'x' } }))
    expect(result.status).toBe(500)
    expect(JSON.stringify(result.body)).not.toMatch(/srv|secret|at /)
    expect(result.body).toMatchObject({ error: 'ServiceFailure', requestId: 'req-1' })
    expect(onError).toHaveBeenCalledWith(expect.any(Error), 'req-1')
  })

  it('refuses a cross-site form post before reading anything', async () => {
    const { sts, call } = setup()
    const result = await call('POST', '/login', input({ headers: { 'content-type': ['application/x-www-form-urlencoded'], 'sec-fetch-site': ['cross-site'] } }))
    expect(result.status).toBe(403)
    expect(sts.login).not.toHaveBeenCalled()
  })
})

describe('POST /logout', () => {
  it('destroys the session and revokes its tokens', async () => {
    const { sts, call } = setup()
    const result = await call('POST', '/logout', input({ session: { userToken: 'u', roleToken: 'r' } }))
    expect(result.status).toBe(200)
    expect(result.session).toEqual({ kind: 'destroy' })
    expect(sts.revokeToken.mock.calls.map((c) => c[0])).toEqual([{ token: 'r' }, { token: 'u' }])
  })

  it('revokes the presented Bearer token for token clients', async () => {
    const { sts, call } = setup()
    await call('POST', '/logout', input({ headers: { 'content-type': ['application/json'], authorization: ['Bearer abc'] } }))
    expect(sts.revokeToken).toHaveBeenCalledWith({ token: 'abc' })
  })

  it('still destroys the session but reports a failure when revocation fails', async () => {
    const { sts, call } = setup()
    sts.revokeToken.mockRejectedValueOnce(new Error('store down'))
    const result = await call('POST', '/logout', input({ session: { userToken: 'u' } }))
    expect(result.status).toBe(500)
    expect(result.session).toEqual({ kind: 'destroy' })
  })
})

describe('authenticating the caller of /caller-identity', () => {
  const get = (overrides: Partial<HttpInput>) => input({ method: 'GET', headers: {}, ...overrides })

  it('uses the principal iamGuard set, without verifying anything again', async () => {
    const { sts, call } = setup()
    const result = await call('GET', '/caller-identity', get({ principal: roleSession('Ops', 's1') }))
    expect(result.body).toEqual({ Account: '111122223333', Arn: 'arn:app:sts::111122223333:assumed-role/Ops/s1', UserId: 'AROAOPS:s1' })
    expect(sts.verifySessionToken).not.toHaveBeenCalled()
  })

  it('verifies a Bearer token when mounted alone', async () => {
    const { call } = setup()
    const result = await call('GET', '/caller-identity', get({ headers: { authorization: [`Bearer token:${ALICE.arn}`] } }))
    expect(result.body).toMatchObject({ Arn: ALICE.arn })
  })

  it('prefers the switched-to role token of the session over the user token', async () => {
    const { sts, call } = setup()
    await sts.switchRole({}, { roleArn: 'arn:app:iam::111122223333:role/Ops' })
    const result = await call('GET', '/caller-identity', get({ session: { userToken: `token:${ALICE.arn}`, roleToken: 'token:arn:app:sts::111122223333:assumed-role/Ops/alice' } }))
    expect(result.body).toMatchObject({ Arn: 'arn:app:sts::111122223333:assumed-role/Ops/alice' })
  })

  it('answers 401 with WWW-Authenticate when there are no credentials', async () => {
    const { call } = setup()
    const result = await call('GET', '/caller-identity', get({}))
    expect(result.status).toBe(401)
    expect(result.headers['www-authenticate']).toBe('Bearer realm="iam-guard"')
  })

  it('answers 401 invalid_token for a token that does not verify', async () => {
    const { call } = setup()
    const result = await call('GET', '/caller-identity', get({ headers: { authorization: ['Bearer forged'] } }))
    expect(result.status).toBe(401)
    expect(result.headers['www-authenticate']).toMatch(/invalid_token/)
  })

  it('refuses a request with two Authorization headers', async () => {
    const { call } = setup()
    const result = await call('GET', '/caller-identity', get({ headers: { authorization: [`Bearer token:${ALICE.arn}`, 'Bearer other'] } }))
    expect(result.status).toBe(400)
  })
})

describe('POST /assume-role', () => {
  it('passes every AWS parameter and the HTTP context to STS and answers in AWS\'s shape', async () => {
    const { sts, call } = setup()
    const json = {
      roleArn: 'arn:app:iam::111122223333:role/Admin', roleSessionName: 'deploy', durationSeconds: 900, externalId: 'ext',
      serialNumber: 'arn:app:iam::111122223333:mfa/alice', tokenCode: '123456', policy: '{"Version":"2012-10-17","Statement":[]}',
      policyArns: [{ arn: 'arn:app:iam::111122223333:policy/P' }], tags: [{ Key: 'team', Value: 'blue' }], transitiveTagKeys: ['team'], sourceIdentity: 'alice',
    }
    const result = await call('POST', '/assume-role', input({ principal: ALICE, json }))
    expect(result.status).toBe(200)
    expect(sts.assumeRole).toHaveBeenCalledWith(expect.objectContaining({
      caller: ALICE, ...json, tags: [{ key: 'team', value: 'blue' }],
      context: expect.objectContaining({ 'aws:SourceIp': '203.0.113.7', 'aws:SecureTransport': true }),
    }))
    expect(result.body).toEqual({
      Credentials: { SessionToken: 'token:arn:app:sts::111122223333:assumed-role/Admin/deploy', Expiration: '2030-01-01T00:00:00.000Z' },
      AssumedRoleUser: { Arn: 'arn:app:sts::111122223333:assumed-role/Admin/deploy', AssumedRoleId: 'AROAADMIN:deploy' },
      PackedPolicySize: 0,
    })
  })

  it('answers AccessDenied when STS refuses', async () => {
    const { call } = setup()
    const result = await call('POST', '/assume-role', input({ principal: ALICE, json: { roleArn: 'arn:app:iam::111122223333:role/Other', roleSessionName: 's' } }))
    expect(result.status).toBe(403)
    expect(result.body).toMatchObject({ error: 'AccessDenied' })
  })

  it('answers 401 without a caller and never asks STS', async () => {
    const { sts, call } = setup()
    const result = await call('POST', '/assume-role', input({ json: { roleArn: 'arn:app:iam::111122223333:role/Admin', roleSessionName: 's' } }))
    expect(result.status).toBe(401)
    expect(sts.assumeRole).not.toHaveBeenCalled()
  })

  it('refuses wrongly typed parameters with their names', async () => {
    const { call } = setup()
    const result = await call('POST', '/assume-role', input({ principal: ALICE, json: { roleArn: 'x', roleSessionName: 's', durationSeconds: '900', tags: [{ Key: 1 }] } }))
    expect(result.status).toBe(400)
    expect(result.body).toMatchObject({ message: expect.stringMatching(/durationSeconds.*tags/) })
  })
})

describe('POST /assume-role-with-web-identity', () => {
  it('needs no caller and reports the provider', async () => {
    const { call } = setup()
    const result = await call('POST', '/assume-role-with-web-identity', input({ json: { roleArn: 'arn:app:iam::111122223333:role/Web', roleSessionName: 'w', webIdentityToken: 'good-id-token' } }))
    expect(result.status).toBe(200)
    expect(result.body).toMatchObject({ PackedPolicySize: 3, Provider: 'arn:app:iam::111122223333:oidc-provider/idp.example.com' })
  })

  it('answers 401 for an identity token STS refuses', async () => {
    const { call } = setup()
    const result = await call('POST', '/assume-role-with-web-identity', input({ json: { roleArn: 'arn:app:iam::111122223333:role/Web', roleSessionName: 'w', webIdentityToken: 'bad' } }))
    expect(result.status).toBe(401)
    expect(result.body).toMatchObject({ error: 'InvalidIdentityToken' })
  })
})

describe('POST /get-session-token', () => {
  it('exchanges access keys for a session token', async () => {
    const { call } = setup()
    const result = await call('POST', '/get-session-token', input({ json: { accessKeyId: 'AKIAALICE', secretAccessKey: 'secret' } }))
    expect(result.body).toEqual({ Credentials: { SessionToken: `token:${ALICE.arn}`, Expiration: '2030-01-01T00:00:00.000Z' } })
  })

  it('answers an unknown key and a wrong secret alike', async () => {
    const { call } = setup()
    const unknown = await call('POST', '/get-session-token', input({ json: { accessKeyId: 'AKIANOBODY', secretAccessKey: 'secret' } }))
    const wrong = await call('POST', '/get-session-token', input({ json: { accessKeyId: 'AKIAALICE', secretAccessKey: 'nope' } }))
    expect(unknown.status).toBe(401)
    expect(unknown.body).toEqual(wrong.body)
  })
})

describe('POST /switch-role and /switch-back', () => {
  const signedIn = { userToken: `token:${ALICE.arn}` }

  it('refuses a cookie-authenticated write that proves no same-origin sender, as iamGuard does', async () => {
    const { sts, call } = setup()
    const json = { roleArn: 'arn:app:iam::111122223333:role/Ops' }
    const bare = await call('POST', '/switch-role', input({ session: signedIn, json, headers: { 'content-type': ['application/json'] } }))
    expect(bare.status).toBe(403)
    expect(sts.switchRole).not.toHaveBeenCalled()
    const scripted = await call('POST', '/switch-role', input({ session: signedIn, json, headers: { 'content-type': ['application/json'], 'x-requested-with': ['fetch'] } }))
    expect(scripted.status).toBe(200)
  })

  it('switches within the session, regenerating it, and answers the new identity', async () => {
    const { call } = setup()
    const result = await call('POST', '/switch-role', input({ session: signedIn, json: { roleArn: 'arn:app:iam::111122223333:role/Ops', displayName: 'Ops' } }))
    expect(result.status).toBe(200)
    expect(result.session).toEqual({
      kind: 'regenerate',
      state: { userToken: signedIn.userToken, roleToken: 'token:arn:app:sts::111122223333:assumed-role/Ops/alice', recentRoles: [{ roleArn: 'arn:app:iam::111122223333:role/Ops', displayName: 'Ops' }] },
    })
    expect(result.body).toMatchObject({ Arn: 'arn:app:sts::111122223333:assumed-role/Ops/alice', SwitchedFrom: ALICE.arn })
  })

  it('keeps at most five recent roles, most recent first', async () => {
    const { call } = setup()
    const recentRoles = [1, 2, 3, 4, 5].map((n) => ({ roleArn: `arn:app:iam::111122223333:role/R${n}` }))
    const result = await call('POST', '/switch-role', input({ session: { ...signedIn, recentRoles }, json: { roleArn: 'arn:app:iam::111122223333:role/R6' } }))
    const state = (result.session as { state: { recentRoles: { roleArn: string }[] } }).state
    expect(state.recentRoles.map((r) => r.roleArn.slice(-2))).toEqual(['R6', 'R1', 'R2', 'R3', 'R4'])
  })

  it('needs a server session', async () => {
    const { call } = setup()
    const result = await call('POST', '/switch-role', input({ json: { roleArn: 'arn:app:iam::111122223333:role/Ops' } }))
    expect(result.status).toBe(400)
  })

  it('answers 401 for a session that is not signed in', async () => {
    const { sts, call } = setup()
    const result = await call('POST', '/switch-role', input({ session: {}, json: { roleArn: 'arn:app:iam::111122223333:role/Ops' } }))
    expect(result.status).toBe(401)
    expect(sts.switchRole).not.toHaveBeenCalled()
  })

  it('switches back to the user, dropping the role token and regenerating the session', async () => {
    const { call } = setup()
    const session = { ...signedIn, roleToken: 'token:whatever', recentRoles: [{ roleArn: 'arn:app:iam::111122223333:role/Ops' }] }
    const result = await call('POST', '/switch-back', input({ session }))
    expect(result.session).toEqual({ kind: 'regenerate', state: { userToken: signedIn.userToken, recentRoles: session.recentRoles } })
    expect(result.body).toMatchObject({ Arn: ALICE.arn, RecentRoles: [{ RoleArn: 'arn:app:iam::111122223333:role/Ops' }] })
  })
})

describe('GET /.well-known/jwks.json', () => {
  it('publishes the public keys, cacheable', async () => {
    const { call } = setup({ jwksMaxAgeSeconds: 60 })
    const result = await call('GET', '/.well-known/jwks.json', input({ method: 'GET', headers: {} }))
    expect(result.body).toEqual({ keys: [expect.objectContaining({ kid: 'k1' })] })
    expect(result.headers['cache-control']).toBe('public, max-age=60')
  })
})

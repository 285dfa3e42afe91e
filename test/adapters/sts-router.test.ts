/**
 * `stsRouter` end to end, the same suite against Express 5 and Koa 3, with the real `createIam`,
 * `memoryStore`, express-session / koa-session as the README configures them, and supertest.
 */
import { generateKeyPairSync } from 'node:crypto'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createIam } from '../../src/iam.js'
import { memoryStore } from '../../src/store/memory.js'
import { A, arn, createWorld, FRAMEWORKS, GUARDED_FRAMEWORKS, idToken, PASSWORD, sessionCookie, sessionCookieHeader, type TestApp, type World } from '../guard/endpoints/http-fixture.js'

const login = { account: A, userName: 'alice', password: PASSWORD }

describe.each(FRAMEWORKS)('stsRouter on $name', ({ start }) => {
  let world: World
  let app: TestApp

  beforeAll(async () => {
    world = await createWorld()
    app = await start(world.iam)
  })

  afterAll(async () => {
    await app?.close()
    await world?.iam.close()
  })

  /** A browser: keeps cookies, sends its own Origin with every request like a same-origin fetch. */
  function browser() {
    return request.agent(app.server)
  }

  async function signedIn() {
    const agent = browser()
    const res = await agent.post('/sts/login').set('Origin', app.origin).send(login).expect(200)
    return { agent, res }
  }

  describe('POST /login', () => {
    it('signs in, answers the credentials and the identity, and never lets a response be cached', async () => {
      const { res } = await signedIn()
      expect(res.body.Identity).toEqual({ Account: A, Arn: arn.user('alice'), UserId: expect.stringMatching(/^AIDA/) })
      expect(res.body.Credentials).toEqual({ SessionToken: expect.any(String), Expiration: expect.any(String) })
      expect(res.headers['cache-control']).toBe('no-store')
    })

    it('gives the session a new id at login, so a planted session id is worthless (no fixation)', async () => {
      const agent = browser()
      const before = sessionCookie((await agent.get('/touch').expect(200)).headers['set-cookie'])
      expect(before).toBeDefined()
      const res = await agent.post('/sts/login').set('Origin', app.origin).send(login).expect(200)
      const after = sessionCookie(res.headers['set-cookie'])
      expect(after).toBeDefined()
      expect(after).not.toBe(before)
    })

    it('sets the session cookie HttpOnly and SameSite=Lax, and not Secure over plain HTTP (secure: auto)', async () => {
      const { res } = await signedIn()
      const cookie = sessionCookieHeader(res.headers['set-cookie'])?.toLowerCase()
      expect(cookie).toContain('httponly')
      expect(cookie).toContain('samesite=lax')
      expect(cookie).not.toContain('secure')
    })

    it('answers a wrong password and an unknown user identically', async () => {
      const wrong = await request(app.server).post('/sts/login').send({ ...login, password: 'not the password' })
      const unknown = await request(app.server).post('/sts/login').send({ ...login, userName: 'mallory' })
      expect(wrong.status).toBe(401)
      expect(unknown.status).toBe(wrong.status)
      const { requestId: _a, ...wrongBody } = wrong.body
      const { requestId: _b, ...unknownBody } = unknown.body
      expect(unknownBody).toEqual(wrongBody)
      expect(wrong.headers['set-cookie']).toBeUndefined()
    })

    it('refuses an HTML form post (urlencoded) with 415 and signs nobody in', async () => {
      const res = await request(app.server).post('/sts/login').type('form').send(login)
      expect(res.status).toBe(415)
      expect(res.body).toMatchObject({ error: 'UnsupportedMediaType', requestId: expect.any(String) })
      expect(res.headers['set-cookie']).toBeUndefined()
    })

    it('refuses a login posted from another site', async () => {
      const res = await request(app.server).post('/sts/login').set('Origin', 'https://evil.test').set('Sec-Fetch-Site', 'cross-site').send(login)
      expect(res.status).toBe(403)
      expect(res.body.error).toBe('AccessDenied')
    })
  })

  describe('the session after login', () => {
    it('authenticates GET /caller-identity by the cookie alone', async () => {
      const { agent } = await signedIn()
      const res = await agent.get('/sts/caller-identity').expect(200)
      expect(res.body).toEqual({ Account: A, Arn: arn.user('alice'), UserId: expect.stringMatching(/^AIDA/) })
    })

    it('answers 401 with WWW-Authenticate and an AWS-style body without any credentials', async () => {
      const res = await request(app.server).get('/sts/caller-identity')
      expect(res.status).toBe(401)
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/)
      expect(res.body).toEqual({ error: 'UnrecognizedClient', message: expect.any(String), requestId: expect.any(String) })
    })

    it('ends the session and revokes its token at logout', async () => {
      const { agent, res } = await signedIn()
      const token = res.body.Credentials.SessionToken as string
      await agent.post('/sts/logout').set('Origin', app.origin).send({}).expect(200)
      await agent.get('/sts/caller-identity').expect(401)
      await request(app.server).get('/sts/caller-identity').set('Authorization', `Bearer ${token}`).expect(401)
    })
  })

  // Issue 14: logout and switch-back carry nothing, and clients send them without a body
  // (`fetch(url, { method: 'POST' })` sends no Content-Type). Other endpoints still need JSON, and
  // a body-less request riding on the cookie still has to prove it comes from our origin.
  describe('body-less POSTs', () => {
    it('logs out with no Content-Type and no body, ending the session and revoking its token', async () => {
      const { agent, res } = await signedIn()
      const token = res.body.Credentials.SessionToken as string
      await agent.post('/sts/logout').set('Origin', app.origin).expect(200)
      await agent.get('/sts/caller-identity').expect(401)
      await request(app.server).get('/sts/caller-identity').set('Authorization', `Bearer ${token}`).expect(401)
    })

    it('logs a Bearer client out with a body-less POST', async () => {
      const { res } = await signedIn()
      const token = res.body.Credentials.SessionToken as string
      await request(app.server).post('/sts/logout').set('Authorization', `Bearer ${token}`).expect(200)
      await request(app.server).get('/sts/caller-identity').set('Authorization', `Bearer ${token}`).expect(401)
    })

    it('switches back with no Content-Type and no body', async () => {
      const { agent } = await signedIn()
      await agent.post('/sts/switch-role').set('Origin', app.origin).send({ roleArn: arn.role('Ops') }).expect(200)
      const back = await agent.post('/sts/switch-back').set('Origin', app.origin).expect(200)
      expect(back.body).toMatchObject({ Arn: arn.user('alice') })
      expect((await agent.get('/sts/caller-identity').expect(200)).body.Arn).toBe(arn.user('alice'))
    })

    it('still refuses a body-less logout riding on the cookie from another site', async () => {
      const { agent } = await signedIn()
      const res = await agent.post('/sts/logout').set('Origin', 'https://evil.test')
      expect(res.status).toBe(403)
      await agent.get('/sts/caller-identity').expect(200)
    })

    it('still refuses a body without a JSON Content-Type, and a body-less login', async () => {
      const { agent } = await signedIn()
      const res = await agent.post('/sts/logout').set('Origin', app.origin).set('Content-Type', 'text/plain').send('x')
      expect(res.status).toBe(415)
      await agent.get('/sts/caller-identity').expect(200)
      expect((await request(app.server).post('/sts/login')).status).toBe(415)
    })
  })

  describe('POST /assume-role', () => {
    it('issues role credentials in AWS\'s shape to a Bearer caller the trust policy admits', async () => {
      const { res } = await signedIn()
      const token = res.body.Credentials.SessionToken as string
      const out = await request(app.server).post('/sts/assume-role').set('Authorization', `Bearer ${token}`)
        .send({ roleArn: arn.role('Deploy'), roleSessionName: 'ci-run', durationSeconds: 900 }).expect(200)
      expect(out.body).toEqual({
        Credentials: { SessionToken: expect.any(String), Expiration: expect.any(String) },
        AssumedRoleUser: { Arn: arn.session('Deploy', 'ci-run'), AssumedRoleId: expect.stringMatching(/^AROA.+:ci-run$/) },
        PackedPolicySize: expect.any(Number),
      })
      const who = await request(app.server).get('/sts/caller-identity').set('Authorization', `Bearer ${out.body.Credentials.SessionToken}`).expect(200)
      expect(who.body.Arn).toBe(arn.session('Deploy', 'ci-run'))
    })

    it('answers AccessDenied for a role whose trust policy does not admit the caller', async () => {
      const { res } = await signedIn()
      const out = await request(app.server).post('/sts/assume-role').set('Authorization', `Bearer ${res.body.Credentials.SessionToken}`)
        .send({ roleArn: arn.role('Secret'), roleSessionName: 'probe' })
      expect(out.status).toBe(403)
      expect(out.body).toMatchObject({ error: 'AccessDenied', requestId: expect.any(String) })
      expect(out.body.message).not.toMatch(/Statement|Principal|"Effect"/)
    })

    it('answers 401 without credentials', async () => {
      await request(app.server).post('/sts/assume-role').send({ roleArn: arn.role('Deploy'), roleSessionName: 'probe' }).expect(401)
    })
  })

  describe('POST /switch-role and /switch-back', () => {
    it('switches the session to a role with a new session id, then to another role as the original user, then back', async () => {
      const { agent, res } = await signedIn()
      let sid = sessionCookie(res.headers['set-cookie'])

      const toOps = await agent.post('/sts/switch-role').set('Origin', app.origin).send({ roleArn: arn.role('Ops'), displayName: 'Ops' }).expect(200)
      expect(toOps.body).toMatchObject({ Arn: arn.session('Ops', 'alice'), SwitchedFrom: arn.user('alice') })
      const afterOps = sessionCookie(toOps.headers['set-cookie'])
      expect(afterOps).toBeDefined()
      expect(afterOps).not.toBe(sid)
      sid = afterOps
      expect((await agent.get('/sts/caller-identity').expect(200)).body.Arn).toBe(arn.session('Ops', 'alice'))

      // Ops itself may not assume Deploy; alice may: the switch is authorized against alice.
      const toDeploy = await agent.post('/sts/switch-role').set('Origin', app.origin).send({ roleArn: arn.role('Deploy') }).expect(200)
      expect(toDeploy.body.Arn).toBe(arn.session('Deploy', 'alice'))
      expect(toDeploy.body.RecentRoles).toEqual([{ RoleArn: arn.role('Deploy') }, { RoleArn: arn.role('Ops'), DisplayName: 'Ops' }])
      expect(sessionCookie(toDeploy.headers['set-cookie'])).not.toBe(sid)

      const back = await agent.post('/sts/switch-back').set('Origin', app.origin).send({}).expect(200)
      expect(back.body).toMatchObject({ Arn: arn.user('alice') })
      expect(sessionCookie(back.headers['set-cookie'])).toBeDefined()
      expect((await agent.get('/sts/caller-identity').expect(200)).body.Arn).toBe(arn.user('alice'))
    })

    it('refuses a switch to a role that does not trust the user, keeping the session as it was', async () => {
      const { agent } = await signedIn()
      const res = await agent.post('/sts/switch-role').set('Origin', app.origin).send({ roleArn: arn.role('Secret') })
      expect(res.status).toBe(403)
      expect((await agent.get('/sts/caller-identity').expect(200)).body.Arn).toBe(arn.user('alice'))
    })

    it('refuses a cross-site switch riding on the session cookie', async () => {
      const { agent } = await signedIn()
      const res = await agent.post('/sts/switch-role').set('Origin', 'https://evil.test').send({ roleArn: arn.role('Ops') })
      expect(res.status).toBe(403)
      const bySite = await agent.post('/sts/switch-role').set('Sec-Fetch-Site', 'cross-site').send({ roleArn: arn.role('Ops') })
      expect(bySite.status).toBe(403)
      expect((await agent.get('/sts/caller-identity').expect(200)).body.Arn).toBe(arn.user('alice'))
    })

    it('refuses a form-encoded switch even from the same origin', async () => {
      const { agent } = await signedIn()
      const res = await agent.post('/sts/switch-role').set('Origin', app.origin).type('form').send({ roleArn: arn.role('Ops') })
      expect(res.status).toBe(415)
      expect((await agent.get('/sts/caller-identity').expect(200)).body.Arn).toBe(arn.user('alice'))
    })
  })

  describe('POST /get-session-token', () => {
    it('exchanges access keys for a session token of the user', async () => {
      const res = await request(app.server).post('/sts/get-session-token').send(world.accessKey).expect(200)
      const who = await request(app.server).get('/sts/caller-identity').set('Authorization', `Bearer ${res.body.Credentials.SessionToken}`).expect(200)
      expect(who.body.Arn).toBe(arn.user('alice'))
    })

    it('answers a wrong secret with 401', async () => {
      const res = await request(app.server).post('/sts/get-session-token').send({ ...world.accessKey, secretAccessKey: 'x'.repeat(40) })
      expect(res.status).toBe(401)
    })
  })

  describe('POST /assume-role-with-web-identity', () => {
    it('needs no caller: the OpenID Connect token is the credential', async () => {
      const res = await request(app.server).post('/sts/assume-role-with-web-identity')
        .send({ roleArn: arn.role('Web'), roleSessionName: 'web-user', webIdentityToken: idToken(world) }).expect(200)
      expect(res.body).toMatchObject({
        AssumedRoleUser: { Arn: arn.session('Web', 'web-user') },
        SubjectFromWebIdentityToken: 'user-42',
        Audience: 'app-client',
        Provider: `arn:app:iam::${A}:oidc-provider/idp.test`,
      })
    })

    it('refuses a token for another audience', async () => {
      const res = await request(app.server).post('/sts/assume-role-with-web-identity')
        .send({ roleArn: arn.role('Web'), roleSessionName: 'web-user', webIdentityToken: idToken(world, { aud: 'someone-else' }) })
      expect(res.status).toBe(401)
      expect(res.body.error).toBe('InvalidIdentityToken')
    })
  })

  describe('GET /.well-known/jwks.json', () => {
    it('publishes the public verification key, and no private part', async () => {
      const res = await request(app.server).get('/sts/.well-known/jwks.json').expect(200)
      expect(res.body.keys).toHaveLength(1)
      expect(res.body.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', kid: expect.any(String), alg: 'ES256' })
      expect(res.body.keys[0]).not.toHaveProperty('d')
      expect(res.headers['cache-control']).toMatch(/max-age=\d+/)
    })
  })

  describe('bad bodies', () => {
    it('refuses a body over 16 KiB with 413 in AWS\'s JSON form', async () => {
      const res = await request(app.server).post('/sts/login').send({ ...login, padding: 'x'.repeat(20_000) })
      expect(res.status).toBe(413)
      expect(res.body).toEqual({ error: 'RequestEntityTooLarge', message: expect.any(String), requestId: expect.any(String) })
    })

    it('refuses malformed JSON with 400 and no stack trace', async () => {
      const res = await request(app.server).post('/sts/login').set('Content-Type', 'application/json').send('{"account": ')
      expect(res.status).toBe(400)
      expect(res.body).toMatchObject({ error: 'MalformedInput', requestId: expect.any(String) })
      expect(res.text).not.toMatch(/at .*\.(js|ts):\d+/)
    })

    it('refuses a JSON array or a wrongly typed field with 400 and the issues', async () => {
      await request(app.server).post('/sts/login').send([1, 2]).expect(400)
      const res = await request(app.server).post('/sts/login').send({ account: A, userName: ['alice'], password: PASSWORD }).expect(400)
      expect(res.body.issues).toEqual([{ code: 'invalid-field', path: ['userName'], message: 'userName must be a string' }])
    })
  })
})

// Issue 14: every 429 says when to come back (RFC 9110 section 10.2.3 Retry-After, in seconds).
describe.each(FRAMEWORKS)('throttled login on $name', ({ start }) => {
  it('answers 429 Throttling with Retry-After in seconds once the failures are used up', async () => {
    const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const iam = await createIam({
      store: memoryStore(),
      tokens: { algorithm: 'ES256', privateKey: keys.privateKey, publicKey: keys.publicKey, issuer: 'https://iam.test' },
      throttle: { maxFailures: 1, windowSeconds: 120 },
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    })
    const running = await start(iam)
    try {
      await request(running.server).post('/sts/login').send({ ...login, password: 'wrong' }).expect(401)
      const res = await request(running.server).post('/sts/login').send({ ...login, password: 'wrong again' })
      expect(res.status).toBe(429)
      expect(res.body).toMatchObject({ error: 'Throttling', requestId: expect.any(String) })
      expect(res.headers['retry-after']).toMatch(/^\d+$/)
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0)
      expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(120)
    } finally {
      await running.close()
      await iam.close()
    }
  })
})

describe.each(GUARDED_FRAMEWORKS)('body-less logout and switch-back behind iamGuard on $name', ({ start }) => {
  let world: World
  let app: TestApp

  beforeAll(async () => {
    world = await createWorld()
    app = await start(world.iam)
  })
  afterAll(async () => {
    await app?.close()
    await world?.iam.close()
  })

  it('switches back and logs out with POSTs that carry no body', async () => {
    const agent = request.agent(app.server)
    await agent.post('/sts/login').set('Origin', app.origin).send(login).expect(200)
    await agent.post('/sts/switch-role').set('Origin', app.origin).send({ roleArn: arn.role('Ops') }).expect(200)
    expect((await agent.post('/sts/switch-back').set('Origin', app.origin).expect(200)).body.Arn).toBe(arn.user('alice'))
    await agent.post('/sts/logout').set('Origin', app.origin).expect(200)
    await agent.get('/sts/caller-identity').expect(401)
  })
})


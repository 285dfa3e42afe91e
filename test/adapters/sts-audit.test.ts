/**
 * Issue 14: the STS endpoints explain themselves to the audit log and to nobody else. Every
 * sign-in, role assumption (token, web identity, console switch) emits one `AuditEvent` of
 * `kind: 'sts'` through `stsRouter(iam, { onDecision })`, with the reason the caller is never told
 * (AWS answers "not authorized" or "incorrect" whatever the cause). Same suite on Express 5 and
 * Koa 3, real createIam, supertest on 127.0.0.1 port 0.
 */
import { generateKeyPairSync } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import session from 'express-session'
import jwt from 'jsonwebtoken'
import Koa from 'koa'
import koaSession from 'koa-session'
import request from 'supertest'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { iamErrorHandler as expressErrorHandler, iamGuard as expressGuard, stsRouter as expressStsRouter } from '../../adapters/express/index.js'
import { iamErrorHandler as koaErrorHandler, iamGuard as koaGuard, stsRouter as koaStsRouter } from '../../adapters/koa/index.js'
import type { AuditEvent } from '../../src/guard/types.js'
import type { Iam } from '../../src/iam-types.js'
import { createIam } from '../../src/iam.js'
import { memoryStore } from '../../src/store/memory.js'

const A = '111122223333'
const PASSWORD = 'correct horse battery staple 1!'
const IDP = 'https://idp.test'
const user = (name: string) => `arn:app:iam::${A}:user/${name}`
const role = (name: string) => `arn:app:iam::${A}:role/${name}`
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined }
const SECRET = 'test-session-secret-0123456789abcdef'

interface Audited {
  server: Server
  origin: string
  events: AuditEvent[]
  /** When set, the hook throws. */
  failHook: { on: boolean }
  close(): Promise<void>
}

async function listen(handler: Parameters<typeof createServer>[1], events: AuditEvent[], failHook: { on: boolean }): Promise<Audited> {
  const server = createServer(handler)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { server, origin: `http://127.0.0.1:${port}`, events, failHook, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

function hookFor(events: AuditEvent[], failHook: { on: boolean }) {
  return async (event: AuditEvent) => {
    if (failHook.on) throw new Error('audit sink down')
    events.push(event)
  }
}

const FRAMEWORKS = [
  {
    name: 'Express 5',
    start: (iam: Iam) => {
      const events: AuditEvent[] = []
      const failHook = { on: false }
      const app = express()
      app.use(session({ name: 'sid', secret: SECRET, resave: false, saveUninitialized: false }))
      app.use('/sts', expressStsRouter(iam, { onDecision: hookFor(events, failHook) }))
      return listen(app, events, failHook)
    },
  },
  {
    name: 'Koa 3',
    start: (iam: Iam) => {
      const events: AuditEvent[] = []
      const failHook = { on: false }
      const app = new Koa()
      app.keys = [SECRET]
      app.use(koaSession({ key: 'sid' }, app))
      app.use(koaStsRouter(iam, { prefix: '/sts', onDecision: hookFor(events, failHook) }).routes())
      return listen(app.callback(), events, failHook)
    },
  },
  {
    // The hook of the guard in front, as an app sets it once for everything.
    name: 'Express 5 behind iamGuard({ onDecision })',
    guarded: true,
    start: (iam: Iam) => {
      const events: AuditEvent[] = []
      const failHook = { on: false }
      const app = express()
      app.use(session({ name: 'sid', secret: SECRET, resave: false, saveUninitialized: false }))
      app.use(expressGuard(iam, { logger: quiet, onDecision: hookFor(events, failHook) }))
      app.use('/sts', expressStsRouter(iam))
      app.use(expressErrorHandler({ onError: () => undefined }))
      return listen(app, events, failHook)
    },
  },
  {
    name: 'Koa 3 behind iamGuard({ onDecision })',
    guarded: true,
    start: (iam: Iam) => {
      const events: AuditEvent[] = []
      const failHook = { on: false }
      const app = new Koa()
      app.keys = [SECRET]
      app.use(koaErrorHandler({ onError: () => undefined }))
      app.use(koaSession({ key: 'sid' }, app))
      app.use(koaGuard(iam, { logger: quiet, onDecision: hookFor(events, failHook) }))
      app.use(koaStsRouter(iam, { prefix: '/sts' }).routes())
      return listen(app.callback(), events, failHook)
    },
  },
] as const

async function world(): Promise<{ iam: Iam; idp: import('node:crypto').KeyObject }> {
  const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const idp = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const iam = await createIam({
    store: memoryStore(),
    tokens: { algorithm: 'ES256', privateKey: keys.privateKey, publicKey: keys.publicKey, issuer: 'https://iam.test' },
    throttle: { maxFailures: 3 },
    logger: quiet,
  })
  const { admin } = iam
  await admin.createAccount({ account: A })
  for (const name of ['alice', 'bob', 'carol']) {
    await admin.createUser({ account: A, userName: name })
    await admin.createLoginProfile({ account: A, userName: name, password: PASSWORD })
  }
  await admin.putUserPolicy({ account: A, userName: 'alice', policyName: 'assume', policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: [role('Partner'), role('NeedsMfa'), role('Secret')] }] } })
  const trust = (principal: Record<string, string>, condition?: Record<string, Record<string, string | boolean>>, action = 'sts:AssumeRole') => ({
    Version: '2012-10-17' as const, Statement: [{ Effect: 'Allow' as const, Principal: principal, Action: action, ...(condition === undefined ? {} : { Condition: condition }) }],
  })
  await admin.createRole({ account: A, roleName: 'Partner', assumeRolePolicyDocument: trust({ AWS: user('alice') }, { StringEquals: { 'sts:ExternalId': 'shared-secret-42' } }) })
  await admin.createRole({ account: A, roleName: 'NeedsMfa', assumeRolePolicyDocument: trust({ AWS: user('alice') }, { Bool: { 'aws:MultiFactorAuthPresent': true } }) })
  await admin.createRole({ account: A, roleName: 'Secret', assumeRolePolicyDocument: trust({ AWS: user('bob') }) })
  // Trusts the whole account, which delegates to the caller's identity policies: alice's do not name it.
  await admin.createRole({ account: A, roleName: 'Delegated', assumeRolePolicyDocument: trust({ AWS: `arn:app:iam::${A}:root` }) })
  const jwk = { ...(idp.publicKey.export({ format: 'jwk' }) as Record<string, unknown>), kid: 'idp-1', alg: 'ES256', use: 'sig' }
  const { openIdConnectProviderArn } = await admin.createOpenIdConnectProvider({ account: A, url: IDP, clientIdList: ['app-client'], jwks: { keys: [jwk] } })
  await admin.createRole({ account: A, roleName: 'Web', assumeRolePolicyDocument: trust({ Federated: openIdConnectProviderArn }, undefined, 'sts:AssumeRoleWithWebIdentity') })
  return { iam, idp: idp.privateKey }
}

describe.each(FRAMEWORKS.map((f) => ({ guarded: false, ...f })))('STS audit events on $name', ({ start, guarded }) => {
  let w: Awaited<ReturnType<typeof world>>
  let app: Audited

  beforeAll(async () => {
    w = await world()
    app = await start(w.iam)
  })
  afterAll(async () => {
    await app?.close()
    await w?.iam.close()
  })
  beforeEach(() => {
    app.events.length = 0
    app.failHook.on = false
  })

  const login = (userName: string, password = PASSWORD) => request(app.server).post('/sts/login').send({ account: A, userName, password })
  async function token(userName = 'alice'): Promise<string> {
    return (await login(userName).expect(200)).body.Credentials.SessionToken as string
  }
  const last = (): AuditEvent => app.events[app.events.length - 1]!

  /** The answer never carries the reason: it is AWS's answer, identical for every cause. */
  function expectNoReasonIn(res: request.Response, reason: string): void {
    expect(res.text).not.toContain(reason)
    expect(res.text).not.toMatch(/reasonCode|trust policy|Statement/)
  }

  it('records a successful sign-in as allowed, naming the user', async () => {
    await login('alice').expect(200)
    expect(app.events).toHaveLength(1)
    expect(last()).toMatchObject({ kind: 'sts', action: 'signin:ConsoleLogin', route: '/login', method: 'POST', decision: 'allowed', reasonCode: 'allowed', principal: user('alice'), enforced: true, requestId: expect.any(String) })
  })

  it('tells a wrong password from an unknown user in the log, and the caller nothing', async () => {
    const wrong = await login('bob', 'not it')
    const wrongEvent = last()
    const unknown = await login('mallory')
    const unknownEvent = last()
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    const { requestId: _a, ...wrongBody } = wrong.body
    const { requestId: _b, ...unknownBody } = unknown.body
    expect(unknownBody).toEqual(wrongBody)
    expect(wrongEvent).toMatchObject({ decision: 'implicitDeny', reasonCode: 'wrong-password', principal: user('bob'), errorCode: 'ERR_INVALID_CREDENTIALS' })
    // The name typed for an unknown user is not recorded: it may be a password in the wrong field.
    expect(unknownEvent).toMatchObject({ decision: 'implicitDeny', reasonCode: 'unknown-user', principal: undefined })
    expect(JSON.stringify(unknownEvent)).not.toContain('mallory')
    expectNoReasonIn(wrong, 'wrong-password')
  })

  it.each<[string, Record<string, unknown>, string, Record<string, unknown>]>([
    ['an ExternalId that does not match', { roleArn: role('Partner'), externalId: 'guess-1' }, 'external-id', { decidedBy: 'resource' }],
    ['no ExternalId at all', { roleArn: role('Partner') }, 'external-id', { decidedBy: 'resource' }],
    ['no MFA', { roleArn: role('NeedsMfa') }, 'mfa-absent', { decidedBy: 'resource' }],
    ['a trust policy that names someone else', { roleArn: role('Secret') }, 'trust-policy', { decidedBy: 'resource' }],
    ['identity policies that do not allow it', { roleArn: role('Delegated') }, 'identity-policy', { decidedBy: 'identity' }],
    ['a role that does not exist', { roleArn: role('Ghost') }, 'role-not-found', {}],
  ])('records assume-role refused for %s, answering AccessDenied alone', async (_name, body, reasonCode, extra) => {
    const bearer = await token()
    const res = await request(app.server).post('/sts/assume-role').set('Authorization', `Bearer ${bearer}`).send({ roleSessionName: 'probe', ...body })
    expect(res.status).toBe(403)
    expect(res.body).toEqual({ error: 'AccessDenied', message: `User: ${user('alice')} is not authorized to perform: sts:AssumeRole on resource: ${body['roleArn']}`, requestId: expect.any(String) })
    expectNoReasonIn(res, reasonCode)
    expect(last()).toMatchObject({ kind: 'sts', action: 'sts:AssumeRole', route: '/assume-role', resource: body['roleArn'], principal: user('alice'), decision: 'implicitDeny', reasonCode, errorCode: 'ERR_ACCESS_DENIED', ...extra })
    expect(last().reason.length).toBeGreaterThan(0)
  })

  it('records a successful assume-role with the session it issued', async () => {
    const bearer = await token()
    await request(app.server).post('/sts/assume-role').set('Authorization', `Bearer ${bearer}`).send({ roleArn: role('Partner'), roleSessionName: 'ok', externalId: 'shared-secret-42' }).expect(200)
    expect(last()).toMatchObject({ action: 'sts:AssumeRole', decision: 'allowed', reasonCode: 'allowed', resource: role('Partner'), principal: user('alice') })
    expect(last().reason).toContain(`arn:app:sts::${A}:assumed-role/Partner/ok`)
  })

  it('records a refused bearer token on assume-role', async () => {
    const before = app.events.length
    const res = await request(app.server).post('/sts/assume-role').set('Authorization', 'Bearer not.a.token').send({ roleArn: role('Partner'), roleSessionName: 'x' })
    expect(res.status).toBe(401)
    // Behind the guard the token is refused before the router runs: no STS decision was made.
    if (guarded) return expect(app.events.length).toBe(before)
    expect(last()).toMatchObject({ action: 'sts:AssumeRole', resource: role('Partner'), principal: undefined, reasonCode: expect.stringMatching(/^token:/), errorCode: 'ERR_TOKEN_INVALID' })
  })

  it('records web identity by provider and ID-token check', async () => {
    const idToken = (aud: string) => jwt.sign({ sub: 'user-42', aud }, w.idp, { algorithm: 'ES256', keyid: 'idp-1', issuer: IDP, expiresIn: 300 })
    const refused = await request(app.server).post('/sts/assume-role-with-web-identity').send({ roleArn: role('Web'), roleSessionName: 'web', webIdentityToken: idToken('someone-else') })
    expect(refused.status).toBe(401)
    expect(last()).toMatchObject({ action: 'sts:AssumeRoleWithWebIdentity', resource: role('Web'), reasonCode: 'audience', principal: `arn:app:iam::${A}:oidc-provider/idp.test` })
    const forged = await request(app.server).post('/sts/assume-role-with-web-identity').send({ roleArn: role('Web'), roleSessionName: 'web', webIdentityToken: `${idToken('app-client')}x` })
    expect(forged.status).toBe(401)
    expect(last().reasonCode).toMatch(/^id-token:/)
    await request(app.server).post('/sts/assume-role-with-web-identity').send({ roleArn: role('Web'), roleSessionName: 'web', webIdentityToken: idToken('app-client') }).expect(200)
    expect(last()).toMatchObject({ decision: 'allowed', principal: `arn:app:iam::${A}:oidc-provider/idp.test` })
  })

  it('records console switches with the signed-in user and the role', async () => {
    const agent = request.agent(app.server)
    await agent.post('/sts/login').set('Origin', app.origin).send({ account: A, userName: 'alice', password: PASSWORD }).expect(200)
    const refused = await agent.post('/sts/switch-role').set('Origin', app.origin).send({ roleArn: role('NeedsMfa') })
    expect(refused.status).toBe(403)
    expect(last()).toMatchObject({ action: 'sts:AssumeRole', route: '/switch-role', principal: user('alice'), resource: role('NeedsMfa'), reasonCode: 'mfa-absent' })
    await agent.post('/sts/switch-role').set('Origin', app.origin).send({ roleArn: role('Secret') }).expect(403)
    expect(last().reasonCode).toBe('trust-policy')
  })

  it('refuses with a 500 and hands out no credentials when the audit hook fails', async () => {
    app.failHook.on = true
    const res = await login('alice')
    expect(res.status).toBe(500)
    expect(res.body).toEqual({ error: 'ServiceFailure', message: expect.any(String), requestId: expect.any(String) })
    expect(res.text).not.toContain('SessionToken')
    expect(res.headers['set-cookie']).toBeUndefined()
  })

  // Last: every request here comes from 127.0.0.1, so the source's count throttles what follows.
  it('records throttled sign-ins as throttled', async () => {
    let res: request.Response | undefined
    for (let i = 0; i < 5 && res?.status !== 429; i++) res = await login('carol', `wrong ${i}`)
    expect(res!.status).toBe(429)
    expect(last()).toMatchObject({ reasonCode: 'throttled', errorCode: 'ERR_THROTTLED', decision: 'implicitDeny' })
  })
})

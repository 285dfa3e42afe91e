/**
 * A real `createIam` + `memoryStore` world and real Express 5 / Koa 3 apps with the session
 * middleware configured as the README shows, for the router tests in `test/adapters/`.
 * Servers listen on 127.0.0.1, port 0.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import session from 'express-session'
import jwt from 'jsonwebtoken'
import Koa from 'koa'
import Router from '@koa/router'
import koaSession from 'koa-session'
import { adminRouter as expressAdminRouter, stsRouter as expressStsRouter } from '../../../adapters/express/index.js'
import { iamErrorHandler as expressErrorHandler, iamGuard as expressGuard } from '../../../adapters/express/index.js'
import { adminRouter as koaAdminRouter, stsRouter as koaStsRouter } from '../../../adapters/koa/index.js'
import { iamErrorHandler as koaErrorHandler, iamGuard as koaGuard } from '../../../adapters/koa/index.js'
import type { Iam, Logger } from '../../../src/iam-types.js'
import { createIam } from '../../../src/iam.js'
import { memoryStore } from '../../../src/store/memory.js'

export const A = '111122223333'
export const B = '444455556666'
export const PASSWORD = 'correct horse battery staple 1!'
export const IDP = 'https://idp.test'
export const CLIENT_ID = 'app-client'

const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined }

export const arn = {
  user: (name: string, account = A) => `arn:app:iam::${account}:user/${name}`,
  role: (name: string, account = A) => `arn:app:iam::${account}:role/${name}`,
  session: (role: string, name: string, account = A) => `arn:app:sts::${account}:assumed-role/${role}/${name}`,
}

function allow(action: string | string[], resource: string | string[] = '*') {
  return { Version: '2012-10-17' as const, Statement: [{ Effect: 'Allow' as const, Action: action, Resource: resource }] }
}

function trust(principal: Record<string, string | string[]>, action = 'sts:AssumeRole', condition?: Record<string, Record<string, string>>) {
  return {
    Version: '2012-10-17' as const,
    Statement: [{ Effect: 'Allow' as const, Principal: principal, Action: action, ...(condition === undefined ? {} : { Condition: condition }) }],
  }
}

export interface World {
  iam: Iam
  /** The OpenID provider's signing key, for minting ID tokens. */
  idpKey: KeyObject
  accessKey: { accessKeyId: string; secretAccessKey: string }
}

/**
 * Tenant A: alice (may assume Deploy and Ops, may create and read users), bob (no policies);
 * roles Deploy (trusts account A), Ops (trusts alice only), Secret (trusts bob only), Web (trusts the
 * OIDC provider for our client id). Tenant B: carol, administrator of everything by her policy.
 */
export async function createWorld(): Promise<World> {
  const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const idp = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const iam = await createIam({
    store: memoryStore(),
    partition: 'app',
    tokens: { algorithm: 'ES256', privateKey: keys.privateKey, publicKey: keys.publicKey, issuer: 'https://iam.test' },
    throttle: { maxFailures: 1000 },
    logger: quiet,
  })
  const { admin } = iam
  for (const account of [A, B]) await admin.createAccount({ account })
  for (const [account, userName] of [[A, 'alice'], [A, 'bob'], [B, 'carol']] as const) {
    await admin.createUser({ account, userName })
    await admin.createLoginProfile({ account, userName, password: PASSWORD })
  }
  await admin.putUserPolicy({
    account: A, userName: 'alice', policyName: 'work',
    policyDocument: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: [arn.role('Deploy'), arn.role('Ops')] },
        { Effect: 'Allow', Action: ['iam:CreateUser', 'iam:GetUser'], Resource: `arn:app:iam::${A}:user/*` },
      ],
    },
  })
  await admin.putUserPolicy({ account: B, userName: 'carol', policyName: 'admin', policyDocument: allow('iam:*') })
  await admin.createRole({ account: A, roleName: 'Deploy', assumeRolePolicyDocument: trust({ AWS: `arn:app:iam::${A}:root` }) })
  // Ops may do nothing itself, in particular not assume Deploy: switching Ops → Deploy only works
  // because every switch is authorized against the original user.
  await admin.createRole({ account: A, roleName: 'Ops', assumeRolePolicyDocument: trust({ AWS: arn.user('alice') }) })
  await admin.createRole({ account: A, roleName: 'Secret', assumeRolePolicyDocument: trust({ AWS: arn.user('bob') }) })
  const jwk = { ...(idp.publicKey.export({ format: 'jwk' }) as Record<string, unknown>), kid: 'idp-1', alg: 'ES256', use: 'sig' }
  const { openIdConnectProviderArn } = await admin.createOpenIdConnectProvider({ account: A, url: IDP, clientIdList: [CLIENT_ID], jwks: { keys: [jwk] } })
  await admin.createRole({
    account: A, roleName: 'Web',
    assumeRolePolicyDocument: trust({ Federated: openIdConnectProviderArn }, 'sts:AssumeRoleWithWebIdentity', { StringEquals: { 'idp.test:aud': CLIENT_ID } }),
  })
  const { accessKey } = await admin.createAccessKey({ account: A, userName: 'alice' })
  return { iam, idpKey: idp.privateKey, accessKey: { accessKeyId: accessKey.accessKeyId, secretAccessKey: accessKey.secretAccessKey } }
}

/** An OpenID Connect ID token from the test provider. */
export function idToken(world: World, claims: Record<string, unknown> = {}): string {
  return jwt.sign({ sub: 'user-42', aud: CLIENT_ID, ...claims }, world.idpKey, { algorithm: 'ES256', keyid: 'idp-1', issuer: IDP, expiresIn: 300 })
}

export interface TestApp {
  server: Server
  /** `http://127.0.0.1:PORT`: what a same-origin browser sends as `Origin`. */
  origin: string
  close(): Promise<void>
}

const SECRET = 'test-session-secret-0123456789abcdef'

/**
 * Express 5 with express-session as the README configures it; `/touch` starts a session before
 * login. With `guard`, `iamGuard` runs in front of everything, as in a real app.
 */
export function expressApp(iam: Iam, guard = false): express.Express {
  const app = express()
  app.use(session({ name: 'sid', secret: SECRET, resave: false, saveUninitialized: false, cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto' } }))
  if (guard) app.use(expressGuard(iam, { publicRoutes: ['GET /touch'] }))
  app.get('/touch', (req, res) => {
    ;(req.session as unknown as Record<string, unknown>)['visited'] = true
    res.json({})
  })
  app.use('/sts', expressStsRouter(iam))
  app.use('/iam', expressAdminRouter(iam))
  if (guard) app.use(expressErrorHandler())
  return app
}

/**
 * Koa 3 with koa-session (external store, so that there is a session id) as the README configures it.
 * `nested`: the routers are nested in an app router with `router.use()` instead of mounted on the app.
 */
export function koaApp(iam: Iam, guard = false, nested = false): Koa {
  const app = new Koa()
  app.keys = [SECRET]
  const sessions = new Map<string, unknown>()
  const store = {
    get: async (key: string) => sessions.get(key),
    set: async (key: string, value: unknown) => void sessions.set(key, value),
    destroy: async (key: string) => void sessions.delete(key),
  }
  // `secure` left unset: the cookies library then marks the cookie Secure exactly on TLS requests.
  app.use(koaSession({ key: 'sid', store, httpOnly: true, sameSite: 'lax' }, app))
  if (guard) {
    app.use(koaErrorHandler())
    app.use(koaGuard(iam, { publicRoutes: ['GET /touch'] }))
  }
  app.use(async (ctx, next) => {
    if (ctx.path !== '/touch') return next()
    ;(ctx.session as unknown as Record<string, unknown>)['visited'] = true
    ctx.body = {}
  })
  if (nested) {
    const root = new Router()
    root.use('/sts', koaStsRouter(iam).routes())
    root.use('/iam', koaAdminRouter(iam).routes())
    app.use(root.routes())
  } else {
    app.use(koaStsRouter(iam, { prefix: '/sts' }).routes())
    app.use(koaAdminRouter(iam, { prefix: '/iam' }).routes())
  }
  return app
}

export async function listen(handler: Parameters<typeof createServer>[1]): Promise<TestApp> {
  const server = createServer(handler)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    server,
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  }
}

export const FRAMEWORKS = [
  { name: 'Express 5', start: (iam: Iam) => listen(expressApp(iam)) },
  { name: 'Koa 3', start: (iam: Iam) => listen(koaApp(iam).callback()) },
  { name: 'Koa 3 with the routers nested by router.use()', start: (iam: Iam) => listen(koaApp(iam, false, true).callback()) },
] as const

/** The same apps with `iamGuard` mounted in front of the routers. */
export const GUARDED_FRAMEWORKS = [
  { name: 'Express 5', start: (iam: Iam) => listen(expressApp(iam, true)) },
  { name: 'Koa 3', start: (iam: Iam) => listen(koaApp(iam, true).callback()) },
  { name: 'Koa 3 with the routers nested by router.use()', start: (iam: Iam) => listen(koaApp(iam, true, true).callback()) },
] as const

/** The `sid` cookie's value from a response, if it set one. */
export function sessionCookie(setCookie: string | string[] | undefined): string | undefined {
  const cookies = setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie]
  const sid = cookies.find((c) => c.startsWith('sid='))
  return sid?.slice(4, sid.indexOf(';') < 0 ? undefined : sid.indexOf(';'))
}

export function sessionCookieHeader(setCookie: string | string[] | undefined): string | undefined {
  const cookies = setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie]
  return cookies.find((c) => c.startsWith('sid='))
}

/**
 * Authentication attacks on `iamGuard` over HTTP: duplicated and malformed `Authorization`
 * headers, tokens of another issuer, after logout, of an inactive access key, forged session
 * state, odd `principalResolver` answers, cross-site cookie requests, login fixation.
 */
import { generateKeyPairSync } from 'node:crypto'
import { request as httpRequest } from 'node:http'
import express, { type NextFunction, type Request, type Response } from 'express'
import session from 'express-session'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminRouter, authorize, iamErrorHandler, iamGuard, stsRouter, type ExpressGuardOptions } from '../../adapters/express/index.js'
import { createIam } from '../../src/iam.js'
import { memoryStore } from '../../src/store/memory.js'
import { A, DOC_TEMPLATE, expectCleanError, Hits, httpWorld, listen, PASSWORD, quiet, withServer, type HttpWorld } from './http-helpers.js'

let world: HttpWorld
beforeAll(async () => {
  world = await httpWorld()
})
afterAll(async () => {
  await world.close()
})

function app(options: ExpressGuardOptions = {}, before?: (app: express.Express) => void): { app: express.Express; hits: Hits } {
  const hits = new Hits()
  const a = express()
  a.use(express.json())
  a.use(session({ name: 'sid', secret: 'a-test-secret-0123456789', resave: false, saveUninitialized: false }))
  before?.(a)
  a.use(iamGuard(world.iam, { logger: quiet, ...options }))
  a.use('/sts', stsRouter(world.iam))
  a.use('/iam', adminRouter(world.iam))
  a.get('/projects/:project/docs/:doc', authorize('docs:GetDocument', DOC_TEMPLATE), (_req, res) => {
    hits.hit('doc')
    res.json({})
  })
  a.use(iamErrorHandler())
  return { app: a, hits }
}

describe('the Authorization header', () => {
  it('refuses two Authorization headers, even when both are valid', async () => {
    const { app: a, hits } = app()
    const running = await listen(a)
    try {
      // supertest folds repeated headers; send two raw ones.
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(`${running.origin}/projects/p1/docs/1`, { method: 'GET', headers: [
          'Authorization', `Bearer ${world.tokens.bob}`, 'Authorization', `Bearer ${world.tokens.alice}`,
        ] as unknown as Record<string, string> }, (res) => {
          res.resume()
          resolve(res.statusCode ?? 0)
        })
        req.on('error', reject)
        req.end()
      })
      expect(status).toBe(400)
    } finally {
      await running.close()
    }
    expect(hits.total()).toBe(0)
  })

  it('answers 401 with a clean body to empty, blank, malformed and huge Bearer tokens', async () => {
    const { app: a, hits } = app()
    await withServer(a, async (agent) => {
      for (const value of ['Bearer', 'Bearer ', 'Bearer    ', 'Bearer a b', 'Bearer ' + 'x'.repeat(12_000), 'Bearer e30.e30.', 'Basic YWxpY2U6cHc=', 'bearer\tabc']) {
        const res = await agent.get('/projects/p1/docs/1').set('Authorization', value)
        expect(res.status, value.slice(0, 20)).toBe(401)
        expectCleanError(res)
      }
    })
    expect(hits.total()).toBe(0)
  })

  it('refuses a token signed by another issuer\'s key', async () => {
    const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const other = await createIam({ store: memoryStore(), partition: 'app', logger: quiet, tokens: { algorithm: 'ES256', privateKey: keys.privateKey, publicKey: keys.publicKey, issuer: 'https://iam.test' } })
    await other.admin.createAccount({ account: A })
    await other.admin.createUser({ account: A, userName: 'alice' })
    await other.admin.createLoginProfile({ account: A, userName: 'alice', password: PASSWORD })
    const foreign = (await other.sts.login({ account: A, userName: 'alice', password: PASSWORD })).credentials.sessionToken
    await other.close()
    const { app: a, hits } = app()
    await withServer(a, async (agent) => {
      expect((await agent.get('/projects/p1/docs/1').set('Authorization', `Bearer ${foreign}`)).status).toBe(401)
    })
    expect(hits.total()).toBe(0)
  })

  it('refuses the keys of an Inactive access key and keys when access keys are off', async () => {
    const { accessKey } = await world.iam.admin.createAccessKey({ account: A, userName: 'alice' })
    const key = `IAM-Key ${accessKey.accessKeyId}:${accessKey.secretAccessKey}`
    const on = app({ accessKeys: true })
    const off = app()
    await withServer(off.app, async (agent) => {
      expect((await agent.get('/projects/p1/docs/1').set('Authorization', key)).status).toBe(401)
    })
    await withServer(on.app, async (agent) => {
      expect((await agent.get('/projects/p1/docs/1').set('Authorization', key)).status).toBe(200)
      await world.iam.admin.updateAccessKey({ account: A, userName: 'alice', accessKeyId: accessKey.accessKeyId, status: 'Inactive' } as never)
      expect((await agent.get('/projects/p1/docs/1').set('Authorization', key)).status).toBe(401)
    })
    expect(on.hits.total()).toBe(1)
    expect(off.hits.total()).toBe(0)
  })

  it('refuses a user token after logout', async () => {
    const token = (await world.iam.sts.login({ account: A, userName: 'alice', password: PASSWORD })).credentials.sessionToken
    const { app: a, hits } = app()
    await withServer(a, async (agent) => {
      expect((await agent.get('/projects/p1/docs/1').set('Authorization', `Bearer ${token}`)).status).toBe(200)
      expect((await agent.post('/sts/logout').set('Authorization', `Bearer ${token}`).send({})).status).toBe(200)
      const res = await agent.get('/projects/p1/docs/1').set('Authorization', `Bearer ${token}`)
      expect(res.status).toBe(401)
    })
    expect(hits.total()).toBe(1)
  })
})

describe('server sessions', () => {
  /** Puts the given session state in place, as a tampered or stale session store would. */
  const forge = (state: Record<string, unknown>) => (a: express.Express) => {
    a.use((req: Request, _res: Response, next: NextFunction) => {
      Object.assign(req.session as object, state)
      next()
    })
  }

  it('refuses a session whose roleToken is forged or stale, rather than falling back to the user token', async () => {
    for (const roleToken of ['forged.token.value', world.tokens.aliceB.slice(0, -4) + 'AAAA']) {
      const { app: a, hits } = app({}, forge({ userToken: world.tokens.alice, roleToken }))
      await withServer(a, async (agent) => {
        expect((await agent.get('/projects/p1/docs/1')).status).toBe(401)
      })
      expect(hits.total()).toBe(0)
    }
  })

  it('refuses a cross-site cookie request on admin and STS routes and changes nothing', async () => {
    const { app: a } = app({}, forge({ userToken: world.tokens.alice }))
    await withServer(a, async (agent) => {
      const admin = await agent.post('/iam/CreateUser').set('Origin', 'https://evil.test').send({ userName: 'csrf-victim' })
      expect([401, 403]).toContain(admin.status)
      const siteOnly = await agent.post('/iam/CreateUser').set('Sec-Fetch-Site', 'cross-site').set('Content-Type', 'text/plain').send(JSON.stringify({ userName: 'csrf-victim2' }))
      expect([401, 403, 415]).toContain(siteOnly.status)
      const sts = await agent.post('/sts/switch-role').set('Origin', 'null').send({ roleArn: `arn:app:iam::${A}:role/Any` })
      expect([401, 403]).toContain(sts.status)
    })
    await expect(world.iam.admin.getUser({ account: A, userName: 'csrf-victim' })).rejects.toThrow()
    await expect(world.iam.admin.getUser({ account: A, userName: 'csrf-victim2' })).rejects.toThrow()
  })

  it('gives a new session id at login (no fixation) and refuses switch-role without a session', async () => {
    const { app: a } = app({ publicRoutes: ['GET /touch'] }, (x) => {
      x.get('/touch', (req, res) => {
        ;(req.session as unknown as Record<string, unknown>)['t'] = 1
        res.json({})
      })
    })
    await withServer(a, async (agent, running) => {
      const first = await agent.get('/touch')
      const before = String(first.headers['set-cookie']).split(';')[0]
      const login = await agent.post('/sts/login').set('Origin', running.origin).set('Cookie', before).send({ account: A, userName: 'alice', password: PASSWORD })
      expect(login.status).toBe(200)
      const after = String(login.headers['set-cookie']).split(';')[0]
      expect(after.startsWith('sid=')).toBe(true)
      expect(after).not.toBe(before)
      const noSession = await agent.post('/sts/switch-role').set('Origin', running.origin).send({ roleArn: `arn:app:iam::${A}:role/Any` })
      expect([400, 401]).toContain(noSession.status)
      expectCleanError(noSession)
    })
  })
})

describe('principalResolver', () => {
  it('never treats a non-principal answer as a caller', async () => {
    for (const answer of ['alice', null, 42, {}, { arn: `arn:app:iam::${A}:user/alice`, account: A }, { arn: `arn:app:iam::${A}:root`, account: A, userId: A, type: 'root', tags: {} }]) {
      const { app: a, hits } = app({ principalResolver: () => answer as never })
      await withServer(a, async (agent) => {
        const res = await agent.get('/projects/p1/docs/1')
        expect(res.status, JSON.stringify(answer)).toBeGreaterThanOrEqual(400)
        expectCleanError(res)
      })
      expect(hits.total(), JSON.stringify(answer)).toBe(0)
    }
  })
})

/**
 * `stsRouter` behind `iamGuard`: its endpoints authorize themselves, so the guard lets
 * `POST /sts/login` through without a principal and the others with one, in both frameworks.
 */
import express from 'express'
import session from 'express-session'
import Koa from 'koa'
import Router from '@koa/router'
import koaSession from 'koa-session'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as ex from '../../adapters/express/index.js'
import * as ko from '../../adapters/koa/index.js'
import { A, createWorld, listen, PASSWORD, type World } from '../guard/endpoints/http-fixture.js'

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined }
const SECRET = 'test-session-secret-0123456789abcdef'

function expressApp(world: World) {
  const app = express()
  app.use(session({ name: 'sid', secret: SECRET, resave: false, saveUninitialized: false }))
  app.use(ex.iamGuard(world.iam, { logger: quiet }))
  app.use('/sts', ex.stsRouter(world.iam))
  app.get('/private', (_req, res) => void res.json({ leaked: true }))
  app.use(ex.iamErrorHandler())
  return app
}

function koaApp(world: World) {
  const app = new Koa()
  app.keys = [SECRET]
  app.use(ko.iamErrorHandler({ onError: () => undefined }))
  app.use(koaSession({ key: 'sid' }, app))
  app.use(ko.iamGuard(world.iam, { logger: quiet }))
  app.use(ko.stsRouter(world.iam, { prefix: '/sts' }).routes())
  const router = new Router()
  router.get('/private', (ctx: Koa.Context) => void (ctx.body = { leaked: true }))
  app.use(router.routes())
  return app
}

describe.each([
  { name: 'Express', start: (w: World) => listen(expressApp(w)) },
  { name: 'Koa', start: (w: World) => listen(koaApp(w).callback()) },
])('stsRouter behind iamGuard ($name)', ({ start }) => {
  let world: World
  let app: Awaited<ReturnType<typeof listen>>
  beforeAll(async () => {
    world = await createWorld()
    app = await start(world)
  })
  afterAll(async () => {
    await app.close()
    await world.iam.close()
  })

  it('lets login through without credentials and then knows the caller', async () => {
    const login = await request(app.server).post('/sts/login').set('Origin', app.origin).send({ account: A, userName: 'alice', password: PASSWORD })
    expect(login.status).toBe(200)
    const token = login.body.credentials?.sessionToken ?? login.body.Credentials?.SessionToken
    expect(typeof token).toBe('string')
    const who = await request(app.server).get('/sts/caller-identity').set('Authorization', `Bearer ${token}`)
    expect(who.status).toBe(200)
    expect(JSON.stringify(who.body)).toContain('user/alice')
  })

  it('still asks for credentials on endpoints that need a principal, and on app routes', async () => {
    expect((await request(app.server).get('/sts/caller-identity')).status).toBe(401)
    expect((await request(app.server).get('/private')).status).toBe(401)
  })

  it('denies an unannotated app route even to a signed-in caller', async () => {
    const login = await request(app.server).post('/sts/login').set('Origin', app.origin).send({ account: A, userName: 'alice', password: PASSWORD })
    const token = login.body.credentials?.sessionToken ?? login.body.Credentials?.SessionToken
    const res = await request(app.server).get('/private').set('Authorization', `Bearer ${token}`)
    expect(res.status).toBe(403)
    expect(res.body.leaked).toBeUndefined()
  })
})

/** Koa-specific shapes of "a middleware of a route runs only after an Allow". */
import { createServer } from 'node:http'
import Koa, { type Context, type Next } from 'koa'
import Router from '@koa/router'
import request from 'supertest'
import { describe, expect, it } from 'vitest'
import { authorize, iamErrorHandler, iamGuard } from '../../adapters/koa/index.js'
import { allow, fakeIam, user } from '../guard/fake-iam.js'

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined }
const T = 'arn:app:docs::{account}:doc/{doc}'

function world() {
  const iam = fakeIam()
  const alice = user('alice')
  iam.tokens.set('t', alice)
  iam.policies.set(alice.arn, { identityPolicies: [allow('docs:*', '*')] })
  const calls: string[] = []
  const spy = (name: string) => (ctx: Context): void => {
    calls.push(name)
    ctx.body = { name }
  }
  const app = new Koa()
  app.use(iamErrorHandler({ onError: () => undefined }))
  return { iam, calls, spy, app }
}

describe('Koa route sealing', () => {
  it('refuses, before anything runs, a request that could pass on to a second route declaring no action', async () => {
    const { iam, calls, spy, app } = world()
    app.use(iamGuard(iam, { logger: quiet }))
    const router = new Router()
    router.get('/n/:doc', authorize('docs:Get', T), async (_ctx: Context, next: Next) => {
      calls.push('first')
      await next()
    })
    router.get('/n/:doc', spy('second'))
    app.use(router.routes())
    const res = await request(createServer(app.callback())).get('/n/1').set('Authorization', 'Bearer t')
    expect(res.status).toBe(403)
    expect(calls).toEqual([])
  })

  it('lets a route pass the request on to a second annotated route, which decides its own action', async () => {
    const { iam, calls, app } = world()
    app.use(iamGuard(iam, { logger: quiet }))
    const router = new Router()
    router.get('/n/:doc', authorize('docs:Get', T), async (_ctx: Context, next: Next) => {
      calls.push('first')
      await next()
    })
    router.get('/n/:doc', authorize('other:Delete', T), (ctx: Context) => {
      calls.push('second')
      ctx.body = {}
    })
    router.get('/m/:doc', authorize('docs:Get', T), async (_ctx: Context, next: Next) => next())
    router.get('/m/:doc', authorize('docs:Put', T), (ctx: Context) => {
      calls.push('allowed second')
      ctx.body = { ok: true }
    })
    app.use(router.routes())
    const server = createServer(app.callback())
    const res = await request(server).get('/n/1').set('Authorization', 'Bearer t')
    expect(res.status).toBe(403)
    expect(res.body.message).toContain('other:Delete')
    expect((await request(server).get('/m/1').set('Authorization', 'Bearer t')).body).toEqual({ ok: true })
    expect(calls).toEqual(['first', 'allowed second'])
  })

  it('guards a router mounted with its own prefix and routes added to it while serving', async () => {
    const { iam, calls, spy, app } = world()
    app.use(iamGuard(iam, { logger: quiet, routes: { 'GET /api/items/:doc': { action: 'docs:Get', resource: T } } }))
    const router = new Router({ prefix: '/api' })
    app.use(router.routes())
    const server = createServer(app.callback())
    router.get('/items/:doc', spy('item'))
    router.get('/other', spy('other'))
    expect((await request(server).get('/api/items/7').set('Authorization', 'Bearer t')).status).toBe(200)
    expect((await request(server).get('/api/other').set('Authorization', 'Bearer t')).status).toBe(403)
    expect(calls).toEqual(['item'])
    expect(iam.calls.map((c) => c.resource)).toEqual(['arn:app:docs::111122223333:doc/7'])
  })

  it('refuses authorize() without the guard instead of allowing', async () => {
    const { calls, spy, app } = world()
    const router = new Router()
    router.get('/x/:doc', authorize('docs:Get', T), spy('x'))
    app.use(router.routes())
    const res = await request(createServer(app.callback())).get('/x/1')
    expect(res.status).toBe(500)
    expect(res.body.error).toBe('ServiceFailure')
    expect(calls).toEqual([])
  })
})

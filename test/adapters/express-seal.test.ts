/**
 * Express-specific shapes of "a handler runs only after an Allow": `router.route()`, routes added
 * to a mounted router later, a handler passing on to a second route, route-level error
 * handlers, sub-apps, and the route table through nested routers.
 */
import { createServer } from 'node:http'
import express, { type NextFunction, type Request, type Response } from 'express'
import request from 'supertest'
import { describe, expect, it } from 'vitest'
import { authorize, iamErrorHandler, iamGuard } from '../../adapters/express/index.js'
import { allow, fakeIam, user } from '../guard/fake-iam.js'

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined }

function world() {
  const iam = fakeIam()
  const alice = user('alice')
  iam.tokens.set('t', alice)
  iam.policies.set(alice.arn, { identityPolicies: [allow('docs:*', '*')] })
  const calls: string[] = []
  const spy = (name: string) => (_req: Request, res: Response): void => {
    calls.push(name)
    res.json({ name })
  }
  return { iam, calls, spy }
}
const T = 'arn:app:docs::{account}:doc/{doc}'

describe('Express route sealing', () => {
  it('guards router.route() per method', async () => {
    const { iam, calls, spy } = world()
    const app = express()
    app.use(iamGuard(iam, { logger: quiet }))
    const router = express.Router()
    router.route('/r/:doc').get(spy('get')).post(authorize('docs:Post', T), spy('post'))
    app.use(router)
    app.use(iamErrorHandler())
    const server = createServer(app)
    expect((await request(server).get('/r/1').set('Authorization', 'Bearer t')).status).toBe(403)
    expect((await request(server).post('/r/1').set('Authorization', 'Bearer t')).status).toBe(200)
    expect(calls).toEqual(['post'])
  })

  it('guards routes added to an already mounted router while serving', async () => {
    const { iam, calls, spy } = world()
    const app = express()
    app.use(iamGuard(iam, { logger: quiet }))
    const router = express.Router()
    app.use('/api', router)
    app.use(iamErrorHandler())
    const server = createServer(app)
    expect((await request(server).get('/api/x').set('Authorization', 'Bearer t')).status).toBe(404)
    router.get('/x', spy('late'))
    expect((await request(server).get('/api/x').set('Authorization', 'Bearer t')).status).toBe(403)
    expect(calls).toEqual([])
  })

  it('refuses, before anything runs, a request that could pass on to a second route declaring no action', async () => {
    const { iam, calls, spy } = world()
    const app = express()
    app.use(iamGuard(iam, { logger: quiet }))
    app.get('/n/:doc', authorize('docs:Get', T), (_req: Request, _res: Response, next: NextFunction) => {
      calls.push('first')
      next()
    })
    app.get('/n/:doc', spy('second'))
    app.use(iamErrorHandler())
    const res = await request(createServer(app)).get('/n/1').set('Authorization', 'Bearer t')
    expect(res.status).toBe(403)
    expect(calls).toEqual([])
  })

  it('lets a route pass the request on to a second annotated route, which decides its own action', async () => {
    const { iam, calls } = world()
    const app = express()
    app.use(iamGuard(iam, { logger: quiet }))
    app.get('/n/:doc', authorize('docs:Get', T), (_req: Request, _res: Response, next: NextFunction) => {
      calls.push('first')
      next()
    })
    app.get('/n/:doc', authorize('other:Delete', T), (_req: Request, res: Response) => {
      calls.push('second')
      res.json({})
    })
    app.get('/m/:doc', authorize('docs:Get', T), (_req: Request, _res: Response, next: NextFunction) => next())
    app.get('/m/:doc', authorize('docs:Put', T), (_req: Request, res: Response) => {
      calls.push('allowed second')
      res.json({ ok: true })
    })
    app.use(iamErrorHandler())
    const server = createServer(app)
    const res = await request(server).get('/n/1').set('Authorization', 'Bearer t')
    expect(res.status).toBe(403)
    expect(res.body.message).toContain('other:Delete')
    expect((await request(server).get('/m/1').set('Authorization', 'Bearer t')).body).toEqual({ ok: true })
    expect(calls).toEqual(['first', 'allowed second'])
  })

  it('skips a route-level error handler when the guard denied, so it cannot answer for the route', async () => {
    const { iam, calls } = world()
    iam.storeDown = true
    const app = express()
    app.use(iamGuard(iam, { logger: quiet }))
    app.get('/e/:doc', authorize('docs:Get', T), (_req: Request, res: Response) => void res.json({}), (_err: unknown, _req: Request, res: Response, _next: NextFunction) => {
      calls.push('route error handler')
      res.json({ leaked: true })
    })
    app.use(iamErrorHandler())
    const res = await request(createServer(app)).get('/e/1').set('Authorization', 'Bearer t')
    expect(res.status).toBe(503)
    expect(calls).toEqual([])
  })

  it('applies the route table and public routes through nested routers, but not inside sub-apps', async () => {
    const { iam, calls, spy } = world()
    const app = express()
    app.use(iamGuard(iam, { logger: quiet, publicRoutes: ['GET /v1/status'], routes: { 'GET /v1/items/:doc': { action: 'docs:Get', resource: T } } }))
    const v1 = express.Router()
    v1.get('/status', spy('status'))
    v1.get('/items/:doc', spy('item'))
    app.use('/v1', v1)
    const sub = express()
    sub.get('/items/:doc', spy('sub'))
    app.use('/v1', sub)
    app.use(iamErrorHandler())
    const server = createServer(app)
    expect((await request(server).get('/v1/status')).status).toBe(200)
    expect((await request(server).get('/v1/items/1').set('Authorization', 'Bearer t')).status).toBe(200)
    expect(calls).toEqual(['status', 'item'])
    expect(iam.calls.map((c) => c.resource)).toEqual(['arn:app:docs::111122223333:doc/1'])
  })

  it('does not see into a sub-app: its routes are not found unless it has a guard of its own', async () => {
    const { iam, calls, spy } = world()
    const app = express()
    app.use(iamGuard(iam, { logger: quiet, routes: { 'GET /sub/items/:doc': { action: 'docs:Get', resource: T } } }))
    const sub = express()
    sub.get('/items/:doc', spy('sub'))
    app.use('/sub', sub)
    app.use(iamErrorHandler())
    const res = await request(createServer(app)).get('/sub/items/1').set('Authorization', 'Bearer t')
    expect(res.status).toBe(404)
    expect(calls).toEqual([])
  })

  it('refuses authorize() without the guard instead of allowing', async () => {
    const { calls, spy } = world()
    const app = express()
    app.get('/x/:doc', authorize('docs:Get', T), spy('x'))
    app.use(iamErrorHandler())
    const res = await request(createServer(app)).get('/x/1')
    expect(res.status).toBe(500)
    expect(res.body.error).toBe('ServiceFailure')
    expect(calls).toEqual([])
  })
})

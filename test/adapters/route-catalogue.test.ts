/**
 * What both adapters do the same way because they decide from the app's routes before routing:
 * unknown paths, undecodable parameters, misdeclared annotations and misplaced guards, in
 * Express 5 and Koa 3 alike. Every refusal also checks that no handler ran.
 */
import { createServer, type RequestListener } from 'node:http'
import express, { type Request, type Response } from 'express'
import Koa, { type Context } from 'koa'
import Router from '@koa/router'
import request from 'supertest'
import { describe, expect, it, vi } from 'vitest'
import * as ex from '../../adapters/express/index.js'
import * as koa from '../../adapters/koa/index.js'
import { allow, fakeIam, user } from '../guard/fake-iam.js'

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined }
const T = 'arn:app:docs::{account}:project/{project}/doc/{doc}'

interface Route {
  path: string
  template?: string
}

interface Built {
  listener: RequestListener
  calls: string[]
  errors: unknown[]
}

function world() {
  const iam = fakeIam()
  const alice = user('alice')
  iam.tokens.set('t', alice)
  iam.policies.set(alice.arn, { identityPolicies: [allow('docs:*', '*')] })
  return iam
}

/** The same app in both frameworks: GET routes, annotated when a template is given. */
const FRAMEWORKS = [
  {
    name: 'Express 5',
    build(routes: Route[]): Built {
      const calls: string[] = []
      const errors: unknown[] = []
      const app = express()
      app.use(ex.iamGuard(world(), { logger: quiet }))
      for (const r of routes) {
        const handler = (_req: Request, res: Response) => {
          calls.push(r.path)
          res.json({ ok: true })
        }
        if (r.template === undefined) app.get(r.path, handler)
        else app.get(r.path, ex.authorize('docs:GetDocument', r.template), handler)
      }
      app.use(ex.iamErrorHandler({ onError: (e) => void errors.push(e) }))
      return { listener: app, calls, errors }
    },
  },
  {
    name: 'Koa 3',
    build(routes: Route[]): Built {
      const calls: string[] = []
      const errors: unknown[] = []
      const app = new Koa()
      app.use(koa.iamErrorHandler({ onError: (e) => void errors.push(e) }))
      app.use(koa.iamGuard(world(), { logger: quiet }))
      const router = new Router()
      for (const r of routes) {
        const handler = (ctx: Context) => {
          calls.push(r.path)
          ctx.body = { ok: true }
        }
        if (r.template === undefined) router.get(r.path, handler)
        else router.get(r.path, koa.authorize('docs:GetDocument', r.template), handler)
      }
      app.use(router.routes())
      return { listener: app.callback(), calls, errors }
    },
  },
] as const

describe.each(FRAMEWORKS)('$name: decisions from the route catalogue', ({ build }) => {
  it('answers an unknown path with the AWS-style 404 to a principal and 401 to anyone else', async () => {
    const { listener, calls } = build([{ path: '/projects/:project/docs/:doc', template: T }])
    const agent = request(createServer(listener))
    const res = await agent.get('/nothing/here').set('Authorization', 'Bearer t')
    expect(res.status).toBe(404)
    expect(res.body).toEqual({ error: 'NotFound', message: 'No route serves GET on this path.', requestId: res.headers['x-request-id'] })
    expect((await agent.post('/projects/p/docs/1').set('Authorization', 'Bearer t')).status).toBe(404)
    const anonymous = await agent.get('/nothing/here')
    expect(anonymous.status).toBe(401)
    expect(anonymous.headers['www-authenticate']).toMatch(/^Bearer/)
    expect(calls).toEqual([])
  })

  it('refuses an invalid percent-encoding in a path parameter with 400', async () => {
    const { listener, calls } = build([{ path: '/projects/:project/docs/:doc', template: T }])
    const res = await request(createServer(listener)).get('/projects/p/docs/%E0%A4%A').set('Authorization', 'Bearer t')
    expect(res.status).toBe(400)
    expect(res.body.error).toBe('InvalidParameterValue')
    expect(calls).toEqual([])
  })

  it('fails loudly, naming the route, when a template placeholder is not a parameter of its route', async () => {
    const { listener, calls, errors } = build([
      { path: '/projects/:project/docs/:doc', template: 'arn:app:docs::{account}:project/{projct}/doc/{doc}' },
      { path: '/other/:doc', template: T.replace('{project}', 'p') },
    ])
    const agent = request(createServer(listener))
    const res = await agent.get('/other/1').set('Authorization', 'Bearer t')
    expect(res.status).toBe(500)
    expect(res.body.error).toBe('ServiceFailure')
    expect(res.text).not.toContain('projct')
    expect(String((errors[0] as Error).message)).toMatch(/\/projects\/:project\/docs\/:doc.*\{projct\}/)
    expect(calls).toEqual([])
  })
})

describe('where the guard is mounted', () => {
  it('refuses every request, loudly, when the Express guard sits inside a router', async () => {
    const errors: unknown[] = []
    const app = express()
    const api = express.Router()
    api.use(ex.iamGuard(world(), { logger: quiet, publicRoutes: ['GET /health'] }))
    api.get('/health', (_req, res) => res.json({}))
    app.use('/api', api)
    app.use(ex.iamErrorHandler({ onError: (e) => void errors.push(e) }))
    const res = await request(createServer(app)).get('/api/health')
    expect(res.status).toBe(500)
    expect(String((errors[0] as Error).message)).toContain('app.use(iamGuard(iam))')
  })

  it('guards an Express app when mounted under a path, deciding with the full path', async () => {
    const app = express()
    const calls: string[] = []
    app.use('/api', ex.iamGuard(world(), { logger: quiet }))
    app.get('/api/projects/:project/docs/:doc', ex.authorize('docs:GetDocument', T), (_req, res) => {
      calls.push('doc')
      res.json({})
    })
    app.get('/api/plain', (_req, res) => {
      calls.push('plain')
      res.json({})
    })
    app.use(ex.iamErrorHandler({ onError: () => undefined }))
    const agent = request(createServer(app))
    expect((await agent.get('/api/projects/p/docs/1').set('Authorization', 'Bearer t')).status).toBe(200)
    expect((await agent.get('/api/plain').set('Authorization', 'Bearer t')).status).toBe(403)
    expect(calls).toEqual(['doc'])
  })

  it('refuses a Koa request when the guard is not on the app itself', async () => {
    const app = new Koa()
    const errors: unknown[] = []
    app.use(koa.iamErrorHandler({ onError: (e) => void errors.push(e) }))
    const guard = koa.iamGuard(world(), { logger: quiet })
    app.use((ctx, next) => guard(ctx, next))
    const res = await request(createServer(app.callback())).get('/x').set('Authorization', 'Bearer t')
    expect(res.status).toBe(500)
    expect(String((errors[0] as Error).message)).toContain('app.use(iamGuard(iam))')
  })
})

describe('the Express error handler', () => {
  it('logs a server error by default and stays quiet when told to', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    try {
      const app = express()
      app.get('/boom', () => {
        throw new Error('db password=hunter2')
      })
      app.use(ex.iamErrorHandler())
      const res = await request(createServer(app)).get('/boom')
      expect(res.status).toBe(500)
      expect(res.text).not.toContain('hunter2')
      expect(log).toHaveBeenCalledWith(expect.stringContaining('failed with a server error'), expect.objectContaining({ message: 'db password=hunter2' }))
      log.mockClear()
      const silent = express()
      silent.get('/boom', () => {
        throw new Error('x')
      })
      silent.use(ex.iamErrorHandler({ onError: () => undefined }))
      expect((await request(createServer(silent)).get('/boom')).status).toBe(500)
      expect(log).not.toHaveBeenCalled()
    } finally {
      log.mockRestore()
    }
  })
})

describe('a request body that does not decode with its Content-Encoding', () => {
  it('is the client\'s 400 in Express and in Koa, and the handler never runs', async () => {
    const calls: string[] = []
    const expressApp = express()
    expressApp.use(express.json())
    expressApp.use(ex.iamGuard(world(), { logger: quiet }))
    expressApp.post('/docs/:doc', ex.authorize('docs:Put', 'arn:app:docs::{account}:doc/{doc}'), (_req, res) => {
      calls.push('express')
      res.json({})
    })
    expressApp.use(ex.iamErrorHandler({ onError: () => undefined }))
    const koaApp = new Koa()
    koaApp.use(koa.iamErrorHandler({ onError: () => undefined }))
    const { bodyParser } = await import('@koa/bodyparser')
    koaApp.use(bodyParser())
    koaApp.use(koa.iamGuard(world(), { logger: quiet }))
    const router = new Router()
    router.post('/docs/:doc', koa.authorize('docs:Put', 'arn:app:docs::{account}:doc/{doc}'), (ctx: Context) => {
      calls.push('koa')
      ctx.body = {}
    })
    koaApp.use(router.routes())
    for (const listener of [expressApp, koaApp.callback()]) {
      const res = await request(createServer(listener)).post('/docs/1').set('Authorization', 'Bearer t')
        .set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').send('this is not gzip')
      expect(res.status).toBe(400)
      expect(res.body.error).toBe('InvalidRequest')
    }
    expect(calls).toEqual([])
  })
})

describe('collectRoutes(app, options)', () => {
  const options = { publicRoutes: ['GET /health'], routes: { 'GET /table/:project': { action: 'docs:List', resource: 'arn:app:docs::{account}:project/{project}' } } }
  const expected = [
    { method: 'GET', pattern: '/health', declarations: [{ kind: 'public' }] },
    { method: 'GET', pattern: '/projects/:project/docs/:doc', declarations: [{ kind: 'annotated', actions: ['docs:GetDocument'], resource: T }] },
    { method: 'DELETE', pattern: '/projects/:project/docs/:doc', declarations: [{ kind: 'annotated', actions: ['docs:DeleteDocument', 'docs:Audit'], resource: T }] },
    { method: 'GET', pattern: '/table/:project', declarations: [{ kind: 'table', actions: ['docs:List'], resource: 'arn:app:docs::{account}:project/{project}' }] },
    { method: 'GET', pattern: '/api/plain', declarations: [{ kind: 'undeclared' }] },
    { method: 'POST', pattern: '/sts/login', declarations: [{ kind: 'endpoint', auth: 'none' }] },
  ]

  it('lists an Express app\'s routes as the guard decides them', () => {
    const app = express()
    app.use(ex.iamGuard(world(), { logger: quiet, ...options }))
    app.get('/health', (_req, res) => res.json({}))
    app.route('/projects/:project/docs/:doc').get(ex.authorize('docs:GetDocument', T), (_req, res) => res.json({}))
      .delete(ex.authorize(['docs:DeleteDocument', 'docs:Audit'], T), (_req, res) => res.json({}))
    app.get('/table/:project', (_req, res) => res.json({}))
    const api = express.Router()
    api.get('/plain', (_req, res) => res.json({}))
    app.use('/api', api)
    const sts = express.Router()
    app.use('/sts', sts)
    sts.post('/login', Object.assign((_req: Request, res: Response) => res.json({}), { [Symbol.for('iam-guard.endpoint')]: { kind: 'sts', routes: [], route: { method: 'POST', path: '/login', auth: 'none' } } }))
    expect(ex.collectRoutes(app, options)).toEqual(expected)
  })

  it('lists a Koa app\'s routes as the guard decides them', () => {
    const app = new Koa()
    app.use(koa.iamGuard(world(), { logger: quiet, ...options }))
    const router = new Router()
    const ok = (ctx: Context) => {
      ctx.body = {}
    }
    router.get('/health', ok)
    router.get('/projects/:project/docs/:doc', koa.authorize('docs:GetDocument', T), ok)
    router.delete('/projects/:project/docs/:doc', koa.authorize(['docs:DeleteDocument', 'docs:Audit'], T), ok)
    router.get('/table/:project', ok)
    const api = new Router()
    api.get('/plain', ok)
    router.use('/api', api.routes())
    const sts = new Router()
    sts.post('/login', Object.assign((ctx: Context) => ok(ctx), { [Symbol.for('iam-guard.endpoint')]: { kind: 'sts', routes: [], route: { method: 'POST', path: '/login', auth: 'none' } } }))
    router.use('/sts', sts.routes())
    app.use(router.routes())
    expect(koa.collectRoutes(app, options)).toEqual(expected)
  })
})

/**
 * Koa: a request no route serves reaches no middleware after the guard; routes decide before
 * any router runs; the method and path the guard decided cannot change after it.
 */
import { createServer } from 'node:http'
import Koa, { type Context, type Next } from 'koa'
import Router from '@koa/router'
import request from 'supertest'
import { describe, expect, it } from 'vitest'
import { authorize, iamErrorHandler, iamGuard, type KoaGuardOptions } from '../../adapters/koa/index.js'
import { allow, fakeIam, user } from '../guard/fake-iam.js'

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined }
const T = 'arn:app:docs::{account}:doc/{doc}'

function world(build: (app: Koa, router: Router, calls: string[]) => void, options: KoaGuardOptions = {}) {
  const iam = fakeIam()
  const alice = user('alice')
  iam.tokens.set('t', alice)
  iam.policies.set(alice.arn, { identityPolicies: [allow('docs:*', '*')] })
  const calls: string[] = []
  const app = new Koa()
  app.use(iamErrorHandler({ onError: () => undefined }))
  app.use(iamGuard(iam, { logger: quiet, ...options }))
  const router = new Router()
  build(app, router, calls)
  app.use(router.routes())
  return { agent: request(createServer(app.callback())), calls }
}

describe('Koa middleware mounted after the guard', () => {
  it('never runs a plain middleware for a path no route serves: 404 with a principal, 401 without', async () => {
    const { agent } = world((app) => {
      app.use(async (ctx: Context, next: Next) => {
        if (ctx.path.startsWith('/export')) {
          ctx.set('x-secret', 's3cret')
          ctx.body = { everything: true }
          return
        }
        await next()
      })
      app.use(async (ctx: Context) => {
        if (ctx.path === '/terminal') ctx.body = 'secret'
      })
    }, { publicRoutes: ['GET /export/open'] })
    const res = await agent.get('/export').set('Authorization', 'Bearer t')
    expect(res.status).toBe(404)
    expect(res.body.error).toBe('NotFound')
    expect(res.headers['x-secret']).toBeUndefined()
    expect(res.headers['x-request-id']).toBe(res.body.requestId)
    expect((await agent.get('/terminal').set('Authorization', 'Bearer t')).status).toBe(404)
    expect((await agent.get('/export/open')).status).toBe(401)
    expect((await agent.get('/terminal')).status).toBe(401)
  })

  it('answers an OPTIONS request no route handles like any unknown request, as Express does', async () => {
    const { agent, calls } = world((app, router, calls) => {
      router.get('/docs/:doc', authorize('docs:Get', T), (ctx: Context) => {
        calls.push('get')
        ctx.body = {}
      })
      router.delete('/internal/:doc', (ctx: Context) => {
        calls.push('internal')
        ctx.body = {}
      })
      app.use(router.allowedMethods())
    })
    const signedIn = await agent.options('/docs/1').set('Authorization', 'Bearer t')
    expect(signedIn.status).toBe(404)
    expect(signedIn.headers.allow).toBeUndefined()
    const preflight = await agent.options('/internal/1').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'DELETE')
    expect(preflight.status).toBe(401)
    expect(preflight.headers.allow).toBeUndefined()
    expect(calls).toEqual([])
  })

  it('refuses a router.use() middleware that answers instead of a route', async () => {
    const { agent, calls } = world((_app, router, calls) => {
      router.use('/internal', async (ctx: Context) => {
        ctx.body = { everything: true }
      })
      router.get('/internal/dump', (ctx: Context) => {
        calls.push('dump')
        ctx.body = {}
      })
    })
    const res = await agent.get('/internal/dump').set('Authorization', 'Bearer t')
    expect(res.status).toBe(403)
    expect(res.text).not.toContain('everything')
    expect(calls).toEqual([])
  })

  it('keeps pass-through middleware and post-processing of an admitted route working', async () => {
    const { agent, calls } = world((app, router, calls) => {
      app.use(async (ctx: Context, next: Next) => {
        calls.push(`log ${ctx.method}`)
        ctx.set('x-frame-options', 'DENY')
        await next()
        if (ctx.body !== undefined) ctx.body = { wrapped: ctx.body }
      })
      router.get('/docs/:doc', authorize('docs:Get', T), (ctx: Context) => {
        ctx.body = { id: ctx.params.doc }
      })
    })
    const res = await agent.get('/docs/1').set('Authorization', 'Bearer t')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ wrapped: { id: '1' } })
    expect(res.headers['x-frame-options']).toBe('DENY')
    const unknown = await agent.get('/unknown').set('Authorization', 'Bearer t')
    expect(unknown.status).toBe(404)
    expect(unknown.body.error).toBe('NotFound')
    // The unknown path was refused by the guard: the logger mounted after it never saw it.
    expect(calls).toEqual(['log GET'])
  })

  it('keeps the guard\'s own refusal when a middleware below swallows it and answers', async () => {
    const { agent } = world((app, router) => {
      app.use(async (ctx: Context, next: Next) => {
        try {
          await next()
        } catch {
          ctx.status = 200
          ctx.body = { swallowed: true }
        }
      })
      router.get('/plain', (ctx: Context) => {
        ctx.body = {}
      })
    }, { publicRoutes: ['GET /plain/open'] })
    const res = await agent.get('/plain').set('Authorization', 'Bearer t')
    expect(res.status).toBe(403)
    expect(res.body.error).toBe('AccessDenied')
  })

  it('lets the guard\'s own onDenied answer stand', async () => {
    const { agent } = world((_app, router) => {
      router.get('/plain', (ctx: Context) => {
        ctx.body = {}
      })
    }, { onDenied: () => ({ status: 403, body: { custom: true } }) })
    const res = await agent.get('/plain').set('Authorization', 'Bearer t')
    expect(res.status).toBe(403)
    expect(res.body).toEqual({ custom: true })
  })
})

describe('Koa method override', () => {
  it('refuses a method override mounted after the guard, so no handler of the other method runs', async () => {
    const { agent, calls } = world((app, router, calls) => {
      app.use(async (ctx: Context, next: Next) => {
        const to = ctx.get('x-http-method-override')
        if (ctx.method === 'POST' && to !== '') ctx.method = to.toUpperCase()
        await next()
      })
      router.post('/docs/:doc', authorize('docs:Put', T), (ctx: Context) => {
        calls.push('post')
        ctx.body = {}
      })
      router.delete('/docs/:doc', authorize('docs:Delete', T), (ctx: Context) => {
        calls.push('delete')
        ctx.body = {}
      })
      router.post('/open', (ctx: Context) => {
        ctx.body = {}
      })
      router.delete('/open', (ctx: Context) => {
        calls.push('unannotated delete')
        ctx.body = {}
      })
    }, { publicRoutes: ['POST /open'] })
    const res = await agent.post('/docs/1').set('Authorization', 'Bearer t').set('X-HTTP-Method-Override', 'DELETE')
    expect(res.status).toBe(403)
    expect(res.body.message).toContain('method changed after the guard')
    expect((await agent.post('/open').set('X-HTTP-Method-Override', 'DELETE')).status).toBe(401)
    expect(calls).toEqual([])
  })
})

describe('Koa URL rewriting mounted after the guard', () => {
  function rewriting() {
    return world((app, router, calls) => {
      app.use(async (ctx: Context, next: Next) => {
        if (ctx.path.startsWith('/public/')) ctx.path = ctx.path.replace('/public/', '/docs/')
        if (ctx.path.startsWith('/open/')) ctx.path = ctx.path.replace('/open/', '/raw/')
        await next()
      })
      router.get('/public/:doc', (ctx: Context) => {
        ctx.body = { public: true }
      })
      router.get('/open/:doc', (ctx: Context) => {
        ctx.body = { open: true }
      })
      router.get('/raw/:doc', (ctx: Context) => {
        ctx.body = { secret: 'raw record' }
      })
      router.get('/docs/:doc', authorize('docs:Delete', T), (ctx: Context) => {
        calls.push('docs')
        ctx.body = { secret: true }
      })
    }, { publicRoutes: ['GET /public/:doc', 'GET /open/:doc'] })
  }

  it('refuses an annotated route the rewritten URL reaches: the guard decided another path', async () => {
    const { agent, calls } = rewriting()
    const res = await agent.get('/public/1').set('Authorization', 'Bearer t')
    expect(res.status).toBe(403)
    expect(res.body.message).toContain('path changed after the guard')
    expect(calls).toEqual([])
  })

  it('sends nothing of an answer from an undeclared route the rewritten URL reaches', async () => {
    const { agent } = rewriting()
    await expect(agent.get('/open/1')).rejects.toThrow(/socket hang up|ECONNRESET/)
  })
})

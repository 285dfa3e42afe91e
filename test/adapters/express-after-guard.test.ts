/**
 * Express: what runs after the guard besides routes. A request no route serves reaches no
 * middleware after the guard; param callbacks run only after the Allow; the method and path
 * the guard decided cannot change after it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import express, { type NextFunction, type Request, type Response } from 'express'
import request from 'supertest'
import { describe, expect, it } from 'vitest'
import { authorize, iamErrorHandler, iamGuard, type ExpressGuardOptions } from '../../adapters/express/index.js'
import type { AuditEvent } from '../../src/index.js'
import { allow, fakeIam, user } from '../guard/fake-iam.js'

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined }
const T = 'arn:app:docs::{account}:doc/{doc}'

function world(build: (app: express.Express, calls: string[]) => void, options: ExpressGuardOptions = {}) {
  const iam = fakeIam()
  const alice = user('alice')
  iam.tokens.set('t', alice)
  iam.policies.set(alice.arn, { identityPolicies: [allow('docs:*', '*')] })
  const calls: string[] = []
  const app = express()
  app.use(iamGuard(iam, { logger: quiet, ...options }))
  build(app, calls)
  app.use(iamErrorHandler())
  return { agent: request(createServer(app)), calls }
}

describe('Express middleware mounted after the guard', () => {
  it('never runs for a path no route serves: 404 with a principal, 401 without, nothing of it sent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iam-guard-static-'))
    writeFileSync(join(dir, 'secret.txt'), 'top secret file')
    const { agent, calls } = world((app, calls) => {
      app.use('/export', (_req: Request, res: Response) => {
        calls.push('terminal')
        res.json({ everything: true })
      })
      app.use('/dump', (_req: Request, res: Response, _next: NextFunction) => {
        calls.push('pass-through')
        res.set('x-secret', 's3cret').cookie('sid', 'stolen').status(200).json({ everything: true })
      })
      app.use('/files', express.static(dir))
    })
    for (const path of ['/export', '/dump', '/files/secret.txt']) {
      const res = await agent.get(path).set('Authorization', 'Bearer t')
      expect(res.status).toBe(404)
      expect(res.body.error).toBe('NotFound')
      expect(res.headers['x-secret']).toBeUndefined()
      expect(res.headers['set-cookie']).toBeUndefined()
      expect(res.headers['last-modified']).toBeUndefined()
      expect(res.text).not.toMatch(/everything|top secret/)
      expect((await agent.get(path)).status).toBe(401)
    }
    expect((await agent.head('/files/secret.txt').set('Authorization', 'Bearer t')).status).toBe(404)
    expect(calls).toEqual([])
  })

  it('answers an OPTIONS request no route handles like any unknown request, listing no methods', async () => {
    // Issue: the router's automatic OPTIONS answer listed `Allow: DELETE, GET…` for any caller.
    const { agent, calls } = world((app, calls) => {
      app.get('/docs/:doc', authorize('docs:Get', T), (_req: Request, res: Response) => {
        calls.push('get')
        res.json({})
      })
      app.delete('/internal/:doc', (_req: Request, res: Response) => {
        calls.push('internal')
        res.json({})
      })
    })
    const signedIn = await agent.options('/docs/1').set('Authorization', 'Bearer t')
    expect(signedIn.status).toBe(404)
    expect(signedIn.headers.allow).toBeUndefined()
    const preflight = await agent.options('/internal/1').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'DELETE')
    expect(preflight.status).toBe(401)
    expect(preflight.headers.allow).toBeUndefined()
    expect(calls).toEqual([])
  })

  it('keeps body parsers, loggers and header-setting middleware working for an allowed route', async () => {
    const { agent, calls } = world((app, calls) => {
      app.use(express.json())
      app.use((req: Request, res: Response, next: NextFunction) => {
        calls.push(`log ${req.method}`)
        res.setHeader('x-frame-options', 'DENY')
        next()
      })
      app.post('/docs/:doc', authorize('docs:Put', T), (req: Request, res: Response) => {
        res.json({ got: (req.body as { v?: unknown }).v })
      })
    })
    const res = await agent.post('/docs/1').set('Authorization', 'Bearer t').send({ v: 42 })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ got: 42 })
    expect(res.headers['x-frame-options']).toBe('DENY')
    expect(calls).toEqual(['log POST'])
  })

  it('lets middleware answer once a route admitted the request and passed it on', async () => {
    const { agent } = world((app) => {
      app.get('/docs/:doc', authorize('docs:Get', T), (_req: Request, res: Response, next: NextFunction) => {
        res.locals.doc = { id: 1 }
        next()
      })
      app.use((_req: Request, res: Response) => {
        res.json({ wrapped: res.locals.doc })
      })
    })
    const res = await agent.get('/docs/1').set('Authorization', 'Bearer t')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ wrapped: { id: 1 } })
  })

  it("lets error handlers render a route's errors and the guard's own refusals", async () => {
    const { agent } = world((app) => {
      app.get('/gone/:doc', authorize('docs:Get', T), (_req: Request, _res: Response, next: NextFunction) => {
        next(Object.assign(new Error('gone'), { status: 410, expose: true }))
      })
      app.use((err: { status?: number }, _req: Request, res: Response, next: NextFunction) => {
        if (err.status === 410) res.status(410).json({ error: 'Gone' })
        else next(err)
      })
    })
    expect((await agent.get('/gone/1').set('Authorization', 'Bearer t')).status).toBe(410)
    expect((await agent.get('/nothing/here').set('Authorization', 'Bearer t')).body.error).toBe('NotFound')
    expect((await agent.get('/nothing/here')).status).toBe(401)
  })

  it('with dangerouslyReportOnly lets the answer through and audits a would-be denial', async () => {
    const events: AuditEvent[] = []
    const { agent, calls } = world((app, calls) => {
      app.get('/export', (_req: Request, res: Response) => {
        calls.push('export')
        res.json({ ok: true })
      })
      app.use('/legacy', (_req: Request, res: Response) => {
        calls.push('legacy')
        res.json({ ok: true })
      })
    }, { dangerouslyReportOnly: true, onDecision: (e) => void events.push(e) })
    expect((await agent.get('/export').set('Authorization', 'Bearer t')).status).toBe(200)
    expect((await agent.get('/legacy').set('Authorization', 'Bearer t')).status).toBe(200)
    expect((await agent.get('/export')).status).toBe(401)
    expect(calls).toEqual(['export', 'legacy'])
    expect(events.map((e) => [e.decision, e.enforced, e.reason])).toEqual([
      ['implicitDeny', false, 'no action is declared for this route'],
      ['implicitDeny', false, 'no route serves this request'],
    ])
  })
})

describe('Express URL rewriting mounted after the guard', () => {
  function rewriting() {
    return world((app, calls) => {
      app.use((req: Request, _res: Response, next: NextFunction) => {
        if (req.url.startsWith('/public/')) req.url = req.url.replace('/public/', '/docs/')
        if (req.url.startsWith('/open/')) req.url = req.url.replace('/open/', '/raw/')
        next()
      })
      app.get('/open/:doc', (_req: Request, res: Response) => res.json({ open: true }))
      app.get('/raw/:doc', (_req: Request, res: Response) => res.json({ secret: 'raw record' }))
      app.get('/public/:doc', (_req: Request, res: Response) => res.json({ public: true }))
      app.get('/docs/:doc', authorize('docs:Delete', T), (_req: Request, res: Response) => {
        calls.push('docs')
        res.json({ secret: true })
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
    // The connection is closed before the head is written: no status, header or byte of the body.
    await expect(agent.get('/open/1')).rejects.toThrow(/socket hang up|ECONNRESET/)
  })
})

describe('Express param callbacks', () => {
  function paramWorld(options: ExpressGuardOptions = {}) {
    return world((app, calls) => {
      const r = express.Router()
      r.param('doc', (_req: Request, _res: Response, next: NextFunction, id: string) => {
        calls.push(`param ${id}`)
        if (id === 'missing') next(Object.assign(new Error('no such doc'), { status: 404, expose: true }))
        else next()
      })
      r.get('/docs/:doc', authorize('docs:Get', T), (_req: Request, res: Response) => {
        calls.push('get')
        res.json({})
      })
      r.get('/plain/:doc', (_req: Request, res: Response) => {
        calls.push('plain')
        res.json({})
      })
      app.use(r)
    }, options)
  }

  it('runs them after the Allow and before the next handler, with their errors honoured', async () => {
    const { agent, calls } = paramWorld()
    expect((await agent.get('/docs/7').set('Authorization', 'Bearer t')).status).toBe(200)
    expect((await agent.get('/docs/missing').set('Authorization', 'Bearer t')).status).toBe(404)
    expect(calls).toEqual(['param 7', 'get', 'param missing'])
  })

  it('never runs them for a denied request, annotated or not', async () => {
    const { agent, calls } = paramWorld()
    expect((await agent.get('/plain/7').set('Authorization', 'Bearer t')).status).toBe(403)
    expect(calls).toEqual([])
  })

  it('runs them before a handler of a public route', async () => {
    const { agent, calls } = paramWorld({ publicRoutes: ['GET /plain/:doc'] })
    expect((await agent.get('/plain/7')).status).toBe(200)
    expect(calls).toEqual(['param 7', 'plain'])
  })
})

describe('Express method override', () => {
  const override = (req: Request, _res: Response, next: NextFunction): void => {
    const to = req.headers['x-http-method-override']
    if (req.method === 'POST' && typeof to === 'string') req.method = to.toUpperCase()
    next()
  }

  it('refuses a method override mounted after the guard, so no handler of the other method runs', async () => {
    const { agent, calls } = world((app, calls) => {
      app.use(override)
      app.post('/docs/:doc', authorize('docs:Put', T), (_req: Request, res: Response) => {
        calls.push('post')
        res.json({})
      })
      app.delete('/docs/:doc', authorize('docs:Delete', T), (_req: Request, res: Response) => {
        calls.push('delete')
        res.json({})
      })
      app.post('/open', (_req: Request, res: Response) => res.json({}))
      app.delete('/open', (_req: Request, res: Response) => {
        calls.push('unannotated delete')
        res.json({})
      })
    }, { publicRoutes: ['POST /open'] })
    const res = await agent.post('/docs/1').set('Authorization', 'Bearer t').set('X-HTTP-Method-Override', 'DELETE')
    expect(res.status).toBe(403)
    expect(res.body.message).toContain('method changed after the guard')
    expect((await agent.post('/open').set('X-HTTP-Method-Override', 'DELETE')).status).toBe(401)
    expect(calls).toEqual([])
  })

  it('judges the overridden method when the override runs before the guard', async () => {
    const iam = fakeIam()
    iam.tokens.set('t', user('alice'))
    iam.policies.set(user('alice').arn, { identityPolicies: [allow('docs:*', '*')] })
    const app = express()
    app.use(override)
    app.use(iamGuard(iam, { logger: quiet, publicRoutes: ['POST /feedback'] }))
    app.delete('/feedback', (_req: Request, res: Response) => res.json({}))
    app.use(iamErrorHandler())
    const agent = request(createServer(app))
    expect((await agent.post('/feedback').set('X-HTTP-Method-Override', 'DELETE')).status).toBe(401)
    expect((await agent.post('/feedback').set('Authorization', 'Bearer t').set('X-HTTP-Method-Override', 'DELETE')).status).toBe(403)
  })
})

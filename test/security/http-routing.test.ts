/**
 * Fail-open routing: every way an Express 5 or Koa 3 app can reach a handler, tried against
 * `iamGuard`. A denied or failed request must never run the handler (its counter stays 0).
 */
import Router from '@koa/router'
import express, { type NextFunction, type Request, type Response } from 'express'
import Koa from 'koa'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { authorize, iamErrorHandler, iamGuard, type ExpressGuardOptions } from '../../adapters/express/index.js'
import { authorize as koaAuthorize, iamErrorHandler as koaErrorHandler, iamGuard as koaGuard } from '../../adapters/koa/index.js'
import { DOC_TEMPLATE, expectCleanError, Hits, httpWorld, quiet, withServer, type HttpWorld } from './http-helpers.js'

let world: HttpWorld
beforeAll(async () => {
  world = await httpWorld()
})
afterAll(async () => {
  await world.close()
})

const bearer = (token: string): [string, string] => ['Authorization', `Bearer ${token}`]

function expressApp(build: (app: express.Express, hits: Hits) => void, options: ExpressGuardOptions = {}): { app: express.Express; hits: Hits } {
  const hits = new Hits()
  const app = express()
  app.use(express.json())
  app.use(iamGuard(world.iam, { logger: quiet, ...options }))
  build(app, hits)
  app.use(iamErrorHandler())
  return { app, hits }
}

const spy = (hits: Hits, name: string) => (_req: Request, res: Response): void => {
  hits.hit(name)
  res.json({ ran: name })
}

describe('Express: handlers are never reached without an Allow', () => {
  it('denies an unannotated route of a nested router mounted with a path', async () => {
    const { app, hits } = expressApp((app, hits) => {
      const inner = express.Router()
      inner.get('/deep/:id', spy(hits, 'deep'))
      const outer = express.Router()
      outer.use('/in', inner)
      app.use('/out', outer)
    })
    await withServer(app, async (agent) => {
      const res = await agent.get('/out/in/deep/1').set(...bearer(world.tokens.alice))
      expect(res.status).toBe(403)
      expectCleanError(res)
    })
    expect(hits.total()).toBe(0)
  })

  it('denies an unannotated route with a RegExp path', async () => {
    const { app, hits } = expressApp((app, hits) => {
      app.get(/^\/re\/(\d+)$/, spy(hits, 're'))
    })
    await withServer(app, async (agent) => {
      expect((await agent.get('/re/7').set(...bearer(world.tokens.alice))).status).toBe(403)
    })
    expect(hits.total()).toBe(0)
  })

  it('denies a catch-all app.all route and a late 404 route', async () => {
    const { app, hits } = expressApp((app, hits) => {
      app.all('/{*rest}', spy(hits, 'all'))
    })
    await withServer(app, async (agent) => {
      for (const method of ['get', 'post', 'put', 'delete', 'patch'] as const) {
        expect((await agent[method]('/anything/at/all').set(...bearer(world.tokens.alice))).status).toBe(403)
      }
    })
    expect(hits.total()).toBe(0)
  })

  it('denies an unannotated route registered after the first request was served', async () => {
    const { app, hits } = expressApp(() => undefined)
    await withServer(app, async (agent) => {
      expect((await agent.get('/late').set(...bearer(world.tokens.alice))).status).toBe(404)
      const router = (app as unknown as { router: express.Router }).router
      router.get('/late', spy(hits, 'late'))
      expect((await agent.get('/late').set(...bearer(world.tokens.alice))).status).toBe(403)
    })
    expect(hits.total()).toBe(0)
  })

  it('does not let next("route") or a second router matching the same path inherit an Allow', async () => {
    const { app, hits } = expressApp((app, hits) => {
      app.get('/projects/:project/docs/:doc', authorize('docs:GetDocument', DOC_TEMPLATE), (_req, _res, next) => {
        hits.hit('first')
        next('route')
      })
      app.get('/projects/:project/docs/:doc', spy(hits, 'second-route'))
      const other = express.Router()
      other.get('/projects/:project/docs/:doc', spy(hits, 'second-router'))
      app.use(other)
    })
    await withServer(app, async (agent) => {
      expect((await agent.get('/projects/p1/docs/1').set(...bearer(world.tokens.alice))).status).toBe(403)
    })
    // The guard lists every route the request can reach before dispatch: routes that declare
    // nothing refuse it up front, so not even the first (allowed) handler runs.
    expect(hits.of('first')).toBe(0)
    expect(hits.of('second-route') + hits.of('second-router')).toBe(0)
  })

  it('does not let next("router") leave a nested router into an unannotated route with the Allow', async () => {
    const { app, hits } = expressApp((app, hits) => {
      const r = express.Router()
      r.get('/x/:project/:doc', authorize('docs:GetDocument', DOC_TEMPLATE), (_req, _res, next) => next('router'))
      app.use(r)
      app.get('/x/:project/:doc', spy(hits, 'after'))
    })
    await withServer(app, async (agent) => {
      expect((await agent.get('/x/p1/1').set(...bearer(world.tokens.alice))).status).toBe(403)
    })
    expect(hits.of('after')).toBe(0)
  })

  it('checks HEAD against the GET route\'s own action and denies HEAD on an unannotated GET route', async () => {
    const { app, hits } = expressApp((app, hits) => {
      app.get('/projects/:project/docs/:doc', authorize('docs:GetDocument', DOC_TEMPLATE), spy(hits, 'get'))
      app.get('/plain', spy(hits, 'plain'))
    })
    await withServer(app, async (agent) => {
      expect((await agent.head('/projects/p2/docs/1').set(...bearer(world.tokens.alice))).status).toBe(403)
      expect((await agent.head('/plain').set(...bearer(world.tokens.alice))).status).toBe(403)
      expect((await agent.head('/projects/p1/docs/1').set(...bearer(world.tokens.alice))).status).toBe(200)
    })
    expect(hits.of('get')).toBe(1)
    expect(hits.of('plain')).toBe(0)
  })

  it('answers a CORS preflight without credentials without running an unannotated OPTIONS handler', async () => {
    const { app, hits } = expressApp((app, hits) => {
      app.options('/cors', spy(hits, 'options'))
    })
    await withServer(app, async (agent) => {
      const preflight = await agent.options('/cors').set('Origin', 'https://x.test').set('Access-Control-Request-Method', 'DELETE')
      expect(preflight.status).toBe(401)
      expect((await agent.options('/cors')).status).toBe(401)
    })
    expect(hits.total()).toBe(0)
  })

  it('runs a route-level error handler only for an admitted dispatch', async () => {
    const { app, hits } = expressApp((app, hits) => {
      app.get('/boom', (_req: Request, _res: Response, next: NextFunction) => next(new Error('x')), (_err: unknown, _req: Request, res: Response, _next: NextFunction) => {
        hits.hit('route-error-handler')
        res.json({ leaked: true })
      })
    })
    await withServer(app, async (agent) => {
      expect((await agent.get('/boom').set(...bearer(world.tokens.alice))).status).toBe(403)
    })
    expect(hits.total()).toBe(0)
  })

  it('never runs a terminal app.use(path, handler) mounted after the guard without an Allow', async () => {
    // README: "the handler runs only on an Allow"; DESIGN: "A request reaches a handler only after an Allow".
    // A path-mounted middleware that answers the request is a handler as far as an attacker is concerned.
    const { app, hits } = expressApp((app, hits) => {
      app.use('/internal/export', (_req: Request, res: Response) => {
        hits.hit('use')
        res.json({ everything: true })
      })
    })
    await withServer(app, async (agent) => {
      // No route serves the path: refused as not found before any middleware after the guard runs.
      const res = await agent.get('/internal/export').set(...bearer(world.tokens.bob))
      expect(res.status).toBe(404)
      expect(res.body.error).toBe('NotFound')
      expect((await agent.get('/internal/export')).status).toBe(401)
    })
    expect(hits.of('use')).toBe(0)
  })

  it('never runs a router.param callback for a request that is then denied', async () => {
    // router.param callbacks run between matching and the route's handlers, i.e. before authorize():
    // a loader with side effects (or that answers 404 / the record itself) runs for a caller with no Allow.
    const { app, hits } = expressApp((app, hits) => {
      const r = express.Router()
      r.param('doc', (_req, _res, next, id: string) => {
        hits.hit(`param:${id}`)
        next()
      })
      r.get('/projects/:project/docs/:doc', authorize('docs:GetDocument', DOC_TEMPLATE), spy(hits, 'get'))
      app.use(r)
    })
    await withServer(app, async (agent) => {
      expect((await agent.get('/projects/secret/docs/42').set(...bearer(world.tokens.bob))).status).toBe(403)
    })
    expect(hits.of('get')).toBe(0)
    expect(hits.of('param:42')).toBe(0)
  })

  it('judges the method the router dispatches, not the one the guard saw, when a method override runs after the guard', async () => {
    // publicRoutes lists POST /feedback; a method-override middleware after the guard turns the POST
    // into a DELETE, which Express dispatches to an unannotated DELETE route.
    const hits = new Hits()
    const app = express()
    app.use(iamGuard(world.iam, { logger: quiet, publicRoutes: ['POST /feedback'] }))
    app.use((req: Request, _res: Response, next: NextFunction) => {
      const override = req.headers['x-http-method-override']
      if (req.method === 'POST' && typeof override === 'string') req.method = override.toUpperCase()
      next()
    })
    app.post('/feedback', spy(hits, 'public-post'))
    app.delete('/feedback', spy(hits, 'delete'))
    app.use(iamErrorHandler())
    await withServer(app, async (agent) => {
      const res = await agent.post('/feedback').set('X-HTTP-Method-Override', 'DELETE')
      expect(res.status).toBe(401)
    })
    expect(hits.of('delete')).toBe(0)
  })

  it('denies, with a generic 500 and no handler, when an async resolver or the audit hook throws', async () => {
    const secret = new Error('db password=hunter2 at /srv/app/resolver.js')
    const resolvers = {
      values: { values: { doc: async () => { throw secret } } },
      resourceTags: { resourceTags: async () => { throw secret } },
      context: { context: async () => { throw secret } },
    }
    for (const [name, extra] of Object.entries(resolvers)) {
      const { app, hits } = expressApp((app, hits) => {
        app.get('/projects/:project/docs/:doc', authorize('docs:GetDocument', DOC_TEMPLATE, extra as never), spy(hits, name))
      })
      await withServer(app, async (agent) => {
        const res = await agent.get('/projects/p1/docs/1').set(...bearer(world.tokens.alice))
        expect(res.status, name).toBe(500)
        expectCleanError(res)
        expect(res.text).not.toContain('hunter2')
      })
      expect(hits.total(), name).toBe(0)
    }
    const { app, hits } = expressApp((app, hits) => {
      app.get('/projects/:project/docs/:doc', authorize('docs:GetDocument', DOC_TEMPLATE), spy(hits, 'audited'))
    }, { onDecision: async () => { throw secret } })
    await withServer(app, async (agent) => {
      const res = await agent.get('/projects/p1/docs/1').set(...bearer(world.tokens.alice))
      expect(res.status).toBe(500)
      expectCleanError(res)
    })
    expect(hits.total()).toBe(0)
  })

  it('refuses a route context resolver that returns aws: keys instead of letting them through', async () => {
    const { app, hits } = expressApp((app, hits) => {
      app.get('/projects/:project/docs/:doc', authorize('docs:GetDocument', DOC_TEMPLATE, {
        context: () => ({ 'aws:PrincipalArn': 'arn:app:iam::111122223333:root', 'AWS:SourceIp': '10.0.0.1' }),
      }), spy(hits, 'ctx'))
    })
    await withServer(app, async (agent) => {
      expect((await agent.get('/projects/p1/docs/1').set(...bearer(world.tokens.alice))).status).toBeGreaterThanOrEqual(400)
    })
    expect(hits.total()).toBe(0)
  })

  it('in report mode still refuses requests without a principal and resolver failures', async () => {
    const { app, hits } = expressApp((app, hits) => {
      app.get('/open', spy(hits, 'open'))
      app.get('/projects/:project/docs/:doc', authorize('docs:GetDocument', DOC_TEMPLATE, { values: { doc: () => { throw new Error('x') } } }), spy(hits, 'failing'))
    }, { dangerouslyReportOnly: true })
    await withServer(app, async (agent) => {
      expect((await agent.get('/open')).status).toBe(401)
      expect((await agent.get('/open').set('Authorization', 'Bearer not-a-token')).status).toBe(401)
      expect((await agent.get('/projects/p1/docs/1').set(...bearer(world.tokens.alice))).status).toBe(500)
    })
    expect(hits.total()).toBe(0)
  })

  it('refuses authorize() used without iamGuard()', async () => {
    const hits = new Hits()
    const app = express()
    app.get('/projects/:project/docs/:doc', authorize('docs:GetDocument', DOC_TEMPLATE), spy(hits, 'unguarded'))
    app.use(iamErrorHandler())
    await withServer(app, async (agent) => {
      const res = await agent.get('/projects/p1/docs/1').set(...bearer(world.tokens.alice))
      expect(res.status).toBe(500)
      expectCleanError(res)
    })
    expect(hits.total()).toBe(0)
  })
})

describe('Koa: route middleware is never reached without an Allow', () => {
  function koaApp(build: (router: Router, app: Koa, hits: Hits) => void, options: Parameters<typeof koaGuard>[1] = {}): { app: Koa; hits: Hits } {
    const hits = new Hits()
    const app = new Koa()
    app.use(koaErrorHandler())
    app.use(koaGuard(world.iam, { logger: quiet, ...options }))
    const router = new Router()
    build(router, app, hits)
    app.use(router.routes())
    return { app, hits }
  }

  it('runs no router.param middleware and no route middleware for a denied request', async () => {
    const { app, hits } = koaApp((router, _app, hits) => {
      router.param('doc', async (id, _ctx, next) => {
        hits.hit(`param:${id}`)
        await next()
      })
      router.get('/projects/:project/docs/:doc', koaAuthorize('docs:GetDocument', DOC_TEMPLATE), (ctx) => {
        hits.hit('get')
        ctx.body = {}
      })
      router.get('/plain/:doc', (ctx) => {
        hits.hit('plain')
        ctx.body = {}
      })
    })
    await withServer(app.callback(), async (agent) => {
      expect((await agent.get('/projects/secret/docs/42').set(...bearer(world.tokens.bob))).status).toBe(403)
      expect((await agent.get('/plain/42').set(...bearer(world.tokens.alice))).status).toBe(403)
    })
    expect(hits.total()).toBe(0)
  })

  it('does not let a second matching route inherit an Allow, nor a nested prefixed router', async () => {
    const { app, hits } = koaApp((router, _app, hits) => {
      router.get('/projects/:project/docs/:doc', koaAuthorize('docs:GetDocument', DOC_TEMPLATE), async (_ctx, next) => {
        hits.hit('first')
        await next()
      })
      router.get('/projects/:project/docs/:doc', (ctx) => {
        hits.hit('second')
        ctx.body = {}
      })
      const nested = new Router()
      nested.get('/deep/:id', (ctx) => {
        hits.hit('nested')
        ctx.body = {}
      })
      router.use('/n', nested.routes())
    })
    await withServer(app.callback(), async (agent) => {
      expect((await agent.get('/projects/p1/docs/1').set(...bearer(world.tokens.alice))).status).toBe(403)
      expect((await agent.get('/n/deep/1').set(...bearer(world.tokens.alice))).status).toBe(403)
    })
    // Refused before dispatch: the second route declares nothing, so not even the first handler runs.
    expect(hits.of('first')).toBe(0)
    expect(hits.of('second') + hits.of('nested')).toBe(0)
  })

  it('judges the method the router dispatches when a method override runs after the guard', async () => {
    const { app, hits } = koaApp((router, _app, hits) => {
      router.post('/feedback', (ctx) => {
        hits.hit('post')
        ctx.body = {}
      })
      router.delete('/feedback', (ctx) => {
        hits.hit('delete')
        ctx.body = {}
      })
    }, { publicRoutes: ['POST /feedback'] })
    // The override middleware is placed after the guard: insert it before the router.
    const mw = app.middleware
    mw.splice(mw.length - 1, 0, async (ctx, next) => {
      const override = ctx.get('x-http-method-override')
      if (ctx.method === 'POST' && override !== '') ctx.method = override.toUpperCase()
      await next()
    })
    await withServer(app.callback(), async (agent) => {
      expect((await agent.post('/feedback').set('X-HTTP-Method-Override', 'DELETE')).status).toBe(401)
    })
    expect(hits.of('delete')).toBe(0)
  })
})

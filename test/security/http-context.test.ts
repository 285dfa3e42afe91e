/**
 * Client-supplied values reaching a route's own condition keys (issue: an object, `null`, nested
 * arrays or `{"$gt":0}` answered 500; `[0,1]` switched off a `NumericNotEquals` Deny). The guard
 * validates what a route's `context` resolver returns: anything but a string, a finite number or
 * a boolean is the client's 400 `InvalidRequest`, and a list only for a key the route declares
 * `multivalued` (AWS: "Single-valued vs. multivalued context keys" — a multivalued key is only
 * ever evaluated with ForAnyValue/ForAllValues). Same answers in Express and Koa; the handler
 * never runs.
 */
import { createServer, type RequestListener } from 'node:http'
import express, { type Request, type Response } from 'express'
import Koa, { type Context } from 'koa'
import Router from '@koa/router'
import { bodyParser } from '@koa/bodyparser'
import request from 'supertest'
import { describe, expect, it } from 'vitest'
import * as ex from '../../adapters/express/index.js'
import * as koa from '../../adapters/koa/index.js'
import type { PolicyDocument } from '../../src/policy/types.js'
import { allow, fakeIam, user } from '../guard/fake-iam.js'

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined }
const T = 'arn:app:docs::{account}:doc/{doc}'
const DENY_UNLESS_LEVEL_0: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Action: 'docs:Put', Resource: '*', Condition: { NumericNotEquals: { 'app:level': '0' } } }],
}

function world() {
  const iam = fakeIam()
  const alice = user('alice')
  iam.tokens.set('t', alice)
  iam.policies.set(alice.arn, { identityPolicies: [allow('docs:*', '*'), DENY_UNLESS_LEVEL_0] })
  return iam
}

const level = (body: unknown) => ({ 'app:level': (body as { level?: unknown } | undefined)?.level })

const FRAMEWORKS = [
  {
    name: 'Express 5',
    build(calls: string[]): RequestListener {
      const app = express()
      app.use(express.json())
      app.use(ex.iamGuard(world(), { logger: quiet }))
      const handler = (_req: Request, res: Response) => {
        calls.push('put')
        res.json({ ok: true })
      }
      app.put('/docs/:doc', ex.authorize('docs:Put', T, { context: (req) => level(req.body) }), handler)
      app.put('/tagged/:doc', ex.authorize('docs:Put', T, { context: (req) => level(req.body), multivalued: ['APP:Level'] }), handler)
      app.use(ex.iamErrorHandler({ onError: () => undefined }))
      return app
    },
  },
  {
    name: 'Koa 3',
    build(calls: string[]): RequestListener {
      const app = new Koa()
      app.use(koa.iamErrorHandler({ onError: () => undefined }))
      app.use(bodyParser())
      app.use(koa.iamGuard(world(), { logger: quiet }))
      const router = new Router()
      const handler = (ctx: Context) => {
        calls.push('put')
        ctx.body = { ok: true }
      }
      router.put('/docs/:doc', koa.authorize('docs:Put', T, { context: (ctx) => level(ctx.request.body) }), handler)
      router.put('/tagged/:doc', koa.authorize('docs:Put', T, { context: (ctx) => level(ctx.request.body), multivalued: ['APP:Level'] }), handler)
      app.use(router.routes())
      return app.callback()
    },
  },
] as const

describe.each(FRAMEWORKS)('$name: values of a route\'s own condition keys', ({ build }) => {
  it.each([
    ['an object', { a: 1 }],
    ['null', null],
    ['a nested array', [[0], [1]]],
    ['a query operator', { $gt: 0 }],
    ['a list, for a key not declared multivalued', [0, 1]],
  ])('answers 400 InvalidRequest to %s', async (_what, value) => {
    const calls: string[] = []
    const res = await request(createServer(build(calls))).put('/docs/1').set('Authorization', 'Bearer t').send({ level: value })
    expect(res.status).toBe(400)
    expect(res.body.error).toBe('InvalidRequest')
    expect(res.body.message).toContain('app:level')
    expect(calls).toEqual([])
  })

  it('still decides single values as the policy says', async () => {
    const calls: string[] = []
    const agent = request(createServer(build(calls)))
    expect((await agent.put('/docs/1').set('Authorization', 'Bearer t').send({ level: 0 })).status).toBe(200)
    expect((await agent.put('/docs/1').set('Authorization', 'Bearer t').send({ level: 1 })).status).toBe(403)
    expect(calls).toEqual(['put'])
  })

  it('takes a list for a key the route declares multivalued (ignoring case), and refuses nested lists there too', async () => {
    const calls: string[] = []
    const agent = request(createServer(build(calls)))
    expect((await agent.put('/tagged/1').set('Authorization', 'Bearer t').send({ level: [0, 1] })).status).not.toBe(400)
    expect((await agent.put('/tagged/1').set('Authorization', 'Bearer t').send({ level: [[0]] })).status).toBe(400)
  })
})

describe('a route declaring its own condition keys', () => {
  it('refuses a static list for a key not declared multivalued when the route is declared', () => {
    expect(() => ex.authorize('docs:Put', T, { context: { 'app:level': [0, 1] } })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTION' }))
    expect(() => ex.authorize('docs:Put', T, { context: { 'app:level': [0, 1] }, multivalued: ['app:level'] })).not.toThrow()
    expect(() => koa.authorize('docs:Put', T, { context: { 'app:a': 1, 'APP:A': 2 } })).toThrow(/given twice/)
    expect(() => koa.authorize('docs:Put', T, { multivalued: 'app:level' as never })).toThrow(/multivalued/)
  })
})

/**
 * ONE contract suite for both adapters: the same app (built by each adapter's test from the same
 * description), the same requests, the same statuses and bodies. Every deny or error path also
 * checks that the handler never ran.
 */
import type { Server } from 'node:http'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import request from 'supertest'
import type { Iam, Logger } from '../../src/iam-types.js'
import type { AuditEvent } from '../../src/guard/index.js'
import { A, B, DOC, fixture, type Fixture } from './fixture.js'

/** Handler calls by route name. */
export type Hits = Map<string, number>

/** The routes every adapter app must have, in this order, all added AFTER the guard. */
export const ROUTES = {
  health: 'GET /health (public, not annotated)',
  getDoc: "GET /projects/:project/docs/:doc authorize('docs:GetDocument', DOC)",
  deleteDoc: "DELETE /projects/:project/docs/:doc authorize('docs:DeleteDocument', DOC)",
  putDoc: "PUT /projects/:project/docs/:doc authorize(['docs:PutDocument', 'docs:TagResource'], DOC, { requestTags: true })",
  getFile: "GET /projects/:project/files/*path authorize('docs:GetFile', FILE, { multiSegment: ['path'] })",
  unannotated: 'GET /unannotated (no annotation)',
  table: "GET /table/:project (no annotation; in the route table as docs:ListDocuments on project/{project})",
  nested: "GET /nested/:project/items/:item in a nested router, authorize('docs:GetDocument', DOC with {item})",
  can: "GET /can/:project authorize('docs:ListDocuments', PROJECT); answers the docs the caller can delete",
  any: "ALL /any/:doc authorize('docs:GetDocument', DOC in p1)",
  crossDoc: "GET /accounts/:account/projects/:project/docs/:doc authorize('docs:GetDocument', DOC): {account} from the route",
} as const

export const DOC_TEMPLATE = 'arn:app:docs::{account}:project/{project}/doc/{doc}'
export const FILE_TEMPLATE = 'arn:app:docs::{account}:project/{project}/file/{path}'
export const PROJECT_TEMPLATE = 'arn:app:docs::{account}:project/{project}'
export const CAN_CANDIDATES = ['d1', 'locked', 'd2']

export interface BuiltApp {
  server: Server
  /** Adds `GET /later` (unannotated) and `GET /later-annotated` (annotated) to the running app. */
  addLateRoutes(): void
}

export interface Harness {
  name: string
  /** `options` are iamGuard options; `hits` counts handler calls by route name (keys of ROUTES, 'later', 'laterAnnotated'). */
  build(iam: Iam, options: Record<string, unknown>, hits: Hits): BuiltApp
}

/** Test-only session stand-in: a request with `x-test-session: NAME` carries a server session with that token. */
export const TEST_SESSION_HEADER = 'x-test-session'

export const GUARD_OPTIONS = {
  publicRoutes: ['GET /health'],
  routes: { 'GET /table/:project': { action: 'docs:ListDocuments', resource: PROJECT_TEMPLATE } },
  csrf: true,
}

const silent: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined }

export function contractSuite(harness: Harness): void {
  describe(`${harness.name} adapter contract`, () => {
    let fx: Fixture
    let hits: Hits
    let events: AuditEvent[]
    let app: BuiltApp
    const bearer = (name: keyof Fixture['tokens']): string => `Bearer ${fx.tokens[name]}`

    function start(extra: Record<string, unknown> = {}): BuiltApp {
      hits = new Map()
      events = []
      app = harness.build(fx.iam, { ...GUARD_OPTIONS, logger: silent, onDecision: (e: AuditEvent) => void events.push(e), ...extra }, hits)
      return app
    }
    const hit = (name: string): number => hits.get(name) ?? 0

    // One IAM world per adapter (password hashing makes it slow to build); tests only read it.
    beforeAll(async () => {
      fx = await fixture()
    })
    afterAll(async () => {
      await fx.close()
    })
    beforeEach(() => {
      start()
    })
    afterEach(() => {
      vi.useRealTimers()
      fx.setStoreDown(false)
    })

    function expectDenied(res: request.Response, status: number, error: string): void {
      expect(res.status).toBe(status)
      expect(res.body.error).toBe(error)
      expect(typeof res.body.message).toBe('string')
      expect(res.body.requestId).toBe(res.headers['x-request-id'])
      expect(Object.keys(res.body).sort()).toEqual(['error', 'message', 'requestId'])
      expect(res.text).not.toMatch(/at .*\.(ts|js):\d+/)
    }

    describe('allowed requests', () => {
      it('runs the handler after an explicit allow, with no-store and a request id', async () => {
        const res = await request(app.server).get('/projects/p1/docs/d1').set('Authorization', bearer('alice'))
        expect(res.status).toBe(200)
        expect(res.body).toEqual({ route: 'getDoc', principal: fx.principals.alice.arn })
        expect(res.headers['cache-control']).toBe('no-store')
        expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
        expect(hit('getDoc')).toBe(1)
      })

      it('answers HEAD with the GET route and its action', async () => {
        const res = await request(app.server).head('/projects/p1/docs/d1').set('Authorization', bearer('alice'))
        expect(res.status).toBe(200)
        expect(events.map((e) => e.action)).toEqual(['docs:GetDocument'])
      })

      it('accepts a resource policy granting another account', async () => {
        const res = await request(app.server).get(`/accounts/${A}/projects/p1/docs/shared`).set('Authorization', bearer('carol'))
        expect(res.status).toBe(200)
        expect(events[0]!.resource).toBe(DOC('p1', 'shared'))
      })

      it('decides a route-table route like an annotated one', async () => {
        const ok = await request(app.server).get('/table/p1').set('Authorization', bearer('alice'))
        expect(ok.status).toBe(200)
        expect(hit('table')).toBe(1)
        const no = await request(app.server).get('/table/p2').set('Authorization', bearer('alice'))
        expectDenied(no, 403, 'AccessDenied')
        expect(no.body.message).toBe(
          `User: ${fx.principals.alice.arn} is not authorized to perform: docs:ListDocuments on resource: arn:app:docs::${A}:project/p2 because no identity-based policy allows the docs:ListDocuments action`,
        )
        expect(hit('table')).toBe(1)
      })

      it('takes parameters of a nested router with a prefix', async () => {
        const res = await request(app.server).get('/nested/p1/items/d7').set('Authorization', bearer('alice'))
        expect(res.status).toBe(200)
        expect(events[0]!.resource).toBe(DOC('p1', 'd7'))
      })

      it('lets a handler filter a list with can()', async () => {
        const res = await request(app.server).get('/can/p1').set('Authorization', bearer('alice'))
        expect(res.status).toBe(200)
        expect(res.body).toEqual({ route: 'can', deletable: ['d1', 'd2'] })
        expect(events.filter((e) => e.kind === 'can')).toHaveLength(3)
      })

      it('guards app.all / router.all routes for every method', async () => {
        const res = await request(app.server).post('/any/d1').set('Authorization', bearer('alice')).set('x-requested-with', 'test')
        expect(res.status).toBe(200)
        expect(hit('any')).toBe(1)
      })

      it('accepts access keys only when enabled', async () => {
        const off = await request(app.server).get('/projects/p1/docs/d1').set('Authorization', `IAM-Key ${fx.accessKey}`)
        expectDenied(off, 401, 'UnrecognizedClient')
        start({ accessKeys: true })
        const on = await request(app.server).get('/projects/p1/docs/d1').set('Authorization', `IAM-Key ${fx.accessKey}`)
        expect(on.status).toBe(200)
        expect(hit('getDoc')).toBe(1)
      })
    })

    describe('denied by each policy type (403, handler never runs)', () => {
      const cases: [string, keyof Fixture['tokens'], string, string, string][] = [
        ['an explicit deny in an identity-based policy', 'alice', 'DELETE', '/projects/p1/docs/locked',
          `is not authorized to perform: docs:DeleteDocument on resource: ${DOC('p1', 'locked')} with an explicit deny in an identity-based policy`],
        ['no identity-based policy', 'alice', 'GET', '/projects/p2/docs/d1',
          `is not authorized to perform: docs:GetDocument on resource: ${DOC('p2', 'd1')} because no identity-based policy allows the docs:GetDocument action`],
        ['a permissions boundary', 'bounded', 'DELETE', '/projects/p1/docs/d1',
          `is not authorized to perform: docs:DeleteDocument on resource: ${DOC('p1', 'd1')} because no permissions boundary allows the docs:DeleteDocument action`],
        ['a session policy', 'session', 'DELETE', '/projects/p1/docs/d1',
          `is not authorized to perform: docs:DeleteDocument on resource: ${DOC('p1', 'd1')} because no session policy allows the docs:DeleteDocument action`],
        ['a resource-based policy (cross-account)', 'carol', 'GET', `/accounts/${A}/projects/p1/docs/private`,
          `is not authorized to perform: docs:GetDocument on resource: ${DOC('p1', 'private')} because no resource-based policy allows the docs:GetDocument action`],
        ['an explicit deny in a guardrail', 'alice', 'DELETE', '/projects/p1/docs/archived',
          `is not authorized to perform: docs:DeleteDocument on resource: ${DOC('p1', 'archived')} with an explicit deny in a guardrail policy`],
      ]
      for (const [why, who, method, path, message] of cases) {
        it(`denies because of ${why}`, async () => {
          const res = await request(app.server)[method.toLowerCase() as 'get'](path).set('Authorization', bearer(who)).set('x-requested-with', 'test')
          expectDenied(res, 403, 'AccessDenied')
          expect(res.body.message).toBe(`User: ${fx.principals[who as keyof Fixture['principals']].arn} ${message}`)
          expect(res.headers['cache-control']).toBe('no-store')
          expect(hit('getDoc') + hit('deleteDoc') + hit('crossDoc')).toBe(0)
        })
      }

      it('needs every action of a multi-action route', async () => {
        const red = await request(app.server).put('/projects/p1/docs/d1').set('Authorization', bearer('alice')).send({ Tags: [{ Key: 'team', Value: 'red' }] })
        expect(red.status).toBe(200)
        const blue = await request(app.server).put('/projects/p1/docs/d1').set('Authorization', bearer('alice')).send({ Tags: [{ Key: 'team', Value: 'blue' }] })
        expectDenied(blue, 403, 'AccessDenied')
        expect(blue.body.message).toContain('docs:TagResource')
        expect(hit('putDoc')).toBe(1)
      })
    })

    describe('fail closed', () => {
      it('denies a matched route that declares no action, without running it', async () => {
        const res = await request(app.server).get('/unannotated').set('Authorization', bearer('alice'))
        expectDenied(res, 403, 'AccessDenied')
        expect(hit('unannotated')).toBe(0)
        expect(events.at(-1)).toMatchObject({ action: undefined, decision: 'implicitDeny', reason: 'no action is declared for this route' })
      })

      it('never runs an unannotated route added after the app started serving', async () => {
        await request(app.server).get('/projects/p1/docs/d1').set('Authorization', bearer('alice'))
        app.addLateRoutes()
        const res = await request(app.server).get('/later').set('Authorization', bearer('alice'))
        expectDenied(res, 403, 'AccessDenied')
        expect(hit('later')).toBe(0)
        const ok = await request(app.server).get('/later-annotated').set('Authorization', bearer('alice'))
        expect(ok.status).toBe(200)
        expect(hit('laterAnnotated')).toBe(1)
      })

      it('answers 503 when the store is down, without running the handler', async () => {
        fx.setStoreDown(true)
        const res = await request(app.server).get('/projects/p1/docs/d1').set('Authorization', bearer('dave'))
        expectDenied(res, 503, 'ServiceUnavailable')
        expect(hit('getDoc')).toBe(0)
      })

      it('lets a public route through without credentials, and with bad ones', async () => {
        expect((await request(app.server).get('/health')).status).toBe(200)
        expect((await request(app.server).get('/health').set('Authorization', 'Bearer nope')).status).toBe(200)
        expect(hit('health')).toBe(2)
      })

      it('refuses a request with two Authorization headers', async () => {
        const res = await request(app.server).get('/projects/p1/docs/d1').set('Authorization', [bearer('alice'), bearer('bounded')] as unknown as string)
        expectDenied(res, 400, 'InvalidRequest')
        expect(hit('getDoc')).toBe(0)
      })

      it('never answers a CORS preflight with a guarded handler', async () => {
        const res = await request(app.server).options('/any/d1').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'GET')
        expectDenied(res, 401, 'UnrecognizedClient')
        expect(hit('any')).toBe(0)
      })
    })

    describe('authentication (401 with WWW-Authenticate, handler never runs)', () => {
      it('asks for credentials when there are none', async () => {
        const res = await request(app.server).get('/projects/p1/docs/d1')
        expectDenied(res, 401, 'UnrecognizedClient')
        expect(res.headers['www-authenticate']).toBe('Bearer realm="iam-guard"')
        expect(hit('getDoc')).toBe(0)
      })

      it('refuses an unknown or tampered token', async () => {
        for (const token of ['nope', `${fx.tokens.alice}x`, '']) {
          const res = await request(app.server).get('/projects/p1/docs/d1').set('Authorization', `Bearer ${token}`)
          expectDenied(res, 401, 'InvalidToken')
          expect(res.headers['www-authenticate']).toBe('Bearer realm="iam-guard", error="invalid_token"')
        }
        expect(hit('getDoc')).toBe(0)
      })

      it('refuses an expired token', async () => {
        vi.useFakeTimers({ toFake: ['Date'] })
        vi.setSystemTime(fx.expiresAt - 60_000)
        expect((await request(app.server).get('/projects/p1/docs/d1').set('Authorization', bearer('expiring'))).status).toBe(200)
        vi.setSystemTime(fx.expiresAt + 10_000)
        const res = await request(app.server).get('/projects/p1/docs/d1').set('Authorization', bearer('expiring'))
        expectDenied(res, 401, 'ExpiredToken')
        expect(hit('getDoc')).toBe(1)
      })

      it('refuses an unsupported scheme', async () => {
        const res = await request(app.server).get('/projects/p1/docs/d1').set('Authorization', 'Basic YWxpY2U6cHc=')
        expectDenied(res, 401, 'UnrecognizedClient')
      })
    })

    describe('the route and its parameters come from the router, never from the raw URL', () => {
      const sameResource: [string, string][] = [
        ['a query string', '/projects/p1/docs/d1?doc=locked&project=p2'],
        ['letter case of the literal parts', '/PROJECTS/p1/DOCS/d1'],
        ['a trailing slash', '/projects/p1/docs/d1/'],
      ]
      for (const [trick, path] of sameResource) {
        it(`checks the same action and resource with ${trick}`, async () => {
          const res = await request(app.server).get(path).set('Authorization', bearer('alice'))
          expect(res.status).toBe(200)
          expect(events.map((e) => [e.action, e.resource])).toEqual([['docs:GetDocument', DOC('p1', 'd1')]])
        })
      }

      const refused: [string, string][] = [
        ['an encoded slash', '/projects/p1/docs/a%2Fb'],
        ['a dot-dot segment', '/projects/p1/docs/..'],
        ['an encoded dot-dot', '/projects/p1/docs/%2E%2E'],
        ['a control character', '/projects/p1/docs/d1%00'],
        ['an encoded slash in the project', '/projects/p1%2Fdoc%2Fd1/docs/x'],
        ['a colon in the account', `/accounts/${A}:x/projects/p1/docs/d1`],
        ['a wildcard in the account', '/accounts/*/projects/p1/docs/d1'],
      ]
      for (const [trick, path] of refused) {
        it(`refuses ${trick} in a parameter with 400`, async () => {
          const res = await request(app.server).get(path).set('Authorization', bearer('alice'))
          expectDenied(res, 400, 'InvalidParameterValue')
          expect(hit('getDoc') + hit('crossDoc')).toBe(0)
          expect(events).toHaveLength(0)
        })
      }

      it('keeps the slashes of a declared multi-segment parameter, but not dot segments', async () => {
        const ok = await request(app.server).get('/projects/p1/files/a/b/c.txt').set('Authorization', bearer('alice'))
        expect(ok.status).toBe(200)
        expect(events[0]!.resource).toBe(`arn:app:docs::${A}:project/p1/file/a/b/c.txt`)
        const dots = await request(app.server).get('/projects/p1/files/a/%2E%2E/b').set('Authorization', bearer('alice'))
        expectDenied(dots, 400, 'InvalidParameterValue')
        expect(hit('getFile')).toBe(1)
      })

      it('treats * and ? in parameters as data, never as wildcards', async () => {
        const star = await request(app.server).get('/projects/*/docs/d1').set('Authorization', bearer('alice'))
        expectDenied(star, 403, 'AccessDenied')
        expect(star.body.message).toContain(`on resource: arn:app:docs::${A}:project/*/doc/d1 because`)
        const q = await request(app.server).get('/projects/p%3F/docs/d1').set('Authorization', bearer('alice'))
        expectDenied(q, 403, 'AccessDenied')
        expect(hit('getDoc')).toBe(0)
      })
    })

    describe('cookie sessions and cross-site requests', () => {
      it('accepts the server session for reads and same-origin writes', async () => {
        const read = await request(app.server).get('/projects/p1/docs/d1').set(TEST_SESSION_HEADER, fx.tokens.alice)
        expect(read.status).toBe(200)
        const write = await request(app.server).delete('/projects/p1/docs/d1').set(TEST_SESSION_HEADER, fx.tokens.alice).set('x-requested-with', 'fetch')
        expect(write.status).toBe(200)
        expect(hit('deleteDoc')).toBe(1)
      })

      it('refuses a cross-site state-changing request riding on the session cookie', async () => {
        const evil = await request(app.server).delete('/projects/p1/docs/d1').set(TEST_SESSION_HEADER, fx.tokens.alice).set('Origin', 'https://evil.example')
        expectDenied(evil, 403, 'AccessDenied')
        const bare = await request(app.server).delete('/projects/p1/docs/d1').set(TEST_SESSION_HEADER, fx.tokens.alice)
        expectDenied(bare, 403, 'AccessDenied')
        // A client that is not a browser is told what to send.
        expect(bare.body.message).toContain('x-requested-with header (any value)')
        expect(hit('deleteDoc')).toBe(0)
      })
    })

    describe('report mode, audit and custom denials', () => {
      it('lets a denied request through in report mode, loudly', async () => {
        const warn = vi.fn()
        start({ dangerouslyReportOnly: true, logger: { ...silent, warn } })
        const res = await request(app.server).delete('/projects/p1/docs/locked').set('Authorization', bearer('alice'))
        expect(res.status).toBe(200)
        expect(hit('deleteDoc')).toBe(1)
        expect(warn.mock.calls.some(([m]) => String(m).includes('would deny DELETE'))).toBe(true)
        expect(events.at(-1)).toMatchObject({ decision: 'explicitDeny', enforced: false })
      })

      it('still refuses requests without credentials in report mode', async () => {
        start({ dangerouslyReportOnly: true })
        expect((await request(app.server).get('/projects/p1/docs/d1')).status).toBe(401)
        expect(hit('getDoc')).toBe(0)
      })

      it('emits one audit event per decision with the deciding statements', async () => {
        const res = await request(app.server).delete('/projects/p1/docs/locked').set('Authorization', bearer('alice')).set('User-Agent', 'contract-test')
        expect(events).toHaveLength(1)
        expect(events[0]).toMatchObject({
          requestId: res.headers['x-request-id'], kind: 'route', method: 'DELETE', route: '/projects/:project/docs/:doc',
          principal: fx.principals.alice.arn, action: 'docs:DeleteDocument', resource: DOC('p1', 'locked'),
          decision: 'explicitDeny', enforced: true, decidedBy: 'identity', userAgent: 'contract-test',
          matched: [{ policyId: 'arn:app:iam::111122223333:policy/Locked', policyType: 'identity', sid: 'KeepLocked' }],
        })
        expect(events[0]!.sourceIp).toMatch(/127\.0\.0\.1$/)
        expect(typeof events[0]!.durationMs).toBe('number')
        expect(Date.parse(events[0]!.time)).not.toBeNaN()
      })

      it('records the source identity of a role session', async () => {
        await request(app.server).get('/projects/p1/docs/d1').set('Authorization', bearer('session'))
        expect(events[0]).toMatchObject({ principal: fx.principals.session.arn, sourceIdentity: 'alice', decision: 'allowed' })
      })

      it('answers with onDenied when it gives a response', async () => {
        start({ onDenied: (d: { error: { status: number }; requestId: string }) => ({ status: d.error.status, body: { custom: true, id: d.requestId } }) })
        const res = await request(app.server).get('/projects/p2/docs/d1').set('Authorization', bearer('alice'))
        expect(res.status).toBe(403)
        expect(res.body).toEqual({ custom: true, id: res.headers['x-request-id'] })
        expect(hit('getDoc')).toBe(0)
      })
    })
  })
}

export { B }

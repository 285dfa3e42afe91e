import { describe, expect, it, vi } from 'vitest'
import { atAnnotation, createGuard, jsonLinesAuditWriter, type AuditEvent, type GuardOutcome, type GuardRequest, type RouteMatch } from '../../src/guard/index.js'
import { compileRoute } from '../../src/guard/route-spec.js'
import { IamError } from '../../src/errors.js'
import { A, allow, fakeIam, user } from './fake-iam.js'

const silent = { info: vi.fn(), warn: vi.fn(), error: vi.fn() }

function request(headers: Record<string, string | string[]> = {}, extra: Partial<GuardRequest> = {}): GuardRequest {
  const distinct = new Map(Object.entries(headers).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]))
  return {
    raw: { tag: 'raw' }, method: 'GET', header: (n) => distinct.get(n)?.[0], headerValues: (n) => distinct.get(n) ?? [], origin: 'http://h', sourceIp: '::ffff:203.0.113.7', secure: false, session: undefined, body: () => undefined, ...extra,
  }
}

function setup() {
  const iam = fakeIam()
  const alice = user('alice')
  iam.tokens.set('t', alice)
  iam.policies.set(alice.arn, { identityPolicies: [allow('docs:*', '*')] })
  return { iam, alice }
}

const DOC = (o: object = {}) => compileRoute({ action: 'docs:GetDocument', resource: 'arn:app:docs::{account}:doc/{doc}', ...o }, 'authorize()', new Set())

/** A route as an adapter lists it. */
function routeTo(annotation: ReturnType<typeof DOC> | undefined, params: Record<string, string> = {}, pattern = '/x'): RouteMatch {
  return { pattern, annotations: annotation === undefined ? [] : [annotation], endpoint: undefined, params }
}

function denied(outcome: GuardOutcome): unknown {
  expect(outcome.kind).toBe('deny')
  return outcome.kind === 'deny' ? outcome.error : undefined
}

describe('createGuard', () => {
  it('refuses something that is not an Iam', () => {
    expect(() => createGuard({} as never)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTION' }))
  })

  it('warns loudly at start-up when report mode is on', () => {
    const warn = vi.fn()
    createGuard(setup().iam, { dangerouslyReportOnly: true, logger: { ...silent, warn } })
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('dangerouslyReportOnly is ON'))
  })

  it('fills the HTTP context keys from the request, with the framework-resolved ip', async () => {
    const { iam } = setup()
    const guard = createGuard(iam, { logger: silent, clock: () => 1_700_000_000_500 })
    const outcome = await guard.route(request({ authorization: 'Bearer t', 'user-agent': 'ua', referer: 'https://r.example/' }), () => [routeTo(DOC(), { doc: 'd1' })])
    expect(outcome.kind).toBe('allow')
    const ctx = iam.calls[0]!.context as ReadonlyMap<string, unknown>
    expect(Object.fromEntries(ctx)).toEqual({
      'aws:SourceIp': '203.0.113.7', 'aws:SecureTransport': false, 'aws:CurrentTime': '2023-11-14T22:13:20.500Z', 'aws:EpochTime': 1_700_000_000,
      'aws:UserAgent': 'ua', 'aws:Referer': 'https://r.example/',
    })
    expect(iam.calls[0]!.resource).toBe(`arn:app:docs::${A}:doc/d1`)
  })

  it('runs the resource-tag resolver before evaluation and adds request tags and custom keys', async () => {
    const { iam } = setup()
    const guard = createGuard(iam, { logger: silent })
    const resourceTags = vi.fn(async () => ({ owner: 'alice' }))
    const route = DOC({ resourceTags, requestTags: true, context: { 'app:Plan': 'gold' } })
    const outcome = await guard.route(request({ authorization: 'Bearer t' }, { body: () => ({ Tags: [{ Key: 'team', Value: 'red' }] }) }), () => [routeTo(route, { doc: 'd1' })])
    expect(outcome.kind).toBe('allow')
    expect(resourceTags).toHaveBeenCalledWith({ tag: 'raw' }, { doc: 'd1' })
    const ctx = iam.calls[0]!.context as ReadonlyMap<string, unknown>
    expect(ctx.get('aws:ResourceTag/owner')).toBe('alice')
    expect(ctx.get('aws:RequestTag/team')).toBe('red')
    expect(ctx.get('aws:TagKeys')).toEqual(['team'])
    // Custom keys join the context lower-cased, as the engine's normaliser keeps every key.
    expect(ctx.get('app:plan')).toBe('gold')
  })

  it('denies with a 500 when a resolver fails, and passes on an IamError it throws', async () => {
    const { iam } = setup()
    const guard = createGuard(iam, { logger: silent })
    const down = await guard.route(request({ authorization: 'Bearer t' }), () => [routeTo(DOC({ values: { doc: () => { throw new Error('db down') } } }))])
    expect(denied(down)).toMatchObject({ code: 'ERR_INTERNAL', status: 500 })
    const gone = await guard.route(request({ authorization: 'Bearer t' }), () => [routeTo(DOC({ values: { doc: () => { throw new IamError('ERR_NOT_FOUND', 'no doc') } } }))])
    expect(denied(gone)).toMatchObject({ status: 404 })
    expect(iam.calls).toHaveLength(0)
  })

  it('refuses a template placeholder that has no value as a configuration error', async () => {
    const { iam } = setup()
    const guard = createGuard(iam, { logger: silent })
    const outcome = await guard.route(request({ authorization: 'Bearer t' }), () => [routeTo(DOC())])
    expect(denied(outcome)).toMatchObject({ status: 500 })
    expect(iam.calls).toHaveLength(0)
  })

  it('denies when the audit hook fails', async () => {
    const { iam } = setup()
    const guard = createGuard(iam, { logger: silent, onDecision: () => { throw new Error('disk full') } })
    const outcome = await guard.route(request({ authorization: 'Bearer t' }), () => [routeTo(DOC(), { doc: 'd' })])
    expect(denied(outcome)).toMatchObject({ code: 'ERR_INTERNAL' })
  })

  it("uses the app's principalResolver when no credentials are presented, and refuses when it fails", async () => {
    const { iam, alice } = setup()
    const ok = createGuard(iam, { logger: silent, principalResolver: async () => alice })
    const allowed = await ok.route(request(), () => [routeTo(DOC(), { doc: 'd' })])
    expect(allowed.kind).toBe('allow')
    expect(allowed.iam?.principal).toBe(alice)
    const broken = createGuard(iam, { logger: silent, principalResolver: async () => { throw new Error('x') } })
    expect(denied(await broken.route(request(), () => [routeTo(DOC(), { doc: 'd' })]))).toMatchObject({ code: 'ERR_INTERNAL' })
    const none = createGuard(iam, { logger: silent, principalResolver: async () => undefined })
    expect(denied(await none.route(request(), () => [routeTo(DOC(), { doc: 'd' })]))).toMatchObject({ code: 'ERR_UNAUTHENTICATED', status: 401 })
  })

  it('prefers the role token of a switched session over the user token', async () => {
    const { iam, alice } = setup()
    const role = { ...user('role-session'), type: 'assumedRole' as const }
    iam.tokens.set('r', role)
    const guard = createGuard(iam, { logger: silent })
    const matches = () => [routeTo(undefined, {}, '/x')]
    const open = createGuard(iam, { logger: silent, publicRoutes: ['GET /x'] })
    expect((await open.route(request({}, { session: { userToken: 't', roleToken: 'r' } }), matches)).iam?.principal).toBe(role)
    expect((await open.route(request({}, { session: { userToken: 't' } }), matches)).iam?.principal).toBe(alice)
    expect(guard.options.csrf).toBeDefined()
  })

  it('answers can() false without a principal and refuses aws: keys in its context', async () => {
    const { iam } = setup()
    const guard = createGuard(iam, { logger: silent, publicRoutes: ['GET /x'] })
    const anonymous = await guard.route(request(), () => [routeTo(undefined)])
    expect(anonymous.kind).toBe('allow')
    expect(await anonymous.iam!.can('docs:GetDocument', '*')).toBe(false)
    const signedIn = await guard.route(request({ authorization: 'Bearer t' }), () => [routeTo(undefined)])
    expect(await signedIn.iam!.can('docs:GetDocument', '*')).toBe(true)
    await expect(signedIn.iam!.can('docs:GetDocument', '*', { 'aws:SourceIp': '10.0.0.1' })).rejects.toMatchObject({ code: 'ERR_INVALID_PARAMETER', status: 400 })
  })
})

describe('jsonLinesAuditWriter', () => {
  it('writes each event as one JSON line', () => {
    const lines: string[] = []
    const write = jsonLinesAuditWriter({ write: (s: string) => lines.push(s) })
    write({ requestId: 'r1', decision: 'allowed' } as AuditEvent)
    write({ requestId: 'r2', decision: 'explicitDeny' } as AuditEvent)
    expect(lines.map((l) => JSON.parse(l).requestId)).toEqual(['r1', 'r2'])
    expect(lines.every((l) => l.endsWith('\n') && !l.slice(0, -1).includes('\n'))).toBe(true)
  })

  it('refuses something that is not a stream', () => {
    expect(() => jsonLinesAuditWriter({} as never)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTION' }))
  })
})

describe('two Authorization headers', () => {
  it('are refused with 400 before any credential is looked at', async () => {
    const { iam } = setup()
    const guard = createGuard(iam, { logger: silent })
    const find = vi.fn(() => [routeTo(DOC(), { doc: 'd' })])
    const outcome = await guard.route(request({ authorization: ['Bearer t', 'Bearer t'] }), find)
    expect(denied(outcome)).toMatchObject({ code: 'ERR_INVALID_REQUEST', status: 400 })
    expect(outcome.iam).toBeUndefined()
    expect(find).not.toHaveBeenCalled()
    expect(iam.calls).toHaveLength(0)
  })
})

describe('the decision before dispatch, over every route a request can reach', () => {
  const table = { 'GET /t/:doc': { action: 'docs:List', resource: 'arn:app:docs::{account}:doc/{doc}' } }

  it('answers 404 to a principal and 401 to an anonymous caller when no route serves the request', async () => {
    const { iam } = setup()
    const guard = createGuard(iam, { logger: silent })
    expect(denied(await guard.route(request({ authorization: 'Bearer t' }), () => []))).toMatchObject({ code: 'ERR_NOT_FOUND', status: 404 })
    expect(denied(await guard.route(request(), () => []))).toMatchObject({ status: 401 })
  })

  it('refuses a request that could reach a later route declaring no action, even after an allowed one', async () => {
    const { iam } = setup()
    const guard = createGuard(iam, { logger: silent })
    const outcome = await guard.route(request({ authorization: 'Bearer t' }), () => [routeTo(DOC(), { doc: 'd' }), routeTo(undefined, {}, '/x/plain')])
    expect(denied(outcome)).toMatchObject({ code: 'ERR_ACCESS_DENIED', status: 403 })
  })

  it('decides a later route-table route at once, and a later annotation only when it is reached', async () => {
    const { iam, alice } = setup()
    iam.policies.set(alice.arn, { identityPolicies: [allow('docs:GetDocument', '*')] })
    const guard = createGuard(iam, { logger: silent, routes: table })
    // The table route is for docs:List, which alice lacks: refused before anything runs.
    const withTable = await guard.route(request({ authorization: 'Bearer t' }), () => [routeTo(DOC(), { doc: 'd' }), routeTo(undefined, { doc: 'd' }, '/t/:doc')])
    expect(denied(withTable)).toMatchObject({ status: 403 })
    // A later annotation is left to its own dispatch.
    const later = compileRoute({ action: 'docs:Delete', resource: 'arn:app:docs::{account}:doc/{doc}' }, 'authorize()', new Set())
    const first = DOC()
    const outcome = await guard.route(request({ authorization: 'Bearer t' }), () => [routeTo(first, { doc: 'd' }), routeTo(later, { doc: 'd' }, '/y')])
    expect(outcome.kind).toBe('allow')
    expect(iam.calls.map((c) => c.action)).toEqual(['docs:GetDocument', 'docs:List', 'docs:GetDocument'])
    expect(atAnnotation(outcome.iam, first, 'GET')).toBeUndefined()
    const reached = await atAnnotation(outcome.iam, later, 'GET')
    expect(denied(reached!)).toMatchObject({ code: 'ERR_ACCESS_DENIED' })
    // Dispatch moves forward only: the first route is not decided again after the later one.
    expect(atAnnotation(outcome.iam, first, 'GET')).toBeDefined()
  })

  it('refuses an annotation for a request no guard decided, and one whose method changed', async () => {
    const { iam } = setup()
    const guard = createGuard(iam, { logger: silent })
    const route = DOC()
    expect(denied((await atAnnotation({}, route, 'GET'))!)).toMatchObject({ status: 500 })
    const outcome = await guard.route(request({ authorization: 'Bearer t' }), () => [routeTo(DOC(), { doc: 'd' }), routeTo(route, { doc: 'd' })])
    expect(denied((await atAnnotation(outcome.iam, route, 'DELETE'))!)).toMatchObject({ code: 'ERR_ACCESS_DENIED' })
  })

  it('lets an open endpoint through without a principal, but not one that needs a caller', async () => {
    const { iam } = setup()
    const guard = createGuard(iam, { logger: silent })
    const endpoint = (auth: 'none' | 'principal'): RouteMatch => ({ pattern: '/sts/x', annotations: [], endpoint: auth, params: {} })
    expect((await guard.route(request(), () => [endpoint('none')])).kind).toBe('allow')
    expect(denied(await guard.route(request(), () => [endpoint('principal')]))).toMatchObject({ status: 401 })
  })

  it('turns a failure while listing the routes into a refusal', async () => {
    const { iam } = setup()
    const guard = createGuard(iam, { logger: silent })
    const outcome = await guard.route(request({ authorization: 'Bearer t' }), () => {
      throw new IamError('ERR_INVALID_PARAMETER', 'bad %')
    })
    expect(denied(outcome)).toMatchObject({ status: 400 })
  })
})

import { describe, expect, it, vi } from 'vitest'
import { createGuard, jsonLinesAuditWriter, type AuditEvent, type GuardRequest } from '../../src/guard/index.js'
import { compileRoute } from '../../src/guard/route-spec.js'
import { IamError } from '../../src/errors.js'
import { A, allow, fakeIam, user } from './fake-iam.js'

const silent = { info: vi.fn(), warn: vi.fn(), error: vi.fn() }

function request(headers: Record<string, string | string[]> = {}, extra: Partial<GuardRequest> = {}): GuardRequest {
  const distinct = new Map(Object.entries(headers).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]))
  return {
    raw: { tag: 'raw' }, method: 'GET', path: '/x', header: (n) => distinct.get(n)?.[0], authorization: () => distinct.get('authorization') ?? [], origin: 'http://h', sourceIp: '::ffff:203.0.113.7', secure: false, session: undefined, body: () => undefined, ...extra,
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

describe('createGuard', () => {
  it('refuses something that is not an Iam', () => {
    expect(() => createGuard({} as never)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTION' }))
  })

  it('warns loudly at start-up when report mode is on', () => {
    const warn = vi.fn()
    createGuard(setup().iam, { mode: 'report', logger: { ...silent, warn } })
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('"report" is ON'))
  })

  it('fills the HTTP context keys from the request, with the framework-resolved ip', async () => {
    const { iam } = setup()
    const guard = createGuard(iam, { logger: silent, clock: () => 1_700_000_000_500 })
    const state = await guard.begin(request({ authorization: 'Bearer t', 'user-agent': 'ua', referer: 'https://r.example/' }))
    await guard.authorizeRoute(state, DOC(), { doc: 'd1' }, 'GET')
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
    const state = await guard.begin(request({ authorization: 'Bearer t' }, { body: () => ({ Tags: [{ Key: 'team', Value: 'red' }] }) }))
    await guard.authorizeRoute(state, route, { doc: 'd1' }, 'GET')
    expect(resourceTags).toHaveBeenCalledWith({ tag: 'raw' }, { doc: 'd1' })
    const ctx = iam.calls[0]!.context as ReadonlyMap<string, unknown>
    expect(ctx.get('aws:ResourceTag/owner')).toBe('alice')
    expect(ctx.get('aws:RequestTag/team')).toBe('red')
    expect(ctx.get('aws:TagKeys')).toEqual(['team'])
    expect(ctx.get('app:Plan')).toBe('gold')
  })

  it('denies with a 500 when a resolver fails, and passes on an IamError it throws', async () => {
    const { iam } = setup()
    const guard = createGuard(iam, { logger: silent })
    const state = await guard.begin(request({ authorization: 'Bearer t' }))
    await expect(guard.authorizeRoute(state, DOC({ values: { doc: () => { throw new Error('db down') } } }), {}, 'GET')).rejects.toMatchObject({ code: 'ERR_INTERNAL', status: 500 })
    await expect(guard.authorizeRoute(state, DOC({ values: { doc: () => { throw new IamError('ERR_NOT_FOUND', 'no doc') } } }), {}, 'GET')).rejects.toMatchObject({ status: 404 })
    expect(iam.calls).toHaveLength(0)
  })

  it('refuses a template placeholder that has no value as a configuration error', async () => {
    const { iam } = setup()
    const guard = createGuard(iam, { logger: silent })
    const state = await guard.begin(request({ authorization: 'Bearer t' }))
    await expect(guard.authorizeRoute(state, DOC(), {}, 'GET')).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' })
    expect(state.routeAllowed).toBe(false)
  })

  it('denies when the audit hook fails', async () => {
    const { iam } = setup()
    const guard = createGuard(iam, { logger: silent, onDecision: () => { throw new Error('disk full') } })
    const state = await guard.begin(request({ authorization: 'Bearer t' }))
    await expect(guard.authorizeRoute(state, DOC(), { doc: 'd' }, 'GET')).rejects.toMatchObject({ code: 'ERR_INTERNAL' })
    expect(state.routeAllowed).toBe(false)
  })

  it("uses the app's principalResolver when no credentials are presented, and refuses when it fails", async () => {
    const { iam, alice } = setup()
    const ok = createGuard(iam, { logger: silent, principalResolver: async () => alice })
    expect((await ok.begin(request())).principal).toBe(alice)
    const broken = createGuard(iam, { logger: silent, principalResolver: async () => { throw new Error('x') } })
    expect((await broken.begin(request())).refusal).toMatchObject({ code: 'ERR_INTERNAL' })
    const none = createGuard(iam, { logger: silent, principalResolver: async () => undefined })
    expect((await none.begin(request())).refusal).toMatchObject({ code: 'ERR_UNAUTHENTICATED', status: 401 })
  })

  it('prefers the role token of a switched session over the user token', async () => {
    const { iam, alice } = setup()
    const role = { ...user('role-session'), type: 'assumedRole' as const }
    iam.tokens.set('r', role)
    const guard = createGuard(iam, { logger: silent })
    expect((await guard.begin(request({}, { session: { userToken: 't', roleToken: 'r' } }))).principal).toBe(role)
    expect((await guard.begin(request({}, { session: { userToken: 't' } }))).principal).toBe(alice)
  })

  it('answers can() false without a principal and refuses aws: keys in its context', async () => {
    const { iam } = setup()
    const guard = createGuard(iam, { logger: silent, publicRoutes: ['GET /x'] })
    const anonymous = await guard.begin(request())
    expect(anonymous.refusal).toBeUndefined()
    expect(await anonymous.iam.can('docs:GetDocument', '*')).toBe(false)
    const state = await guard.begin(request({ authorization: 'Bearer t' }))
    expect(await state.iam.can('docs:GetDocument', '*')).toBe(true)
    await expect(state.iam.can('docs:GetDocument', '*', { 'aws:SourceIp': '10.0.0.1' })).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' })
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
    const state = await guard.begin(request({ authorization: ['Bearer t', 'Bearer t'] }))
    expect(state.refusal).toMatchObject({ code: 'ERR_INVALID_REQUEST', status: 400 })
    expect(state.principal).toBeUndefined()
  })
})

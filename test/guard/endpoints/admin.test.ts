import { describe, expect, it, vi } from 'vitest'
import { IamError } from '../../../src/errors.js'
import { createAdminEndpoints, runEndpoint, type AdminIam, type AdminOperationTable, type HttpInput } from '../../../src/guard/endpoints/index.js'
import type { AuthorizeRequest } from '../../../src/iam-types.js'
import type { Principal } from '../../../src/identity/principal.js'
import { fakeSts, user } from './fake-sts.js'

const ALICE = user('alice', 'tenantA')

const OPERATIONS: AdminOperationTable = {
  CreateUser: {
    method: 'createUser',
    resourceArn: (input, partition) => {
      if (typeof input['userName'] !== 'string') throw new IamError('ERR_VALIDATION', 'userName is required', { details: { issues: [{ code: 'required', path: ['userName'], message: 'userName is required' }] } })
      return `arn:${partition}:iam::${String(input['account'])}:user/${input['userName']}`
    },
  },
  ListUsers: { method: 'listUsers', resourceArn: (input, partition) => `arn:${partition}:iam::${String(input['account'])}:user/*` },
}

function setup(allow: (request: AuthorizeRequest) => 'allowed' | 'explicitDeny' | 'implicitDeny') {
  const admin = {
    createUser: vi.fn(async (input: Record<string, unknown>) => ({ user: { userName: input['userName'], account: input['account'] } })),
    listUsers: vi.fn(async () => ({ users: [] })),
  }
  const authorize = vi.fn(async (request: AuthorizeRequest) => {
    const decision = allow(request)
    return {
      decision, principalArn: request.principal.arn, action: request.action, resource: request.resource, decidedBy: decision === 'allowed' ? undefined : ('identity' as const),
      reason: decision === 'explicitDeny' ? 'explicit deny in an identity-based policy' : decision === 'implicitDeny' ? 'no identity-based policy allows the action' : 'allowed by an identity-based policy',
      matched: [], missingContextKeys: [],
    }
  })
  const iam = { partition: 'app', sts: fakeSts([ALICE]), admin, authorize } as unknown as AdminIam
  const { endpoints, options } = createAdminEndpoints(iam, OPERATIONS)
  const call = (operation: string, json: unknown, as: Principal | null = ALICE) =>
    runEndpoint(endpoints[0]!, {
      method: 'POST', headers: { 'content-type': ['application/json'] }, origin: 'https://app.example.com', sourceIp: '198.51.100.1', secure: true,
      body: { kind: 'parsed', value: json }, params: { operation }, principal: as ?? undefined, requestId: 'r1', session: undefined,
    } satisfies HttpInput, options)
  return { admin, authorize, call }
}

describe('the admin endpoint', () => {
  it('authorizes iam:<Operation> on the entity ARN, defaulting the account to the caller\'s, then runs the method', async () => {
    const { admin, authorize, call } = setup(() => 'allowed')
    const result = await call('CreateUser', { userName: 'bob' })
    expect(authorize).toHaveBeenCalledWith(expect.objectContaining({ principal: ALICE, action: 'iam:CreateUser', resource: 'arn:app:iam::tenantA:user/bob' }))
    expect(admin.createUser).toHaveBeenCalledWith({ userName: 'bob', account: 'tenantA' })
    expect(result.status).toBe(200)
    expect(result.body).toEqual({ user: { userName: 'bob', account: 'tenantA' } })
    expect(result.headers['cache-control']).toBe('no-store')
  })

  it('never runs the method on an implicit deny, and answers AWS\'s AccessDenied', async () => {
    const { admin, call } = setup(() => 'implicitDeny')
    const result = await call('CreateUser', { userName: 'bob' })
    expect(admin.createUser).not.toHaveBeenCalled()
    expect(result.status).toBe(403)
    expect(result.body).toEqual({
      error: 'AccessDenied',
      message: 'User: arn:app:iam::tenantA:user/alice is not authorized to perform: iam:CreateUser on resource: arn:app:iam::tenantA:user/bob because no identity-based policy allows the iam:CreateUser action',
      requestId: 'r1',
    })
  })

  it('never runs the method on an explicit deny', async () => {
    const { admin, call } = setup(() => 'explicitDeny')
    const result = await call('CreateUser', { userName: 'bob' })
    expect(admin.createUser).not.toHaveBeenCalled()
    expect((result.body as { message: string }).message).toMatch(/with an explicit deny in an identity-based policy$/)
  })

  it('checks another tenant\'s account as a cross-account resource, never the caller\'s', async () => {
    const { admin, authorize, call } = setup((request) => (request.resource.includes(':tenantA:') ? 'allowed' : 'implicitDeny'))
    const result = await call('CreateUser', { account: 'tenantB', userName: 'bob' })
    expect(authorize).toHaveBeenCalledWith(expect.objectContaining({ resource: 'arn:app:iam::tenantB:user/bob' }))
    expect(result.status).toBe(403)
    expect(admin.createUser).not.toHaveBeenCalled()
  })

  it('fills aws:RequestTag/* and aws:TagKeys from the tags an operation sets', async () => {
    const { authorize, call } = setup(() => 'allowed')
    await call('CreateUser', { userName: 'bob', tags: [{ key: 'team', value: 'blue' }, { Key: '__proto__', Value: 'x' }] })
    const context = authorize.mock.calls[0]![0].context as ReadonlyMap<string, unknown>
    expect(context.get('aws:RequestTag/team')).toBe('blue')
    expect(context.get('aws:RequestTag/__proto__')).toBe('x')
    expect(context.get('aws:TagKeys')).toEqual(['team', '__proto__'])
    expect(context.get('aws:SourceIp')).toBe('198.51.100.1')
    expect(({} as Record<string, unknown>)['x']).toBeUndefined()
  })

  it('answers 404 for an unknown operation, including names that exist on Object.prototype', async () => {
    const { authorize, call } = setup(() => 'allowed')
    for (const operation of ['DeleteEverything', '__proto__', 'toString', 'constructor', 'createUser']) {
      const result = await call(operation, {})
      expect(result.status).toBe(404)
      expect(result.body).toMatchObject({ error: 'InvalidAction' })
    }
    expect(authorize).not.toHaveBeenCalled()
  })

  it('refuses an input that names no entity with 400 and its issues, before authorizing', async () => {
    const { authorize, call } = setup(() => 'allowed')
    const result = await call('CreateUser', {})
    expect(result.status).toBe(400)
    expect(result.body).toMatchObject({ error: 'ValidationError', issues: [{ path: ['userName'] }] })
    expect(authorize).not.toHaveBeenCalled()
  })

  it('refuses a non-string account', async () => {
    const { call } = setup(() => 'allowed')
    expect((await call('ListUsers', { account: ['tenantA'] })).status).toBe(400)
  })

  it('fills aws:TagKeys from the keys an untag operation removes', async () => {
    const { authorize, call } = setup(() => 'allowed')
    await call('ListUsers', { tagKeys: ['team', 7] })
    expect((authorize.mock.calls[0]![0].context as ReadonlyMap<string, unknown>).get('aws:TagKeys')).toEqual(['team'])
  })

  it('passes the admin API\'s own errors through with their AWS codes', async () => {
    const { admin, call } = setup(() => 'allowed')
    admin.createUser.mockRejectedValueOnce(new IamError('ERR_ENTITY_ALREADY_EXISTS', 'User with name bob already exists.'))
    const result = await call('CreateUser', { userName: 'bob' })
    expect(result.status).toBe(409)
    expect(result.body).toMatchObject({ error: 'EntityAlreadyExists' })
  })

  it('answers 401 without a caller', async () => {
    const { authorize, call } = setup(() => 'allowed')
    const result = await call('ListUsers', {}, null)
    expect(result.status).toBe(401)
    expect(authorize).not.toHaveBeenCalled()
  })
})

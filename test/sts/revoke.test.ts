/**
 * Revocation as AWS does it for roles ("Revoke IAM role temporary security credentials",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_revoke-sessions.html), plus a jti denylist.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { evaluate } from '../../src/evaluate/index.js'
import type { RoleData } from '../../src/identity/model.js'
import type { Principal } from '../../src/identity/principal.js'
import { memoryStore } from '../../src/store/memory.js'
import type { PolicyStore } from '../../src/store/types.js'
import { createSts } from '../../src/sts/index.js'
import { A, allow, loginAs, makeDeps, makeSts, putRole, putUser, roleArn, trust, userArn, world, type World } from './helpers.js'

const T0 = Date.UTC(2024, 5, 1, 12, 0, 0)

describe('revokeSessions', () => {
  let w: World

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(T0)
    w = await world()
    await putUser(w.store, A, 'alice')
    await putRole(w.store, A, 'Dev', trust({ AWS: userArn(A, 'alice') }), { inlinePolicies: { docs: allow('docs:*') } })
  })
  afterEach(() => {
    w.sts.close()
    vi.useRealTimers()
  })

  async function session(): Promise<Principal> {
    const alice = await loginAs(w, A, 'alice')
    const out = await w.sts.assumeRole({ caller: alice, roleArn: roleArn(A, 'Dev'), roleSessionName: 'alice' })
    return w.sts.verifySessionToken(out.credentials.sessionToken)
  }

  async function decide(p: Principal): Promise<string> {
    const request = { principal: p.arn, action: 'docs:GetDocument', resource: `arn:app:docs::${A}:doc/1`, context: w.deps.principalContext(p) }
    return evaluate(request, await w.deps.policySetFor(p)).decision
  }

  it('attaches AWS\'s inline deny on aws:TokenIssueTime to the role', async () => {
    await w.sts.revokeSessions({ roleArn: roleArn(A, 'Dev') })
    const role = await w.store.get<RoleData>('role', A, 'Dev')
    expect(role!.data.inlinePolicies.AWSRevokeOlderSessions).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: ['*'], Resource: ['*'], Condition: { DateLessThan: { 'aws:TokenIssueTime': new Date(T0).toISOString() } } }],
    })
  })

  it('denies sessions issued before the cutoff and allows those issued after', async () => {
    const before = await session()
    expect(await decide(before)).toBe('allowed')
    vi.setSystemTime(T0 + 1_000)
    await w.sts.revokeSessions({ roleArn: roleArn(A, 'Dev') })
    expect(await decide(before)).toBe('explicitDeny')
    vi.setSystemTime(T0 + 2_000)
    expect(await decide(await session())).toBe('allowed')
  })

  it('never moves an earlier revocation back', async () => {
    await w.sts.revokeSessions({ roleArn: roleArn(A, 'Dev'), issuedBefore: new Date(T0 + 60_000) })
    await w.sts.revokeSessions({ roleArn: roleArn(A, 'Dev'), issuedBefore: new Date(T0) })
    const role = await w.store.get<RoleData>('role', A, 'Dev')
    const statement = (role!.data.inlinePolicies.AWSRevokeOlderSessions!.Statement as unknown as { Condition: { DateLessThan: Record<string, string> } }[])[0]!
    expect(statement.Condition.DateLessThan['aws:TokenIssueTime']).toBe(new Date(T0 + 60_000).toISOString())
  })

  it('answers NoSuchEntity for a role that does not exist', async () => {
    await expect(w.sts.revokeSessions({ roleArn: roleArn(A, 'Ghost') })).rejects.toMatchObject({ code: 'ERR_NO_SUCH_ENTITY' })
  })
})

describe('revokeToken', () => {
  let store: PolicyStore
  let w: World

  beforeEach(async () => {
    w = await world()
    store = w.store
    await putUser(store, A, 'alice')
  })
  afterEach(() => w.sts.close())

  it('refuses a token revoked by itself at once and stores the revocation until the token expires', async () => {
    const { credentials, principal } = await w.sts.login({ account: A, userName: 'alice', password: 'correct horse battery staple' })
    await w.sts.revokeToken({ token: credentials.sessionToken })
    expect(() => w.sts.verifySessionToken(credentials.sessionToken)).toThrow(expect.objectContaining({ code: 'ERR_TOKEN_INVALID' }))
    const record = await store.get<{ jti: string; expiresAt: number }>('revokedToken', '', principal.jti!)
    expect(record!.data).toEqual({ jti: principal.jti, expiresAt: principal.expiresAt })
  })

  it('is enforced on another instance sharing the store, and by instances started later', async () => {
    const other = await makeSts(store)
    const { credentials, principal } = await w.sts.login({ account: A, userName: 'alice', password: 'correct horse battery staple' })
    expect(other.verifySessionToken(credentials.sessionToken).jti).toBe(principal.jti)
    await w.sts.revokeToken({ jti: principal.jti! })
    await vi.waitFor(() => expect(() => other.verifySessionToken(credentials.sessionToken)).toThrow(expect.objectContaining({ code: 'ERR_TOKEN_INVALID' })))
    const later = await makeSts(store)
    expect(() => later.verifySessionToken(credentials.sessionToken)).toThrow(expect.objectContaining({ code: 'ERR_TOKEN_INVALID' }))
    other.close()
    later.close()
  })

  it('refuses to revoke by a token it did not sign', async () => {
    await expect(w.sts.revokeToken({ token: 'a.b.c' })).rejects.toMatchObject({ code: 'ERR_TOKEN_INVALID' })
  })

  it('fails closed while the revocation list cannot be loaded', async () => {
    const broken = memoryStore()
    const failing: PolicyStore = Object.assign(Object.create(broken) as PolicyStore, { list: async () => { throw new Error('store down') }, subscribe: broken.subscribe.bind(broken), get: broken.get.bind(broken) })
    const sts = createSts(makeDeps(failing))
    await expect(sts.ready()).rejects.toThrow('store down')
    const { credentials } = await w.sts.login({ account: A, userName: 'alice', password: 'correct horse battery staple' })
    expect(() => sts.verifySessionToken(credentials.sessionToken)).toThrow(expect.objectContaining({ code: 'ERR_STORE_UNAVAILABLE', status: 503 }))
    sts.close()
  })
})

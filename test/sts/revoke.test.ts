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
import { createSts, type StsInstance } from '../../src/sts/index.js'
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

// Issue 10: the revoked-token list is bounded, and the bound never makes a revoked token valid
// again: entries go only once their token has expired; a full list refuses a local revocation and
// answers a remote one by revoking every token issued until then.
describe('the bounded revoked-token list', () => {
  let now = T0
  const clock = (): number => now
  const tokens = (max: number) => ({ ...makeDeps(memoryStore()).tokens, maxRevokedTokens: max })

  it('holds at most maxRevokedTokens entries however many tokens are revoked, dropping only expired ones', async () => {
    now = T0
    const w = await world({ clock, tokens: tokens(50) })
    for (let i = 0; i < 1_000; i++) {
      // Each revoked token expires within a minute; the clock moves on by 70 seconds (past expiry and clock tolerance) every 40 revocations.
      await w.sts.revokeToken({ jti: `jti-${i}`, expiresAt: Math.floor(now / 1000) + 60 })
      if (i % 40 === 39) now += 70_000
      expect((w.sts as StsInstance).stats().revokedTokens).toBeLessThanOrEqual(50)
    }
    w.sts.close()
  })

  it('refuses a local revocation when full of live entries, keeps refusing every revoked token, and writes nothing', async () => {
    now = T0
    const w = await world({ clock, tokens: tokens(3) })
    await putUser(w.store, A, 'alice')
    const issued: string[] = []
    for (let i = 0; i < 4; i++) issued.push((await w.sts.login({ account: A, userName: 'alice', password: 'correct horse battery staple' })).credentials.sessionToken)
    for (const token of issued.slice(0, 3)) await w.sts.revokeToken({ token })
    await expect(w.sts.revokeToken({ token: issued[3]! })).rejects.toMatchObject({ code: 'ERR_LIMIT_EXCEEDED', status: 409 })
    for (const token of issued.slice(0, 3)) expect(() => w.sts.verifySessionToken(token)).toThrow(expect.objectContaining({ code: 'ERR_TOKEN_INVALID' }))
    expect(w.sts.verifySessionToken(issued[3]!).userName).toBe('alice')
    expect(await w.store.list('revokedToken', '')).toHaveLength(3)
    // Once the revoked tokens have expired, there is room again.
    now = T0 + 3600_000 + 6_000
    await w.sts.revokeToken({ jti: 'later', expiresAt: Math.floor(now / 1000) + 60 })
    expect((w.sts as StsInstance).stats().revokedTokens).toBe(1)
    w.sts.close()
  })

  it('revokes every token issued so far when revocations from another instance overflow it, then accepts new sign-ins', async () => {
    now = T0
    const store = memoryStore()
    await store.init()
    await putUser(store, A, 'alice')
    const small = await makeSts(store, { clock, tokens: tokens(2) })
    const big = await makeSts(store, { clock, tokens: tokens(100) })
    const login = async () => (await big.login({ account: A, userName: 'alice', password: 'correct horse battery staple' })).credentials.sessionToken
    const tokensIssued: string[] = []
    for (let i = 0; i < 5; i++) tokensIssued.push(await login())
    const survivor = await login()
    for (const token of tokensIssued) await big.revokeToken({ token })
    // Every revoked token is refused on the small instance, though it could hold only two.
    await vi.waitFor(() => {
      for (const token of tokensIssued) expect(() => small.verifySessionToken(token)).toThrow(expect.objectContaining({ code: 'ERR_TOKEN_INVALID' }))
    })
    expect(small.stats().revokedTokens).toBeLessThanOrEqual(2)
    // The fallback is a cutoff on the issue time: the unrevoked token of before is refused too (fail closed)…
    expect(() => small.verifySessionToken(survivor)).toThrow(expect.objectContaining({ code: 'ERR_TOKEN_INVALID' }))
    // …and a token issued afterwards works.
    now += 1_000
    expect(small.verifySessionToken(await login()).userName).toBe('alice')
    small.close()
    big.close()
  })
})

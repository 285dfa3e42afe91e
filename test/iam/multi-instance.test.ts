/**
 * Two `createIam` instances sharing one PostgreSQL schema, as two app processes would. A change
 * made through A is enforced by A as soon as the admin call returns, and by B once B hears of it
 * (waited for with a bounded `vi.waitFor`, never a bare sleep); when B stops hearing, its cache
 * TTL still bounds what it serves; when the store is gone and nothing is cached, B fails closed.
 */
import { randomBytes } from 'node:crypto'
import { connect, createServer } from 'node:net'
import type { AddressInfo, Server, Socket } from 'node:net'
import pg from 'pg'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { postgresStore } from '../../adapters/postgres/index.js'
import { createIam } from '../../src/iam.js'
import type { CacheOptions, Iam } from '../../src/iam-types.js'
import type { Principal } from '../../src/identity/principal.js'
import { TcpProxy } from '../store/tcp-proxy.js'
import { ACCOUNT, allow, deny, rejectsWith, tokenOptions, trust } from '../identity/helpers.js'

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
/** Every schema this file creates starts with this, and is dropped at the end. */
const PREFIX = `iam_guard_multi_${randomBytes(4).toString('hex')}`
const DOC = `arn:app:docs::${ACCOUNT}:project/p1/doc/42`
const GET = 'docs:GetDocument'
/** B's default TTL is 30 s: a flip within this bound came from a change event, not from expiry. */
const EVENT_WAIT = { timeout: 5_000, interval: 10 }
const quiet = { info() {}, warn() {}, error() {} }

const admin = new pg.Pool({ connectionString: DATABASE_URL, max: 2 })
const opened: Iam[] = []
const proxies: { stop(): Promise<void> }[] = []
let schemas = 0

beforeAll(async () => {
  await admin.query('SELECT 1')
})

afterEach(async () => {
  vi.useRealTimers()
  await Promise.all(opened.splice(0).map((iam) => iam.close()))
  await Promise.all(proxies.splice(0).map((proxy) => proxy.stop()))
})

afterAll(async () => {
  const { rows } = await admin.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)', [PREFIX])
  for (const { nspname } of rows) await admin.query(`DROP SCHEMA "${nspname}" CASCADE`)
  await admin.end()
})

/**
 * A TCP proxy to PostgreSQL that can refuse LISTEN: the instance behind it keeps reading and
 * writing, but cannot get its notification connection back, so it stays degraded and hears of
 * no change (its safety-net poll is set far off) until `refuseListen` is false again.
 */
class ListenGate {
  refuseListen = false
  /** LISTEN attempts cut off so far: proof that the instance tried to reconnect and could not. */
  refused = 0
  port = 0
  #server: Server | undefined
  readonly #sockets = new Set<Socket>()
  static readonly #LISTEN = Buffer.from('LISTEN "')

  constructor(private readonly target: URL) {}

  async start(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(Number(this.target.port || 5432), this.target.hostname)
      const cut = (): void => { client.destroy(); upstream.destroy() }
      for (const socket of [client, upstream]) {
        this.#sockets.add(socket)
        socket.on('close', () => this.#sockets.delete(socket))
        socket.on('error', cut)
      }
      client.on('data', (chunk: Buffer) => {
        if (this.refuseListen && chunk.includes(ListenGate.#LISTEN)) {
          this.refused++
          cut()
        } else upstream.write(chunk)
      })
      upstream.pipe(client)
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => resolve())
    })
    this.port = (server.address() as AddressInfo).port
    this.#server = server
  }

  async stop(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy()
    const server = this.#server
    this.#server = undefined
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

function through(port: number): string {
  const url = new URL(DATABASE_URL)
  url.hostname = '127.0.0.1'
  url.port = String(port)
  return url.toString()
}

interface PairOptions {
  /** B's connection (through a proxy); A always connects directly. */
  connectionString?: string
  cache?: CacheOptions
  pollIntervalMs?: number
}

/** A and B on a fresh schema, with the account and a user alice created through A. */
async function pair(options: PairOptions = {}) {
  const schema = `${PREFIX}_${++schemas}`
  const instanceId = `multi-b-${randomBytes(4).toString('hex')}`
  const a = await createIam({ store: postgresStore({ connectionString: DATABASE_URL, schema }), tokens: tokenOptions(), logger: quiet })
  opened.push(a)
  const b = await createIam({
    store: postgresStore({ connectionString: options.connectionString ?? DATABASE_URL, schema, instanceId, ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }) }),
    tokens: tokenOptions(),
    logger: quiet,
    ...(options.cache === undefined ? {} : { cache: options.cache }),
  })
  opened.push(b)
  await a.admin.createAccount({ account: ACCOUNT })
  const { user } = await a.admin.createUser({ account: ACCOUNT, userName: 'alice' })
  const alice: Principal = { type: 'user', arn: user.arn, account: ACCOUNT, userId: user.userId, userName: 'alice', tags: new Map(), mfa: { present: false }, chainDepth: 0 }
  return { a, b, alice, instanceId }
}

async function decision(iam: Iam, principal: Principal, action = GET): Promise<string> {
  return (await iam.authorize({ principal, action, resource: DOC })).decision
}

/** B's degraded state as its store reports it, for waiting on. */
function watchDegraded(iam: Iam): { degraded: boolean } {
  const state = { degraded: false }
  iam.store.onDegraded!((degraded) => { state.degraded = degraded })
  return state
}

/** Terminates B's LISTEN backend, found as an operator would: its query and application name. */
async function terminateListener(instanceId: string): Promise<void> {
  const { rows } = await admin.query<{ terminated: boolean }>(
    `SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
     WHERE query ILIKE 'LISTEN%' AND application_name = $1`,
    [`iam-guard listener ${instanceId}`],
  )
  expect(rows).toEqual([{ terminated: true }])
}

describe('a change made through one instance', () => {
  it('enforces a removed Allow on that instance at once, and on the other once its change event arrives', async () => {
    const { a, b, alice } = await pair()
    await a.admin.putUserPolicy({ account: ACCOUNT, userName: 'alice', policyName: 'read', policyDocument: allow(GET, DOC) })
    expect(await decision(b, alice)).toBe('allowed')
    await a.admin.deleteUserPolicy({ account: ACCOUNT, userName: 'alice', policyName: 'read' })
    expect(await decision(a, alice)).toBe('implicitDeny')
    await vi.waitFor(async () => expect(await decision(b, alice)).toBe('implicitDeny'), EVENT_WAIT)
  })

  it('enforces a removed group membership on both instances', async () => {
    const { a, b, alice } = await pair()
    await a.admin.createGroup({ account: ACCOUNT, groupName: 'readers' })
    await a.admin.putGroupPolicy({ account: ACCOUNT, groupName: 'readers', policyName: 'read', policyDocument: allow(GET) })
    await a.admin.addUserToGroup({ account: ACCOUNT, groupName: 'readers', userName: 'alice' })
    expect(await decision(b, alice)).toBe('allowed')
    await a.admin.removeUserFromGroup({ account: ACCOUNT, groupName: 'readers', userName: 'alice' })
    expect(await decision(a, alice)).toBe('implicitDeny')
    await vi.waitFor(async () => expect(await decision(b, alice)).toBe('implicitDeny'), EVENT_WAIT)
  })

  it('enforces an added Deny on both instances', async () => {
    const { a, b, alice } = await pair()
    await a.admin.putUserPolicy({ account: ACCOUNT, userName: 'alice', policyName: 'all', policyDocument: allow('docs:*') })
    expect(await decision(b, alice)).toBe('allowed')
    await a.admin.putUserPolicy({ account: ACCOUNT, userName: 'alice', policyName: 'no', policyDocument: deny(GET) })
    expect(await decision(a, alice)).toBe('explicitDeny')
    await vi.waitFor(async () => expect(await decision(b, alice)).toBe('explicitDeny'), EVENT_WAIT)
    expect(await decision(b, alice, 'docs:ListDocuments')).toBe('allowed')
  })

  it("refuses a role's older sessions on both instances after revokeSessions", async () => {
    const { a, b } = await pair()
    await a.admin.createLoginProfile({ account: ACCOUNT, userName: 'alice', password: 'correct horse battery' })
    const { role } = await a.admin.createRole({ account: ACCOUNT, roleName: 'Editor', assumeRolePolicyDocument: trust(`arn:app:iam::${ACCOUNT}:user/alice`) })
    await a.admin.putRolePolicy({ account: ACCOUNT, roleName: 'Editor', policyName: 'edit', policyDocument: allow('docs:*') })
    const caller = await a.sts.authenticate({ account: ACCOUNT, userName: 'alice', password: 'correct horse battery' })
    const { credentials } = await a.sts.assumeRole({ caller, roleArn: role.arn, roleSessionName: 'work' })
    const onB = b.sts.verifySessionToken(credentials.sessionToken)
    expect(await decision(b, onB)).toBe('allowed')
    await a.sts.revokeSessions({ roleArn: role.arn })
    expect(await decision(a, a.sts.verifySessionToken(credentials.sessionToken))).toBe('explicitDeny')
    await vi.waitFor(async () => expect(await decision(b, b.sts.verifySessionToken(credentials.sessionToken))).toBe('explicitDeny'), EVENT_WAIT)
  })

  it('refuses a revoked token on both instances after revokeToken', async () => {
    const { a, b } = await pair()
    await a.admin.createLoginProfile({ account: ACCOUNT, userName: 'alice', password: 'correct horse battery' })
    const { credentials } = await a.sts.login({ account: ACCOUNT, userName: 'alice', password: 'correct horse battery' })
    const token = credentials.sessionToken
    // Verified (and so cached) on B before the revocation.
    expect(b.sts.verifySessionToken(token).arn).toBe(`arn:app:iam::${ACCOUNT}:user/alice`)
    await a.sts.revokeToken({ token })
    expect(() => a.sts.verifySessionToken(token)).toThrow(expect.objectContaining({ code: 'ERR_TOKEN_INVALID' }))
    await vi.waitFor(() => expect(() => b.sts.verifySessionToken(token)).toThrow(expect.objectContaining({ code: 'ERR_TOKEN_INVALID' })), EVENT_WAIT)
  })
})

describe('an instance whose notification connection dropped', () => {
  /** B behind a gate that can refuse LISTEN; its safety-net poll is far off, so only events or the TTL can change what it serves. */
  async function gatedPair(cache?: CacheOptions) {
    const gate = new ListenGate(new URL(DATABASE_URL))
    await gate.start()
    proxies.push(gate)
    const system = await pair({ connectionString: through(gate.port), pollIntervalMs: 60_000, ...(cache === undefined ? {} : { cache }) })
    return { ...system, gate, state: watchDegraded(system.b) }
  }

  /** Kills B's LISTEN backend and waits until B has tried to listen again and been refused. */
  async function cutOff(gate: ListenGate, instanceId: string, state: { degraded: boolean }): Promise<void> {
    gate.refuseListen = true
    await terminateListener(instanceId)
    await vi.waitFor(() => {
      expect(state.degraded).toBe(true)
      expect(gate.refused).toBeGreaterThan(0)
    }, EVENT_WAIT)
  }

  it('enforces a change made while it was disconnected once it has reconnected and caught up', async () => {
    const { a, b, alice, instanceId, gate, state } = await gatedPair()
    const heard: string[] = []
    b.store.subscribe((event) => heard.push(`${event.kind}/${event.id}`))
    await a.admin.putUserPolicy({ account: ACCOUNT, userName: 'alice', policyName: 'read', policyDocument: allow(GET) })
    expect(await decision(b, alice)).toBe('allowed')
    // B has heard of everything so far, so whatever it hears from now on is new.
    await vi.waitFor(() => expect(heard).toContain('user/alice'), EVENT_WAIT)
    heard.length = 0

    await cutOff(gate, instanceId, state)
    await a.admin.deleteUserPolicy({ account: ACCOUNT, userName: 'alice', policyName: 'read' })
    expect(await decision(a, alice)).toBe('implicitDeny')
    // Still cut off: the change was made meanwhile, and B has not heard of it.
    expect(state.degraded).toBe(true)
    expect(heard).toEqual([])

    gate.refuseListen = false
    await vi.waitFor(() => expect(state.degraded).toBe(false), { timeout: 10_000, interval: 10 })
    expect(heard).toEqual(['user/alice'])
    expect(await decision(b, alice)).toBe('implicitDeny')
  })

  it('never serves a policy set older than the cache TTL while it cannot hear changes', async () => {
    const { a, b, alice, instanceId, gate, state } = await gatedPair({ ttlSeconds: 1 })
    await a.admin.putUserPolicy({ account: ACCOUNT, userName: 'alice', policyName: 'read', policyDocument: allow(GET) })
    await cutOff(gate, instanceId, state)

    // Only the cache's clock (performance.now) is fake; PostgreSQL I/O runs in real time. It
    // starts past 0 because lru-cache treats an entry stamped at time 0 as ageless.
    vi.useFakeTimers({ toFake: ['performance'] })
    vi.advanceTimersByTime(1)
    expect(await decision(b, alice)).toBe('allowed')
    await a.admin.deleteUserPolicy({ account: ACCOUNT, userName: 'alice', policyName: 'read' })
    // B hears nothing (no LISTEN, poll 60 s away), so only the TTL can end the stale answer.
    expect(await decision(b, alice)).toBe('allowed')
    vi.advanceTimersByTime(1_001)
    expect(await decision(b, alice)).toBe('implicitDeny')
    expect(state.degraded).toBe(true)
  })

  // With ttlSeconds 1, B reloads its revoked-token list every second while degraded (the same
  // bound as its policy cache), so the revocation reaches it although no event does.
  it('refuses a token revoked while it could not hear changes within the cache TTL', async () => {
    const { a, b, instanceId, gate, state } = await gatedPair({ ttlSeconds: 1 })
    await a.admin.createLoginProfile({ account: ACCOUNT, userName: 'alice', password: 'correct horse battery' })
    const { credentials } = await a.sts.login({ account: ACCOUNT, userName: 'alice', password: 'correct horse battery' })
    expect(b.sts.verifySessionToken(credentials.sessionToken).arn).toBe(`arn:app:iam::${ACCOUNT}:user/alice`)
    await cutOff(gate, instanceId, state)
    await a.sts.revokeToken({ token: credentials.sessionToken })
    await vi.waitFor(() => expect(() => b.sts.verifySessionToken(credentials.sessionToken)).toThrow(expect.objectContaining({ code: 'ERR_TOKEN_INVALID' })), { timeout: 3_000, interval: 20 })
  })
})

describe('an instance whose store is unreachable', () => {
  it('rejects with ERR_STORE_UNAVAILABLE (503), never an allow, when nothing is cached, and allows again once the store is back', async () => {
    const target = new URL(DATABASE_URL)
    const proxy = new TcpProxy(target.hostname, Number(target.port || 5432))
    await proxy.start()
    proxies.push(proxy)
    const { a, b, alice } = await pair({ connectionString: through(proxy.port) })
    const state = watchDegraded(b)
    await a.admin.putUserPolicy({ account: ACCOUNT, userName: 'alice', policyName: 'all', policyDocument: allow('*') })
    expect(await decision(a, alice)).toBe('allowed')

    await proxy.stop()
    await vi.waitFor(() => expect(state.degraded).toBe(true), EVENT_WAIT)
    // Concurrent misses share one load: every one of them must fail closed.
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => decision(b, alice)))
    for (const result of results) {
      expect(result.status).toBe('rejected')
      expect((result as PromiseRejectedResult).reason).toMatchObject({ code: 'ERR_STORE_UNAVAILABLE', status: 503 })
    }
    await rejectsWith(b.authorize({ principal: alice, action: 'docs:DeleteDocument', resource: DOC }), 'ERR_STORE_UNAVAILABLE')

    await proxy.start()
    await vi.waitFor(async () => expect(await decision(b, alice)).toBe('allowed'), { timeout: 10_000, interval: 20 })
  })
})

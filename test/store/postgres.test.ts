import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { postgresStore } from '../../adapters/postgres/index.js'
import type { PostgresStoreOptions } from '../../adapters/postgres/index.js'
import { IamError } from '../../src/errors.js'
import type { ChangeEvent, PolicyStore } from '../../src/store/types.js'
import { describeStoreContract } from './contract.js'
import { collectChanges, nextChange, withTimeout } from './helpers.js'
import { TcpProxy } from './tcp-proxy.js'

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
/** Every schema this file creates starts with this, and is dropped at the end. */
const PREFIX = `iam_guard_test_${randomBytes(4).toString('hex')}`
let schemas = 0
const admin = new pg.Pool({ connectionString: DATABASE_URL, max: 3 })
const opened: PolicyStore[] = []

function freshSchema(): string {
  return `${PREFIX}_${++schemas}`
}

async function open(options: Partial<PostgresStoreOptions> & { schema: string }): Promise<PolicyStore> {
  const store = postgresStore({ connectionString: DATABASE_URL, ...options })
  opened.push(store)
  await store.init()
  return store
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()))
})

afterAll(async () => {
  const { rows } = await admin.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)', [PREFIX])
  for (const { nspname } of rows) await admin.query(`DROP SCHEMA "${nspname}" CASCADE`)
  await admin.end()
})

beforeAll(async () => {
  // Fails fast, with the reason, when the test database is not there.
  await admin.query('SELECT 1')
})

describeStoreContract('postgres', () => open({ schema: freshSchema() }))

describe('postgresStore schema', () => {
  it('creates and migrates a fresh schema exactly once when three instances start at the same time', async () => {
    const schema = freshSchema()
    const stores = [0, 1, 2].map(() => postgresStore({ connectionString: DATABASE_URL, schema }))
    opened.push(...stores)
    await Promise.all(stores.map((store) => store.init()))
    const { rows } = await admin.query<{ version: number; count: string }>(`SELECT version, count(*) FROM "${schema}".schema_migrations GROUP BY version`)
    expect(rows.map((row) => [row.version, Number(row.count)])).toEqual([[1, 1]])
    await stores[0]!.transact((tx) => tx.put('user', 'a', 'alice', 1))
    expect((await stores[2]!.get('user', 'a', 'alice'))?.data).toBe(1)
  })

  it('starts again on an existing schema and keeps its records', async () => {
    const schema = freshSchema()
    const first = await open({ schema })
    await first.transact((tx) => tx.put('role', 'a', 'admin', { n: 1 }))
    await first.close()
    const second = await open({ schema })
    await second.init()
    expect(await second.get('role', 'a', 'admin')).toMatchObject({ data: { n: 1 }, revision: 1 })
  })

  it('keeps the revision of imported records whose data did not change, whatever the key order', async () => {
    const store = await open({ schema: freshSchema() })
    await store.transact((tx) => tx.put('user', 'a', 'alice', { b: 1, a: 2 }))
    await store.importRecords([{ kind: 'user', account: 'a', id: 'alice', data: { a: 2, b: 1 } }])
    expect(await store.get('user', 'a', 'alice')).toMatchObject({ revision: 1 })
  })
})

describe('postgresStore with several instances', () => {
  it('never loses an update when two instances increment one counter at once', async () => {
    const schema = freshSchema()
    const stores = [await open({ schema }), await open({ schema })]
    const increment = (store: PolicyStore): Promise<void> => store.transact(async (tx) => {
      const current = await tx.get<{ n: number }>('account', 'a', 'a')
      await tx.put('account', 'a', 'a', { n: (current?.data.n ?? 0) + 1 })
    })
    await Promise.all(Array.from({ length: 60 }, (_, i) => increment(stores[i % 2]!)))
    expect(await stores[0]!.get('account', 'a', 'a')).toMatchObject({ data: { n: 60 }, revision: 60 })
  })

  it('delivers a change to the other instance, and to its own instance exactly once', async () => {
    const schema = freshSchema()
    const writer = await open({ schema })
    const reader = await open({ schema })
    const own = collectChanges(writer)
    const seen = nextChange(reader, (event) => event.id === 'alice')
    await writer.transact((tx) => tx.put('user', 'a', 'alice', 1))
    const event = await seen
    expect(own.events).toEqual([event])
    expect((await reader.get('user', 'a', 'alice'))?.data).toBe(1)
    // A later change from the other side proves no second copy of the first one is on its way.
    const marker = nextChange(writer, (change) => change.id === 'marker')
    await reader.transact((tx) => tx.put('user', 'a', 'marker', 1))
    await marker
    expect(own.events.map((change) => change.id)).toEqual(['alice', 'marker'])
  })

  it('delivers changes in sequence order on every instance', async () => {
    const schema = freshSchema()
    const [a, b] = [await open({ schema }), await open({ schema })]
    const seenByA = collectChanges(a)
    const seenByB = collectChanges(b)
    const lastOnA = nextChange(a, (event) => event.id === 'b-9')
    const lastOnB = nextChange(b, (event) => event.id === 'a-9')
    await Promise.all(Array.from({ length: 10 }, (_, i) => Promise.all([
      a.transact((tx) => tx.put('user', 'x', `a-${i}`, i)),
      b.transact((tx) => tx.put('user', 'x', `b-${i}`, i)),
    ])))
    await Promise.all([lastOnA, lastOnB])
    const full = (events: ChangeEvent[]): number[] => events.map((event) => event.seq)
    await withTimeout((async () => { while (seenByA.events.length < 20 || seenByB.events.length < 20) await new Promise((r) => setImmediate(r)) })(), 5_000, 'all events')
    expect(full(seenByA.events)).toEqual(full(seenByA.events).slice().sort((x, y) => x - y))
    expect(full(seenByA.events)).toEqual(full(seenByB.events))
  })

  it('reconnects after its notification connection is killed, reports degraded meanwhile and misses no change', async () => {
    const schema = freshSchema()
    const instanceId = `listener-${randomBytes(4).toString('hex')}`
    const reader = await open({ schema, instanceId })
    const writer = await open({ schema })
    const states: boolean[] = []
    let recovered!: () => void
    const back = new Promise<void>((resolve) => { recovered = resolve })
    let lost!: () => void
    const down = new Promise<void>((resolve) => { lost = resolve })
    reader.onDegraded!((degraded) => {
      states.push(degraded)
      if (degraded) lost()
      else recovered()
    })
    const during = nextChange(reader, (event) => event.id === 'during')
    const { rows } = await admin.query<{ terminated: boolean }>(
      'SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity WHERE application_name = $1',
      [`iam-guard listener ${instanceId}`],
    )
    expect(rows).toEqual([{ terminated: true }])
    await withTimeout(down, 5_000, 'degraded(true)')
    await writer.transact((tx) => tx.put('policy', 'a', 'during', 1))
    await during
    await withTimeout(back, 5_000, 'degraded(false)')
    const after = nextChange(reader, (event) => event.id === 'after')
    await writer.transact((tx) => tx.put('policy', 'a', 'after', 1))
    await after
    expect(states).toEqual([true, false])
  })
})

describe('postgresStore failures and options', () => {
  it('reports an unreachable server as ERR_STORE_UNAVAILABLE', async () => {
    const store = postgresStore({ connectionString: 'postgres://postgres@127.0.0.1:1/test', schema: freshSchema() })
    opened.push(store)
    const error = await store.init().then(() => undefined, (caught: unknown) => caught)
    expect(error).toBeInstanceOf(IamError)
    expect((error as IamError).code).toBe('ERR_STORE_UNAVAILABLE')
  })

  it('reports a server that went away as ERR_STORE_UNAVAILABLE and degraded, and recovers when it is back', async () => {
    const target = new URL(DATABASE_URL)
    const proxy = new TcpProxy(target.hostname, Number(target.port || 5432))
    await proxy.start()
    try {
      const viaProxy = new URL(DATABASE_URL)
      viaProxy.hostname = '127.0.0.1'
      viaProxy.port = String(proxy.port)
      const schema = freshSchema()
      const store = await open({ connectionString: viaProxy.toString(), schema, pollIntervalMs: 100 })
      const other = await open({ schema })
      const states: boolean[] = []
      const down = new Promise<void>((resolve) => store.onDegraded!((degraded) => { states.push(degraded); if (degraded) resolve() }))
      await proxy.stop()
      await withTimeout(down, 5_000, 'degraded(true)')
      await expect(store.get('user', 'a', 'x')).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' })
      await expect(store.transact((tx) => tx.put('user', 'a', 'x', 1))).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' })

      // Changed while the server was unreachable, delivered once it is back.
      const missed = nextChange(store, (event) => event.id === 'while-down', 10_000)
      await other.transact((tx) => tx.put('user', 'a', 'while-down', 1))
      const up = new Promise<void>((resolve) => store.onDegraded!((degraded) => { if (!degraded) resolve() }))
      await proxy.start()
      await missed
      await withTimeout(up, 10_000, 'degraded(false)')
      expect(states).toEqual([true, false])
      expect((await store.get('user', 'a', 'while-down'))?.data).toBe(1)
    } finally {
      await proxy.stop()
    }
  })

  it('leaves a pool it was given open on close()', async () => {
    const pool = new pg.Pool({ connectionString: DATABASE_URL })
    const store = await open({ pool, connectionString: undefined, schema: freshSchema() })
    await store.close()
    expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
    await pool.end()
  })

  it('refuses unclear or unsafe options when built', () => {
    const pool = new pg.Pool({ connectionString: DATABASE_URL })
    expect(() => postgresStore({ pool, connectionString: DATABASE_URL })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTION' }))
    expect(() => postgresStore({})).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTION' }))
    expect(() => postgresStore({ pool, schema: 'x"; DROP TABLE users; --' })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTION' }))
    expect(() => postgresStore({ pool, pollIntervalMs: 0 })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTION' }))
    void pool.end()
  })
})

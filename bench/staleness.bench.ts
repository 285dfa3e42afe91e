/**
 * Store-level staleness: two processes share one PostgreSQL store; this one writes a change,
 * the other reports when its `subscribe` listener sees it. Prints p50/p99 over CHANGES changes.
 *
 *   node --import tsx bench/staleness.bench.ts        (DATABASE_URL overrides the local test database)
 *
 * Both processes run on this machine and so share its clock; times are epoch milliseconds from
 * `performance.timeOrigin + performance.now()`.
 */
import { fork } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { postgresStore } from '../adapters/postgres/index.js'

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const CHANGES = Number(process.env.CHANGES ?? 200)

const now = (): number => performance.timeOrigin + performance.now()

type ReaderMessage = { type: 'ready' } | { type: 'seen'; seq: number; at: number }

async function reader(schema: string): Promise<void> {
  const store = postgresStore({ connectionString: DATABASE_URL, schema, instanceId: 'bench-reader' })
  await store.init()
  store.subscribe((event) => process.send!({ type: 'seen', seq: event.seq, at: now() } satisfies ReaderMessage))
  process.on('message', (message) => {
    if (message === 'stop') void store.close().then(() => process.exit(0))
  })
  process.send!({ type: 'ready' } satisfies ReaderMessage)
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

async function writer(): Promise<void> {
  const schema = `iam_guard_bench_${randomBytes(4).toString('hex')}`
  const store = postgresStore({ connectionString: DATABASE_URL, schema, instanceId: 'bench-writer' })
  await store.init()
  const child = fork(fileURLToPath(import.meta.url), ['reader', schema], { execArgv: ['--import', 'tsx'] })
  const seen = new Map<number, number>()
  const waiters = new Map<number, () => void>()
  let ready!: () => void
  const isReady = new Promise<void>((resolve) => { ready = resolve })
  child.on('message', (message: ReaderMessage) => {
    if (message.type === 'ready') ready()
    else {
      seen.set(message.seq, message.at)
      waiters.get(message.seq)?.()
    }
  })
  await isReady

  const sinceStart: number[] = []
  const sinceCommit: number[] = []
  try {
    for (let i = 0; i < CHANGES; i++) {
      let seq = 0
      const unsubscribe = store.subscribe((event) => { seq = event.seq })
      const started = now()
      await store.transact((tx) => tx.put('policy', '111122223333', `policy-${i % 10}`, { i }))
      const committed = now()
      unsubscribe()
      if (!seen.has(seq)) await new Promise<void>((resolve) => waiters.set(seq, resolve))
      waiters.delete(seq)
      sinceStart.push(seen.get(seq)! - started)
      sinceCommit.push(seen.get(seq)! - committed)
      // Spaced out so that each change is measured on its own, not queued behind the previous one.
      await sleep(2 + Math.random() * 5)
    }
  } finally {
    child.send('stop')
    await store.close()
    const admin = new pg.Client({ connectionString: DATABASE_URL })
    await admin.connect()
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
    await admin.end()
  }

  const report = (label: string, values: number[]): void => {
    const sorted = [...values].sort((a, b) => a - b)
    console.log(`${label.padEnd(42)} p50 ${percentile(sorted, 50).toFixed(2)} ms   p99 ${percentile(sorted, 99).toFixed(2)} ms   max ${sorted.at(-1)!.toFixed(2)} ms`)
  }
  console.log(`PostgreSQL store event latency across two processes, ${CHANGES} changes`)
  report('write started -> other process notified', sinceStart)
  report('write committed -> other process notified', sinceCommit)
}

if (process.argv[2] === 'reader') await reader(process.argv[3]!)
else await writer()

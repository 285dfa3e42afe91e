/**
 * The other instance of `staleness.bench.ts`, forked by it: `staleness-child.ts MODE SCHEMA`.
 *
 * - `authorize`: its own `createIam` on the shared schema. Once told whom to watch, it calls
 *   `iam.authorize` in a tight loop (one call per `setImmediate`, so PostgreSQL notifications
 *   are still read between calls) and reports each change of decision with its time.
 * - `events`: a bare `postgresStore`; reports each change event its `subscribe` listener sees.
 *
 * Times are epoch milliseconds from `performance.timeOrigin + performance.now()`, comparable
 * with the parent's since both run on this machine.
 */
import { generateKeyPairSync } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { postgresStore } from '../adapters/postgres/index.js'
import { createIam } from '../src/iam.js'
import type { Principal } from '../src/identity/principal.js'

export type ChildMessage =
  | { type: 'ready' }
  | { type: 'decision'; decision: string; at: number }
  | { type: 'seen'; seq: number; at: number }
  | { type: 'failed'; message: string }

export type ParentMessage =
  | { type: 'watch'; principal: { arn: string; account: string; userId: string; userName: string }; action: string; resource: string }
  | { type: 'stop' }

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const now = (): number => performance.timeOrigin + performance.now()
const send = (message: ChildMessage): void => { process.send!(message) }
const quiet = { info() {}, warn() {}, error(message: string) { console.error(message) } }

async function authorizeLoop(schema: string): Promise<void> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const iam = await createIam({
    store: postgresStore({ connectionString: DATABASE_URL, schema, instanceId: 'bench-child' }),
    tokens: { algorithm: 'ES256', privateKey, publicKey, issuer: 'https://bench.invalid' },
    logger: quiet,
  })
  let running = false
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'stop') {
      running = false
      void iam.close().then(() => process.exit(0))
      return
    }
    const { principal: p, action, resource } = message
    const principal: Principal = { type: 'user', ...p, tags: new Map(), mfa: { present: false }, chainDepth: 0 }
    let last = ''
    running = true
    const tick = (): void => {
      if (!running) return
      iam.authorize({ principal, action, resource }).then(
        ({ decision }) => {
          if (decision !== last) {
            last = decision
            send({ type: 'decision', decision, at: now() })
          }
          setImmediate(tick)
        },
        (error: unknown) => {
          running = false
          send({ type: 'failed', message: String(error) })
        },
      )
    }
    tick()
  })
  send({ type: 'ready' })
}

async function eventReader(schema: string): Promise<void> {
  const store = postgresStore({ connectionString: DATABASE_URL, schema, instanceId: 'bench-reader' })
  await store.init()
  store.subscribe((event) => send({ type: 'seen', seq: event.seq, at: now() }))
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'stop') void store.close().then(() => process.exit(0))
  })
  send({ type: 'ready' })
}

const [mode, schema] = process.argv.slice(2)
if (schema === undefined || (mode !== 'authorize' && mode !== 'events')) {
  console.error('usage: staleness-child.ts authorize|events SCHEMA')
  process.exit(2)
}
await (mode === 'authorize' ? authorizeLoop(schema) : eventReader(schema))

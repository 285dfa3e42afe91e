/**
 * Shared world of the HTTP and identity attack tests: a REAL `createIam` + `memoryStore` (behind a
 * switchable outage), two tenants that both have a user named alice, tokens from STS, and small
 * Express 5 / Koa 3 servers listening on 127.0.0.1 port 0. Every handler an attack could reach
 * counts its calls in `hits`, so a test can assert that a refused request never ran it.
 */
import { generateKeyPairSync } from 'node:crypto'
import { createServer, type RequestListener, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import request from 'supertest'
import { expect } from 'vitest'
import type { Iam, Logger } from '../../src/iam-types.js'
import { createIam } from '../../src/iam.js'
import { memoryStore } from '../../src/store/memory.js'
import type { PolicyStore } from '../../src/store/types.js'
import type { PolicyDocument } from '../../src/policy/types.js'

export const A = '111122223333'
export const B = '444455556666'
export const PASSWORD = 'correct horse battery staple 1!'
export const DOC_TEMPLATE = 'arn:app:docs::{account}:project/{project}/doc/{doc}'
export const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined }

export const userArn = (name: string, account = A): string => `arn:app:iam::${account}:user/${name}`

export function policy(...statements: Record<string, unknown>[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements } as unknown as PolicyDocument
}

export interface HttpWorld {
  iam: Iam
  /** Bearer tokens: alice@A (docs in p1, iam:* in A), bob@A (nothing), alice@B (docs in p9 of B). */
  tokens: { alice: string; bob: string; aliceB: string }
  setStoreDown(down: boolean): void
  /** Makes the store answer "not found" for one record, as if it vanished behind the API's back. */
  hide(kind: string, account: string, id: string): void
  close(): Promise<void>
}

function flaky(inner: PolicyStore, state: { down: boolean; hidden: Set<string> }): PolicyStore {
  return new Proxy(inner, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown
      if (typeof value !== 'function') return value
      if (key === 'get') {
        return (...args: unknown[]) => {
          if (state.down) return Promise.reject(new Error('ECONNREFUSED 10.0.0.5:5432 at /srv/app/db.js'))
          if (state.hidden.has(args.slice(0, 3).join('\u0000'))) return Promise.resolve(undefined)
          return (value as (...a: unknown[]) => unknown).apply(target, args)
        }
      }
      if (key === 'list') {
        return (...args: unknown[]) => (state.down ? Promise.reject(new Error('ECONNREFUSED 10.0.0.5:5432 at /srv/app/db.js')) : (value as (...a: unknown[]) => unknown).apply(target, args))
      }
      return (value as (...a: unknown[]) => unknown).bind(target)
    },
  })
}

export async function httpWorld(): Promise<HttpWorld> {
  const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const state = { down: false, hidden: new Set<string>() }
  const iam = await createIam({
    store: flaky(memoryStore(), state),
    partition: 'app',
    tokens: { algorithm: 'ES256', privateKey: keys.privateKey, publicKey: keys.publicKey, issuer: 'https://iam.test' },
    throttle: { maxFailures: 10_000 },
    logger: quiet,
  })
  const { admin, sts } = iam
  for (const account of [A, B]) await admin.createAccount({ account })
  for (const [account, userName] of [[A, 'alice'], [A, 'bob'], [B, 'alice']] as const) {
    await admin.createUser({ account, userName })
    await admin.createLoginProfile({ account, userName, password: PASSWORD })
  }
  await admin.putUserPolicy({
    account: A, userName: 'alice', policyName: 'work',
    policyDocument: policy(
      { Effect: 'Allow', Action: 'docs:*', Resource: [`arn:app:docs::${A}:project/p1/*`, `arn:app:docs::${A}:project/p1`] },
      { Effect: 'Allow', Action: 'iam:*', Resource: `arn:app:iam::${A}:*` },
    ),
  } as never)
  await admin.putUserPolicy({
    account: B, userName: 'alice', policyName: 'work',
    policyDocument: policy({ Effect: 'Allow', Action: 'docs:*', Resource: `arn:app:docs::${B}:project/p9/*` }),
  } as never)
  const login = async (account: string, userName: string) => (await sts.login({ account, userName, password: PASSWORD })).credentials.sessionToken
  return {
    iam,
    tokens: { alice: await login(A, 'alice'), bob: await login(A, 'bob'), aliceB: await login(B, 'alice') },
    setStoreDown: (down) => void (state.down = down),
    hide: (kind, account, id) => void state.hidden.add([kind, account, id].join('\u0000')),
    close: () => iam.close(),
  }
}

export interface Running {
  server: Server
  origin: string
  close(): Promise<void>
}

export async function listen(handler: RequestListener): Promise<Running> {
  const server = createServer(handler)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    server,
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  }
}

/** Counts calls of named handlers. */
export class Hits {
  readonly #counts = new Map<string, number>()
  hit(name: string): void {
    this.#counts.set(name, (this.#counts.get(name) ?? 0) + 1)
  }
  of(name: string): number {
    return this.#counts.get(name) ?? 0
  }
  total(): number {
    let n = 0
    for (const v of this.#counts.values()) n += v
    return n
  }
}

/** Runs `fn` with a server for `handler`, closing it afterwards. */
export async function withServer<T>(handler: RequestListener, fn: (agent: ReturnType<typeof request>, running: Running) => Promise<T>): Promise<T> {
  const running = await listen(handler)
  try {
    return await fn(request(running.origin), running)
  } finally {
    await running.close()
  }
}

/**
 * An error answer leaks nothing: AWS-style JSON, no stack trace, no internal path, no policy
 * content (Statement/Effect), no driver message.
 */
export function expectCleanError(res: { status: number; text: string; body: unknown }): void {
  expect(res.status).toBeGreaterThanOrEqual(400)
  const text = res.text ?? ''
  for (const leak of ['    at ', '/work/', '/srv/', 'node_modules', '"Statement"', '"Effect"', 'ECONNREFUSED', 'Error:']) {
    expect(text, `error body leaks ${JSON.stringify(leak)}`).not.toContain(leak)
  }
  expect(res.body).toMatchObject({ error: expect.any(String), message: expect.any(String), requestId: expect.any(String) })
}

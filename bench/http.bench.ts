/**
 * `npm run bench:http`: requests/s and p99 latency of the same ~20-route Express 5 app with JWT
 * verification only, and with `iamGuard` + `authorize()` on every route (real `createIam` +
 * `memoryStore`), with autocannon against 127.0.0.1 (port 0). Compare the ratio, never the
 * absolute figures: they depend on the machine. Target: guarded ≥ 0.95 × JWT-only.
 *
 * Options (environment): BENCH_SECONDS (default 10), BENCH_CONNECTIONS (default 10).
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express'
import jwt from 'jsonwebtoken'
import { authorize, iamErrorHandler, iamGuard } from '../adapters/express/index.js'
import { createIam } from '../src/iam.js'
import { memoryStore } from '../src/store/memory.js'

/** The part of autocannon's API used here (the package ships no types). */
interface AutocannonResult {
  requests: { average: number }
  latency: { p99: number }
  non2xx: number
  errors: number
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>
const autocannon = ((await import('autocannon' as string)) as { default: Autocannon }).default

const ACCOUNT = '111122223333'
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10)
const ONLY = process.env.BENCH_ONLY

/** 20 routes: 10 resources × (list, get). */
const RESOURCES = ['docs', 'files', 'notes', 'tasks', 'boards', 'teams', 'reports', 'alerts', 'jobs', 'tags']

type Annotate = (action: string, resource: string) => RequestHandler[]

function buildApp(before: RequestHandler[], annotate: Annotate, after: express.ErrorRequestHandler[] = []): express.Express {
  const app = express()
  for (const mw of before) app.use(mw)
  for (const r of RESOURCES) {
    const service = 'app'
    app.get(`/projects/:project/${r}`, ...annotate(`${service}:List${r}`, `arn:app:${service}::{account}:project/{project}`), (req: Request, res: Response) => {
      res.json({ items: [], project: req.params.project })
    })
    app.get(`/projects/:project/${r}/:id`, ...annotate(`${service}:Get${r}`, `arn:app:${service}::{account}:project/{project}/${r}/{id}`), (req: Request, res: Response) => {
      res.json({ id: req.params.id })
    })
  }
  for (const h of after) app.use(h)
  return app
}

function jwtOnly(publicKey: KeyObject): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization
    if (header === undefined || !header.startsWith('Bearer ')) {
      res.status(401).json({ error: 'UnrecognizedClient' })
      return
    }
    try {
      ;(req as { user?: unknown }).user = jwt.verify(header.slice(7), publicKey, { algorithms: ['ES256'], issuer: 'https://iam.bench' })
      next()
    } catch {
      res.status(401).json({ error: 'InvalidToken' })
    }
  }
}

async function listen(app: express.Express): Promise<{ server: Server; url: string }> {
  const server = createServer(app)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}

async function run(name: string, url: string, token: string): Promise<{ name: string; rps: number; p99: number; errors: number }> {
  const requests = RESOURCES.flatMap((r) => [{ method: 'GET' as const, path: `/projects/p1/${r}` }, { method: 'GET' as const, path: `/projects/p1/${r}/42` }])
  const options = { url, connections: CONNECTIONS, headers: { authorization: `Bearer ${token}` }, requests }
  await autocannon({ ...options, duration: 2 })
  const result = await autocannon({ ...options, duration: SECONDS })
  return { name, rps: result.requests.average, p99: result.latency.p99, errors: result.non2xx + result.errors }
}

async function main(): Promise<void> {
  const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const iam = await createIam({
    store: memoryStore(),
    tokens: { algorithm: 'ES256', privateKey: keys.privateKey, publicKey: keys.publicKey, issuer: 'https://iam.bench' },
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
  })
  await iam.admin.createAccount({ account: ACCOUNT })
  await iam.admin.createUser({ account: ACCOUNT, userName: 'alice' })
  await iam.admin.createLoginProfile({ account: ACCOUNT, userName: 'alice', password: 'correct horse battery staple 1!' })
  await iam.admin.putUserPolicy({
    account: ACCOUNT, userName: 'alice', policyName: 'app',
    policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'app:*', Resource: `arn:app:app::${ACCOUNT}:project/p1*` }] },
  } as never)
  const { credentials } = await iam.sts.login({ account: ACCOUNT, userName: 'alice', password: 'correct horse battery staple 1!' })

  const baseline = await listen(buildApp([jwtOnly(keys.publicKey)], () => []))
  const guarded = await listen(buildApp([iamGuard(iam)], (action, resource) => [authorize(action, resource)], [iamErrorHandler()]))

  const results: { name: string; rps: number; p99: number; errors: number }[] = []
  // Alternate to spread any drift of the machine over both apps.
  for (const [name, app] of [['JWT only', baseline], ['iamGuard', guarded], ['JWT only', baseline], ['iamGuard', guarded]] as const) {
    if (ONLY !== undefined && ONLY !== name) continue
    results.push(await run(name, app.url, credentials.sessionToken))
  }
  const avg = (name: string, key: 'rps' | 'p99'): number => {
    const rows = results.filter((r) => r.name === name)
    return rows.reduce((s, r) => s + r[key], 0) / rows.length
  }
  const errors = results.reduce((s, r) => s + r.errors, 0)
  const base = { rps: avg('JWT only', 'rps'), p99: avg('JWT only', 'p99') }
  const guard = { rps: avg('iamGuard', 'rps'), p99: avg('iamGuard', 'p99') }
  console.log(`routes: ${RESOURCES.length * 2}, connections: ${CONNECTIONS}, ${SECONDS} s per run, 2 runs each`)
  console.log(`JWT only : ${base.rps.toFixed(0)} req/s, p99 ${base.p99.toFixed(2)} ms`)
  console.log(`iamGuard : ${guard.rps.toFixed(0)} req/s, p99 ${guard.p99.toFixed(2)} ms`)
  console.log(`ratio    : ${(guard.rps / base.rps).toFixed(3)}× (target ≥ 0.95×)`)
  if (errors > 0) console.log(`WARNING: ${errors} non-2xx responses or errors: the figures are not comparable`)
  baseline.server.close()
  guarded.server.close()
  await iam.close()
}

await main()

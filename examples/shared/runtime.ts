/**
 * What the three examples share to run, kept apart so that each `app.ts` shows only IAM:
 * signing keys, the store an example runs on, and "listen only when run directly".
 *
 * A real app would load its signing key from a secret store and keep it across restarts; the
 * examples make a fresh ES256 pair at start, so tokens from an earlier run stop working.
 */
import { generateKeyPairSync } from 'node:crypto'
import { realpathSync } from 'node:fs'
import type { RequestListener, Server } from 'node:http'
import { createServer } from 'node:http'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { postgresStore } from '../../adapters/postgres/index.js'
import { fileStore, type PolicyStore, type TokenOptions } from '../../src/index.js'

/** ES256 keys for this process only, imported once as `KeyObject`s (fast verification). */
export function demoTokenOptions(issuer: string): TokenOptions {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  return { algorithm: 'ES256', privateKey, publicKey, issuer }
}

export interface ExampleStore {
  store: PolicyStore
  /** For the start-up line: where the IAM data lives. */
  where: string
}

/**
 * PostgreSQL when `DATABASE_URL` is set (one schema per example), otherwise a JSON file under
 * `examples/<name>/.data/` (gitignored), created on the first write.
 */
export function exampleStore(name: string, env: NodeJS.ProcessEnv = process.env): ExampleStore {
  const url = env['DATABASE_URL']
  if (url !== undefined && url !== '') {
    const schema = `iam_guard_${name.replace(/-/g, '_')}`
    return { store: postgresStore({ connectionString: url, schema }), where: `PostgreSQL, schema ${schema}` }
  }
  const path = fileURLToPath(new URL(`../${name}/.data/iam-data.json`, import.meta.url))
  return { store: fileStore(path), where: `file ${path}` }
}

/** True when `moduleUrl` is the script node was started with (`tsx examples/x/server.ts`). */
export function isMain(moduleUrl: string): boolean {
  const script = process.argv[1]
  if (script === undefined) return false
  try {
    return pathToFileURL(realpathSync(script)).href === moduleUrl
  } catch {
    return false
  }
}

export interface ListenOptions {
  /** Default: `PORT` from the environment, else 3000. */
  port?: number
  /** Default: 127.0.0.1 (the examples are never exposed on other interfaces by default). */
  host?: string
}

export function portFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const text = env['PORT']
  if (text === undefined || text === '') return 3000
  const port = Number(text)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not ${JSON.stringify(text)}`)
  return port
}

/** Starts an HTTP server and resolves once it listens; the address says which port it got. */
export function listen(handler: RequestListener, options: ListenOptions = {}): Promise<Server> {
  const server = createServer(handler)
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? portFromEnv(), options.host ?? '127.0.0.1', () => {
      server.off('error', reject)
      resolve(server)
    })
  })
}

/** The `http://host:port` a listening server answers on. */
export function baseUrl(server: Server): string {
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('The server is not listening on a TCP port')
  return `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`
}

/** Stops accepting requests, drops open connections, and resolves once the server is closed. */
export function stopServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

/** Closes the server, then runs `close` (the app's own: iam and store). Safe to call twice. */
export function shutdownOnSignals(server: Server, close: () => Promise<void>): void {
  let closing = false
  const stop = (): void => {
    if (closing) return
    closing = true
    server.close()
    server.closeAllConnections()
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error)
        process.exit(1)
      },
    )
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

/**
 * Runs the storage API: `npx tsx examples/storage-api/server.ts`. A JSON file under
 * `examples/storage-api/.data/` by default, PostgreSQL when `DATABASE_URL` is set; the tenants
 * are created on the first run (the buckets themselves live in memory). Listens on
 * 127.0.0.1:$PORT (default 3000).
 */
import type { Server } from 'node:http'
import { createIam } from '../../src/index.js'
import { baseUrl, demoTokenOptions, exampleStore, isMain, listen, shutdownOnSignals, stopServer, type ListenOptions } from '../shared/runtime.js'
import { createApp, type StorageApp } from './app.js'
import { isSeeded, seed } from './seed.js'

export async function startServer(options: ListenOptions & { env?: NodeJS.ProcessEnv; log?: (line: string) => void } = {}): Promise<{ server: Server; storage: StorageApp; close(): Promise<void> }> {
  const log = options.log ?? console.log
  const { store, where } = exampleStore('storage-api', options.env)
  const iam = await createIam({ store, tokens: demoTokenOptions('https://storage.example.test') })
  try {
    if (!(await isSeeded(iam))) {
      await seed(iam)
      log(`Created the demo tenants in ${where}.`)
    } else {
      log(`Using the demo tenants in ${where}.`)
    }
    const storage = await createApp({ iam })
    const server = await listen(storage.app, options)
    log(`Storage API on ${baseUrl(server)} (see examples/storage-api/README.md for curl lines)`)
    const close = async (): Promise<void> => {
      await stopServer(server)
      await iam.close()
    }
    return { server, storage, close }
  } catch (error) {
    await iam.close()
    throw error
  }
}

if (isMain(import.meta.url)) {
  const { server, storage } = await startServer()
  shutdownOnSignals(server, () => storage.iam.close())
}

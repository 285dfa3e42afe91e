/**
 * Runs the documents API on a persistent store: `npx tsx examples/express-docs/server.ts`.
 * A JSON file under `examples/express-docs/.data/` by default, PostgreSQL when `DATABASE_URL` is
 * set; the demo tenants are created on the first run. Listens on 127.0.0.1:$PORT (default 3000).
 * For the guided tour on a throw-away store, run `npm start` (main.ts) instead.
 */
import type { Server } from 'node:http'
import { createIam } from '../../src/index.js'
import { baseUrl, demoTokenOptions, exampleStore, isMain, listen, shutdownOnSignals, stopServer, type ListenOptions } from '../shared/runtime.js'
import { createApp, type DocsApp } from './app.js'
import { isSeeded, seed } from './seed.js'

export async function startServer(options: ListenOptions & { env?: NodeJS.ProcessEnv; log?: (line: string) => void } = {}): Promise<{ server: Server; docs: DocsApp; close(): Promise<void> }> {
  const log = options.log ?? console.log
  const { store, where } = exampleStore('express-docs', options.env)
  const iam = await createIam({ store, tokens: demoTokenOptions('https://docs.example.test') })
  try {
    if (!(await isSeeded(iam))) {
      const { erinMfa } = await seed(iam)
      log(`Created the demo tenants in ${where}.`)
      log(`erin's MFA device seed (add it to an authenticator app; shown only now): ${erinMfa.base32Seed}`)
    } else {
      log(`Using the demo tenants in ${where}.`)
    }
    const docs = await createApp({ iam })
    const server = await listen(docs.app, options)
    log(`Documents API on ${baseUrl(server)} (see examples/express-docs/README.md for curl lines)`)
    const close = async (): Promise<void> => {
      await stopServer(server)
      await iam.close()
    }
    return { server, docs, close }
  } catch (error) {
    await iam.close()
    throw error
  }
}

if (isMain(import.meta.url)) {
  const { server, docs } = await startServer()
  shutdownOnSignals(server, () => docs.iam.close())
}

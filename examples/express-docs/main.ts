/**
 * `npm start`: the documents API on a throw-away memory store with the demo tenants, on
 * 127.0.0.1:$PORT (default 3000), and a guided tour as ready-to-paste `curl` lines. Each line is
 * run once before it is printed, so the answers shown are the server's real ones.
 */
import type { Server } from 'node:http'
import { memoryStore } from '../../src/index.js'
import { baseUrl, isMain, listen, shutdownOnSignals, type ListenOptions } from '../shared/runtime.js'
import { createApp, type DocsApp } from './app.js'
import { demoSteps, describeAnswer, renderCurl, runSteps } from './demo-steps.js'
import { DEMO, seed } from './seed.js'

export interface Demo {
  server: Server
  docs: DocsApp
  /** Everything printed. */
  text: string
  /** Whether every step answered as the tour says. */
  ok: boolean
  close(): Promise<void>
}

export async function startDemo(options: ListenOptions & { log?: (text: string) => void } = {}): Promise<Demo> {
  const docs = await createApp({ store: memoryStore() })
  const { erinMfa } = await seed(docs.iam)
  const server = await listen(docs.app, options)
  const base = baseUrl(server)
  const steps = demoSteps()
  const answers = await runSteps(steps, base)

  const lines = [
    `iam-guard demo: a multi-tenant documents API on ${base} (memory store; Ctrl+C stops it).`,
    `Tenants: acme (alice edits, bob reads, erin administers with MFA), partner (carol), globex (dave).`,
    `Passwords are <name>-demo-password. Paste these lines into another shell (they need curl and node):`,
    '',
  ]
  let ok = true
  steps.forEach((step, index) => {
    const answer = answers[index]!
    lines.push(`# ${index + 1}. ${step.comment}`, renderCurl(step, base), describeAnswer(step, answer), '')
    if (answer.status !== step.expectStatus) {
      ok = false
      lines.push(`#   !! expected ${step.expectStatus}: this demo is broken, please report it`, '')
    }
  })
  lines.push(
    `erin's MFA device seed (this run only): ${erinMfa.base32Seed}`,
    `More in examples/express-docs/README.md: the admin role with MFA, sharing with globex, revoking ${DEMO.contractorRoleArn} sessions.`,
  )
  const text = lines.join('\n')
  ;(options.log ?? console.log)(text)

  const close = async (): Promise<void> => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    })
    await docs.close()
  }
  return { server, docs, text, ok, close }
}

if (isMain(import.meta.url)) {
  try {
    const demo = await startDemo()
    if (!demo.ok) process.exitCode = 1
    shutdownOnSignals(demo.server, () => demo.docs.close())
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'EADDRINUSE') throw error
    console.error(`Port ${process.env['PORT'] ?? 3000} is already in use. Pick another one: PORT=3001 npm start`)
    process.exit(1)
  }
}

/**
 * `npm start` (examples/express-docs/main.ts): the printed curl lines are parsed back and run
 * through supertest, and each answers with the status printed under it.
 */
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoSteps, renderCurl } from '../../examples/express-docs/demo-steps.js'
import { startDemo, type Demo } from '../../examples/express-docs/main.js'

interface ParsedLine {
  capture?: { variable: string; field: string[] }
  method: string
  path: string
  headers: [string, string][]
  body?: unknown
  printedStatus: number
}

/** Splits a shell command into words: single quotes literal, double quotes expand `$VAR`. */
function words(command: string, variables: ReadonlyMap<string, string>): string[] {
  const out: string[] = []
  let word: string | undefined
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!
    if (c === ' ') {
      if (word !== undefined) out.push(word)
      word = undefined
    } else if (c === '\\') {
      word = (word ?? '') + (command[++i] ?? '')
    } else if (c === "'") {
      const end = command.indexOf("'", i + 1)
      if (end < 0) throw new Error(`unclosed ' in ${command}`)
      word = (word ?? '') + command.slice(i + 1, end)
      i = end
    } else if (c === '"') {
      const end = command.indexOf('"', i + 1)
      if (end < 0) throw new Error(`unclosed " in ${command}`)
      word = (word ?? '') + command.slice(i + 1, end).replace(/\$([A-Z_]+)/g, (_, name: string) => variables.get(name) ?? '')
      i = end
    } else word = (word ?? '') + c
  }
  if (word !== undefined) out.push(word)
  return out
}

function parse(text: string, variables: ReadonlyMap<string, string>): ParsedLine[] {
  const lines = text.split('\n')
  const parsed: ParsedLine[] = []
  lines.forEach((line, index) => {
    const capture = /^([A-Z_]+)=\$\((curl .*) \| node -pe '.*\)\.([\w.]+)'\)$/.exec(line)
    const curl = capture?.[2] ?? (line.startsWith('curl ') ? line : undefined)
    if (curl === undefined) return
    const argv = words(curl, variables)
    const result: ParsedLine = { method: 'GET', path: '', headers: [], printedStatus: Number(/^#\s+→ (\d{3})/.exec(lines[index + 1] ?? '')?.[1]) }
    for (let i = 1; i < argv.length; i++) {
      const arg = argv[i]!
      if (arg === '-X') result.method = argv[++i]!
      else if (arg === '-H') {
        const header = argv[++i]!
        const colon = header.indexOf(':')
        result.headers.push([header.slice(0, colon), header.slice(colon + 1).trim()])
      } else if (arg === '-d') result.body = JSON.parse(argv[++i]!)
      else if (arg === '-w') i++
      else if (arg.startsWith('http://')) result.path = new URL(arg).pathname
    }
    if (capture !== null) result.capture = { variable: capture[1]!, field: capture[3]!.split('.') }
    parsed.push(result)
  })
  return parsed
}

let demo: Demo

beforeAll(async () => {
  demo = await startDemo({ port: 0, log: () => undefined })
})

afterAll(async () => {
  await demo.close()
})

describe('npm start: the express-docs tour', () => {
  it('listens on 127.0.0.1 and reports every step answering as the tour says', () => {
    const address = demo.server.address()
    expect(typeof address === 'object' && address?.address).toBe('127.0.0.1')
    expect(demo.ok).toBe(true)
    expect(demo.text).not.toContain('!!')
  })

  it('prints a login, an assumed role, an allowed call and a denied call with its AWS-style message', () => {
    expect(demo.text).toMatch(/^ALICE=\$\(curl .*\/sts\/login /m)
    expect(demo.text).toMatch(/^CONTRACTOR=\$\(curl .*\/sts\/assume-role /m)
    expect(demo.text).toMatch(/#\s+→ 200 \{"account":"acme","project":"website","doc":"welcome"/)
    expect(demo.text).toContain(
      '"error":"AccessDenied","message":"User: arn:app:iam::acme:user/alice is not authorized to perform: docs:DeleteDocument on resource: arn:app:docs::acme:project/legal/doc/contract with an explicit deny in an identity-based policy"',
    )
    expect(demo.text).toContain('is not authorized to perform: docs:DeleteDocument on resource: arn:app:docs::acme:project/website/doc/pricing because no identity-based policy allows')
  })

  it('prints curl lines that, pasted in order, answer with the printed statuses', async () => {
    const variables = new Map<string, string>()
    // Parse line by line as a shell would: a captured token is substituted into later lines.
    const count = parse(demo.text, variables).length
    expect(count).toBe(demoSteps().length)
    for (let i = 0; i < count; i++) {
      const line = parse(demo.text, variables)[i]!
      let call = request(demo.server)[line.method.toLowerCase() as 'get'](line.path)
      for (const [name, value] of line.headers) call = call.set(name, value)
      const res = line.body === undefined ? await call : await call.send(line.body as object)
      expect(res.status, `${line.method} ${line.path}: ${JSON.stringify(res.body)}`).toBe(line.printedStatus)
      expect(res.status).toBe(demoSteps()[i]!.expectStatus)
      if (line.capture !== undefined) {
        let value: unknown = res.body
        for (const key of line.capture.field) value = (value as Record<string, unknown>)[key]
        expect(typeof value).toBe('string')
        variables.set(line.capture.variable, value as string)
      }
    }
  })

  it('quotes bodies for the shell so that a quote in a value cannot break out', () => {
    const line = renderCurl({ comment: '', method: 'POST', path: '/x', body: { a: "it's" }, expectStatus: 200 }, 'http://127.0.0.1:1')
    expect(words(line, new Map()).at(-1)).toBe('{"a":"it\'s"}')
  })
})

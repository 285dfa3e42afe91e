/**
 * The README's quick starts (examples/quickstart) driven end to end: log in, call an allowed
 * route, call a denied one, and an unannotated route stays shut. Same requests, same answers,
 * in Express and in Koa.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import type { Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Iam } from '../../src/index.js'

const dir = mkdtempSync(join(tmpdir(), 'iam-guard-quickstart-'))
const ACCOUNT = '111122223333'

async function seed(iam: Iam): Promise<void> {
  await iam.admin.createAccount({ account: ACCOUNT })
  await iam.admin.createUser({ account: ACCOUNT, userName: 'alice' })
  await iam.admin.createLoginProfile({ account: ACCOUNT, userName: 'alice', password: 'correct horse battery' })
  await iam.admin.putUserPolicy({
    account: ACCOUNT, userName: 'alice', policyName: 'ReadP1',
    policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'docs:GetDocument', Resource: `arn:app:docs::${ACCOUNT}:project/p1/*` }] },
  })
}

for (const framework of ['express', 'koa'] as const) {
  describe(`the ${framework} quick start`, () => {
    let iam: Iam
    let server: Server
    beforeAll(async () => {
      process.env.IAM_FILE = join(dir, `${framework}.json`)
      const mod = (await import(`../../examples/quickstart/${framework}.ts`)) as { app: { listen: (...a: unknown[]) => Server } | { callback(): unknown }; iam: Iam }
      iam = mod.iam
      await seed(iam)
      const handler = framework === 'express' ? mod.app : (mod.app as { callback(): Parameters<typeof request>[0] }).callback()
      server = (await import('node:http')).createServer(handler as never).listen(0, '127.0.0.1')
    })
    afterAll(async () => {
      server?.close()
      await iam?.close()
    })

    async function login(): Promise<string> {
      const res = await request(server).post('/sts/login').set('content-type', 'application/json')
        .send({ account: ACCOUNT, userName: 'alice', password: 'correct horse battery' })
      expect(res.status).toBe(200)
      const token = res.body?.Credentials?.SessionToken ?? res.body?.credentials?.sessionToken
      expect(typeof token).toBe('string')
      return token as string
    }

    it('serves the public health route without credentials', async () => {
      const res = await request(server).get('/health')
      expect(res.status).toBe(200)
    })

    it('answers 401 with WWW-Authenticate when nobody is logged in', async () => {
      const res = await request(server).get('/projects/p1/docs/42')
      expect(res.status).toBe(401)
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/)
    })

    it('allows what the policy allows, with the caller in req.iam', async () => {
      const token = await login()
      const res = await request(server).get('/projects/p1/docs/42').set('authorization', `Bearer ${token}`)
      expect(res.status).toBe(200)
      expect(res.body).toEqual({ doc: '42', by: `arn:app:iam::${ACCOUNT}:user/alice` })
    })

    it('denies another project with an AWS-style body', async () => {
      const token = await login()
      const res = await request(server).get('/projects/p2/docs/42').set('authorization', `Bearer ${token}`)
      expect(res.status).toBe(403)
      expect(res.body.error).toBe('AccessDenied')
      expect(res.body.message).toBe(
        `User: arn:app:iam::${ACCOUNT}:user/alice is not authorized to perform: docs:GetDocument on resource: arn:app:docs::${ACCOUNT}:project/p2/doc/42 because no identity-based policy allows the docs:GetDocument action`,
      )
      expect(typeof res.body.requestId).toBe('string')
    })

    it('keeps the file store on disk', async () => {
      const doc = await iam.admin.exportDocument()
      expect(JSON.stringify(doc)).toContain('alice')
    })
  })
}

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('the README engine example', () => {
  it('decides as its comments say', async () => {
    const { check, d } = await import('../../examples/quickstart/engine.js')
    expect(check.ok).toBe(true)
    expect(d.decision).toBe('explicitDeny')
    expect(d.reason).toBe('explicit deny in a permissions boundary')
    expect(d.matched[0]).toMatchObject({ policyType: 'boundary', statementIndex: 0 })
    expect(d.missingContextKeys).toEqual([])
  })
})

/**
 * The documents API example, driven over HTTP as its README describes: groups, an MFA-only admin
 * role, a cross-account contractor role with an ExternalId, a project shared through a resource
 * policy, an explicit deny, and revocation of a role's sessions.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TOTP } from 'otpauth'
import request from 'supertest'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { postgresStore } from '../../adapters/postgres/index.js'
import { createApp, type DocsApp } from '../../examples/express-docs/app.js'
import { DEMO, isSeeded, seed, type SeedResult } from '../../examples/express-docs/seed.js'
import { createIam, fileStore, memoryStore, type StoreSnapshotRecord } from '../../src/index.js'
import { demoTokenOptions, exampleStore } from '../../examples/shared/runtime.js'
import { assumeRole, bearer, DATABASE_URL, expectAwsError, freshSchema, login, seededRecords } from './helpers.js'

const { alice, bob, erin, carol, dave } = DEMO.users
const START = new Date('2025-03-03T09:00:00Z')

let docs: DocsApp
let seeded: SeedResult
let records: StoreSnapshotRecord[]

beforeAll(async () => {
  // Seeded once at START (erin's MFA device remembers the time step it was enabled in).
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(START)
  records = await seededRecords(async (iam) => {
    seeded = await seed(iam)
  })
  vi.useRealTimers()
})

beforeEach(async () => {
  // Only Date is faked: sessions expire and MFA codes move on when the test says so.
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(START)
  docs = await createApp({ store: memoryStore(structuredClone(records)) })
})

afterEach(async () => {
  await docs.close()
  vi.useRealTimers()
})

const contractorBody = { roleArn: DEMO.contractorRoleArn, roleSessionName: 'carol', externalId: DEMO.externalId }

async function contractorToken(): Promise<string> {
  return assumeRole(docs.app, await login(docs.app, carol), contractorBody)
}

/** erin signs in with a fresh code of her MFA device (a later time step than the one used to enable it). */
async function erinWithMfa(): Promise<string> {
  vi.setSystemTime(Date.now() + 30_000)
  const code = new TOTP({ secret: seeded.erinMfa.base32Seed, algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: Date.now() })
  return login(docs.app, { ...erin, mfaCode: code })
}

describe('express-docs: users and groups', () => {
  it('answers 401 with WWW-Authenticate to a request without credentials, and serves the public health route', async () => {
    const res = await request(docs.app).get('/projects/website/docs/welcome')
    expectAwsError(res, 401, 'UnrecognizedClient', /no valid credentials/)
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/)
    expect((await request(docs.app).get('/health')).status).toBe(200)
  })

  it('lets an editor read, list and write documents of her own tenant', async () => {
    const token = await login(docs.app, alice)
    const read = await request(docs.app).get('/projects/website/docs/welcome').set(...bearer(token))
    expect(read.status).toBe(200)
    expect(read.body).toMatchObject({ account: 'acme', project: 'website', doc: 'welcome', content: 'Welcome to Acme!' })
    const list = await request(docs.app).get('/projects/website/docs').set(...bearer(token))
    expect(list.body).toEqual({ account: 'acme', project: 'website', documents: ['pricing', 'welcome'] })
    const put = await request(docs.app).put('/projects/website/docs/about').set(...bearer(token)).send({ content: 'About us' })
    expect(put.status).toBe(200)
    expect(docs.documents.get('acme', 'website', 'about')).toMatchObject({ content: 'About us', updatedBy: 'arn:app:iam::acme:user/alice' })
  })

  it('lets a reader read but denies writing with an implicit deny, and never runs the handler', async () => {
    const token = await login(docs.app, bob)
    expect((await request(docs.app).get('/projects/legal/docs/contract').set(...bearer(token))).status).toBe(200)
    const put = vi.spyOn(docs.documents, 'put')
    const res = await request(docs.app).put('/projects/website/docs/welcome').set(...bearer(token)).send({ content: 'defaced' })
    expectAwsError(res, 403, 'AccessDenied',
      'User: arn:app:iam::acme:user/bob is not authorized to perform: docs:PutDocument on resource: arn:app:docs::acme:project/website/doc/welcome because no identity-based policy allows the docs:PutDocument action')
    expect(put).not.toHaveBeenCalled()
    expect(docs.documents.get('acme', 'website', 'welcome')?.content).toBe('Welcome to Acme!')
  })

  it('protects the legal project with an explicit deny that beats the editors Allow', async () => {
    const token = await login(docs.app, alice)
    const remove = vi.spyOn(docs.documents, 'delete')
    const res = await request(docs.app).delete('/projects/legal/docs/contract').set(...bearer(token))
    expectAwsError(res, 403, 'AccessDenied', /docs:DeleteDocument on resource: arn:app:docs::acme:project\/legal\/doc\/contract with an explicit deny in an identity-based policy$/)
    expect(remove).not.toHaveBeenCalled()
    expect((await request(docs.app).get('/projects/legal/docs/contract').set(...bearer(token))).status).toBe(200)
  })

  it('treats a * in a route parameter as data, never as a wildcard', async () => {
    const token = await contractorToken()
    const res = await request(docs.app).get('/projects/*/docs/welcome').set(...bearer(token))
    expectAwsError(res, 403, 'AccessDenied', /arn:app:docs::acme:project\/\*\/doc\/welcome because no identity-based policy allows/)
  })
})

describe('express-docs: the admin role needs MFA', () => {
  // alice's own policy allows sts:AssumeRole on DocsAdmin, but the trust policy's only statement
  // needs MFA. AWS: "Role trust policies and KMS key policies are exceptions to this logic,
  // because they must explicitly allow access for principals" — the identity policy alone is not
  // enough, even in the same account (IAM User Guide, "Policy evaluation for requests within a
  // single account", docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html).
  it('refuses the DocsAdmin role to an admin who signed in without MFA', async () => {
    const token = await login(docs.app, alice)
    const res = await request(docs.app).post('/sts/assume-role').set(...bearer(token)).send({ roleArn: DEMO.adminRoleArn, roleSessionName: 'alice' })
    expectAwsError(res, 403, 'AccessDenied', /sts:AssumeRole/)
  })

  it('asks erin for her MFA code, then lets her assume DocsAdmin, which still cannot touch the legal project', async () => {
    const noCode = await request(docs.app).post('/sts/login').send(erin)
    expect(noCode.status).toBe(401)
    const admin = await assumeRole(docs.app, await erinWithMfa(), { roleArn: DEMO.adminRoleArn, roleSessionName: 'erin' })
    expect((await request(docs.app).delete('/projects/website/docs/pricing').set(...bearer(admin))).status).toBe(204)
    const legal = await request(docs.app).delete('/projects/legal/docs/contract').set(...bearer(admin))
    expectAwsError(legal, 403, 'AccessDenied', /^User: arn:app:sts::acme:assumed-role\/DocsAdmin\/erin is not authorized .* with an explicit deny in an identity-based policy$/)
  })
})

describe('express-docs: the contractor role of the partner tenant', () => {
  it('admits carol of partner only with the agreed ExternalId', async () => {
    const token = await login(docs.app, carol)
    for (const body of [{ ...contractorBody, externalId: undefined }, { ...contractorBody, externalId: 'guessed' }]) {
      const res = await request(docs.app).post('/sts/assume-role').set(...bearer(token)).send(body)
      expectAwsError(res, 403, 'AccessDenied', /sts:AssumeRole/)
    }
    const ok = await request(docs.app).post('/sts/assume-role').set(...bearer(token)).send(contractorBody)
    expect(ok.status).toBe(200)
    expect(ok.body.AssumedRoleUser.Arn).toBe('arn:app:sts::acme:assumed-role/Contractor/carol')
  })

  it('refuses the contractor role to acme users: its trust policy names only the partner account', async () => {
    const token = await login(docs.app, bob)
    const res = await request(docs.app).post('/sts/assume-role').set(...bearer(token)).send(contractorBody)
    expectAwsError(res, 403, 'AccessDenied', /sts:AssumeRole/)
  })

  it('lets the contractor session work on the website project and nothing else', async () => {
    const token = await contractorToken()
    expect((await request(docs.app).get('/projects/website/docs/pricing').set(...bearer(token))).status).toBe(200)
    expect((await request(docs.app).put('/projects/website/docs/pricing').set(...bearer(token)).send({ content: 'New prices' })).status).toBe(200)
    const remove = vi.spyOn(docs.documents, 'delete')
    const res = await request(docs.app).delete('/projects/website/docs/pricing').set(...bearer(token))
    expectAwsError(res, 403, 'AccessDenied',
      'User: arn:app:sts::acme:assumed-role/Contractor/carol is not authorized to perform: docs:DeleteDocument on resource: arn:app:docs::acme:project/website/doc/pricing because no identity-based policy allows the docs:DeleteDocument action')
    expect(remove).not.toHaveBeenCalled()
    expect((await request(docs.app).get('/projects/roadmap/docs/2025').set(...bearer(token))).status).toBe(403)
  })

  it('ends the contractor session when it expires (one hour)', async () => {
    const token = await contractorToken()
    vi.setSystemTime(Date.now() + 3599_000)
    expect((await request(docs.app).get('/projects/website/docs/pricing').set(...bearer(token))).status).toBe(200)
    vi.setSystemTime(Date.now() + 60_000)
    const res = await request(docs.app).get('/projects/website/docs/pricing').set(...bearer(token))
    expectAwsError(res, 401, 'ExpiredToken', /.+/)
  })

  it('revokes every contractor session at once when the admin role asks, and admits new ones afterwards', async () => {
    const before = await contractorToken()
    const admin = await assumeRole(docs.app, await erinWithMfa(), { roleArn: DEMO.adminRoleArn, roleSessionName: 'erin' })

    const aliceTries = await request(docs.app).post('/roles/Contractor/revoke-sessions').set(...bearer(await login(docs.app, alice)))
    expectAwsError(aliceTries, 403, 'AccessDenied', /iam:PutRolePolicy/)

    const revoked = await request(docs.app).post('/roles/Contractor/revoke-sessions').set(...bearer(admin))
    expect(revoked.status).toBe(200)
    expect(revoked.body.roleArn).toBe(DEMO.contractorRoleArn)
    const res = await request(docs.app).get('/projects/website/docs/pricing').set(...bearer(before))
    expectAwsError(res, 403, 'AccessDenied', /with an explicit deny in an identity-based policy$/)

    vi.setSystemTime(Date.now() + 1_000)
    const after = await contractorToken()
    expect((await request(docs.app).get('/projects/website/docs/pricing').set(...bearer(after))).status).toBe(200)
  })
})

describe('express-docs: a project shared with another tenant', () => {
  it('lets dave of globex read the shared roadmap: acme resource policy and his own policy both allow', async () => {
    const token = await login(docs.app, dave)
    const doc = await request(docs.app).get('/accounts/acme/projects/roadmap/docs/2025').set(...bearer(token))
    expect(doc.status).toBe(200)
    expect(doc.body.account).toBe('acme')
    expect((await request(docs.app).get('/accounts/acme/projects/roadmap/docs').set(...bearer(token))).body.documents).toEqual(['2025'])
  })

  it('denies dave the projects acme did not share, and writing to the shared one', async () => {
    const token = await login(docs.app, dave)
    expectAwsError(await request(docs.app).get('/accounts/acme/projects/website/docs/welcome').set(...bearer(token)), 403, 'AccessDenied', /docs:GetDocument/)
    const put = vi.spyOn(docs.documents, 'put')
    expectAwsError(await request(docs.app).put('/accounts/acme/projects/roadmap/docs/2025').set(...bearer(token)).send({ content: 'x' }), 403, 'AccessDenied', /docs:PutDocument/)
    expect(put).not.toHaveBeenCalled()
  })

  it('denies carol the roadmap: the resource policy names globex, not partner', async () => {
    const token = await login(docs.app, carol)
    expectAwsError(await request(docs.app).get('/accounts/acme/projects/roadmap/docs/2025').set(...bearer(token)), 403, 'AccessDenied', /arn:app:iam::partner:user\/carol/)
  })

  it('refuses an account parameter that would change the shape of the ARN', async () => {
    const token = await login(docs.app, dave)
    const res = await request(docs.app).get('/accounts/acme:x/projects/roadmap/docs/2025').set(...bearer(token))
    expectAwsError(res, 400, 'InvalidParameterValue', /account/)
  })
})

describe('express-docs: stores', () => {
  it('keeps the demo tenants in a file store across restarts', async () => {
    vi.useRealTimers()
    const dir = await mkdtemp(join(tmpdir(), 'iam-guard-docs-'))
    try {
      const path = join(dir, 'iam-data.json')
      const first = await createIam({ store: fileStore(path), tokens: demoTokenOptions('https://docs.example.test') })
      expect(await isSeeded(first)).toBe(false)
      await seed(first)
      await first.close()

      const second = await createIam({ store: fileStore(path), tokens: demoTokenOptions('https://docs.example.test') })
      const app = await createApp({ iam: second })
      try {
        expect(await isSeeded(second)).toBe(true)
        const token = await login(app.app, alice)
        expect((await request(app.app).get('/projects/website/docs/welcome').set(...bearer(token))).status).toBe(200)
      } finally {
        await second.close()
      }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('runs on PostgreSQL', async () => {
    vi.useRealTimers()
    const schema = freshSchema('express-docs')
    const iam = await createIam({ store: postgresStore({ connectionString: DATABASE_URL, schema: schema.name }), tokens: demoTokenOptions('https://docs.example.test') })
    try {
      await seed(iam)
      const app = await createApp({ iam })
      const carolToken = await login(app.app, carol)
      const role = await assumeRole(app.app, carolToken, contractorBody)
      expect((await request(app.app).get('/projects/website/docs/pricing').set(...bearer(role))).status).toBe(200)
      expectAwsError(await request(app.app).delete('/projects/website/docs/pricing').set(...bearer(role)), 403, 'AccessDenied', /docs:DeleteDocument/)
    } finally {
      await iam.close()
      await schema.drop()
    }
  })

  it('picks PostgreSQL when DATABASE_URL is set and a file under the example otherwise', async () => {
    const file = exampleStore('express-docs', {})
    expect(file.where).toMatch(/examples[/\\]express-docs[/\\]\.data[/\\]iam-data\.json$/)
    await file.store.close()
    const pg = exampleStore('express-docs', { DATABASE_URL })
    expect(pg.where).toBe('PostgreSQL, schema iam_guard_express_docs')
    await pg.store.close()
  })
})

/**
 * The storage API example: S3-style ARNs without an account, per-user prefixes from a policy
 * variable, a bucket policy naming a principal of another tenant, and conditions on
 * `aws:SecureTransport` and `aws:SourceIp` honouring only Express's trusted-proxy setting.
 */
import request from 'supertest'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { postgresStore } from '../../adapters/postgres/index.js'
import { createApp, type StorageApp } from '../../examples/storage-api/app.js'
import { DEMO, seed } from '../../examples/storage-api/seed.js'
import { demoTokenOptions } from '../../examples/shared/runtime.js'
import { createIam, memoryStore, type StoreSnapshotRecord } from '../../src/index.js'
import { bearer, DATABASE_URL, expectAwsError, freshSchema, login, seededRecords } from './helpers.js'

const { alice, bob, gina } = DEMO.users
/** Through a TLS-terminating proxy on the same host (the app trusts loopback proxies). */
const HTTPS: [string, string] = ['x-forwarded-proto', 'https']
const fromOffice: [string, string] = ['x-forwarded-for', '203.0.113.25']
const fromCafe: [string, string] = ['x-forwarded-for', '198.51.100.7']

let storage: StorageApp
let records: StoreSnapshotRecord[]

beforeAll(async () => {
  records = await seededRecords(seed)
})

beforeEach(async () => {
  storage = await createApp({ store: memoryStore(structuredClone(records)) })
})

afterEach(async () => {
  await storage.close()
})

describe('storage-api: home folders from ${aws:username}', () => {
  it('lets bob list, read and write under his own prefix, keys of several segments included', async () => {
    const token = await login(storage.app, bob)
    const list = await request(storage.app).get('/buckets/home').query({ prefix: 'bob/' }).set(...bearer(token))
    expect(list.status).toBe(200)
    expect(list.body).toEqual({ bucket: 'home', prefix: 'bob/', keys: ['bob/todo.txt'] })
    const read = await request(storage.app).get('/buckets/home/objects/bob/todo.txt').set(...bearer(token))
    expect(read.status).toBe(200)
    expect(read.text).toBe("bob's to-do list")
    const put = await request(storage.app).put('/buckets/home/objects/bob/2025/march/plan.txt').set(...bearer(token)).set('content-type', 'text/plain').send('ship it')
    expect(put.status).toBe(200)
    expect(storage.buckets.get('home', 'bob/2025/march/plan.txt')).toMatchObject({ body: 'ship it', writer: 'arn:app:iam::acme:user/bob' })
  })

  it("denies bob alice's folder, and never runs the upload handler", async () => {
    const token = await login(storage.app, bob)
    expectAwsError(await request(storage.app).get('/buckets/home/objects/alice/notes.txt').set(...bearer(token)), 403, 'AccessDenied',
      'User: arn:app:iam::acme:user/bob is not authorized to perform: s3:GetObject on resource: arn:app:s3:::home/alice/notes.txt because no identity-based policy allows the s3:GetObject action')
    const put = vi.spyOn(storage.buckets, 'put')
    expectAwsError(await request(storage.app).put('/buckets/home/objects/alice/notes.txt').set(...bearer(token)).send('overwritten'), 403, 'AccessDenied', /s3:PutObject/)
    expect(put).not.toHaveBeenCalled()
    expect(storage.buckets.get('home', 'alice/notes.txt')?.body).toBe("alice's notes")
  })

  it('lists only with a prefix the s3:prefix condition allows', async () => {
    const token = await login(storage.app, bob)
    expectAwsError(await request(storage.app).get('/buckets/home').query({ prefix: 'alice/' }).set(...bearer(token)), 403, 'AccessDenied', /s3:ListBucket on resource: arn:app:s3:::home /)
    // No prefix: the key is missing, and StringLike on a missing key does not match.
    expectAwsError(await request(storage.app).get('/buckets/home').set(...bearer(token)), 403, 'AccessDenied', /s3:ListBucket/)
  })

  it('refuses a key with an empty or ".." segment before any policy is asked', async () => {
    const token = await login(storage.app, bob)
    const res = await request(storage.app).get('/buckets/home/objects/bob/%2E%2E/alice/notes.txt').set(...bearer(token))
    expectAwsError(res, 400, 'InvalidParameterValue', /"key" contains an empty, "." or ".." segment/)
  })

  it('answers NoSuchBucket for a bucket that does not exist and NoSuchKey for a missing object', async () => {
    const token = await login(storage.app, bob)
    expectAwsError(await request(storage.app).get('/buckets/nope/objects/bob/x').set(...bearer(token)), 404, 'NoSuchBucket', /bucket does not exist/)
    expectAwsError(await request(storage.app).get('/buckets/home/objects/bob/missing.txt').set(...bearer(token)), 404, 'NoSuchKey', /key does not exist/)
  })
})

describe('storage-api: the reports bucket policy', () => {
  it('denies plain HTTP with an explicit deny in the bucket policy, and allows the same read over TLS', async () => {
    const token = await login(storage.app, alice)
    expectAwsError(await request(storage.app).get('/buckets/reports/objects/published/q1.csv').set(...bearer(token)), 403, 'AccessDenied',
      'User: arn:app:iam::acme:user/alice is not authorized to perform: s3:GetObject on resource: arn:app:s3:::reports/published/q1.csv with an explicit deny in a resource-based policy')
    const tls = await request(storage.app).get('/buckets/reports/objects/published/q1.csv').set(...bearer(token)).set(...HTTPS)
    expect(tls.status).toBe(200)
  })

  it('accepts uploads only from the office network', async () => {
    const token = await login(storage.app, alice)
    const put = vi.spyOn(storage.buckets, 'put')
    expectAwsError(await request(storage.app).put('/buckets/reports/objects/drafts/q3.csv').set(...bearer(token)).set(...HTTPS).set(...fromCafe).send('Q3'), 403, 'AccessDenied',
      /s3:PutObject on resource: arn:app:s3:::reports\/drafts\/q3.csv with an explicit deny in a resource-based policy$/)
    expect(put).not.toHaveBeenCalled()
    const ok = await request(storage.app).put('/buckets/reports/objects/drafts/q3.csv').set(...bearer(token)).set(...HTTPS).set(...fromOffice).send('Q3')
    expect(ok.status).toBe(200)
  })

  it('believes X-Forwarded-* only from proxies Express trusts', async () => {
    const untrusting = await createApp({ iam: storage.iam, trustProxy: false })
    const token = await login(untrusting.app, alice)
    const res = await request(untrusting.app).get('/buckets/reports/objects/published/q1.csv').set(...bearer(token)).set(...HTTPS)
    expectAwsError(res, 403, 'AccessDenied', /with an explicit deny in a resource-based policy$/)
  })

  it('lets gina of globex read the published reports: the bucket policy names her and her own policy allows', async () => {
    const token = await login(storage.app, gina)
    const read = await request(storage.app).get('/buckets/reports/objects/published/q1.csv').set(...bearer(token)).set(...HTTPS)
    expect(read.status).toBe(200)
    const list = await request(storage.app).get('/buckets/reports').query({ prefix: 'published/' }).set(...bearer(token)).set(...HTTPS)
    expect(list.body.keys).toEqual(['published/q1.csv'])
  })

  it('denies gina the drafts, listing them, and writing', async () => {
    const token = await login(storage.app, gina)
    expectAwsError(await request(storage.app).get('/buckets/reports/objects/drafts/q2.csv').set(...bearer(token)).set(...HTTPS), 403, 'AccessDenied',
      /^User: arn:app:iam::globex:user\/gina is not authorized to perform: s3:GetObject on resource: arn:app:s3:::reports\/drafts\/q2.csv/)
    expectAwsError(await request(storage.app).get('/buckets/reports').query({ prefix: 'drafts/' }).set(...bearer(token)).set(...HTTPS), 403, 'AccessDenied', /s3:ListBucket/)
    expectAwsError(await request(storage.app).put('/buckets/reports/objects/published/q1.csv').set(...bearer(token)).set(...HTTPS).set(...fromOffice).send('x'), 403, 'AccessDenied', /s3:PutObject/)
  })

  it('denies bob the reports: the bucket policy does not name him and no policy of his allows', async () => {
    const token = await login(storage.app, bob)
    expectAwsError(await request(storage.app).get('/buckets/reports/objects/published/q1.csv').set(...bearer(token)).set(...HTTPS), 403, 'AccessDenied',
      /s3:GetObject on resource: arn:app:s3:::reports\/published\/q1.csv because no/)
  })

  it("denies alice globex's bucket: a bucket of another tenant without a policy naming her", async () => {
    const token = await login(storage.app, alice)
    expectAwsError(await request(storage.app).get('/buckets/globex-data/objects/inventory.csv').set(...bearer(token)).set(...HTTPS), 403, 'AccessDenied', /arn:app:s3:::globex-data\/inventory.csv/)
  })
})

describe('storage-api: stores', () => {
  it('runs on PostgreSQL', async () => {
    const schema = freshSchema('storage-api')
    const iam = await createIam({ store: postgresStore({ connectionString: DATABASE_URL, schema: schema.name }), tokens: demoTokenOptions('https://storage.example.test') })
    try {
      await seed(iam)
      const app = await createApp({ iam })
      const token = await login(app.app, gina)
      expect((await request(app.app).get('/buckets/reports/objects/published/q1.csv').set(...bearer(token)).set(...HTTPS)).status).toBe(200)
      expect((await request(app.app).get('/buckets/reports/objects/published/q1.csv').set(...bearer(token))).status).toBe(403)
    } finally {
      await iam.close()
      await schema.drop()
    }
  })
})

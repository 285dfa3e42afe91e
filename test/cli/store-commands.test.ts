import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import pg from 'pg'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cli, tempDir } from './helpers.js'

const ACCOUNT = '111122223333'
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

const storeDocument = {
  version: 1,
  partition: 'app',
  accounts: {
    [ACCOUNT]: {
      users: {
        alice: {
          groups: ['readers'],
          policies: {
            NoLegal: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'docs:*', Resource: `arn:app:docs::${ACCOUNT}:project/legal/*` }] },
          },
        },
      },
      groups: {
        readers: {
          policies: {
            Read: {
              Version: '2012-10-17',
              Statement: [{
                Effect: 'Allow', Action: 'docs:GetDocument', Resource: `arn:app:docs::${ACCOUNT}:project/*`,
                Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
              }],
            },
          },
        },
      },
    },
  },
}

const alice = `arn:app:iam::${ACCOUNT}:user/alice`
const doc = (project: string) => `arn:app:docs::${ACCOUNT}:project/${project}/doc/1`

describe('iam-guard simulate', () => {
  let t: Awaited<ReturnType<typeof tempDir>>
  beforeEach(async () => { t = await tempDir() })
  afterEach(async () => { await t.cleanup() })

  it('explains an allow through a group policy and exits 0', async () => {
    const store = await t.file('iam.json', storeDocument)
    const run = await cli('simulate', '--store', store, '--principal', alice, '--action', 'docs:GetDocument', '--resource', doc('p1'), '--context', 'aws:SourceIp=203.0.113.9')
    expect(run.code).toBe(0)
    expect(run.stdout).not.toContain('implicitDeny')
    expect(run.stdout).toContain('allowed')
  })

  it('reports the missing context key and exits 1 when a condition key is absent', async () => {
    const store = await t.file('iam.json', storeDocument)
    const run = await cli('simulate', '--store', store, '--principal', alice, '--action', 'docs:GetDocument', '--resource', doc('p1'), '--json')
    expect(run.code).toBe(1)
    const body = JSON.parse(run.stdout)
    expect(body.results[0].decision).toBe('implicitDeny')
    expect(body.results[0].missingContextKeys).toContain('aws:SourceIp')
  })

  it('names the explicit deny for the legal project', async () => {
    const store = await t.file('iam.json', storeDocument)
    const run = await cli('simulate', '--store', store, '--principal', alice, '--action', 'docs:GetDocument', '--resource', doc('legal'), '--context', 'aws:SourceIp=203.0.113.9', '--json')
    expect(run.code).toBe(1)
    const [result] = JSON.parse(run.stdout).results
    expect(result.decision).toBe('explicitDeny')
    expect(result.decidedBy).toBe('identity')
  })

  it('decides every action × resource pair', async () => {
    const store = await t.file('iam.json', storeDocument)
    const run = await cli('simulate', '--store', store, '--principal', alice, '--action', 'docs:GetDocument', '--action', 'docs:DeleteDocument',
      '--resource', doc('p1'), '--resource', doc('p2'), '--context', 'aws:SourceIp=203.0.113.9', '--json')
    expect(JSON.parse(run.stdout).results).toHaveLength(4)
  })

  it('exits 2 without --action, or with a malformed --context', async () => {
    const store = await t.file('iam.json', storeDocument)
    expect((await cli('simulate', '--store', store, '--principal', alice)).code).toBe(2)
    expect((await cli('simulate', '--store', store, '--principal', alice, '--action', 'docs:GetDocument', '--context', 'novalue')).code).toBe(2)
  })

  it('exits 2 with every issue for an invalid store file', async () => {
    const broken = structuredClone(storeDocument) as typeof storeDocument
    ;(broken.accounts[ACCOUNT].groups.readers.policies.Read.Statement[0] as Record<string, unknown>).Effect = 'Permit'
    const store = await t.file('iam.json', broken)
    const run = await cli('simulate', '--store', store, '--principal', alice, '--action', 'docs:GetDocument')
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/Effect/)
  })

  it('exits 3 when the database is unreachable', async () => {
    const run = await cli('simulate', '--store', 'postgres://postgres@127.0.0.1:1/none', '--principal', alice, '--action', 'docs:GetDocument')
    expect(run.code).toBe(3)
    expect(run.stderr).not.toMatch(/\n\s+at /)
  })
})

describe('iam-guard validate on a whole store file', () => {
  let t: Awaited<ReturnType<typeof tempDir>>
  beforeEach(async () => { t = await tempDir() })
  afterEach(async () => { await t.cleanup() })

  it('accepts a valid store document and reports a bad one with paths', async () => {
    const good = await t.file('iam.json', storeDocument)
    expect((await cli('validate', good)).code).toBe(0)
    const broken = structuredClone(storeDocument) as typeof storeDocument
    ;(broken.accounts[ACCOUNT].users.alice.policies.NoLegal.Statement[0] as Record<string, unknown>).Action = 'docs'
    const bad = await t.file('bad.json', broken)
    const run = await cli('validate', bad, '--json')
    expect(run.code).toBe(1)
    const issues = JSON.parse(run.stdout).files[0].issues as { path: unknown[] }[]
    expect(issues.some((i) => i.path.includes('NoLegal'))).toBe(true)
  })
})

describe('iam-guard export and import between a file and PostgreSQL', () => {
  const schemas: string[] = []
  let t: Awaited<ReturnType<typeof tempDir>>
  beforeEach(async () => { t = await tempDir() })
  afterEach(async () => { await t.cleanup() })
  afterAll(async () => {
    const client = new pg.Client({ connectionString: DATABASE_URL })
    await client.connect()
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    await client.end()
  })

  it('exports a file store, imports it into PostgreSQL and exports the same document back', async () => {
    const source = await t.file('iam.json', storeDocument)
    const exported = `${t.dir}/export.json`
    expect((await cli('export', '--store', source, '--out', exported)).code).toBe(0)
    const first = JSON.parse(await readFile(exported, 'utf8'))
    expect(JSON.stringify(first)).toContain('readers')

    const schema = `iam_cli_${randomBytes(4).toString('hex')}`
    schemas.push(schema)
    expect((await cli('import', exported, '--store', DATABASE_URL, '--schema', schema)).code).toBe(0)
    const back = `${t.dir}/back.yaml`
    expect((await cli('export', '--store', DATABASE_URL, '--schema', schema, '--out', back)).code).toBe(0)
    const text = await readFile(back, 'utf8')
    expect(text).toContain('readers')
    expect(text).toContain('NoLegal')
  })

  it('refuses to import an invalid document and changes nothing', async () => {
    const broken = structuredClone(storeDocument) as typeof storeDocument
    ;(broken.accounts[ACCOUNT].users.alice.policies.NoLegal.Statement[0] as Record<string, unknown>).Effect = 'Maybe'
    const file = await t.file('bad.json', broken)
    const target = await t.file('target.json', storeDocument)
    const before = await readFile(target, 'utf8')
    const run = await cli('import', file, '--store', target)
    expect(run.code).toBe(1)
    expect(await readFile(target, 'utf8')).toBe(before)
  })

  it('exits 2 for a missing file and 3 for an unreachable database', async () => {
    expect((await cli('import', `${t.dir}/missing.json`, '--store', `${t.dir}/x.json`)).code).toBe(2)
    const file = await t.file('iam.json', storeDocument)
    expect((await cli('import', file, '--store', 'postgres://postgres@127.0.0.1:1/none')).code).toBe(3)
    expect((await cli('export', '--store', 'postgres://postgres@127.0.0.1:1/none')).code).toBe(3)
  })
})

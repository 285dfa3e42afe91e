import { describe, expect, it } from 'vitest'
import { decodeDocument, defaultCodec } from '../../src/identity/document.js'
import type { StoreSnapshotRecord } from '../../src/store/types.js'
import { verifySecret } from '../../src/sts/secrets.js'
import { ACCOUNT, allow, rejectsWith, setup, trust } from './helpers.js'

const POLICY = `arn:app:iam::${ACCOUNT}:policy/DocsRead`

function sample(): Record<string, unknown> {
  return {
    version: 1,
    accounts: {
      [ACCOUNT]: {
        alias: 'acme',
        guardrails: { All: allow('*') },
        policies: { DocsRead: { document: allow('docs:Get*') } },
        groups: { readers: { attachedPolicies: [POLICY] } },
        users: {
          alice: { path: '/eng/', tags: { team: 'red' }, groups: ['readers'], policies: { own: allow('docs:Put*') }, password: 'demo-password' },
          bob: {},
        },
        roles: { Admin: { assumeRolePolicyDocument: trust(`arn:app:iam::${ACCOUNT}:user/eng/alice`), attachedPolicies: ['arn:app:iam::app:policy/Anything'] } },
        resourcePolicies: { [`arn:app:docs::${ACCOUNT}:doc/*`]: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'docs:Get*', Resource: '*' }] } },
      },
    },
  }
}

function find(records: StoreSnapshotRecord[], kind: string, id: string): Record<string, unknown> {
  const r = records.find((x) => x.kind === kind && x.id === id)
  expect(r, `${kind} ${id}`).toBeDefined()
  return r!.data as Record<string, unknown>
}

describe('the store document', () => {
  it('decodes accounts, users, groups, roles, policies and resource policies into records', async () => {
    const result = decodeDocument(sample())
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const alice = find(result.records, 'user', 'alice')
    expect(alice['arn']).toBe(`arn:app:iam::${ACCOUNT}:user/eng/alice`)
    expect(alice['tags']).toEqual([{ key: 'team', value: 'red' }])
    expect(alice['groups']).toEqual(['readers'])
    expect(String(alice['userId'])).toMatch(/^AIDA[A-Z2-7]{17}$/)
    const hash = (alice['loginProfile'] as { passwordHash: string }).passwordHash
    expect(await verifySecret('demo-password', hash)).toBe(true)
    expect(find(result.records, 'policy', 'DocsRead')['defaultVersionId']).toBe('v1')
    expect(find(result.records, 'account', ACCOUNT)['alias']).toBe('acme')
  })

  it('derives the same unique ids (and password hashes) on every load', () => {
    const a = decodeDocument(sample())
    const b = decodeDocument(sample())
    expect(a).toEqual(b)
  })

  it('reports every issue with its path and accepts nothing', () => {
    const doc = sample()
    const acct = (doc['accounts'] as Record<string, Record<string, unknown>>)[ACCOUNT]!
    acct['users'] = {
      alice: { groups: ['nope'], attachedPolicies: ['arn:app:iam::999:policy/X'], policies: { bad: { Statement: [{ Effect: 'Allow' }] } }, atachedPolicies: [] },
      'bad name': {},
    }
    acct['roles'] = { R: { assumeRolePolicyDocument: trust(`arn:app:iam::${ACCOUNT}:user/ghost`), maxSessionDuration: 10 } }
    const result = decodeDocument(doc)
    expect(result.ok).toBe(false)
    if (result.ok) return
    const paths = result.issues.map((i) => i.path.join('.'))
    const base = `accounts.${ACCOUNT}`
    expect(paths).toContain(`${base}.users.alice.groups.0`)
    expect(paths).toContain(`${base}.users.alice.attachedPolicies.0`)
    expect(paths.some((p) => p.startsWith(`${base}.users.alice.policies.bad`))).toBe(true)
    expect(paths).toContain(`${base}.users.alice.atachedPolicies`)
    expect(paths).toContain(`${base}.users.bad name`)
    expect(paths).toContain(`${base}.roles.R.maxSessionDuration`)
    expect(paths).toContain(`${base}.roles.R.assumeRolePolicyDocument.Statement.0.Principal.AWS`)
  })

  it('refuses a document that is not one', () => {
    expect(decodeDocument('nope').ok).toBe(false)
    expect(decodeDocument({ version: 2 }).ok).toBe(false)
    expect(decodeDocument({ version: 1, accounts: { app: {} } }).ok).toBe(false)
  })

  it('round-trips: encode(decode(doc)) decodes to the same records', () => {
    const first = decodeDocument(sample())
    if (!first.ok) throw new Error('sample is valid')
    const again = defaultCodec.decode(defaultCodec.encode(first.records))
    expect(again).toEqual(first)
  })

  it('exports the store and imports it into another, through the admin API', async () => {
    const a = await setup({}, [ACCOUNT])
    const { user } = await a.admin.createUser({ account: ACCOUNT, userName: 'alice', tags: [{ key: 'k', value: 'v' }] })
    await a.admin.createAccessKey({ account: ACCOUNT, userName: 'alice' })
    await a.admin.createPolicy({ account: ACCOUNT, policyName: 'P', policyDocument: allow('s3:*') })
    const doc = await a.admin.exportDocument()
    const b = await setup({}, [])
    b.committed.length = 0
    await b.admin.importDocument(JSON.parse(JSON.stringify(doc)))
    expect((await b.admin.getUser({ account: ACCOUNT, userName: 'alice' })).user.userId).toBe(user.userId)
    expect((await b.admin.listAccessKeys({ account: ACCOUNT, userName: 'alice' })).accessKeyMetadata).toHaveLength(1)
    expect(await b.store.exportRecords()).toEqual(await a.store.exportRecords())
    expect(b.committed[0]?.has(ACCOUNT)).toBe(true)
  })

  it('refuses an invalid import with every issue and changes nothing', async () => {
    const s = await setup({}, [ACCOUNT])
    const before = await s.store.exportRecords()
    const error = await rejectsWith(s.admin.importDocument({ version: 1, accounts: { [ACCOUNT]: { users: { 'x y': {} } } } }), 'ERR_VALIDATION')
    expect((error.details?.['issues'] as unknown[]).length).toBeGreaterThan(0)
    expect(await s.store.exportRecords()).toEqual(before)
  })
})

import { describe, expect, it } from 'vitest'
import { ACCOUNT, allow, refusedChangesNothing, rejectsWith, setup } from './helpers.js'

describe('admin users', () => {
  it('creates a user with an AIDA unique id, a path, tags and an ARN', async () => {
    const { admin } = await setup()
    const { user } = await admin.createUser({ account: ACCOUNT, userName: 'alice', path: '/eng/', tags: [{ key: 'team', value: 'red' }] })
    expect(user.userId).toMatch(/^AIDA[A-Z2-7]{17}$/)
    expect(user.arn).toBe(`arn:app:iam::${ACCOUNT}:user/eng/alice`)
    expect((await admin.getUser({ account: ACCOUNT, userName: 'alice' })).user).toEqual(user)
  })

  it('refuses a user that already exists, and changes nothing', async () => {
    const { admin, store } = await setup()
    await admin.createUser({ account: ACCOUNT, userName: 'alice' })
    await refusedChangesNothing(store, () => admin.createUser({ account: ACCOUNT, userName: 'alice' }), 'ERR_ENTITY_ALREADY_EXISTS')
  })

  it('refuses a user in an account that does not exist', async () => {
    const { admin } = await setup()
    await rejectsWith(admin.createUser({ account: 'nope', userName: 'alice' }), 'ERR_NO_SUCH_ENTITY')
  })

  it.each([
    [{ account: ACCOUNT, userName: 'bad name' }],
    [{ account: ACCOUNT, userName: 'a'.repeat(65) }],
    [{ account: ACCOUNT, userName: 'alice', path: 'no-slash' }],
    [{ account: ACCOUNT, userName: 'alice', path: '/a*/' }],
    [{ account: 'bad account!', userName: 'alice' }],
    [{ account: ACCOUNT, userName: 'alice', tags: [{ key: 'aws:x', value: 'y' }] }],
    [{ account: ACCOUNT, userName: 'alice', tags: [{ key: 'Team', value: 'a' }, { key: 'team', value: 'b' }] }],
  ])('refuses invalid input %j with a validation error', async (input) => {
    const { admin, store } = await setup()
    await refusedChangesNothing(store, () => admin.createUser(input as never), 'ERR_VALIDATION')
  })

  it('lists users in pages with a marker and filters by path prefix', async () => {
    const { admin } = await setup()
    for (const name of ['a', 'b', 'c', 'd', 'e']) await admin.createUser({ account: ACCOUNT, userName: name, path: name < 'c' ? '/x/' : '/' })
    const first = await admin.listUsers({ account: ACCOUNT, maxItems: 2 })
    expect(first.users.map((u) => u.userName)).toEqual(['a', 'b'])
    expect(first.isTruncated).toBe(true)
    const second = await admin.listUsers({ account: ACCOUNT, maxItems: 2, marker: first.marker! })
    expect(second.users.map((u) => u.userName)).toEqual(['c', 'd'])
    const third = await admin.listUsers({ account: ACCOUNT, maxItems: 2, marker: second.marker! })
    expect(third.users.map((u) => u.userName)).toEqual(['e'])
    expect(third.isTruncated).toBe(false)
    expect((await admin.listUsers({ account: ACCOUNT, pathPrefix: '/x/' })).users.map((u) => u.userName)).toEqual(['a', 'b'])
  })

  it('renames and moves a user, keeping its unique id', async () => {
    const { admin } = await setup()
    const { user } = await admin.createUser({ account: ACCOUNT, userName: 'alice' })
    await admin.updateUser({ account: ACCOUNT, userName: 'alice', newUserName: 'alicia', newPath: '/ops/' })
    const renamed = (await admin.getUser({ account: ACCOUNT, userName: 'alicia' })).user
    expect(renamed.userId).toBe(user.userId)
    expect(renamed.arn).toBe(`arn:app:iam::${ACCOUNT}:user/ops/alicia`)
    await rejectsWith(admin.getUser({ account: ACCOUNT, userName: 'alice' }), 'ERR_NO_SUCH_ENTITY')
  })

  it('refuses a rename onto an existing user', async () => {
    const { admin, store } = await setup()
    await admin.createUser({ account: ACCOUNT, userName: 'alice' })
    await admin.createUser({ account: ACCOUNT, userName: 'bob' })
    await refusedChangesNothing(store, () => admin.updateUser({ account: ACCOUNT, userName: 'alice', newUserName: 'bob' }), 'ERR_ENTITY_ALREADY_EXISTS')
  })

  describe('deleteUser is refused while the user still has (AWS DeleteConflict)', () => {
    const cases: [string, (s: Awaited<ReturnType<typeof setup>>) => Promise<unknown>][] = [
      ['an inline policy', ({ admin }) => admin.putUserPolicy({ account: ACCOUNT, userName: 'alice', policyName: 'p', policyDocument: allow('s3:*') })],
      ['an attached policy', async ({ admin }) => {
        const { policy } = await admin.createPolicy({ account: ACCOUNT, policyName: 'p', policyDocument: allow('s3:*') })
        await admin.attachUserPolicy({ account: ACCOUNT, userName: 'alice', policyArn: policy.arn })
      }],
      ['a group membership', async ({ admin }) => {
        await admin.createGroup({ account: ACCOUNT, groupName: 'g' })
        await admin.addUserToGroup({ account: ACCOUNT, groupName: 'g', userName: 'alice' })
      }],
      ['an access key', ({ admin }) => admin.createAccessKey({ account: ACCOUNT, userName: 'alice' })],
      ['a login profile', ({ admin }) => admin.createLoginProfile({ account: ACCOUNT, userName: 'alice', password: 'correct horse' })],
    ]
    it.each(cases)('%s', async (_, give) => {
      const s = await setup()
      await s.admin.createUser({ account: ACCOUNT, userName: 'alice' })
      await give(s)
      await refusedChangesNothing(s.store, () => s.admin.deleteUser({ account: ACCOUNT, userName: 'alice' }), 'ERR_DELETE_CONFLICT')
    })
  })

  it('deletes a user without attachments', async () => {
    const { admin } = await setup()
    await admin.createUser({ account: ACCOUNT, userName: 'alice' })
    await admin.deleteUser({ account: ACCOUNT, userName: 'alice' })
    await rejectsWith(admin.getUser({ account: ACCOUNT, userName: 'alice' }), 'ERR_NO_SUCH_ENTITY')
    await rejectsWith(admin.deleteUser({ account: ACCOUNT, userName: 'alice' }), 'ERR_NO_SUCH_ENTITY')
  })

  it('tags case-insensitively: a key in another case replaces the tag', async () => {
    const { admin } = await setup()
    await admin.createUser({ account: ACCOUNT, userName: 'alice', tags: [{ key: 'Team', value: 'red' }] })
    await admin.tagUser({ account: ACCOUNT, userName: 'alice', tags: [{ key: 'team', value: 'blue' }, { key: 'cost', value: '1' }] })
    expect((await admin.listUserTags({ account: ACCOUNT, userName: 'alice' })).tags).toEqual([{ key: 'team', value: 'blue' }, { key: 'cost', value: '1' }])
    await admin.untagUser({ account: ACCOUNT, userName: 'alice', tagKeys: ['TEAM'] })
    expect((await admin.listUserTags({ account: ACCOUNT, userName: 'alice' })).tags).toEqual([{ key: 'cost', value: '1' }])
  })

  it('refuses more tags than the quota', async () => {
    const { admin, store } = await setup({ quotas: { tagsPerEntity: 2 } })
    await admin.createUser({ account: ACCOUNT, userName: 'alice', tags: [{ key: 'a', value: '1' }, { key: 'b', value: '2' }] })
    await refusedChangesNothing(store, () => admin.tagUser({ account: ACCOUNT, userName: 'alice', tags: [{ key: 'c', value: '3' }] }), 'ERR_LIMIT_EXCEEDED')
  })

  it('refuses more users than the account quota', async () => {
    const { admin, store } = await setup({ quotas: { usersPerAccount: 1 } })
    await admin.createUser({ account: ACCOUNT, userName: 'a' })
    await refusedChangesNothing(store, () => admin.createUser({ account: ACCOUNT, userName: 'b' }), 'ERR_LIMIT_EXCEEDED')
  })

  it('reports every committed write with the accounts it touched', async () => {
    const { admin, committed } = await setup()
    committed.length = 0
    await admin.createUser({ account: ACCOUNT, userName: 'alice' })
    expect(committed).toEqual([new Set([ACCOUNT])])
  })

  it('treats __proto__ as an ordinary name', async () => {
    const { admin } = await setup()
    await admin.createUser({ account: ACCOUNT, userName: '__proto__' })
    await admin.putUserPolicy({ account: ACCOUNT, userName: '__proto__', policyName: '__proto__', policyDocument: allow('s3:GetObject') })
    expect((await admin.listUserPolicies({ account: ACCOUNT, userName: '__proto__' })).policyNames).toEqual(['__proto__'])
    expect(({} as Record<string, unknown>)['Statement']).toBeUndefined()
  })
})

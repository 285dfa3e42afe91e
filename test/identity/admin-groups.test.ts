import { describe, expect, it } from 'vitest'
import { ACCOUNT, allow, refusedChangesNothing, rejectsWith, setup } from './helpers.js'

describe('admin groups', () => {
  it('creates a group and lists its members through getGroup', async () => {
    const { admin } = await setup()
    const { group } = await admin.createGroup({ account: ACCOUNT, groupName: 'devs', path: '/eng/' })
    expect(group.groupId).toMatch(/^AGPA/)
    expect(group.arn).toBe(`arn:app:iam::${ACCOUNT}:group/eng/devs`)
    await admin.createUser({ account: ACCOUNT, userName: 'alice' })
    await admin.addUserToGroup({ account: ACCOUNT, groupName: 'devs', userName: 'alice' })
    await admin.addUserToGroup({ account: ACCOUNT, groupName: 'devs', userName: 'alice' })
    const got = await admin.getGroup({ account: ACCOUNT, groupName: 'devs' })
    expect(got.users.map((u) => u.userName)).toEqual(['alice'])
    expect((await admin.listGroupsForUser({ account: ACCOUNT, userName: 'alice' })).groups.map((g) => g.groupName)).toEqual(['devs'])
    expect((await admin.listGroups({ account: ACCOUNT })).groups.map((g) => g.groupName)).toEqual(['devs'])
  })

  it('refuses a duplicate group and a membership of unknown user or group', async () => {
    const { admin, store } = await setup()
    await admin.createGroup({ account: ACCOUNT, groupName: 'devs' })
    await refusedChangesNothing(store, () => admin.createGroup({ account: ACCOUNT, groupName: 'devs' }), 'ERR_ENTITY_ALREADY_EXISTS')
    await refusedChangesNothing(store, () => admin.addUserToGroup({ account: ACCOUNT, groupName: 'devs', userName: 'ghost' }), 'ERR_NO_SUCH_ENTITY')
    await admin.createUser({ account: ACCOUNT, userName: 'alice' })
    await refusedChangesNothing(store, () => admin.addUserToGroup({ account: ACCOUNT, groupName: 'nope', userName: 'alice' }), 'ERR_NO_SUCH_ENTITY')
    await refusedChangesNothing(store, () => admin.removeUserFromGroup({ account: ACCOUNT, groupName: 'devs', userName: 'alice' }), 'ERR_NO_SUCH_ENTITY')
  })

  it('refuses more groups per user than the quota', async () => {
    const { admin, store } = await setup({ quotas: { groupsPerUser: 1 } })
    await admin.createUser({ account: ACCOUNT, userName: 'alice' })
    await admin.createGroup({ account: ACCOUNT, groupName: 'a' })
    await admin.createGroup({ account: ACCOUNT, groupName: 'b' })
    await admin.addUserToGroup({ account: ACCOUNT, groupName: 'a', userName: 'alice' })
    await refusedChangesNothing(store, () => admin.addUserToGroup({ account: ACCOUNT, groupName: 'b', userName: 'alice' }), 'ERR_LIMIT_EXCEEDED')
  })

  it('refuses more groups per account than the quota', async () => {
    const { admin, store } = await setup({ quotas: { groupsPerAccount: 1 } })
    await admin.createGroup({ account: ACCOUNT, groupName: 'a' })
    await refusedChangesNothing(store, () => admin.createGroup({ account: ACCOUNT, groupName: 'b' }), 'ERR_LIMIT_EXCEEDED')
  })

  it('refuses to delete a group with members, inline or attached policies', async () => {
    const { admin, store } = await setup()
    await admin.createGroup({ account: ACCOUNT, groupName: 'devs' })
    await admin.createUser({ account: ACCOUNT, userName: 'alice' })
    await admin.addUserToGroup({ account: ACCOUNT, groupName: 'devs', userName: 'alice' })
    await refusedChangesNothing(store, () => admin.deleteGroup({ account: ACCOUNT, groupName: 'devs' }), 'ERR_DELETE_CONFLICT')
    await admin.removeUserFromGroup({ account: ACCOUNT, groupName: 'devs', userName: 'alice' })
    await admin.putGroupPolicy({ account: ACCOUNT, groupName: 'devs', policyName: 'p', policyDocument: allow('s3:*') })
    await refusedChangesNothing(store, () => admin.deleteGroup({ account: ACCOUNT, groupName: 'devs' }), 'ERR_DELETE_CONFLICT')
    await admin.deleteGroupPolicy({ account: ACCOUNT, groupName: 'devs', policyName: 'p' })
    await admin.deleteGroup({ account: ACCOUNT, groupName: 'devs' })
    await rejectsWith(admin.getGroup({ account: ACCOUNT, groupName: 'devs' }), 'ERR_NO_SUCH_ENTITY')
  })

  it('renames a group and its members follow', async () => {
    const { admin } = await setup()
    await admin.createGroup({ account: ACCOUNT, groupName: 'devs' })
    await admin.createUser({ account: ACCOUNT, userName: 'alice' })
    await admin.addUserToGroup({ account: ACCOUNT, groupName: 'devs', userName: 'alice' })
    await admin.updateGroup({ account: ACCOUNT, groupName: 'devs', newGroupName: 'engineers' })
    expect((await admin.listGroupsForUser({ account: ACCOUNT, userName: 'alice' })).groups.map((g) => g.groupName)).toEqual(['engineers'])
  })
})

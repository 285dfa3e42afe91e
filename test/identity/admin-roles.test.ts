import { describe, expect, it } from 'vitest'
import { ACCOUNT, OTHER, allow, refusedChangesNothing, rejectsWith, setup, trust } from './helpers.js'

const ROOT = `arn:app:iam::${ACCOUNT}:root`

describe('admin roles', () => {
  it('creates a role with a trust policy, an AROA id and a default maximum session of 3,600 seconds', async () => {
    const { admin } = await setup()
    const { role } = await admin.createRole({ account: ACCOUNT, roleName: 'Admin', assumeRolePolicyDocument: trust(ROOT), description: 'admins' })
    expect(role.roleId).toMatch(/^AROA/)
    expect(role.maxSessionDuration).toBe(3600)
    expect(role.arn).toBe(`arn:app:iam::${ACCOUNT}:role/Admin`)
    expect((await admin.getRole({ account: ACCOUNT, roleName: 'Admin' })).role.description).toBe('admins')
  })

  it('accepts the trust policy as JSON text', async () => {
    const { admin } = await setup()
    const { role } = await admin.createRole({ account: ACCOUNT, roleName: 'R', assumeRolePolicyDocument: JSON.stringify(trust(ROOT)) })
    expect(role.assumeRolePolicyDocument).toEqual(trust(ROOT))
  })

  it.each([3599, 43201, 1.5])('refuses a maximum session duration of %s seconds', async (maxSessionDuration) => {
    const { admin, store } = await setup()
    await refusedChangesNothing(store, () => admin.createRole({ account: ACCOUNT, roleName: 'R', assumeRolePolicyDocument: trust(ROOT), maxSessionDuration }), 'ERR_VALIDATION')
  })

  it('refuses an invalid trust policy with every issue and its path (MalformedPolicyDocument)', async () => {
    const { admin, store } = await setup()
    const bad = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }, { Effect: 'Maybe', Principal: '*', Action: 'sts:AssumeRole' }] }
    const before = await store.exportRecords()
    const error = await rejectsWith(admin.createRole({ account: ACCOUNT, roleName: 'R', assumeRolePolicyDocument: bad as never }), 'ERR_POLICY_INVALID')
    expect(error.awsCode).toBe('MalformedPolicyDocument')
    const issues = error.details!['issues'] as { path: (string | number)[] }[]
    expect(issues.some((i) => i.path[1] === 0)).toBe(true)
    expect(issues.some((i) => i.path[1] === 1)).toBe(true)
    expect(await store.exportRecords()).toEqual(before)
  })

  it('refuses a trust policy naming a user that does not exist ("Invalid principal in policy")', async () => {
    const { admin, store } = await setup()
    await refusedChangesNothing(store, () => admin.createRole({ account: ACCOUNT, roleName: 'R', assumeRolePolicyDocument: trust(`arn:app:iam::${ACCOUNT}:user/ghost`) }), 'ERR_POLICY_INVALID')
  })

  it('updates the trust policy, description and maximum session duration', async () => {
    const { admin } = await setup()
    await admin.createRole({ account: ACCOUNT, roleName: 'R', assumeRolePolicyDocument: trust(ROOT) })
    await admin.updateAssumeRolePolicy({ account: ACCOUNT, roleName: 'R', policyDocument: trust(OTHER) })
    await admin.updateRole({ account: ACCOUNT, roleName: 'R', description: 'x', maxSessionDuration: 7200 })
    const { role } = await admin.getRole({ account: ACCOUNT, roleName: 'R' })
    expect(role.assumeRolePolicyDocument).toEqual(trust(OTHER))
    expect(role.maxSessionDuration).toBe(7200)
    expect(role.description).toBe('x')
  })

  it('refuses to delete a role with policies, then deletes it', async () => {
    const { admin, store } = await setup()
    await admin.createRole({ account: ACCOUNT, roleName: 'R', assumeRolePolicyDocument: trust(ROOT) })
    await admin.putRolePolicy({ account: ACCOUNT, roleName: 'R', policyName: 'p', policyDocument: allow('s3:*') })
    await refusedChangesNothing(store, () => admin.deleteRole({ account: ACCOUNT, roleName: 'R' }), 'ERR_DELETE_CONFLICT')
    await admin.deleteRolePolicy({ account: ACCOUNT, roleName: 'R', policyName: 'p' })
    await admin.deleteRole({ account: ACCOUNT, roleName: 'R' })
    await rejectsWith(admin.getRole({ account: ACCOUNT, roleName: 'R' }), 'ERR_NO_SUCH_ENTITY')
  })

  it('tags roles and lists them', async () => {
    const { admin } = await setup()
    await admin.createRole({ account: ACCOUNT, roleName: 'R', assumeRolePolicyDocument: trust(ROOT), tags: [{ key: 'env', value: 'prod' }] })
    await admin.tagRole({ account: ACCOUNT, roleName: 'R', tags: [{ key: 'team', value: 'ops' }] })
    await admin.untagRole({ account: ACCOUNT, roleName: 'R', tagKeys: ['env'] })
    expect((await admin.listRoleTags({ account: ACCOUNT, roleName: 'R' })).tags).toEqual([{ key: 'team', value: 'ops' }])
    expect((await admin.listRoles({ account: ACCOUNT })).roles.map((r) => r.roleName)).toEqual(['R'])
  })

  it('refuses more roles than the account quota', async () => {
    const { admin, store } = await setup({ quotas: { rolesPerAccount: 1 } })
    await admin.createRole({ account: ACCOUNT, roleName: 'A', assumeRolePolicyDocument: trust(ROOT) })
    await refusedChangesNothing(store, () => admin.createRole({ account: ACCOUNT, roleName: 'B', assumeRolePolicyDocument: trust(ROOT) }), 'ERR_LIMIT_EXCEEDED')
  })
})

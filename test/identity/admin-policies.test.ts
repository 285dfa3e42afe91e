import { describe, expect, it } from 'vitest'
import { ACCOUNT, OTHER, allow, refusedChangesNothing, rejectsWith, setup } from './helpers.js'

const CATALOGUE = new Map([['DocsReadOnly', allow('docs:Get*')]])
const CATALOGUE_ARN = 'arn:app:iam::app:policy/DocsReadOnly'

describe('admin managed policies', () => {
  it('creates a policy with version v1 as default', async () => {
    const { admin } = await setup()
    const { policy } = await admin.createPolicy({ account: ACCOUNT, policyName: 'Read', path: '/docs/', policyDocument: allow('docs:Get*') })
    expect(policy).toMatchObject({ arn: `arn:app:iam::${ACCOUNT}:policy/docs/Read`, defaultVersionId: 'v1', attachmentCount: 0 })
    expect(policy.policyId).toMatch(/^ANPA/)
    const v = await admin.getPolicyVersion({ policyArn: policy.arn, versionId: 'v1' })
    expect(v.policyVersion.document).toEqual(allow('docs:Get*'))
  })

  it('refuses an identity policy with a Principal element, listing the issue', async () => {
    const { admin, store } = await setup()
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }] }
    await refusedChangesNothing(store, () => admin.createPolicy({ account: ACCOUNT, policyName: 'P', policyDocument: doc as never }), 'ERR_POLICY_INVALID')
  })

  it('keeps at most five versions, never renumbers, and refuses deleting the default', async () => {
    const { admin, store } = await setup()
    const { policy } = await admin.createPolicy({ account: ACCOUNT, policyName: 'P', policyDocument: allow('a:A') })
    for (let i = 2; i <= 5; i++) await admin.createPolicyVersion({ policyArn: policy.arn, policyDocument: allow(`a:A${i}`) })
    await refusedChangesNothing(store, () => admin.createPolicyVersion({ policyArn: policy.arn, policyDocument: allow('a:A6') }), 'ERR_LIMIT_EXCEEDED')
    await refusedChangesNothing(store, () => admin.deletePolicyVersion({ policyArn: policy.arn, versionId: 'v1' }), 'ERR_DELETE_CONFLICT')
    await admin.deletePolicyVersion({ policyArn: policy.arn, versionId: 'v2' })
    const { policyVersion } = await admin.createPolicyVersion({ policyArn: policy.arn, policyDocument: allow('a:A6'), setAsDefault: true })
    expect(policyVersion.versionId).toBe('v6')
    expect((await admin.getPolicy({ policyArn: policy.arn })).policy.defaultVersionId).toBe('v6')
    expect((await admin.listPolicyVersions({ policyArn: policy.arn })).versions.map((v) => v.versionId)).toEqual(['v6', 'v5', 'v4', 'v3', 'v1'])
    await admin.setDefaultPolicyVersion({ policyArn: policy.arn, versionId: 'v3' })
    const versions = (await admin.listPolicyVersions({ policyArn: policy.arn })).versions
    expect(versions.filter((v) => v.isDefaultVersion).map((v) => v.versionId)).toEqual(['v3'])
    await rejectsWith(admin.setDefaultPolicyVersion({ policyArn: policy.arn, versionId: 'v2' }), 'ERR_NO_SUCH_ENTITY')
  })

  it('refuses to delete a policy while attached or used as a boundary, or while it has other versions', async () => {
    const { admin, store } = await setup()
    const { policy } = await admin.createPolicy({ account: ACCOUNT, policyName: 'P', policyDocument: allow('a:A') })
    await admin.createUser({ account: ACCOUNT, userName: 'alice' })
    await admin.attachUserPolicy({ account: ACCOUNT, userName: 'alice', policyArn: policy.arn })
    expect((await admin.getPolicy({ policyArn: policy.arn })).policy.attachmentCount).toBe(1)
    await refusedChangesNothing(store, () => admin.deletePolicy({ policyArn: policy.arn }), 'ERR_DELETE_CONFLICT')
    await admin.detachUserPolicy({ account: ACCOUNT, userName: 'alice', policyArn: policy.arn })
    await admin.putUserPermissionsBoundary({ account: ACCOUNT, userName: 'alice', permissionsBoundary: policy.arn })
    expect((await admin.getPolicy({ policyArn: policy.arn })).policy.permissionsBoundaryUsageCount).toBe(1)
    await refusedChangesNothing(store, () => admin.deletePolicy({ policyArn: policy.arn }), 'ERR_DELETE_CONFLICT')
    await admin.deleteUserPermissionsBoundary({ account: ACCOUNT, userName: 'alice' })
    await admin.createPolicyVersion({ policyArn: policy.arn, policyDocument: allow('a:B') })
    await refusedChangesNothing(store, () => admin.deletePolicy({ policyArn: policy.arn }), 'ERR_DELETE_CONFLICT')
    await admin.deletePolicyVersion({ policyArn: policy.arn, versionId: 'v2' })
    await admin.deletePolicy({ policyArn: policy.arn })
    await rejectsWith(admin.getPolicy({ policyArn: policy.arn }), 'ERR_NO_SUCH_ENTITY')
  })

  it('refuses more managed policies per account than the quota', async () => {
    const { admin, store } = await setup({ quotas: { managedPoliciesPerAccount: 1 } })
    await admin.createPolicy({ account: ACCOUNT, policyName: 'A', policyDocument: allow('a:A') })
    await refusedChangesNothing(store, () => admin.createPolicy({ account: ACCOUNT, policyName: 'B', policyDocument: allow('a:A') }), 'ERR_LIMIT_EXCEEDED')
  })
})

describe('admin attachments', () => {
  it('attaches account and catalogue policies to users, groups and roles, idempotently', async () => {
    const { admin } = await setup({ catalogue: CATALOGUE })
    const { policy } = await admin.createPolicy({ account: ACCOUNT, policyName: 'P', policyDocument: allow('a:A') })
    await admin.createUser({ account: ACCOUNT, userName: 'alice' })
    await admin.createGroup({ account: ACCOUNT, groupName: 'g' })
    await admin.createRole({ account: ACCOUNT, roleName: 'r', assumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sts:AssumeRole' }] } })
    for (const arn of [policy.arn, CATALOGUE_ARN, CATALOGUE_ARN]) {
      await admin.attachUserPolicy({ account: ACCOUNT, userName: 'alice', policyArn: arn })
      await admin.attachGroupPolicy({ account: ACCOUNT, groupName: 'g', policyArn: arn })
      await admin.attachRolePolicy({ account: ACCOUNT, roleName: 'r', policyArn: arn })
    }
    const expected = [{ policyName: 'P', policyArn: policy.arn }, { policyName: 'DocsReadOnly', policyArn: CATALOGUE_ARN }]
    expect((await admin.listAttachedUserPolicies({ account: ACCOUNT, userName: 'alice' })).attachedPolicies).toEqual(expected)
    expect((await admin.listAttachedGroupPolicies({ account: ACCOUNT, groupName: 'g' })).attachedPolicies).toEqual(expected)
    expect((await admin.listAttachedRolePolicies({ account: ACCOUNT, roleName: 'r' })).attachedPolicies).toEqual(expected)
  })

  it("refuses another account's policy and an unknown catalogue policy as not attachable", async () => {
    const { admin, store } = await setup({ catalogue: CATALOGUE })
    const { policy } = await admin.createPolicy({ account: OTHER, policyName: 'P', policyDocument: allow('a:A') })
    await admin.createUser({ account: ACCOUNT, userName: 'alice' })
    await refusedChangesNothing(store, () => admin.attachUserPolicy({ account: ACCOUNT, userName: 'alice', policyArn: policy.arn }), 'ERR_NO_SUCH_ENTITY')
    await refusedChangesNothing(store, () => admin.attachUserPolicy({ account: ACCOUNT, userName: 'alice', policyArn: 'arn:app:iam::app:policy/Nope' }), 'ERR_NO_SUCH_ENTITY')
    await refusedChangesNothing(store, () => admin.attachUserPolicy({ account: ACCOUNT, userName: 'alice', policyArn: `arn:app:iam::${ACCOUNT}:policy/wrongpath/P` }), 'ERR_NO_SUCH_ENTITY')
    await refusedChangesNothing(store, () => admin.detachUserPolicy({ account: ACCOUNT, userName: 'alice', policyArn: CATALOGUE_ARN }), 'ERR_NO_SUCH_ENTITY')
  })

  it('refuses to change a catalogue policy (UnmodifiableEntity) but lets every account read it', async () => {
    const { admin, store } = await setup({ catalogue: CATALOGUE })
    await refusedChangesNothing(store, () => admin.createPolicyVersion({ policyArn: CATALOGUE_ARN, policyDocument: allow('x:Y') }), 'ERR_UNMODIFIABLE_ENTITY')
    await refusedChangesNothing(store, () => admin.deletePolicy({ policyArn: CATALOGUE_ARN }), 'ERR_UNMODIFIABLE_ENTITY')
    await refusedChangesNothing(store, () => admin.setDefaultPolicyVersion({ policyArn: CATALOGUE_ARN, versionId: 'v1' }), 'ERR_UNMODIFIABLE_ENTITY')
    expect((await admin.getPolicy({ policyArn: CATALOGUE_ARN })).policy.policyName).toBe('DocsReadOnly')
    const listed = await admin.listPolicies({ account: ACCOUNT, scope: 'App' })
    expect(listed.policies.map((p) => p.arn)).toEqual([CATALOGUE_ARN])
  })

  it('refuses more attached policies per entity than the quota', async () => {
    const { admin, store } = await setup({ quotas: { managedPoliciesPerEntity: 1 }, catalogue: CATALOGUE })
    const { policy } = await admin.createPolicy({ account: ACCOUNT, policyName: 'P', policyDocument: allow('a:A') })
    await admin.createUser({ account: ACCOUNT, userName: 'alice' })
    await admin.attachUserPolicy({ account: ACCOUNT, userName: 'alice', policyArn: policy.arn })
    await refusedChangesNothing(store, () => admin.attachUserPolicy({ account: ACCOUNT, userName: 'alice', policyArn: CATALOGUE_ARN }), 'ERR_LIMIT_EXCEEDED')
  })

  it('puts, gets, lists and deletes inline policies', async () => {
    const { admin } = await setup()
    await admin.createUser({ account: ACCOUNT, userName: 'alice' })
    await admin.putUserPolicy({ account: ACCOUNT, userName: 'alice', policyName: 'b', policyDocument: allow('b:B') })
    await admin.putUserPolicy({ account: ACCOUNT, userName: 'alice', policyName: 'a', policyDocument: JSON.stringify(allow('a:A')) })
    expect((await admin.listUserPolicies({ account: ACCOUNT, userName: 'alice' })).policyNames).toEqual(['a', 'b'])
    expect(await admin.getUserPolicy({ account: ACCOUNT, userName: 'alice', policyName: 'a' })).toEqual({ userName: 'alice', policyName: 'a', policyDocument: allow('a:A') })
    await admin.deleteUserPolicy({ account: ACCOUNT, userName: 'alice', policyName: 'a' })
    await rejectsWith(admin.getUserPolicy({ account: ACCOUNT, userName: 'alice', policyName: 'a' }), 'ERR_NO_SUCH_ENTITY')
    await rejectsWith(admin.deleteUserPolicy({ account: ACCOUNT, userName: 'alice', policyName: 'a' }), 'ERR_NO_SUCH_ENTITY')
  })

  it("refuses inline policies whose aggregate size passes the user quota of 2,048 characters", async () => {
    // AWS IAM quotas: the aggregate size of a user's inline policies is at most 2,048 characters
    // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
    const { admin, store } = await setup()
    await admin.createUser({ account: ACCOUNT, userName: 'alice' })
    const big = allow(Array.from({ length: 70 }, (_, i) => `svc:Action${i}`))
    await admin.putUserPolicy({ account: ACCOUNT, userName: 'alice', policyName: 'one', policyDocument: big })
    await refusedChangesNothing(store, () => admin.putUserPolicy({ account: ACCOUNT, userName: 'alice', policyName: 'two', policyDocument: big }), 'ERR_LIMIT_EXCEEDED')
  })

  it('sets and removes a role permissions boundary', async () => {
    const { admin } = await setup({ catalogue: CATALOGUE })
    await admin.createRole({ account: ACCOUNT, roleName: 'r', assumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sts:AssumeRole' }] } })
    await admin.putRolePermissionsBoundary({ account: ACCOUNT, roleName: 'r', permissionsBoundary: CATALOGUE_ARN })
    expect((await admin.getRole({ account: ACCOUNT, roleName: 'r' })).role.permissionsBoundary?.permissionsBoundaryArn).toBe(CATALOGUE_ARN)
    await admin.deleteRolePermissionsBoundary({ account: ACCOUNT, roleName: 'r' })
    expect((await admin.getRole({ account: ACCOUNT, roleName: 'r' })).role.permissionsBoundary).toBeUndefined()
    await rejectsWith(admin.deleteRolePermissionsBoundary({ account: ACCOUNT, roleName: 'r' }), 'ERR_NO_SUCH_ENTITY')
  })
})

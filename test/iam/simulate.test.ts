import { describe, expect, it } from 'vitest'
import { createIam } from '../../src/iam.js'
import { memoryStore } from '../../src/store/memory.js'
import { ACCOUNT, allow, deny, rejectsWith, tokenOptions, trust } from '../identity/helpers.js'

const R1 = `arn:app:docs::${ACCOUNT}:doc/1`
const R2 = `arn:app:docs::${ACCOUNT}:doc/2`

async function world() {
  const iam = await createIam({ store: memoryStore(), tokens: tokenOptions() })
  await iam.admin.createAccount({ account: ACCOUNT })
  const { user } = await iam.admin.createUser({ account: ACCOUNT, userName: 'alice' })
  await iam.admin.putUserPolicy({ account: ACCOUNT, userName: 'alice', policyName: 'read', policyDocument: allow('docs:Get*', R1) })
  return { iam, user }
}

describe('iam.simulate', () => {
  it('answers one explained decision per action × resource for a user of the store (SimulatePrincipalPolicy)', async () => {
    const { iam, user } = await world()
    const results = await iam.simulate({ principal: user.arn, actions: ['docs:GetDocument', 'docs:DeleteDocument'], resources: [R1, R2] })
    expect(results.map((r) => [r.action, r.resource, r.decision])).toEqual([
      ['docs:GetDocument', R1, 'allowed'],
      ['docs:DeleteDocument', R1, 'implicitDeny'],
      ['docs:GetDocument', R2, 'implicitDeny'],
      ['docs:DeleteDocument', R2, 'implicitDeny'],
    ])
    expect(results[0]!.matched[0]!.policyId).toBe('user/alice/inline/read')
    expect(results[1]!.reason).toBeTruthy()
    await iam.close()
  })

  it("simulates a role with the role's policies", async () => {
    const { iam } = await world()
    const { role } = await iam.admin.createRole({ account: ACCOUNT, roleName: 'Admin', assumeRolePolicyDocument: trust(ACCOUNT) })
    await iam.admin.putRolePolicy({ account: ACCOUNT, roleName: 'Admin', policyName: 'all', policyDocument: allow('docs:*') })
    const [r] = await iam.simulate({ principal: role.arn, actions: ['docs:DeleteDocument'], resources: [R2] })
    expect(r!.decision).toBe('allowed')
    await iam.close()
  })

  it('simulates given policies (SimulateCustomPolicy), resources defaulting to *', async () => {
    const { iam } = await world()
    const results = await iam.simulate({ policies: { identityPolicies: [allow('s3:*')], permissionBoundary: allow('s3:Get*') }, actions: ['s3:GetObject', 's3:PutObject'] })
    expect(results.map((r) => [r.resource, r.decision, r.decidedBy])).toEqual([['*', 'allowed', undefined], ['*', 'implicitDeny', 'boundary']])
    await iam.close()
  })

  it('uses the context it is given and reports missing context keys', async () => {
    const { iam } = await world()
    const policy = { Version: '2012-10-17' as const, Statement: [{ Effect: 'Allow' as const, Action: 's3:*', Resource: '*', Condition: { StringEquals: { 's3:prefix': 'home/' } } }] }
    const [without] = await iam.simulate({ policies: { identityPolicies: [policy] }, actions: ['s3:ListBucket'] })
    expect(without!.decision).toBe('implicitDeny')
    expect(without!.missingContextKeys).toEqual(['s3:prefix'])
    const [withKey] = await iam.simulate({ policies: { identityPolicies: [policy] }, actions: ['s3:ListBucket'], context: { 's3:prefix': 'home/' } })
    expect(withKey!.decision).toBe('allowed')
    await iam.close()
  })

  it('includes stored resource policies unless told not to', async () => {
    const { iam, user } = await world()
    await iam.admin.putResourcePolicy({ account: ACCOUNT, resourceArn: R2, policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 'docs:*', Resource: R2 }] } })
    await iam.admin.putUserPolicy({ account: ACCOUNT, userName: 'alice', policyName: 'all', policyDocument: allow('docs:*') })
    expect((await iam.simulate({ principal: user.arn, actions: ['docs:GetDocument'], resources: [R2] }))[0]!.decision).toBe('explicitDeny')
    expect((await iam.simulate({ principal: user.arn, actions: ['docs:GetDocument'], resources: [R2], includeResourcePolicies: false }))[0]!.decision).toBe('allowed')
    await iam.close()
  })

  it('refuses an invalid custom policy with every issue, an unknown principal, and an empty action list', async () => {
    const { iam } = await world()
    await rejectsWith(iam.simulate({ policies: { identityPolicies: [{ Statement: [{ Effect: 'Allow' }] } as never] }, actions: ['s3:GetObject'] }), 'ERR_POLICY_INVALID')
    await rejectsWith(iam.simulate({ principal: `arn:app:iam::${ACCOUNT}:user/ghost`, actions: ['s3:GetObject'] }), 'ERR_NO_SUCH_ENTITY')
    await rejectsWith(iam.simulate({ principal: `arn:app:iam::${ACCOUNT}:user/alice`, actions: [] }), 'ERR_INVALID_REQUEST')
    await iam.close()
  })

  it('lets a custom deny win', async () => {
    const { iam } = await world()
    const [r] = await iam.simulate({ policies: { identityPolicies: [allow('s3:*'), deny('s3:DeleteObject')] }, actions: ['s3:DeleteObject'] })
    expect(r!.decision).toBe('explicitDeny')
    await iam.close()
  })

  // Issue 14: simulate role assumption as STS decides it: the role's trust policy is the resource
  // policy of sts:AssumeRole on the role, with the ExternalId, MFA and source identity the call
  // would carry. AWS "How to use an external ID when granting access to your AWS resources to a
  // third party", "Configuring MFA-protected API access", "Monitor and control actions taken with
  // assumed roles" (sts:SourceIdentity).
  describe('role trust policies for sts:AssumeRole', () => {
    async function trustWorld() {
      const w = await world()
      const alice = w.user.arn
      const doc = (condition: Record<string, Record<string, string>>) => ({
        Version: '2012-10-17' as const, Statement: [{ Effect: 'Allow' as const, Principal: { AWS: alice }, Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'], Condition: condition }],
      })
      await w.iam.admin.createRole({ account: ACCOUNT, roleName: 'Partner', assumeRolePolicyDocument: doc({ StringEquals: { 'sts:ExternalId': 'ext-42' } }) })
      await w.iam.admin.createRole({ account: ACCOUNT, roleName: 'Admin', assumeRolePolicyDocument: doc({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }) })
      await w.iam.admin.createRole({ account: ACCOUNT, roleName: 'Audited', assumeRolePolicyDocument: doc({ StringLike: { 'sts:SourceIdentity': 'alice-*' } }) })
      return { ...w, role: (name: string) => `arn:app:iam::${ACCOUNT}:role/${name}` }
    }

    it('decides by the trust policy and says which keys it missed, then allows with the ExternalId', async () => {
      const { iam, user, role } = await trustWorld()
      const [without] = await iam.simulate({ principal: user.arn, actions: ['sts:AssumeRole'], resources: [role('Partner')] })
      expect(without).toMatchObject({ decision: 'implicitDeny', decidedBy: 'resource', missingContextKeys: ['sts:ExternalId'], trustPolicyOf: role('Partner') })
      const [wrong] = await iam.simulate({ principal: user.arn, actions: ['sts:AssumeRole'], resources: [role('Partner')], externalId: 'guess-1' })
      expect(wrong).toMatchObject({ decision: 'implicitDeny', decidedBy: 'resource' })
      const [right] = await iam.simulate({ principal: user.arn, actions: ['sts:AssumeRole'], resources: [role('Partner')], externalId: 'ext-42' })
      expect(right).toMatchObject({ decision: 'allowed', matched: [expect.objectContaining({ policyId: `${role('Partner')}#trust`, policyType: 'resource' })] })
      await iam.close()
    })

    it('takes MFA into account when told the caller used it', async () => {
      const { iam, user, role } = await trustWorld()
      expect((await iam.simulate({ principal: user.arn, actions: ['sts:AssumeRole'], resources: [role('Admin')] }))[0]!.decision).toBe('implicitDeny')
      expect((await iam.simulate({ principal: user.arn, actions: ['sts:AssumeRole'], resources: [role('Admin')], mfa: false }))[0]!.decision).toBe('implicitDeny')
      expect((await iam.simulate({ principal: user.arn, actions: ['sts:AssumeRole'], resources: [role('Admin')], mfa: true }))[0]!.decision).toBe('allowed')
      await iam.close()
    })

    it('checks the source identity for sts:SetSourceIdentity and sts:AssumeRole', async () => {
      const { iam, user, role } = await trustWorld()
      const ok = await iam.simulate({ principal: user.arn, actions: ['sts:AssumeRole', 'sts:SetSourceIdentity'], resources: [role('Audited')], sourceIdentity: 'alice-laptop' })
      expect(ok.map((r) => [r.action, r.decision])).toEqual([['sts:AssumeRole', 'allowed'], ['sts:SetSourceIdentity', 'allowed']])
      const bad = await iam.simulate({ principal: user.arn, actions: ['sts:SetSourceIdentity'], resources: [role('Audited')], sourceIdentity: 'mallory' })
      expect(bad[0]!.decision).toBe('implicitDeny')
      await iam.close()
    })

    it('answers a role that does not exist as nothing trusting the caller, and keeps other actions as they were', async () => {
      const { iam, user, role } = await trustWorld()
      const results = await iam.simulate({ principal: user.arn, actions: ['docs:GetDocument', 'sts:AssumeRole'], resources: [R1, role('Ghost')] })
      expect(results.map((r) => [r.action, r.resource, r.decision, r.decidedBy])).toEqual([
        ['docs:GetDocument', R1, 'allowed', undefined],
        ['sts:AssumeRole', R1, 'implicitDeny', 'identity'],
        ['docs:GetDocument', role('Ghost'), 'implicitDeny', 'identity'],
        ['sts:AssumeRole', role('Ghost'), 'implicitDeny', 'resource'],
      ])
      expect(results[3]!.reason).toMatch(/does not exist/)
      await iam.close()
    })

    it('refuses an ExternalId or source identity STS would refuse, and a non-boolean mfa', async () => {
      const { iam, user, role } = await trustWorld()
      await rejectsWith(iam.simulate({ principal: user.arn, actions: ['sts:AssumeRole'], resources: [role('Partner')], externalId: 'x' }), 'ERR_VALIDATION')
      await rejectsWith(iam.simulate({ principal: user.arn, actions: ['sts:AssumeRole'], resources: [role('Partner')], sourceIdentity: 'has space' }), 'ERR_VALIDATION')
      await rejectsWith(iam.simulate({ principal: user.arn, actions: ['sts:AssumeRole'], resources: [role('Partner')], mfa: 'yes' as never }), 'ERR_INVALID_REQUEST')
      await iam.close()
    })
  })
})


/**
 * AWS "IAM identifiers — Unique identifiers": "If you delete an IAM user and then create a new
 * IAM user with the same name, … the new user does not receive the permissions granted by
 * resource-based policies to the deleted user", because the policy stores the unique id.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
 */
import { describe, expect, it } from 'vitest'
import { createIam } from '../../src/iam.js'
import type { Principal } from '../../src/identity/principal.js'
import { memoryStore } from '../../src/store/memory.js'
import { ACCOUNT, OTHER, rejectsWith, tokenOptions, trust } from './helpers.js'

const DOC = `arn:app:docs::${ACCOUNT}:doc/1`
const ALICE = `arn:app:iam::${OTHER}:user/alice`

function grant(principal: string | string[], element: 'Principal' | 'NotPrincipal' = 'Principal', effect: 'Allow' | 'Deny' = 'Allow') {
  return { Version: '2012-10-17' as const, Statement: [{ Effect: effect, [element]: { AWS: principal }, Action: 'docs:GetDocument', Resource: DOC }] }
}

async function world() {
  const iam = await createIam({ store: memoryStore(), tokens: tokenOptions() })
  await iam.admin.createAccount({ account: ACCOUNT })
  await iam.admin.createAccount({ account: OTHER })
  const { user } = await iam.admin.createUser({ account: OTHER, userName: 'alice' })
  await iam.admin.putUserPolicy({ account: OTHER, userName: 'alice', policyName: 'all', policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'docs:*', Resource: '*' }] } })
  return { iam, user }
}

function principalOf(user: { arn: string; userId: string; userName: string }): Principal {
  return { type: 'user', arn: user.arn, account: OTHER, userId: user.userId, userName: user.userName, tags: new Map(), mfa: { present: false }, chainDepth: 0 }
}

describe('unique ids', () => {
  it('a user deleted and created again does not inherit a resource-policy grant given to the old one', async () => {
    const { iam, user } = await world()
    await iam.admin.putResourcePolicy({ account: ACCOUNT, resourceArn: DOC, policyDocument: grant(ALICE) })
    expect((await iam.authorize({ principal: principalOf(user), action: 'docs:GetDocument', resource: DOC })).decision).toBe('allowed')

    await iam.admin.deleteUserPolicy({ account: OTHER, userName: 'alice', policyName: 'all' })
    await iam.admin.deleteUser({ account: OTHER, userName: 'alice' })
    const stored = (await iam.admin.getResourcePolicy({ account: ACCOUNT, resourceArn: DOC })).policyDocument
    expect(JSON.stringify(stored)).toContain(`${ALICE}#${user.userId}`)

    const { user: again } = await iam.admin.createUser({ account: OTHER, userName: 'alice' })
    await iam.admin.putUserPolicy({ account: OTHER, userName: 'alice', policyName: 'all', policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'docs:*', Resource: '*' }] } })
    expect(again.userId).not.toBe(user.userId)
    expect((await iam.authorize({ principal: principalOf(again), action: 'docs:GetDocument', resource: DOC })).decision).toBe('implicitDeny')
    await iam.close()
  })

  // AWS "NotPrincipal": with Deny, the account must be listed too for its user to be left out.
  it('a Deny with NotPrincipal naming the old user applies to the new namesake', async () => {
    const { iam, user } = await world()
    await iam.admin.putResourcePolicy({
      account: ACCOUNT, resourceArn: DOC,
      policyDocument: { Version: '2012-10-17', Statement: [grant(ALICE).Statement[0]!, grant([ALICE, `arn:app:iam::${OTHER}:root`], 'NotPrincipal', 'Deny').Statement[0]!, { Effect: 'Allow', Principal: { AWS: OTHER }, Action: 'docs:GetDocument', Resource: DOC }] },
    })
    expect((await iam.authorize({ principal: principalOf(user), action: 'docs:GetDocument', resource: DOC })).decision).toBe('allowed')
    await iam.admin.deleteUserPolicy({ account: OTHER, userName: 'alice', policyName: 'all' })
    await iam.admin.deleteUser({ account: OTHER, userName: 'alice' })
    const { user: again } = await iam.admin.createUser({ account: OTHER, userName: 'alice' })
    await iam.admin.putUserPolicy({ account: OTHER, userName: 'alice', policyName: 'all', policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'docs:*', Resource: '*' }] } })
    expect((await iam.authorize({ principal: principalOf(again), action: 'docs:GetDocument', resource: DOC })).decision).toBe('explicitDeny')
    await iam.close()
  })

  it("rewrites a role's trust policy naming a deleted role, so a new role of that name is not trusted", async () => {
    const { iam } = await world()
    const { role: caller } = await iam.admin.createRole({ account: OTHER, roleName: 'Caller', assumeRolePolicyDocument: trust(OTHER) })
    await iam.admin.createRole({ account: ACCOUNT, roleName: 'Target', assumeRolePolicyDocument: trust(caller.arn) })
    await iam.admin.deleteRole({ account: OTHER, roleName: 'Caller' })
    await iam.admin.createRole({ account: OTHER, roleName: 'Caller', assumeRolePolicyDocument: trust(OTHER) })
    const target = (await iam.admin.getRole({ account: ACCOUNT, roleName: 'Target' })).role
    expect(target.assumeRolePolicyDocument).toEqual(trust(`${caller.arn}#${caller.roleId}`))
    await iam.close()
  })

  it('a policy naming a renamed user follows it to its new name (AWS updates such policies)', async () => {
    const { iam, user } = await world()
    await iam.admin.putResourcePolicy({ account: ACCOUNT, resourceArn: DOC, policyDocument: grant(ALICE) })
    await iam.admin.updateUser({ account: OTHER, userName: 'alice', newUserName: 'alicia' })
    const stored = (await iam.admin.getResourcePolicy({ account: ACCOUNT, resourceArn: DOC })).policyDocument
    expect(stored).toEqual(grant(`arn:app:iam::${OTHER}:user/alicia`))
    const renamed = { ...principalOf(user), arn: `arn:app:iam::${OTHER}:user/alicia`, userName: 'alicia' }
    expect((await iam.authorize({ principal: renamed, action: 'docs:GetDocument', resource: DOC })).decision).toBe('allowed')
    await iam.close()
  })

  it('refuses a resource policy naming a user that does not exist, or with a wrong path', async () => {
    const { iam } = await world()
    await rejectsWith(iam.admin.putResourcePolicy({ account: ACCOUNT, resourceArn: DOC, policyDocument: grant(`arn:app:iam::${OTHER}:user/bob`) }), 'ERR_POLICY_INVALID')
    await rejectsWith(iam.admin.putResourcePolicy({ account: ACCOUNT, resourceArn: DOC, policyDocument: grant(`arn:app:iam::${OTHER}:user/x/alice`) }), 'ERR_POLICY_INVALID')
    await iam.close()
  })

  it('refuses credentials of a deleted user even after a namesake is created', async () => {
    const { iam, user } = await world()
    await iam.admin.deleteUserPolicy({ account: OTHER, userName: 'alice', policyName: 'all' })
    await iam.admin.deleteUser({ account: OTHER, userName: 'alice' })
    await iam.admin.createUser({ account: OTHER, userName: 'alice' })
    await rejectsWith(iam.authorize({ principal: principalOf(user), action: 'docs:GetDocument', resource: DOC }), 'ERR_UNAUTHENTICATED')
    await iam.close()
  })
})

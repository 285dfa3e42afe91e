import { describe, expect, it } from 'vitest'
import { evaluate } from '../../src/evaluate/index.js'
import type { Principal } from '../../src/identity/principal.js'
import { Resolver, arnPatternMatcher } from '../../src/identity/resolver.js'
import { PolicyCache } from '../../src/store/cache.js'
import { ACCOUNT, OTHER, allow, rejectsWith, setup } from './helpers.js'

async function world() {
  const s = await setup({ catalogue: new Map([['Read', allow('docs:Get*')]]) })
  const cache = new PolicyCache().attach(s.store)
  const resolver = new Resolver({ store: s.store, partition: 'app', cache, catalogue: new Map([['Read', allow('docs:Get*')]]) })
  return { ...s, cache, resolver }
}

function user(u: { arn: string; userId: string; userName: string }): Principal {
  return { type: 'user', arn: u.arn, account: ACCOUNT, userId: u.userId, userName: u.userName, tags: new Map(), mfa: { present: false }, chainDepth: 0 }
}

describe('Resolver', () => {
  it("collects a user's inline and attached policies and those of every group, named by origin", async () => {
    const { admin, resolver } = await world()
    const { user: alice } = await admin.createUser({ account: ACCOUNT, userName: 'alice' })
    await admin.putUserPolicy({ account: ACCOUNT, userName: 'alice', policyName: 'own', policyDocument: allow('a:A') })
    const { policy } = await admin.createPolicy({ account: ACCOUNT, policyName: 'P', policyDocument: allow('b:B') })
    await admin.attachUserPolicy({ account: ACCOUNT, userName: 'alice', policyArn: policy.arn })
    await admin.createGroup({ account: ACCOUNT, groupName: 'g' })
    await admin.addUserToGroup({ account: ACCOUNT, groupName: 'g', userName: 'alice' })
    await admin.putGroupPolicy({ account: ACCOUNT, groupName: 'g', policyName: 'gi', policyDocument: allow('c:C') })
    await admin.attachGroupPolicy({ account: ACCOUNT, groupName: 'g', policyArn: 'arn:app:iam::app:policy/Read' })
    const { set } = await resolver.identity(user(alice))
    expect(set.identityPolicies.map((p) => p.id)).toEqual(['user/alice/inline/own', policy.arn, 'group/g/inline/gi', 'arn:app:iam::app:policy/Read'])
  })

  it('shares one compiled set between requests of the same principal until its account changes', async () => {
    const { admin, resolver } = await world()
    const { user: alice } = await admin.createUser({ account: ACCOUNT, userName: 'alice' })
    const p = user(alice)
    const first = await resolver.identity(p)
    expect(await resolver.identity(p)).toBe(first)
    await admin.createUser({ account: OTHER, userName: 'someone' })
    expect(await resolver.identity(p)).toBe(first)
    await admin.putUserPolicy({ account: ACCOUNT, userName: 'alice', policyName: 'x', policyDocument: allow('a:A') })
    expect(await resolver.identity(p)).not.toBe(first)
  })

  it('gives the account root everything in its own account, still under guardrails', async () => {
    const { admin, resolver } = await world()
    await admin.putAccountGuardrail({ account: ACCOUNT, policyName: 'OnlyDocs', policyDocument: allow('docs:*') })
    const root: Principal = { type: 'root', arn: `arn:app:iam::${ACCOUNT}:root`, account: ACCOUNT, userId: ACCOUNT, tags: new Map(), mfa: { present: false }, chainDepth: 0 }
    const set = await resolver.policySet(root, `arn:app:docs::${ACCOUNT}:doc/1`)
    const ask = (action: string) => evaluate({ principal: root.arn, action, resource: `arn:app:docs::${ACCOUNT}:doc/1` }, set).decision
    expect(ask('docs:DeleteDocument')).toBe('allowed')
    expect(ask('billing:Pay')).toBe('implicitDeny')
  })

  it('refuses a principal whose user does not exist', async () => {
    const { resolver } = await world()
    await rejectsWith(resolver.identity({ type: 'user', arn: `arn:app:iam::${ACCOUNT}:user/ghost`, account: ACCOUNT, userId: 'AIDAX', tags: new Map(), mfa: { present: false }, chainDepth: 0 }), 'ERR_UNAUTHENTICATED')
  })

  it('refuses a session whose managed session policy no longer exists, rather than dropping the cap', async () => {
    const { admin, resolver } = await world()
    const { role } = await admin.createRole({ account: ACCOUNT, roleName: 'R', assumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sts:AssumeRole' }] } })
    const session: Principal = {
      type: 'assumedRole', arn: `arn:app:sts::${ACCOUNT}:assumed-role/R/s`, account: ACCOUNT, userId: `${role.roleId}:s`, roleArn: role.arn, roleName: 'R', roleId: role.roleId,
      tags: new Map(), mfa: { present: false }, chainDepth: 1, sessionPolicyArns: [`arn:app:iam::${ACCOUNT}:policy/Gone`],
    }
    await rejectsWith(resolver.identity(session), 'ERR_TOKEN_INVALID')
  })

  it('unites the exact resource policy with every matching pattern record', async () => {
    const { admin, resolver } = await world()
    const stmt = (sid: string, resource: string) => ({ Version: '2012-10-17' as const, Statement: [{ Sid: sid, Effect: 'Allow' as const, Principal: { AWS: ACCOUNT }, Action: 'docs:Get*', Resource: resource }] })
    await admin.putResourcePolicy({ account: ACCOUNT, resourceArn: `arn:app:docs::${ACCOUNT}:p/1`, policyDocument: stmt('Exact', '*') })
    await admin.putResourcePolicy({ account: ACCOUNT, resourceArn: `arn:app:docs::${ACCOUNT}:p/*`, policyDocument: stmt('Pattern', '*') })
    await admin.putResourcePolicy({ account: ACCOUNT, resourceArn: `arn:app:docs::${ACCOUNT}:q/*`, policyDocument: stmt('Other', '*') })
    const policy = await resolver.resourcePolicy(`arn:app:docs::${ACCOUNT}:p/1`)
    expect(policy?.statements.map((s) => s.sid)).toEqual(['Exact', 'Pattern'])
    expect(await resolver.resourcePolicy(`arn:app:docs::${OTHER}:p/1`)).toBeUndefined()
  })

  it('matches pattern records segment by segment: a * never reaches into the account segment', () => {
    const m = arnPatternMatcher('arn:app:docs::111:*')
    expect(m('arn:app:docs::111:doc/1')).toBe(true)
    expect(m('arn:app:docs::222:doc/1')).toBe(false)
    expect(arnPatternMatcher('arn:app:docs::111:doc/*')('arn:app:docs::111:doc/a:b')).toBe(true)
  })
})

import { describe, expect, it } from 'vitest'
import { createIam } from '../../src/iam.js'
import type { Principal } from '../../src/identity/principal.js'
import { memoryStore } from '../../src/store/memory.js'
import type { PolicyStore } from '../../src/store/types.js'
import { ACCOUNT, OTHER, allow, deny, rejectsWith, tokenOptions, trust } from '../identity/helpers.js'

const DOC = `arn:app:docs::${ACCOUNT}:project/p1/doc/42`

async function system(options: { managedPolicies?: Record<string, ReturnType<typeof allow>>; guardrails?: Record<string, ReturnType<typeof allow>>; store?: PolicyStore } = {}) {
  const iam = await createIam({ store: options.store ?? memoryStore(), tokens: tokenOptions(), ...options, ...(options.store ? {} : {}) })
  await iam.admin.createAccount({ account: ACCOUNT })
  await iam.admin.createAccount({ account: OTHER })
  return iam
}

function userPrincipal(user: { arn: string; userId: string; userName: string }, account = ACCOUNT, extra: Partial<Principal> = {}): Principal {
  return { type: 'user', arn: user.arn, account, userId: user.userId, userName: user.userName, tags: new Map(), mfa: { present: false }, chainDepth: 0, ...extra }
}

describe('iam.authorize', () => {
  it("allows through a user's inline policy and denies what no policy allows", async () => {
    const iam = await system()
    const { user } = await iam.admin.createUser({ account: ACCOUNT, userName: 'alice' })
    await iam.admin.putUserPolicy({ account: ACCOUNT, userName: 'alice', policyName: 'read', policyDocument: allow('docs:GetDocument', DOC) })
    const p = userPrincipal(user)
    const ok = await iam.authorize({ principal: p, action: 'docs:GetDocument', resource: DOC })
    expect(ok.decision).toBe('allowed')
    expect(ok.matched[0]?.policyId).toBe('user/alice/inline/read')
    expect(ok.principalArn).toBe(user.arn)
    expect((await iam.authorize({ principal: p, action: 'docs:DeleteDocument', resource: DOC })).decision).toBe('implicitDeny')
    await iam.close()
  })

  it("allows through a group's attached catalogue policy and enforces a detach at once", async () => {
    const iam = await system({ managedPolicies: { DocsRead: allow('docs:Get*') } })
    const { user } = await iam.admin.createUser({ account: ACCOUNT, userName: 'alice' })
    await iam.admin.createGroup({ account: ACCOUNT, groupName: 'readers' })
    await iam.admin.addUserToGroup({ account: ACCOUNT, groupName: 'readers', userName: 'alice' })
    await iam.admin.attachGroupPolicy({ account: ACCOUNT, groupName: 'readers', policyArn: 'arn:app:iam::app:policy/DocsRead' })
    const p = userPrincipal(user)
    const first = await iam.authorize({ principal: p, action: 'docs:GetDocument', resource: DOC })
    expect(first.decision).toBe('allowed')
    expect(first.matched[0]?.policyId).toBe('arn:app:iam::app:policy/DocsRead')
    await iam.admin.removeUserFromGroup({ account: ACCOUNT, groupName: 'readers', userName: 'alice' })
    expect((await iam.authorize({ principal: p, action: 'docs:GetDocument', resource: DOC })).decision).toBe('implicitDeny')
    await iam.close()
  })

  it('uses the default version of a managed policy and follows setDefaultPolicyVersion at once', async () => {
    const iam = await system()
    const { user } = await iam.admin.createUser({ account: ACCOUNT, userName: 'alice' })
    const { policy } = await iam.admin.createPolicy({ account: ACCOUNT, policyName: 'P', policyDocument: allow('docs:GetDocument') })
    await iam.admin.attachUserPolicy({ account: ACCOUNT, userName: 'alice', policyArn: policy.arn })
    const p = userPrincipal(user)
    expect((await iam.authorize({ principal: p, action: 'docs:GetDocument', resource: DOC })).decision).toBe('allowed')
    await iam.admin.createPolicyVersion({ policyArn: policy.arn, policyDocument: allow('docs:ListDocuments'), setAsDefault: true })
    expect((await iam.authorize({ principal: p, action: 'docs:GetDocument', resource: DOC })).decision).toBe('implicitDeny')
    expect((await iam.authorize({ principal: p, action: 'docs:ListDocuments', resource: DOC })).decision).toBe('allowed')
    await iam.close()
  })

  it('caps a user with a permissions boundary', async () => {
    const iam = await system()
    const { user } = await iam.admin.createUser({ account: ACCOUNT, userName: 'alice' })
    await iam.admin.putUserPolicy({ account: ACCOUNT, userName: 'alice', policyName: 'all', policyDocument: allow('docs:*') })
    const { policy } = await iam.admin.createPolicy({ account: ACCOUNT, policyName: 'B', policyDocument: allow('docs:Get*') })
    await iam.admin.putUserPermissionsBoundary({ account: ACCOUNT, userName: 'alice', permissionsBoundary: policy.arn })
    const p = userPrincipal(user)
    expect((await iam.authorize({ principal: p, action: 'docs:GetDocument', resource: DOC })).decision).toBe('allowed')
    const d = await iam.authorize({ principal: p, action: 'docs:DeleteDocument', resource: DOC })
    expect(d.decision).toBe('implicitDeny')
    expect(d.decidedBy).toBe('boundary')
    await iam.close()
  })

  it('applies the app-wide guardrail and then the account guardrail', async () => {
    const iam = await system({ guardrails: { Everything: allow('*') } })
    const { user } = await iam.admin.createUser({ account: ACCOUNT, userName: 'alice' })
    await iam.admin.putUserPolicy({ account: ACCOUNT, userName: 'alice', policyName: 'all', policyDocument: allow('docs:*') })
    await iam.admin.putAccountGuardrail({ account: ACCOUNT, policyName: 'NoDelete', policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 'docs:Delete*', Resource: '*' }] } })
    const p = userPrincipal(user)
    expect((await iam.authorize({ principal: p, action: 'docs:GetDocument', resource: DOC })).decision).toBe('allowed')
    const d = await iam.authorize({ principal: p, action: 'docs:DeleteDocument', resource: DOC })
    expect(d.decision).toBe('explicitDeny')
    expect(d.decidedBy).toBe('guardrail')
    await iam.close()
  })

  it('resolves a role session to the role policies plus its session policy', async () => {
    const iam = await system()
    const { user } = await iam.admin.createUser({ account: ACCOUNT, userName: 'alice' })
    const { role } = await iam.admin.createRole({ account: ACCOUNT, roleName: 'Editor', assumeRolePolicyDocument: trust(user.arn) })
    await iam.admin.putRolePolicy({ account: ACCOUNT, roleName: 'Editor', policyName: 'edit', policyDocument: allow('docs:*') })
    const session: Principal = {
      type: 'assumedRole', arn: `arn:app:sts::${ACCOUNT}:assumed-role/Editor/s1`, account: ACCOUNT, userId: `${role.roleId}:s1`,
      roleArn: role.arn, roleName: 'Editor', roleId: role.roleId, sessionName: 's1', tags: new Map(), mfa: { present: false }, chainDepth: 1,
      sessionPolicy: allow('docs:Get*'), tokenIssueTime: 1_700_000_000,
    }
    expect((await iam.authorize({ principal: session, action: 'docs:GetDocument', resource: DOC })).decision).toBe('allowed')
    const d = await iam.authorize({ principal: session, action: 'docs:DeleteDocument', resource: DOC })
    expect(d.decision).toBe('implicitDeny')
    expect(d.decidedBy).toBe('session')
    await iam.close()
  })

  it('refuses a session of a role that was deleted and created again (another unique id)', async () => {
    const iam = await system()
    const { role } = await iam.admin.createRole({ account: ACCOUNT, roleName: 'R', assumeRolePolicyDocument: trust(ACCOUNT) })
    const session: Principal = {
      type: 'assumedRole', arn: `arn:app:sts::${ACCOUNT}:assumed-role/R/s`, account: ACCOUNT, userId: `${role.roleId}:s`,
      roleArn: role.arn, roleName: 'R', roleId: role.roleId, tags: new Map(), mfa: { present: false }, chainDepth: 1,
    }
    await iam.admin.deleteRole({ account: ACCOUNT, roleName: 'R' })
    await iam.admin.createRole({ account: ACCOUNT, roleName: 'R', assumeRolePolicyDocument: trust(ACCOUNT) })
    await iam.admin.putRolePolicy({ account: ACCOUNT, roleName: 'R', policyName: 'all', policyDocument: allow('*') })
    await rejectsWith(iam.authorize({ principal: session, action: 'docs:GetDocument', resource: DOC }), 'ERR_UNAUTHENTICATED')
    await iam.close()
  })

  it('grants through a resource policy stored for an ARN pattern of the resource account', async () => {
    const iam = await system()
    const { user } = await iam.admin.createUser({ account: ACCOUNT, userName: 'alice' })
    await iam.admin.putResourcePolicy({
      account: ACCOUNT, resourceArn: `arn:app:docs::${ACCOUNT}:project/p1/*`,
      policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: user.arn }, Action: 'docs:GetDocument', Resource: `arn:app:docs::${ACCOUNT}:project/p1/*` }] },
    })
    const p = userPrincipal(user)
    const d = await iam.authorize({ principal: p, action: 'docs:GetDocument', resource: DOC })
    expect(d.decision).toBe('allowed')
    expect(d.decidedBy).toBeUndefined()
    expect(d.matched[0]?.policyType).toBe('resource')
    expect((await iam.authorize({ principal: p, action: 'docs:GetDocument', resource: `arn:app:docs::${ACCOUNT}:project/p2/doc/1` })).decision).toBe('implicitDeny')
    await iam.admin.deleteResourcePolicy({ account: ACCOUNT, resourceArn: `arn:app:docs::${ACCOUNT}:project/p1/*` })
    expect((await iam.authorize({ principal: p, action: 'docs:GetDocument', resource: DOC })).decision).toBe('implicitDeny')
    await iam.close()
  })

  it('needs both sides across accounts', async () => {
    const iam = await system()
    const { user } = await iam.admin.createUser({ account: OTHER, userName: 'bob' })
    await iam.admin.putUserPolicy({ account: OTHER, userName: 'bob', policyName: 'all', policyDocument: allow('docs:*') })
    const p = userPrincipal(user, OTHER)
    expect((await iam.authorize({ principal: p, action: 'docs:GetDocument', resource: DOC })).decision).toBe('implicitDeny')
    await iam.admin.putResourcePolicy({
      account: ACCOUNT, resourceArn: DOC,
      policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: OTHER }, Action: 'docs:GetDocument', Resource: DOC }] },
    })
    expect((await iam.authorize({ principal: p, action: 'docs:GetDocument', resource: DOC })).decision).toBe('allowed')
    await iam.close()
  })

  it('derives principal keys from the principal: a request cannot set aws:PrincipalTag, aws:username or MFA', async () => {
    const iam = await system()
    const { user } = await iam.admin.createUser({ account: ACCOUNT, userName: 'alice', tags: [{ key: 'team', value: 'red' }] })
    await iam.admin.putUserPolicy({
      account: ACCOUNT, userName: 'alice', policyName: 'mfa',
      policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'docs:*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' }, StringEquals: { 'aws:PrincipalTag/team': 'blue' } } }] },
    })
    const p = userPrincipal(user, ACCOUNT, { tags: new Map([['team', 'red']]) })
    const forged = { 'aws:MultiFactorAuthPresent': true, 'AWS:principaltag/TEAM': 'blue', 'aws:username': 'root', 'aws:PrincipalArn': 'arn:app:iam::1:root' }
    expect((await iam.authorize({ principal: p, action: 'docs:GetDocument', resource: DOC, context: forged })).decision).toBe('implicitDeny')
    expect((await iam.authorize({ principal: p, action: 'docs:GetDocument', resource: DOC, context: new Map(Object.entries(forged)) })).decision).toBe('implicitDeny')
    await iam.close()
  })

  it('passes request keys through, case-insensitively', async () => {
    const iam = await system()
    const { user } = await iam.admin.createUser({ account: ACCOUNT, userName: 'alice' })
    await iam.admin.putUserPolicy({
      account: ACCOUNT, userName: 'alice', policyName: 'ip',
      policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'docs:*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }] },
    })
    const p = userPrincipal(user)
    expect((await iam.authorize({ principal: p, action: 'docs:GetDocument', resource: DOC, context: { 'AWS:SOURCEIP': '203.0.113.7' } })).decision).toBe('allowed')
    expect((await iam.authorize({ principal: p, action: 'docs:GetDocument', resource: DOC, context: { 'aws:SourceIp': '198.51.100.1' } })).decision).toBe('implicitDeny')
    await iam.close()
  })

  // One normaliser for evaluate and iam.authorize (issue 12, item 4): AWS condition key names are
  // case-insensitive ("IAM JSON policy elements: Condition"), so two spellings are one key twice.
  it('refuses a context exactly as evaluate does: two spellings of one key, bad values', async () => {
    const iam = await system()
    const { user } = await iam.admin.createUser({ account: ACCOUNT, userName: 'alice' })
    await iam.admin.putUserPolicy({ account: ACCOUNT, userName: 'alice', policyName: 'all', policyDocument: allow('docs:*') })
    const p = userPrincipal(user)
    const ask = (context: unknown) => iam.authorize({ principal: p, action: 'docs:GetDocument', resource: DOC, context: context as never })
    const twice = await rejectsWith(ask({ 'app:team': 'blue', 'APP:TEAM': 'red' }), 'ERR_INVALID_REQUEST')
    expect(twice.message).toContain('"APP:TEAM" is given twice')
    await rejectsWith(ask(new Map([['app:team', 'blue'], ['App:Team', 'red']])), 'ERR_INVALID_REQUEST')
    expect((await rejectsWith(ask({ 'app:n': Number.NaN }), 'ERR_INVALID_REQUEST')).message).toContain('"app:n"')
    expect((await rejectsWith(ask({ 'app:obj': { a: 1 } }), 'ERR_INVALID_REQUEST')).message).toContain('"app:obj"')
    await rejectsWith(ask({ 'app:list': [['x']] }), 'ERR_INVALID_REQUEST')
    await rejectsWith(ask(null), 'ERR_INVALID_REQUEST')
    // A principal key given twice is refused too, even though it would be dropped.
    await rejectsWith(ask({ 'aws:PrincipalTag/team': 'a', 'AWS:PRINCIPALTAG/TEAM': 'b' }), 'ERR_INVALID_REQUEST')
    expect((await ask({ 'App:Team': 'blue' })).decision).toBe('allowed')
    await iam.close()
  })

  it('keeps the MFA age current while the other principal keys are built once', async () => {
    const now = { ms: 1_700_000_000_000 }
    const iam = await createIam({ store: memoryStore(), tokens: tokenOptions(), clock: () => now.ms })
    await iam.admin.createAccount({ account: ACCOUNT })
    const { user } = await iam.admin.createUser({ account: ACCOUNT, userName: 'alice' })
    await iam.admin.putUserPolicy({
      account: ACCOUNT, userName: 'alice', policyName: 'fresh-mfa',
      policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'docs:*', Resource: '*', Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } } }] },
    })
    const p = userPrincipal(user, ACCOUNT, { mfa: { present: true, authTime: now.ms / 1000 - 60 } })
    const ask = (context?: Record<string, number>) => iam.authorize({ principal: p, action: 'docs:GetDocument', resource: DOC, ...(context ? { context } : {}) })
    expect((await ask()).decision).toBe('allowed')
    expect((await ask({ 'aws:MultiFactorAuthAge': 99999 })).decision).toBe('allowed')
    now.ms += 3600_000
    expect((await ask()).decision).toBe('implicitDeny')
    expect((await ask({ 'AWS:MULTIFACTORAUTHAGE': 1 })).decision).toBe('implicitDeny')
    await iam.close()
  })

  it('rejects with ERR_STORE_UNAVAILABLE (503), never an allow, when the store cannot be read', async () => {
    const inner = memoryStore()
    let down = false
    const fail = (): Promise<never> => Promise.reject(new Error('ECONNREFUSED'))
    const store: PolicyStore = {
      name: 'flaky',
      init: () => inner.init(),
      get: (kind, account, id) => (down ? fail() : inner.get(kind, account, id)),
      list: (kind, account, options) => (down ? fail() : inner.list(kind, account, options)),
      transact: (fn) => inner.transact(fn),
      subscribe: (listener) => inner.subscribe(listener),
      exportRecords: () => inner.exportRecords(),
      importRecords: (records) => inner.importRecords(records),
      close: () => inner.close(),
    }
    const iam = await createIam({ store, tokens: tokenOptions() })
    await iam.admin.createAccount({ account: ACCOUNT })
    const { user } = await iam.admin.createUser({ account: ACCOUNT, userName: 'alice' })
    await iam.admin.putUserPolicy({ account: ACCOUNT, userName: 'alice', policyName: 'all', policyDocument: allow('*') })
    down = true
    const error = await rejectsWith(iam.authorize({ principal: userPrincipal(user), action: 'docs:GetDocument', resource: DOC }), 'ERR_STORE_UNAVAILABLE')
    expect((error as unknown as { status: number }).status).toBe(503)
    await iam.close()
  })

  it('rejects a request without a valid principal as unauthenticated', async () => {
    const iam = await system()
    await rejectsWith(iam.authorize({ principal: undefined as never, action: 'docs:GetDocument', resource: DOC }), 'ERR_UNAUTHENTICATED')
    await rejectsWith(iam.authorize({ principal: { type: 'user', arn: `arn:app:iam::${ACCOUNT}:user/ghost`, account: ACCOUNT, userId: 'AIDAX', tags: new Map(), mfa: { present: false }, chainDepth: 0 }, action: 'docs:GetDocument', resource: DOC }), 'ERR_UNAUTHENTICATED')
    await iam.close()
  })

  it('lets a deny in any identity policy win over an allow', async () => {
    const iam = await system()
    const { user } = await iam.admin.createUser({ account: ACCOUNT, userName: 'alice' })
    await iam.admin.putUserPolicy({ account: ACCOUNT, userName: 'alice', policyName: 'all', policyDocument: allow('docs:*') })
    await iam.admin.putUserPolicy({ account: ACCOUNT, userName: 'alice', policyName: 'no', policyDocument: deny('docs:DeleteDocument') })
    const d = await iam.authorize({ principal: userPrincipal(user), action: 'docs:DeleteDocument', resource: DOC })
    expect(d.decision).toBe('explicitDeny')
    await iam.close()
  })
})

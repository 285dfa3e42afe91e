import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { ADMIN_OPERATIONS } from '../../src/identity/admin.js'
import { ACCOUNT, OTHER, allow, refusedChangesNothing, rejectsWith, setup } from './helpers.js'

describe('accounts and guardrails', () => {
  it('creates, lists and deletes accounts; refuses the reserved app account', async () => {
    const { admin, store } = await setup({}, [])
    await admin.createAccount({ account: ACCOUNT, alias: 'acme' })
    await refusedChangesNothing(store, () => admin.createAccount({ account: ACCOUNT }), 'ERR_ENTITY_ALREADY_EXISTS')
    await refusedChangesNothing(store, () => admin.createAccount({ account: 'app' }), 'ERR_VALIDATION')
    expect((await admin.listAccounts()).accounts.map((a) => a.accountId)).toEqual([ACCOUNT])
    expect((await admin.getAccount({ account: ACCOUNT })).account.alias).toBe('acme')
    await admin.createUser({ account: ACCOUNT, userName: 'alice' })
    await refusedChangesNothing(store, () => admin.deleteAccount({ account: ACCOUNT }), 'ERR_DELETE_CONFLICT')
    await admin.deleteUser({ account: ACCOUNT, userName: 'alice' })
    await admin.deleteAccount({ account: ACCOUNT })
    await rejectsWith(admin.getAccount({ account: ACCOUNT }), 'ERR_NO_SUCH_ENTITY')
  })

  it('puts, gets, lists and deletes account guardrails, validated as guardrails', async () => {
    const { admin, store } = await setup()
    await admin.putAccountGuardrail({ account: ACCOUNT, policyName: 'All', policyDocument: allow('*') })
    expect((await admin.listAccountGuardrails({ account: ACCOUNT })).policyNames).toEqual(['All'])
    expect((await admin.getAccountGuardrail({ account: ACCOUNT, policyName: 'All' })).policyDocument).toEqual(allow('*'))
    const withPrincipal = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' }] }
    await refusedChangesNothing(store, () => admin.putAccountGuardrail({ account: ACCOUNT, policyName: 'X', policyDocument: withPrincipal as never }), 'ERR_POLICY_INVALID')
    await admin.deleteAccountGuardrail({ account: ACCOUNT, policyName: 'All' })
    await rejectsWith(admin.deleteAccountGuardrail({ account: ACCOUNT, policyName: 'All' }), 'ERR_NO_SUCH_ENTITY')
  })
})

describe('resource policies', () => {
  const RESOURCE = `arn:app:docs::${ACCOUNT}:doc/1`
  const doc = { Version: '2012-10-17' as const, Statement: [{ Effect: 'Allow' as const, Principal: { AWS: OTHER }, Action: 'docs:Get*', Resource: RESOURCE }] }

  it('puts, gets, lists and deletes a resource policy', async () => {
    const { admin } = await setup()
    await admin.putResourcePolicy({ account: ACCOUNT, resourceArn: RESOURCE, policyDocument: doc })
    expect((await admin.getResourcePolicy({ account: ACCOUNT, resourceArn: RESOURCE })).policyDocument).toEqual(doc)
    expect((await admin.listResourcePolicies({ account: ACCOUNT })).resourcePolicies.map((r) => r.resourceArn)).toEqual([RESOURCE])
    await admin.deleteResourcePolicy({ account: ACCOUNT, resourceArn: RESOURCE })
    await rejectsWith(admin.getResourcePolicy({ account: ACCOUNT, resourceArn: RESOURCE }), 'ERR_NO_SUCH_ENTITY')
  })

  it.each([
    ['another account', `arn:app:docs::${OTHER}:doc/1`],
    ['a wildcard account', 'arn:app:docs::*:doc/1'],
    ['not an ARN', 'doc/1'],
  ])('refuses a resource ARN of %s', async (_, resourceArn) => {
    const { admin, store } = await setup()
    await refusedChangesNothing(store, () => admin.putResourcePolicy({ account: ACCOUNT, resourceArn, policyDocument: doc }), 'ERR_VALIDATION')
  })

  it('refuses a resource policy without a Principal', async () => {
    const { admin, store } = await setup()
    await refusedChangesNothing(store, () => admin.putResourcePolicy({ account: ACCOUNT, resourceArn: RESOURCE, policyDocument: allow('docs:*', RESOURCE) }), 'ERR_POLICY_INVALID')
  })
})

describe('OpenID Connect providers and service identities', () => {
  it('creates, reads, changes and deletes an OIDC provider', async () => {
    const { admin, store } = await setup()
    const { openIdConnectProviderArn: arn } = await admin.createOpenIdConnectProvider({ account: ACCOUNT, url: 'https://id.example.com/', clientIdList: ['app'], jwksUri: 'https://id.example.com/jwks' })
    expect(arn).toBe(`arn:app:iam::${ACCOUNT}:oidc-provider/id.example.com`)
    await refusedChangesNothing(store, () => admin.createOpenIdConnectProvider({ account: ACCOUNT, url: 'https://id.example.com', clientIdList: ['app'] }), 'ERR_ENTITY_ALREADY_EXISTS')
    await admin.addClientIdToOpenIdConnectProvider({ openIdConnectProviderArn: arn, clientId: 'cli' })
    expect((await admin.getOpenIdConnectProvider({ openIdConnectProviderArn: arn })).clientIdList).toEqual(['app', 'cli'])
    await admin.removeClientIdFromOpenIdConnectProvider({ openIdConnectProviderArn: arn, clientId: 'app' })
    expect((await admin.listOpenIdConnectProviders({ account: ACCOUNT })).openIdConnectProviderList).toEqual([{ arn }])
    await admin.deleteOpenIdConnectProvider({ openIdConnectProviderArn: arn })
    await rejectsWith(admin.getOpenIdConnectProvider({ openIdConnectProviderArn: arn }), 'ERR_NO_SUCH_ENTITY')
  })

  it.each([
    ['plain http', { url: 'http://id.example.com', clientIdList: ['a'] }],
    ['a private JWK', { url: 'https://id.example.com', clientIdList: ['a'], jwks: { keys: [{ kty: 'EC', d: 'secret' }] } }],
    ['no client ids as a list', { url: 'https://id.example.com', clientIdList: 'a' }],
  ])('refuses a provider with %s', async (_, input) => {
    const { admin, store } = await setup()
    await refusedChangesNothing(store, () => admin.createOpenIdConnectProvider({ account: ACCOUNT, ...input } as never), 'ERR_VALIDATION')
  })

  it('stores a service identity with a public key only', async () => {
    const { admin, store } = await setup()
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    await admin.putServiceIdentity({ service: 'worker.app', publicKey: publicKey.export({ format: 'pem', type: 'spki' }).toString() })
    expect((await admin.listServiceIdentities()).services.map((s) => s.service)).toEqual(['worker.app'])
    await refusedChangesNothing(store, () => admin.putServiceIdentity({ service: 'bad', publicKey: 'x' }), 'ERR_VALIDATION')
    await refusedChangesNothing(store, () => admin.putServiceIdentity({ service: 'other.app', publicKey: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() }), 'ERR_VALIDATION')
    await admin.deleteServiceIdentity({ service: 'worker.app' })
    await rejectsWith(admin.getServiceIdentity({ service: 'worker.app' }), 'ERR_NO_SUCH_ENTITY')
  })
})

describe('ADMIN_OPERATIONS', () => {
  it('maps every operation to an existing admin method', async () => {
    const { admin } = await setup()
    for (const [name, op] of Object.entries(ADMIN_OPERATIONS)) {
      expect(typeof (admin as unknown as Record<string, unknown>)[op.method], name).toBe('function')
    }
    expect(ADMIN_OPERATIONS['EnableMFADevice']?.method).toBe('enableMfaDevice')
    expect(ADMIN_OPERATIONS['CreateOpenIDConnectProvider']?.method).toBe('createOpenIdConnectProvider')
  })

  it("names the entity's ARN, the account root for account-wide operations, and the reserved app account for app-wide ones", () => {
    const arn = (op: string, input: Record<string, unknown>) => ADMIN_OPERATIONS[op]!.resourceArn(input, 'app')
    expect(arn('CreateUser', { account: ACCOUNT, userName: 'bob', path: '/eng/' })).toBe(`arn:app:iam::${ACCOUNT}:user/eng/bob`)
    expect(arn('AttachRolePolicy', { account: ACCOUNT, roleName: 'R', policyArn: 'x' })).toBe(`arn:app:iam::${ACCOUNT}:role/R`)
    expect(arn('DeletePolicy', { policyArn: `arn:app:iam::${ACCOUNT}:policy/P` })).toBe(`arn:app:iam::${ACCOUNT}:policy/P`)
    expect(arn('ListUsers', { account: ACCOUNT })).toBe(`arn:app:iam::${ACCOUNT}:root`)
    expect(arn('CreateAccount', { account: ACCOUNT })).toBe('arn:app:iam::app:root')
    expect(() => arn('GetUser', { account: ACCOUNT, userName: '*' })).toThrow()
  })

  it('never takes the path of an existing entity from the input; resourceArnFor reads it from the store', async () => {
    const { admin } = await setup()
    await admin.createUser({ account: ACCOUNT, userName: 'ceo', path: '/admins/' })
    expect(ADMIN_OPERATIONS['DeleteUser']!.resourceArn({ account: ACCOUNT, userName: 'ceo', path: '/interns/' }, 'app')).toBe(`arn:app:iam::${ACCOUNT}:user/ceo`)
    expect(await admin.resourceArnFor('DeleteUser', { account: ACCOUNT, userName: 'ceo', path: '/interns/' })).toBe(`arn:app:iam::${ACCOUNT}:user/admins/ceo`)
    expect(await admin.resourceArnFor('CreateUser', { account: ACCOUNT, userName: 'new', path: '/interns/' })).toBe(`arn:app:iam::${ACCOUNT}:user/interns/new`)
  })
})

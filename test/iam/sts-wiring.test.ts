import { describe, expect, it } from 'vitest'
import { createIam } from '../../src/iam.js'
import { memoryStore } from '../../src/store/memory.js'
import { ACCOUNT, allow, tokenOptions, trust } from '../identity/helpers.js'

const DOC = `arn:app:docs::${ACCOUNT}:doc/1`

describe('createIam wires STS to the identity layer', () => {
  it('logs a user in, assumes a role through its trust policy, and authorizes the session with the role policies', async () => {
    const iam = await createIam({ store: memoryStore(), tokens: tokenOptions() })
    await iam.admin.createAccount({ account: ACCOUNT })
    const { user } = await iam.admin.createUser({ account: ACCOUNT, userName: 'alice' })
    await iam.admin.createLoginProfile({ account: ACCOUNT, userName: 'alice', password: 'correct horse battery' })
    await iam.admin.createRole({ account: ACCOUNT, roleName: 'Editor', assumeRolePolicyDocument: trust(user.arn) })
    await iam.admin.putRolePolicy({ account: ACCOUNT, roleName: 'Editor', policyName: 'edit', policyDocument: allow('docs:*') })

    const alice = await iam.sts.authenticate({ account: ACCOUNT, userName: 'alice', password: 'correct horse battery' })
    expect((await iam.authorize({ principal: alice, action: 'docs:GetDocument', resource: DOC })).decision).toBe('implicitDeny')

    const { principal: session, credentials } = await iam.sts.assumeRole({ caller: alice, roleArn: `arn:app:iam::${ACCOUNT}:role/Editor`, roleSessionName: 'work' })
    const verified = iam.sts.verifySessionToken(credentials.sessionToken)
    expect(verified.arn).toBe(`arn:app:sts::${ACCOUNT}:assumed-role/Editor/work`)
    expect((await iam.authorize({ principal: session, action: 'docs:GetDocument', resource: DOC })).decision).toBe('allowed')
    expect((await iam.authorize({ principal: verified, action: 'docs:GetDocument', resource: DOC })).decision).toBe('allowed')

    // revokeSessions attaches an inline deny through the admin API; it is enforced at once.
    await iam.sts.revokeSessions({ roleArn: `arn:app:iam::${ACCOUNT}:role/Editor` })
    expect((await iam.authorize({ principal: verified, action: 'docs:GetDocument', resource: DOC })).decision).toBe('explicitDeny')
    await iam.close()
  })
})

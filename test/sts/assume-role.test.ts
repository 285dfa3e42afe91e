/**
 * AssumeRole as AWS decides it: https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 * and "Policy evaluation logic" (trust policy = resource-based policy of the role).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { IamError } from '../../src/errors.js'
import type { Principal } from '../../src/identity/principal.js'
import { generateTotpSecret, totpCode } from '../../src/sts/totp.js'
import { A, allow, B, loginAs, PASSWORD, putRole, putUser, roleArn, trust, userArn, world, type World } from './helpers.js'

const T0 = Date.UTC(2024, 5, 1, 12, 0, 0)
const DAVE_MFA = `arn:app:iam::${A}:mfa/dave`

describe('assumeRole', () => {
  let w: World
  let alice: Principal
  let bob: Principal
  let carol: Principal
  let eve: Principal
  const daveSecret = generateTotpSecret()

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(T0)
    w = await world()
    const s = w.store
    await putUser(s, A, 'alice', { tags: [{ key: 'team', value: 'blue' }], inlinePolicies: { assume: allow('sts:AssumeRole', roleArn(A, 'AccountTrust')) } })
    await putUser(s, A, 'bob')
    await putUser(s, A, 'dave', { mfaDevices: [{ serialNumber: DAVE_MFA, secret: daveSecret, enableDate: '2024-01-01T00:00:00Z' }] })
    await putUser(s, B, 'carol', { inlinePolicies: { assume: allow('sts:AssumeRole', roleArn(A, 'Partner')) } })
    await putUser(s, B, 'eve')
    const aliceArn = userArn(A, 'alice')
    await putRole(s, A, 'Direct', trust({ AWS: aliceArn }), { maxSessionDuration: 7200, tags: [{ key: 'Department', value: 'Marketing' }, { key: 'team', value: 'red' }] })
    await putRole(s, A, 'AccountTrust', trust({ AWS: `arn:app:iam::${A}:root` }))
    await putRole(s, A, 'Partner', trust({ AWS: `arn:app:iam::${B}:root` }, 'sts:AssumeRole', { StringEquals: { 'sts:ExternalId': 'ext-123' } }))
    await putRole(s, A, 'MfaRole', trust({ AWS: [aliceArn, userArn(A, 'dave')] }, 'sts:AssumeRole', { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }))
    await putRole(s, A, 'Tagged', {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: aliceArn }, Action: 'sts:AssumeRole' },
        { Effect: 'Allow', Principal: { AWS: aliceArn }, Action: 'sts:TagSession', Condition: { StringEquals: { 'aws:RequestTag/project': 'p1' } } },
      ],
    }, { tags: [{ key: 'Department', value: 'Marketing' }] })
    await putRole(s, A, 'Sourced', trust({ AWS: [aliceArn, userArn(A, 'bob')] }, ['sts:AssumeRole', 'sts:SetSourceIdentity'], { StringLike: { 'sts:SourceIdentity': 'alice-*' } }))
    await putRole(s, A, 'ByTag', trust({ AWS: [aliceArn, userArn(A, 'bob')] }, 'sts:AssumeRole', { StringEquals: { 'aws:PrincipalTag/team': 'blue' } }))
    await putRole(s, A, 'FromOffice', trust({ AWS: aliceArn }, 'sts:AssumeRole', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }))
    const chainActions = ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity']
    await putRole(s, A, 'Chain1', trust({ AWS: aliceArn }, chainActions), { maxSessionDuration: 43_200, inlinePolicies: { chain: allow('sts:AssumeRole') } })
    await putRole(s, A, 'Chain2', trust({ AWS: roleArn(A, 'Chain1') }, chainActions), { maxSessionDuration: 43_200, inlinePolicies: { chain: allow('sts:AssumeRole') } })
    await putRole(s, A, 'Chain3', trust({ AWS: roleArn(A, 'Chain2') }))
    alice = await loginAs(w, A, 'alice')
    bob = await loginAs(w, A, 'bob')
    carol = await loginAs(w, B, 'carol')
    eve = await loginAs(w, B, 'eve')
  })
  afterEach(() => {
    w.sts.close()
    vi.useRealTimers()
  })

  const denied = (caller: Principal, role: string, action = 'sts:AssumeRole') =>
    expect.objectContaining({ code: 'ERR_ACCESS_DENIED', status: 403, message: `User: ${caller.arn} is not authorized to perform: ${action} on resource: ${roleArn(A, role)}` })

  // Issue 14: why a role was refused goes to `details` (for the audit log), never to the message.
  describe('the reason of a refusal, for the audit log', () => {
    const reasonOf = async (input: Parameters<World['sts']['assumeRole']>[0]) => {
      const error = (await w.sts.assumeRole(input).catch((e: unknown) => e)) as IamError
      expect(error).toEqual(denied(input.caller, input.roleArn.split('/').pop()!, error.message.includes('SetSourceIdentity') ? 'sts:SetSourceIdentity' : 'sts:AssumeRole'))
      return error.details
    }

    it('names a wrong or missing ExternalId, with the engine\'s decision', async () => {
      expect(await reasonOf({ caller: carol, roleArn: roleArn(A, 'Partner'), roleSessionName: 'probe', externalId: 'wrong-1' })).toMatchObject({
        reason: 'external-id', action: 'sts:AssumeRole', principalArn: carol.arn, roleArn: roleArn(A, 'Partner'),
        decision: { decision: 'implicitDeny', decidedBy: 'resource' },
      })
      expect(await reasonOf({ caller: carol, roleArn: roleArn(A, 'Partner'), roleSessionName: 'probe' })).toMatchObject({ reason: 'external-id', decision: { missingContextKeys: ['sts:ExternalId'] } })
    })

    it('names missing MFA, a source identity the trust policy does not accept, and a trust policy that names someone else', async () => {
      expect(await reasonOf({ caller: alice, roleArn: roleArn(A, 'MfaRole'), roleSessionName: 'probe' })).toMatchObject({ reason: 'mfa-absent' })
      expect(await reasonOf({ caller: bob, roleArn: roleArn(A, 'Sourced'), roleSessionName: 'probe', sourceIdentity: 'bob-1' })).toMatchObject({ reason: 'source-identity' })
      expect(await reasonOf({ caller: bob, roleArn: roleArn(A, 'Direct'), roleSessionName: 'probe' })).toMatchObject({ reason: 'trust-policy' })
      // A condition on another key (the source address) is the trust policy's own.
      expect(await reasonOf({ caller: alice, roleArn: roleArn(A, 'FromOffice'), roleSessionName: 'probe', context: { 'aws:SourceIp': '198.51.100.1' } })).toMatchObject({ reason: 'trust-policy' })
    })

    it('names the caller\'s own policies when the trust policy delegates to them, and a role that does not exist', async () => {
      expect(await reasonOf({ caller: bob, roleArn: roleArn(A, 'AccountTrust'), roleSessionName: 'probe' })).toMatchObject({ reason: 'identity-policy', decision: { decidedBy: 'identity' } })
      expect(await reasonOf({ caller: alice, roleArn: roleArn(A, 'Nobody'), roleSessionName: 'probe' })).toMatchObject({ reason: 'role-not-found' })
    })

    it('names conditions that are only met together', async () => {
      await putRole(w.store, A, 'Both', trust({ AWS: userArn(A, 'alice') }, 'sts:AssumeRole', { StringEquals: { 'sts:ExternalId': 'x-1' }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } }))
      expect(await reasonOf({ caller: alice, roleArn: roleArn(A, 'Both'), roleSessionName: 'probe' })).toMatchObject({ reason: 'trust-conditions', conditions: ['external-id', 'mfa-absent'] })
    })
  })

  describe('trust policy paths', () => {
    it('lets a same-account caller in when the trust policy names it, and answers as AWS does', async () => {
      const out = await w.sts.assumeRole({ caller: alice, roleArn: roleArn(A, 'Direct'), roleSessionName: 'alice-session' })
      expect(out.assumedRoleUser).toEqual({ arn: `arn:app:sts::${A}:assumed-role/Direct/alice-session`, assumedRoleId: `AROA${'DIRECT'.padEnd(17, 'X')}:alice-session` })
      expect(out.packedPolicySize).toBe(0)
      expect(out.credentials.expiration).toBe(new Date(T0 + 3600_000).toISOString())
      const p = w.sts.verifySessionToken(out.credentials.sessionToken)
      expect(p).toMatchObject({ type: 'assumedRole', arn: out.assumedRoleUser.arn, account: A, roleArn: roleArn(A, 'Direct'), roleName: 'Direct', sessionName: 'alice-session', chainDepth: 1, tokenIssueTime: T0 / 1000 })
      expect(p.userId).toBe(out.assumedRoleUser.assumedRoleId)
      expect([...p.tags]).toEqual([['Department', 'Marketing'], ['team', 'red']])
    })

    it('needs the identity policy too when the trust policy names only the account', async () => {
      expect((await w.sts.assumeRole({ caller: alice, roleArn: roleArn(A, 'AccountTrust'), roleSessionName: 's1' })).principal.roleName).toBe('AccountTrust')
      await expect(w.sts.assumeRole({ caller: bob, roleArn: roleArn(A, 'AccountTrust'), roleSessionName: 's1' })).rejects.toEqual(denied(bob, 'AccountTrust'))
    })

    it('needs both the trust policy and the identity policy across accounts, with the external id', async () => {
      const out = await w.sts.assumeRole({ caller: carol, roleArn: roleArn(A, 'Partner'), roleSessionName: 'carol', externalId: 'ext-123' })
      expect(out.principal.account).toBe(A)
      await expect(w.sts.assumeRole({ caller: carol, roleArn: roleArn(A, 'Partner'), roleSessionName: 'carol' })).rejects.toEqual(denied(carol, 'Partner'))
      await expect(w.sts.assumeRole({ caller: carol, roleArn: roleArn(A, 'Partner'), roleSessionName: 'carol', externalId: 'ext-124' })).rejects.toEqual(denied(carol, 'Partner'))
      await expect(w.sts.assumeRole({ caller: eve, roleArn: roleArn(A, 'Partner'), roleSessionName: 'eve', externalId: 'ext-123' })).rejects.toEqual(denied(eve, 'Partner'))
    })

    it('answers a missing role exactly like a role that does not trust the caller', async () => {
      const untrusted = await w.sts.assumeRole({ caller: bob, roleArn: roleArn(A, 'Direct'), roleSessionName: 'probe' }).catch((e: unknown) => e)
      await w.store.transact(async (tx) => { await tx.delete('role', A, 'Direct') })
      const missing = await w.sts.assumeRole({ caller: bob, roleArn: roleArn(A, 'Direct'), roleSessionName: 'probe' }).catch((e: unknown) => e)
      expect(missing).toEqual(denied(bob, 'Direct'))
      const visible = (e: unknown) => { const { code, status, awsCode, expose, message } = e as IamError; return { code, status, awsCode, expose, message } }
      expect(visible(missing)).toEqual(visible(untrusted))
      // Only the audit details, never shown to the caller, tell them apart.
      expect([(missing as IamError).details?.['reason'], (untrusted as IamError).details?.['reason']]).toEqual(['role-not-found', 'trust-policy'])
      // Limits that depend on the role are not checked before the trust policy allowed.
      await expect(w.sts.assumeRole({ caller: bob, roleArn: roleArn(A, 'Ghost'), roleSessionName: 'probe', durationSeconds: 43_200 })).rejects.toEqual(denied(bob, 'Ghost'))
    })

    it('refuses a role ARN whose path does not match the role', async () => {
      await expect(w.sts.assumeRole({ caller: alice, roleArn: `arn:app:iam::${A}:role/team/Direct`, roleSessionName: 's1' })).rejects.toMatchObject({ code: 'ERR_ACCESS_DENIED' })
    })

    it('requires MFA when the trust policy asks, from the session or from a code given now', async () => {
      await expect(w.sts.assumeRole({ caller: alice, roleArn: roleArn(A, 'MfaRole'), roleSessionName: 's1' })).rejects.toEqual(denied(alice, 'MfaRole'))
      const dave = await w.sts.login({ account: A, userName: 'dave', password: PASSWORD, mfaCode: totpCode(daveSecret, T0) })
      expect((await w.sts.assumeRole({ caller: dave.principal, roleArn: roleArn(A, 'MfaRole'), roleSessionName: 's1' })).principal.mfa.present).toBe(true)
      vi.setSystemTime(T0 + 30_000)
      const daveNoMfa = { ...dave.principal, mfa: { present: false } }
      const out = await w.sts.assumeRole({ caller: daveNoMfa, roleArn: roleArn(A, 'MfaRole'), roleSessionName: 's2', serialNumber: DAVE_MFA, tokenCode: totpCode(daveSecret, T0 + 30_000) })
      expect(out.principal.mfa).toEqual({ present: true, authTime: (T0 + 30_000) / 1000 })
      await expect(w.sts.assumeRole({ caller: daveNoMfa, roleArn: roleArn(A, 'MfaRole'), roleSessionName: 's3', serialNumber: DAVE_MFA, tokenCode: totpCode(daveSecret, T0 + 30_000) }))
        .rejects.toMatchObject({ code: 'ERR_ACCESS_DENIED', message: 'MultiFactorAuthentication failed with invalid MFA one time pass code.' })
    })

    it('decides on the caller principal tags', async () => {
      expect((await w.sts.assumeRole({ caller: alice, roleArn: roleArn(A, 'ByTag'), roleSessionName: 's1' })).principal.roleName).toBe('ByTag')
      await expect(w.sts.assumeRole({ caller: bob, roleArn: roleArn(A, 'ByTag'), roleSessionName: 's1' })).rejects.toEqual(denied(bob, 'ByTag'))
    })

    it('needs sts:TagSession to pass tags, with conditions on aws:RequestTag', async () => {
      const out = await w.sts.assumeRole({ caller: alice, roleArn: roleArn(A, 'Tagged'), roleSessionName: 's1', tags: [{ key: 'project', value: 'p1' }, { key: 'department', value: 'Eng' }] })
      // Session tags override role tags of the same key, whatever the case.
      expect(Object.fromEntries(out.principal.tags)).toEqual({ project: 'p1', department: 'Eng' })
      expect(out.packedPolicySize).toBe(Math.ceil(((7 + 2 + 10 + 3) * 100) / 2048))
      await expect(w.sts.assumeRole({ caller: alice, roleArn: roleArn(A, 'Tagged'), roleSessionName: 's1', tags: [{ key: 'project', value: 'p2' }] })).rejects.toEqual(denied(alice, 'Tagged', 'sts:TagSession'))
      await expect(w.sts.assumeRole({ caller: alice, roleArn: roleArn(A, 'Direct'), roleSessionName: 's1', tags: [{ key: 'project', value: 'p1' }] })).rejects.toEqual(denied(alice, 'Direct', 'sts:TagSession'))
    })

    it('needs sts:SetSourceIdentity to set a source identity, with conditions on sts:SourceIdentity', async () => {
      const out = await w.sts.assumeRole({ caller: alice, roleArn: roleArn(A, 'Sourced'), roleSessionName: 's1', sourceIdentity: 'alice-1' })
      expect(out.sourceIdentity).toBe('alice-1')
      expect(w.sts.verifySessionToken(out.credentials.sessionToken).sourceIdentity).toBe('alice-1')
      await expect(w.sts.assumeRole({ caller: alice, roleArn: roleArn(A, 'Sourced'), roleSessionName: 's1' })).rejects.toEqual(denied(alice, 'Sourced'))
      await expect(w.sts.assumeRole({ caller: bob, roleArn: roleArn(A, 'Sourced'), roleSessionName: 's1', sourceIdentity: 'bob-1' })).rejects.toEqual(denied(bob, 'Sourced'))
      await expect(w.sts.assumeRole({ caller: alice, roleArn: roleArn(A, 'Direct'), roleSessionName: 's1', sourceIdentity: 'alice-1' })).rejects.toEqual(denied(alice, 'Direct', 'sts:SetSourceIdentity'))
    })

    it('takes request facts such as aws:SourceIp from the caller, never facts about the caller itself', async () => {
      expect((await w.sts.assumeRole({ caller: alice, roleArn: roleArn(A, 'FromOffice'), roleSessionName: 's1', context: { 'aws:SourceIp': '203.0.113.7' } })).principal.roleName).toBe('FromOffice')
      await expect(w.sts.assumeRole({ caller: alice, roleArn: roleArn(A, 'FromOffice'), roleSessionName: 's1', context: { 'aws:SourceIp': '198.51.100.7' } })).rejects.toEqual(denied(alice, 'FromOffice'))
      for (const key of ['aws:PrincipalTag/team', 'AWS:MultiFactorAuthPresent', 'sts:ExternalId', 'aws:TokenIssueTime', 'accounts.example.com:sub']) {
        await expect(w.sts.assumeRole({ caller: bob, roleArn: roleArn(A, 'ByTag'), roleSessionName: 's1', context: { [key]: 'blue' } })).rejects.toMatchObject({ code: 'ERR_INVALID_PARAMETER' })
      }
    })

    it('refuses root callers', async () => {
      const root: Principal = { type: 'root', arn: `arn:app:iam::${A}:root`, account: A, userId: A, tags: new Map(), mfa: { present: false }, chainDepth: 0 }
      await expect(w.sts.assumeRole({ caller: root, roleArn: roleArn(A, 'AccountTrust'), roleSessionName: 's1' })).rejects.toMatchObject({ code: 'ERR_ACCESS_DENIED', message: 'Roles may not be assumed by root accounts.' })
    })
  })

  describe('role chaining', () => {
    async function chain1(): Promise<Principal> {
      const out = await w.sts.assumeRole({
        caller: alice, roleArn: roleArn(A, 'Chain1'), roleSessionName: 'one', sourceIdentity: 'alice-src',
        tags: [{ key: 'project', value: 'p1' }, { key: 'cost', value: 'c9' }], transitiveTagKeys: ['project'],
      })
      return w.sts.verifySessionToken(out.credentials.sessionToken)
    }

    it('carries transitive tags and the source identity, and counts the depth', async () => {
      const one = await chain1()
      expect(one).toMatchObject({ chainDepth: 1, transitiveTagKeys: ['project'], sourceIdentity: 'alice-src' })
      const two = (await w.sts.assumeRole({ caller: one, roleArn: roleArn(A, 'Chain2'), roleSessionName: 'two' })).principal
      expect(two).toMatchObject({ chainDepth: 2, transitiveTagKeys: ['project'], sourceIdentity: 'alice-src' })
      expect([...two.tags]).toEqual([['project', 'p1']])
    })

    it('caps chained sessions at one hour, whatever the role allows', async () => {
      const one = await chain1()
      await expect(w.sts.assumeRole({ caller: one, roleArn: roleArn(A, 'Chain2'), roleSessionName: 'two', durationSeconds: 3601 }))
        .rejects.toMatchObject({ code: 'ERR_VALIDATION', message: 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.' })
      expect((await w.sts.assumeRole({ caller: one, roleArn: roleArn(A, 'Chain2'), roleSessionName: 'two', durationSeconds: 3600 })).principal.chainDepth).toBe(2)
    })

    it('never lets the source identity change, nor a session tag override an inherited transitive tag', async () => {
      const one = await chain1()
      await expect(w.sts.assumeRole({ caller: one, roleArn: roleArn(A, 'Chain2'), roleSessionName: 'two', sourceIdentity: 'someone-else' })).rejects.toMatchObject({ code: 'ERR_INVALID_PARAMETER' })
      expect((await w.sts.assumeRole({ caller: one, roleArn: roleArn(A, 'Chain2'), roleSessionName: 'two', sourceIdentity: 'alice-src' })).sourceIdentity).toBe('alice-src')
      await expect(w.sts.assumeRole({ caller: one, roleArn: roleArn(A, 'Chain2'), roleSessionName: 'two', tags: [{ key: 'PROJECT', value: 'p2' }] })).rejects.toMatchObject({ code: 'ERR_INVALID_PARAMETER' })
    })

    it('needs sts:SetSourceIdentity on the next role when the source identity is carried', async () => {
      const one = await chain1()
      const two = (await w.sts.assumeRole({ caller: one, roleArn: roleArn(A, 'Chain2'), roleSessionName: 'two' })).principal
      await expect(w.sts.assumeRole({ caller: two, roleArn: roleArn(A, 'Chain3'), roleSessionName: 'three' })).rejects.toMatchObject({ code: 'ERR_ACCESS_DENIED', message: expect.stringContaining('sts:SetSourceIdentity') })
    })
  })

  describe('limits', () => {
    const assume = (extra: Record<string, unknown>) => w.sts.assumeRole({ caller: alice, roleArn: roleArn(A, 'Direct'), roleSessionName: 'ok-name', ...extra })
    const validation = { code: 'ERR_VALIDATION', status: 400 }

    it('accepts session names of 2 to 64 characters of [\\w+=,.@-]', async () => {
      expect((await assume({ roleSessionName: 'a=b,c.d@e-f+g_h' })).principal.sessionName).toBe('a=b,c.d@e-f+g_h')
      expect((await assume({ roleSessionName: 'x'.repeat(64) })).principal.sessionName).toHaveLength(64)
      for (const name of ['a', 'x'.repeat(65), 'has space', 'a/b', 'a*', '', undefined]) await expect(assume({ roleSessionName: name })).rejects.toMatchObject(validation)
    })

    it('accepts durations from 900 seconds to the role maximum, never clamping', async () => {
      expect(Date.parse((await assume({ durationSeconds: 900 })).credentials.expiration) - T0).toBe(900_000)
      expect(Date.parse((await assume({ durationSeconds: 7200 })).credentials.expiration) - T0).toBe(7_200_000)
      await expect(assume({ durationSeconds: 899 })).rejects.toMatchObject(validation)
      await expect(assume({ durationSeconds: 7201 })).rejects.toMatchObject({ ...validation, message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.' })
      await expect(assume({ durationSeconds: 43_201 })).rejects.toMatchObject(validation)
      await expect(assume({ durationSeconds: 1000.5 })).rejects.toMatchObject(validation)
    })

    it('accepts at most 50 session tags, unique case-insensitively, with transitive keys among them', async () => {
      const tags = Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: 'v' }))
      await expect(assume({ tags })).rejects.toMatchObject(validation)
      await expect(assume({ tags: [{ key: 'a', value: '1' }, { key: 'A', value: '2' }] })).rejects.toMatchObject({ code: 'ERR_INVALID_PARAMETER', message: expect.stringContaining('Duplicate tag keys') })
      await expect(assume({ tags: [{ key: 'a', value: '1' }], transitiveTagKeys: ['b'] })).rejects.toMatchObject({ code: 'ERR_INVALID_PARAMETER' })
      await expect(assume({ tags: [{ key: 'aws:x', value: '1' }] })).rejects.toMatchObject({ code: 'ERR_INVALID_PARAMETER' })
      await expect(assume({ tags: [{ key: 'k', value: 'v'.repeat(257) }] })).rejects.toMatchObject(validation)
    })

    it('accepts at most 10 managed session policy ARNs', async () => {
      const arn = (i: number) => ({ arn: `arn:app:iam::${A}:policy/p${i}` })
      expect((await assume({ policyArns: Array.from({ length: 10 }, (_, i) => arn(i)) })).principal.sessionPolicyArns).toHaveLength(10)
      await expect(assume({ policyArns: Array.from({ length: 11 }, (_, i) => arn(i)) })).rejects.toMatchObject(validation)
      await expect(assume({ policyArns: [{ arn: 'not-an-arn-at-all-really' }] })).rejects.toMatchObject(validation)
    })

    it('embeds a valid session policy, refuses an invalid one and one over the packed quota', async () => {
      const policy = allow('docs:GetDocument', `arn:app:docs::${A}:project/p1/*`)
      const out = await assume({ policy: JSON.stringify(policy, null, 2) })
      expect(out.packedPolicySize).toBe(Math.ceil((JSON.stringify(policy).length * 100) / 2048))
      expect(w.sts.verifySessionToken(out.credentials.sessionToken).sessionPolicy).toEqual(out.principal.sessionPolicy)
      expect(out.principal.sessionPolicy).toMatchObject({ Statement: expect.anything() })
      await expect(assume({ policy: { Version: '2012-10-17', Statement: [{ Effect: 'Maybe', Action: '*', Resource: '*' }] } })).rejects.toMatchObject({ code: 'ERR_POLICY_INVALID' })
      const big = allow(Array.from({ length: 200 }, (_, i) => `docs:Action${i}`))
      await expect(assume({ policy: big })).rejects.toMatchObject({ code: 'ERR_PACKED_POLICY_TOO_LARGE', status: 400 })
    })
  })
})

/**
 * `iam-guard simulate` for role assumption (issue 14): sts:AssumeRole on a role ARN is decided
 * with the role's trust policy, and --mfa, --external-id and --source-identity are what the
 * AssumeRole call would carry (AWS "How to use an external ID when granting access to your AWS
 * resources to a third party"; "Configuring MFA-protected API access").
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cli, tempDir } from './helpers.js'

const ACCOUNT = '111122223333'
const alice = `arn:app:iam::${ACCOUNT}:user/alice`
const role = (name: string) => `arn:app:iam::${ACCOUNT}:role/${name}`
const trust = (condition: Record<string, Record<string, string>>) => ({
  Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: alice }, Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'], Condition: condition }],
})
const storeDocument = {
  version: 1,
  partition: 'app',
  accounts: {
    [ACCOUNT]: {
      users: { alice: {} },
      roles: {
        Partner: { assumeRolePolicyDocument: trust({ StringEquals: { 'sts:ExternalId': 'ext-42' } }) },
        Admin: { assumeRolePolicyDocument: trust({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }) },
        Audited: { assumeRolePolicyDocument: trust({ StringLike: { 'sts:SourceIdentity': 'alice-*' } }) },
      },
    },
  },
}

describe('iam-guard simulate with role trust policies', () => {
  let t: Awaited<ReturnType<typeof tempDir>>
  let store: string
  beforeEach(async () => {
    t = await tempDir()
    store = await t.file('iam.json', storeDocument)
  })
  afterEach(async () => { await t.cleanup() })

  const simulate = (...args: string[]) => cli('simulate', '--store', store, '--principal', alice, '--action', 'sts:AssumeRole', ...args)

  it('denies without the ExternalId, names the missing key and the trust policy, and allows with it', async () => {
    const denied = await simulate('--resource', role('Partner'))
    expect(denied.code).toBe(1)
    expect(denied.stdout).toContain('implicitDeny')
    expect(denied.stdout).toContain(`decided with the trust policy of ${role('Partner')}`)
    expect(denied.stdout).toContain('missing context keys: sts:ExternalId')
    const allowed = await simulate('--resource', role('Partner'), '--external-id', 'ext-42')
    expect(allowed.code).toBe(0)
    expect(allowed.stdout).toContain(`${role('Partner')}#trust`)
  })

  it('takes --mfa and --source-identity, in JSON too', async () => {
    expect((await simulate('--resource', role('Admin'))).code).toBe(1)
    const mfa = await simulate('--resource', role('Admin'), '--mfa', '--json')
    expect(mfa.code).toBe(0)
    expect(JSON.parse(mfa.stdout).results[0]).toMatchObject({ decision: 'allowed', trustPolicyOf: role('Admin') })
    expect((await simulate('--resource', role('Audited'), '--source-identity', 'alice-laptop')).code).toBe(0)
    expect((await simulate('--resource', role('Audited'), '--source-identity', 'mallory')).code).toBe(1)
  })

  it('refuses an ExternalId STS would refuse with exit 2', async () => {
    const run = await simulate('--resource', role('Partner'), '--external-id', 'x')
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('externalId')
  })
})

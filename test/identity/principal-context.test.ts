/**
 * AWS global condition context keys:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 */
import { describe, expect, it } from 'vitest'
import { principalContext } from '../../src/identity/principal-context.js'
import type { Principal } from '../../src/identity/principal.js'

const user: Principal = {
  type: 'user', arn: 'arn:app:iam::111:user/eng/alice', account: '111', userId: 'AIDAEXAMPLE', userName: 'alice',
  tags: new Map([['Team', 'red'], ['__proto__', 'x']]), mfa: { present: false }, chainDepth: 0,
}

describe('principalContext', () => {
  it('describes an IAM user with lower-cased keys', () => {
    const ctx = principalContext(user, 0)
    expect(ctx.get('aws:principalarn')).toBe(user.arn)
    expect(ctx.get('aws:principalaccount')).toBe('111')
    expect(ctx.get('aws:principaltype')).toBe('User')
    expect(ctx.get('aws:userid')).toBe('AIDAEXAMPLE')
    expect(ctx.get('aws:username')).toBe('alice')
    expect(ctx.get('aws:principaltag/team')).toBe('red')
    expect(ctx.get('aws:principaltag/__proto__')).toBe('x')
    expect(ctx.get('aws:principalisawsservice')).toBe(false)
  })

  it('leaves out aws:MultiFactorAuthPresent for long-term credentials, as AWS does', () => {
    // "This key is not present when an IAM entity uses long-term credentials (access keys)".
    expect(principalContext(user, 0).has('aws:multifactorauthpresent')).toBe(false)
    expect(principalContext(user, 0).has('aws:tokenissuetime')).toBe(false)
  })

  it('describes a role session: the ROLE ARN as aws:PrincipalArn, no aws:username, token and MFA facts', () => {
    const session: Principal = {
      type: 'assumedRole', arn: 'arn:app:sts::111:assumed-role/Admin/s1', account: '111', userId: 'AROAEXAMPLE:s1',
      roleArn: 'arn:app:iam::111:role/ops/Admin', roleName: 'Admin', sessionName: 's1', tags: new Map(),
      mfa: { present: true, authTime: 1_700_000_000 }, tokenIssueTime: 1_700_000_100, sourceIdentity: 'alice', chainDepth: 1,
    }
    const ctx = principalContext(session, 1_700_000_400_000)
    expect(ctx.get('aws:principalarn')).toBe('arn:app:iam::111:role/ops/Admin')
    expect(ctx.get('aws:principaltype')).toBe('AssumedRole')
    expect(ctx.get('aws:userid')).toBe('AROAEXAMPLE:s1')
    expect(ctx.has('aws:username')).toBe(false)
    expect(ctx.get('aws:multifactorauthpresent')).toBe(true)
    expect(ctx.get('aws:multifactorauthage')).toBe(400)
    expect(ctx.get('aws:tokenissuetime')).toBe(new Date(1_700_000_100_000).toISOString())
    expect(ctx.get('aws:sourceidentity')).toBe('alice')
  })

  it('says false for a session without MFA and exposes web identity claims and the provider', () => {
    const session: Principal = {
      type: 'assumedRole', arn: 'arn:app:sts::111:assumed-role/Web/s', account: '111', userId: 'AROAX:s', roleArn: 'arn:app:iam::111:role/Web',
      tags: new Map(), mfa: { present: false }, tokenIssueTime: 1, chainDepth: 1,
      federatedProvider: 'arn:app:iam::111:oidc-provider/id.example.com', webIdentityClaims: { 'id.example.com:sub': 'u1', 'id.example.com:amr': ['pwd', 'mfa'] },
    }
    const ctx = principalContext(session, 0)
    expect(ctx.get('aws:multifactorauthpresent')).toBe(false)
    expect(ctx.has('aws:multifactorauthage')).toBe(false)
    expect(ctx.get('aws:federatedprovider')).toBe('arn:app:iam::111:oidc-provider/id.example.com')
    expect(ctx.get('id.example.com:sub')).toBe('u1')
    expect(ctx.get('id.example.com:amr')).toEqual(['pwd', 'mfa'])
  })

  it('names the account root as type Account', () => {
    const root: Principal = { type: 'root', arn: 'arn:app:iam::111:root', account: '111', userId: '111', tags: new Map(), mfa: { present: false }, chainDepth: 0 }
    expect(principalContext(root, 0).get('aws:principaltype')).toBe('Account')
  })
})

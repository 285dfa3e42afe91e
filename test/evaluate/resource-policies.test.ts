/**
 * Resource-based policies: how the Principal names the caller, same account vs cross account.
 * AWS "How AWS enforcement code logic evaluates requests to allow or deny access", table
 * "Resource-based policies and implicit denies in other policy types (same account)", and
 * "Cross-account policy evaluation logic" (reference_policies_evaluation-logic-cross-account.html).
 */
import { describe, expect, it } from 'vitest'
import { evaluate } from '../../src/evaluate/index.js'
import { A, B, OBJECT, ROLE, SESSION, USER, allow, allowFor, deny, doc } from './helpers.js'

const get = (principal: string, resource = OBJECT, extra: object = {}) => ({ principal, action: 's3:GetObject', resource, ...extra })
const grant = (principal: string | string[]) => doc(allowFor({ AWS: principal }, 's3:GetObject', OBJECT))
const noIdentity = doc(allow('ec2:*'))

describe('resource-based policies in the same account', () => {
  it('IAM user: an allow naming the user ARN is not limited by an implicit deny in identity policies or the boundary', () => {
    const d = evaluate(get(USER), { identityPolicies: [noIdentity], permissionBoundary: doc(allow('ec2:*')), resourcePolicy: grant(USER) })
    expect(d).toMatchObject({ decision: 'allowed', reason: 'allowed by a resource-based policy' })
  })

  it('IAM role session: an allow naming the session ARN is not limited by identity, boundary or session policies', () => {
    const d = evaluate(get(SESSION), {
      identityPolicies: [noIdentity], permissionBoundary: doc(allow('ec2:*')), sessionPolicies: [doc(allow('ec2:*'))], resourcePolicy: grant(SESSION),
    })
    expect(d.decision).toBe('allowed')
  })

  describe('IAM role: "Resource-based policies that grant permissions to an IAM role ARN are limited by an implicit deny in a permissions boundary or session policy"', () => {
    const context = { context: { 'aws:PrincipalArn': ROLE } }

    it('allows a session of the role without any identity policy allow', () => {
      const d = evaluate(get(SESSION, OBJECT, context), { identityPolicies: [noIdentity], resourcePolicy: grant(ROLE) })
      expect(d).toMatchObject({ decision: 'allowed', reason: 'allowed by a resource-based policy' })
    })

    it('is limited by the permissions boundary', () => {
      const d = evaluate(get(SESSION, OBJECT, context), { permissionBoundary: doc(allow('ec2:*')), resourcePolicy: grant(ROLE) })
      expect(d).toMatchObject({ decision: 'implicitDeny', decidedBy: 'boundary' })
    })

    it('is limited by session policies', () => {
      const d = evaluate(get(SESSION, OBJECT, context), { sessionPolicies: [doc(allow('ec2:*'))], resourcePolicy: grant(ROLE) })
      expect(d).toMatchObject({ decision: 'implicitDeny', decidedBy: 'session' })
    })

    it('allows when the boundary and session policies allow, and lists them', () => {
      const d = evaluate(get(SESSION, OBJECT, context), {
        permissionBoundary: doc(allow('s3:*')), sessionPolicies: [doc(allow('s3:*'))], resourcePolicy: grant(ROLE),
      })
      expect(d.decision).toBe('allowed')
      expect(d.matched.map((m) => m.policyType)).toEqual(['resource', 'boundary', 'session'])
    })

    it('matches the role with its path through aws:PrincipalArn, since a session ARN drops the path', () => {
      expect(evaluate(get(SESSION), { resourcePolicy: grant(ROLE) }).decision).toBe('implicitDeny')
      expect(evaluate(get(SESSION, OBJECT, context), { resourcePolicy: grant(ROLE) }).decision).toBe('allowed')
    })

    it('matches a role without a path from the session ARN alone', () => {
      expect(evaluate(get(SESSION), { resourcePolicy: grant(`arn:aws:iam::${A}:role/Deployer`) }).decision).toBe('allowed')
    })

    it('ignores an aws:PrincipalArn that names a different role than the session', () => {
      const spoof = { context: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/Admin` } }
      expect(evaluate(get(SESSION, OBJECT, spoof), { resourcePolicy: grant(`arn:aws:iam::${A}:role/Admin`) }).decision).toBe('implicitDeny')
    })

    it('prefers the session grant when a statement names both the role and the session', () => {
      const d = evaluate(get(SESSION, OBJECT, context), { permissionBoundary: doc(allow('ec2:*')), resourcePolicy: grant([ROLE, SESSION]) })
      expect(d.decision).toBe('allowed')
    })

    it('does not let a Principal naming a session match another session of the same role', () => {
      const other = `arn:aws:sts::${A}:assumed-role/Deployer/mallory`
      expect(evaluate(get(other), { resourcePolicy: grant(SESSION) }).decision).toBe('implicitDeny')
    })
  })

  describe('the account as principal delegates to identity-based policies', () => {
    for (const account of [A, `arn:aws:iam::${A}:root`]) {
      it(`an allow for ${account} needs an identity allow too`, () => {
        expect(evaluate(get(USER), { resourcePolicy: grant(account) })).toMatchObject({ decision: 'implicitDeny', decidedBy: 'identity' })
        expect(evaluate(get(USER), { resourcePolicy: grant(account), identityPolicies: [doc(allow('s3:GetObject'))] }).decision).toBe('allowed')
      })
    }

    it('"*" grants every principal directly', () => {
      const d = evaluate(get(USER), { resourcePolicy: doc(allowFor('*', 's3:GetObject', OBJECT)) })
      expect(d.decision).toBe('allowed')
      expect(evaluate(get(SESSION), { resourcePolicy: doc(allowFor({ AWS: '*' }, 's3:GetObject', OBJECT)) }).decision).toBe('allowed')
    })
  })

  it('applies a resource-based Deny only to the principals it names', () => {
    const set = { identityPolicies: [doc(allow('s3:*'))], resourcePolicy: doc({ ...deny('s3:GetObject', OBJECT), Principal: { AWS: `arn:aws:iam::${A}:user/bob` } }) }
    expect(evaluate(get(USER), set).decision).toBe('allowed')
    expect(evaluate(get(`arn:aws:iam::${A}:user/bob`), set).decision).toBe('explicitDeny')
  })

  it('grants a service principal named in a trust policy, and nothing else', () => {
    const trust = doc({ Effect: 'Allow', Principal: { Service: 'worker.app' }, Action: 'sts:AssumeRole' })
    const request = { principal: 'worker.app', action: 'sts:AssumeRole', resource: ROLE }
    expect(evaluate(request, { resourcePolicy: trust })).toMatchObject({ decision: 'allowed', reason: 'allowed by a resource-based policy' })
    expect(evaluate({ ...request, principal: 'other.app' }, { resourcePolicy: trust }).decidedBy).toBe('resource')
  })

  it('grants a federated identity provider named in a trust policy', () => {
    const provider = `arn:aws:iam::${A}:oidc-provider/login.example.com`
    const trust = doc({ Effect: 'Allow', Principal: { Federated: provider }, Action: 'sts:AssumeRoleWithWebIdentity' })
    const request = { principal: provider, action: 'sts:AssumeRoleWithWebIdentity', resource: ROLE }
    expect(evaluate(request, { resourcePolicy: trust }).decision).toBe('allowed')
    expect(evaluate({ ...request, principal: `arn:aws:iam::${A}:oidc-provider/evil.example.com` }, { resourcePolicy: trust }).decision).toBe('implicitDeny')
  })
})

describe('cross-account requests: "The request is allowed only if both evaluations return a decision of Allow"', () => {
  const foreign = `arn:aws:s3::${B}:reports/q1.csv`
  const foreignGrant = (principal: string) => doc(allowFor({ AWS: principal }, 's3:GetObject', foreign))

  it('needs the resource-based policy of the trusting account', () => {
    const d = evaluate(get(USER, foreign), { identityPolicies: [doc(allow('s3:*'))] })
    expect(d).toMatchObject({ decision: 'implicitDeny', decidedBy: 'resource', reason: 'no resource-based policy allows the action' })
  })

  it('needs the identity-based policy of the trusted account even when the resource policy names the user', () => {
    expect(evaluate(get(USER, foreign), { resourcePolicy: foreignGrant(USER) })).toMatchObject({ decision: 'implicitDeny', decidedBy: 'identity' })
  })

  it('allows when both allow, and lists both', () => {
    const d = evaluate(get(USER, foreign), { resourcePolicy: foreignGrant(A), identityPolicies: [doc(allow('s3:GetObject'))] })
    expect(d).toMatchObject({ decision: 'allowed', reason: 'allowed by a resource-based policy and an identity-based policy' })
    expect(d.matched.map((m) => m.policyType)).toEqual(['resource', 'identity'])
  })

  it('applies the caller\'s permissions boundary and session policies even to a grant naming the session', () => {
    const set = { resourcePolicy: foreignGrant(SESSION), identityPolicies: [doc(allow('s3:*'))] }
    expect(evaluate(get(SESSION, foreign), { ...set, permissionBoundary: doc(allow('ec2:*')) }).decidedBy).toBe('boundary')
    expect(evaluate(get(SESSION, foreign), { ...set, sessionPolicies: [doc(allow('ec2:*'))] }).decidedBy).toBe('session')
    expect(evaluate(get(SESSION, foreign), set).decision).toBe('allowed')
  })

  it('takes the resource account from request.resourceAccount when the ARN has none', () => {
    const set = { identityPolicies: [doc(allow('s3:*'))] }
    expect(evaluate(get(USER, OBJECT), set).decision).toBe('allowed')
    expect(evaluate(get(USER, OBJECT, { resourceAccount: B }), set).decidedBy).toBe('resource')
    expect(evaluate(get(USER, OBJECT, { resourceAccount: A }), set).decision).toBe('allowed')
  })

  it('compares partitions as data: the same account id in another partition is another account', () => {
    const app = `arn:app:docs::${A}:project/p1`
    expect(evaluate({ principal: `arn:app:iam::${A}:user/alice`, action: 'docs:Get', resource: app }, { identityPolicies: [doc(allow('docs:Get'))] }).decision).toBe('allowed')
    expect(evaluate({ principal: USER, action: 'docs:Get', resource: app }, { identityPolicies: [doc(allow('docs:Get'))] }).decidedBy).toBe('resource')
  })
})

// AWS "AWS JSON policy elements: Principal": "AWS": "123456789012" is short for
// arn:PARTITION:iam::123456789012:root, in the partition of the resource; partitions are
// separate worlds ("IAM identifiers"), so the same id in another partition is another account.
describe('a bare account id in a Principal element', () => {
  const appUser = `arn:app:iam::${A}:user/alice`
  const appDoc = `arn:app:docs::${A}:project/p1`
  const byId = (resource: string) => doc(allowFor({ AWS: A }, 'docs:Get', resource))

  it('names the account in the partition of the resource being accessed', () => {
    expect(evaluate({ principal: appUser, action: 'docs:Get', resource: appDoc }, { resourcePolicy: byId(appDoc), identityPolicies: [doc(allow('docs:Get'))] }).decision).toBe('allowed')
    expect(evaluate(get(USER), { resourcePolicy: doc(allowFor({ AWS: A }, 's3:GetObject', OBJECT)), identityPolicies: [doc(allow('s3:GetObject'))] }).decision).toBe('allowed')
  })

  it('does not name the same account id in another partition', () => {
    const foreignDoc = `arn:app:docs::${B}:project/p1`
    const set = { resourcePolicy: byId(foreignDoc), identityPolicies: [doc(allow('docs:Get'))] }
    expect(evaluate({ principal: `arn:app:iam::${A}:user/alice`, action: 'docs:Get', resource: foreignDoc }, set).decision).toBe('allowed')
    // An `aws` caller with the same id is named neither by the resource's partition nor its own.
    expect(evaluate({ principal: USER, action: 'docs:Get', resource: foreignDoc }, set).decidedBy).toBe('resource')
  })

  it('takes the caller\'s partition when the resource is "*"', () => {
    const set = { resourcePolicy: byId('*'), identityPolicies: [doc(allow('docs:Get'))] }
    expect(evaluate({ principal: appUser, action: 'docs:Get', resource: '*', resourceAccount: B }, set).decision).toBe('allowed')
  })

  it('does not let a Deny with NotPrincipal leave out a caller of the same id in another partition', () => {
    const policy = doc({ Effect: 'Deny', NotPrincipal: { AWS: A }, Action: 'docs:Get', Resource: appDoc })
    const set = { resourcePolicy: policy, identityPolicies: [doc(allow('docs:Get'))] }
    expect(evaluate({ principal: `arn:app:iam::${A}:root`, action: 'docs:Get', resource: appDoc }, set).decision).toBe('allowed')
    expect(evaluate({ principal: `arn:aws:iam::${A}:root`, action: 'docs:Get', resource: appDoc }, set).decision).toBe('explicitDeny')
  })
})

describe('NotPrincipal ("AWS JSON policy elements: NotPrincipal")', () => {
  const bob = `arn:aws:iam::${B}:user/Bob`
  const bucket = `arn:aws:s3::${A}:reports/x`
  const set = (names: string[]) => ({
    identityPolicies: [doc(allow('s3:*'))],
    resourcePolicy: doc({ Effect: 'Deny', NotPrincipal: { AWS: names }, Action: 's3:*', Resource: bucket }, allowFor('*', 's3:*', bucket)),
  })

  it('denies everyone except the listed user and account (the documented example)', () => {
    const names = [bob, `arn:aws:iam::${B}:root`]
    expect(evaluate(get(bob, bucket), set(names)).decision).toBe('allowed')
    expect(evaluate(get(`arn:aws:iam::${B}:user/eve`, bucket), set(names)).decision).toBe('explicitDeny')
    expect(evaluate(get(USER, bucket), set(names)).decision).toBe('explicitDeny')
  })

  it('still denies the user when only the user and not its account is listed ("might deny access to the entire account")', () => {
    expect(evaluate(get(bob, bucket), set([bob])).decision).toBe('explicitDeny')
  })

  it('leaves out an assumed-role session only when the session, its role and its account are listed', () => {
    const session = `arn:aws:sts::${B}:assumed-role/cross-account-read-only-role/cross-account-audit-app`
    const role = `arn:aws:iam::${B}:role/cross-account-read-only-role`
    expect(evaluate(get(session, bucket), set([session, role, `arn:aws:iam::${B}:root`])).decision).toBe('allowed')
    expect(evaluate(get(session, bucket), set([session, `arn:aws:iam::${B}:root`])).decision).toBe('explicitDeny')
  })

  it('applies an Allow with NotPrincipal only to callers none of whose links is listed', () => {
    const policy = doc({ Effect: 'Allow', NotPrincipal: { AWS: [`arn:aws:iam::${B}:root`] }, Action: 's3:GetObject', Resource: bucket })
    expect(evaluate(get(`arn:aws:iam::${A}:user/carol`, bucket), { resourcePolicy: policy }).decision).toBe('allowed')
    expect(evaluate(get(bob, bucket), { resourcePolicy: policy, identityPolicies: [doc(allow('s3:*'))] }).decidedBy).toBe('resource')
  })
})

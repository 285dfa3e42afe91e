/**
 * The evaluation flow chart, branch by branch. AWS "Policy evaluation for requests within a
 * single account" and "How AWS enforcement code logic evaluates requests to allow or deny access"
 * (docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html):
 * deny evaluation → SCPs (guardrails) → resource-based policies → permissions boundaries →
 * session policies → identity-based policies.
 */
import { describe, expect, it } from 'vitest'
import { evaluate } from '../../src/evaluate/index.js'
import { A, OBJECT, SESSION, USER, allow, allowFor, deny, doc } from './helpers.js'

const get = { principal: USER, action: 's3:GetObject', resource: OBJECT }
const identity = doc(allow('s3:GetObject', OBJECT))

describe('the evaluation flow chart', () => {
  it('denies implicitly when no policy applies at all ("By default, all requests are implicitly denied")', () => {
    const d = evaluate(get, {})
    expect(d).toEqual({
      decision: 'implicitDeny', decidedBy: 'identity', reason: 'no identity-based policy allows the action', matched: [], missingContextKeys: [],
    })
  })

  it('allows when only an identity-based policy allows ("If only identity-based policies apply … at least one Allow")', () => {
    const d = evaluate(get, { identityPolicies: [{ id: 'p1', document: identity }] })
    expect(d.decision).toBe('allowed')
    expect(d.decidedBy).toBeUndefined()
    expect(d.reason).toBe('allowed by an identity-based policy')
    expect(d.matched).toEqual([{ policyId: 'p1', policyType: 'identity', sid: undefined, statementIndex: 0, effect: 'Allow' }])
  })

  describe('step 1, deny evaluation: "If the code finds even one explicit deny that applies … Deny"', () => {
    const cases = [
      ['identity', { identityPolicies: [identity, doc(deny('s3:*'))] }, 'explicit deny in an identity-based policy'],
      ['boundary', { identityPolicies: [identity], permissionBoundary: doc(allow('s3:*'), deny('s3:GetObject')) }, 'explicit deny in a permissions boundary'],
      ['session', { identityPolicies: [identity], sessionPolicies: [doc(deny('s3:GetObject'))] }, 'explicit deny in a session policy'],
      ['guardrail', { identityPolicies: [identity], guardrails: [doc(allow('*'), deny('s3:GetObject'))] }, 'explicit deny in a guardrail policy'],
      ['resource', { identityPolicies: [identity], resourcePolicy: doc({ ...deny('s3:GetObject', OBJECT), Principal: '*' }) }, 'explicit deny in a resource-based policy'],
    ] as const
    for (const [type, set, reason] of cases) {
      it(`an explicit deny in a ${type} policy overrides the identity allow`, () => {
        const d = evaluate(get, set)
        expect(d.decision).toBe('explicitDeny')
        expect(d.decidedBy).toBe(type)
        expect(d.reason).toBe(reason)
        expect(d.matched.every((m) => m.effect === 'Deny' && m.policyType === type)).toBe(true)
      })
    }

    it('lists every denying statement and names the first policy type in evaluation order', () => {
      const d = evaluate(get, {
        identityPolicies: [doc(allow('*'), { ...deny('s3:Get*'), Sid: 'IdDeny' })],
        guardrails: [doc(allow('*'), { ...deny('s3:*'), Sid: 'GuardDeny' })],
      })
      expect(d.decidedBy).toBe('guardrail')
      expect(d.matched.map((m) => m.sid)).toEqual(['GuardDeny', 'IdDeny'])
    })

    it('overrides a resource-based policy allow that names the user ("An explicit deny in any policy overrides any allows")', () => {
      const d = evaluate(get, {
        identityPolicies: [doc(deny('s3:GetObject'))],
        resourcePolicy: doc(allowFor({ AWS: USER }, 's3:GetObject', OBJECT)),
      })
      expect(d.decision).toBe('explicitDeny')
      expect(d.decidedBy).toBe('identity')
    })
  })

  describe('step 2, SCPs: "If the enforcement code does not find any applicable Allow statements in the SCPs … Deny"', () => {
    it('denies when a guardrail does not allow the action, whatever the identity policy says', () => {
      const d = evaluate(get, { identityPolicies: [identity], guardrails: [doc(allow('ec2:*'))] })
      expect(d).toMatchObject({ decision: 'implicitDeny', decidedBy: 'guardrail', reason: 'no guardrail policy allows the action' })
    })

    it('continues when the guardrail allows the action', () => {
      expect(evaluate(get, { identityPolicies: [identity], guardrails: [doc(allow('s3:*'))] }).decision).toBe('allowed')
    })

    it('also caps a resource-based policy that names the user', () => {
      const d = evaluate(get, {
        resourcePolicy: doc(allowFor({ AWS: USER }, 's3:GetObject', OBJECT)),
        guardrails: [doc(allow('ec2:*'))],
      })
      expect(d.decidedBy).toBe('guardrail')
    })
  })

  describe('step 3, resource-based policies (same account)', () => {
    it('allows through a resource-based policy naming the user even with no identity policy', () => {
      // "If a resource-based policy grants permission directly to the IAM user … an implicit deny
      // in an identity-based policy, a permissions boundary, or a session policy does not impact the final decision."
      const d = evaluate(get, { resourcePolicy: { id: 'bucket', document: doc(allowFor({ AWS: USER }, 's3:GetObject', OBJECT)) } })
      expect(d).toMatchObject({ decision: 'allowed', reason: 'allowed by a resource-based policy' })
      expect(d.matched).toEqual([{ policyId: 'bucket', policyType: 'resource', sid: undefined, statementIndex: 0, effect: 'Allow' }])
    })

    it('falls through to identity policies when the resource-based policy does not allow', () => {
      const d = evaluate(get, { identityPolicies: [identity], resourcePolicy: doc(allowFor({ AWS: USER }, 's3:PutObject', OBJECT)) })
      expect(d.reason).toBe('allowed by an identity-based policy')
    })
  })

  describe('step 4, permissions boundaries: "If the policy … does not allow the requested action … implicitly denied"', () => {
    it('denies when the boundary does not allow the action', () => {
      const d = evaluate(get, { identityPolicies: [identity], permissionBoundary: doc(allow('ec2:*')) })
      expect(d).toMatchObject({ decision: 'implicitDeny', decidedBy: 'boundary', reason: 'no permissions boundary allows the action' })
    })

    it('allows when both the boundary and an identity policy allow ("the intersection of the two")', () => {
      const d = evaluate(get, { identityPolicies: [identity], permissionBoundary: { id: 'pb', document: doc(allow('s3:*')) } })
      expect(d.decision).toBe('allowed')
      expect(d.matched.map((m) => m.policyType)).toEqual(['boundary', 'identity'])
    })

    it('does not grant by itself', () => {
      expect(evaluate(get, { permissionBoundary: doc(allow('s3:*')) }).decidedBy).toBe('identity')
    })
  })

  describe('step 5, session policies', () => {
    const session = { ...get, principal: SESSION }

    it('denies a session when a session policy is present and does not allow the action', () => {
      const d = evaluate(session, { identityPolicies: [identity], sessionPolicies: [doc(allow('ec2:*'))] })
      expect(d).toMatchObject({ decision: 'implicitDeny', decidedBy: 'session', reason: 'no session policy allows the action' })
    })

    it('allows a role session without session policies ("If the principal is a role session, then the request is Allowed")', () => {
      expect(evaluate(session, { identityPolicies: [identity] }).decision).toBe('allowed')
    })

    it('allows when a session policy and the identity policy both allow', () => {
      const d = evaluate(session, { identityPolicies: [identity], sessionPolicies: [doc(allow('s3:Get*'))] })
      expect(d.decision).toBe('allowed')
      expect(d.matched.map((m) => m.policyType)).toEqual(['session', 'identity'])
    })

    it('denies a federated user session that has no session policy ("Otherwise, the request is implicitly denied")', () => {
      const federated = { ...get, principal: `arn:aws:sts::${A}:federated-user/bob` }
      expect(evaluate(federated, { identityPolicies: [identity] })).toMatchObject({ decision: 'implicitDeny', decidedBy: 'session' })
      expect(evaluate(federated, { identityPolicies: [identity], sessionPolicies: [doc(allow('s3:*'))] }).decision).toBe('allowed')
    })

    it('cannot grant more than the identity policies ("You cannot use session policies to grant more permissions")', () => {
      expect(evaluate(session, { sessionPolicies: [doc(allow('*'))] }).decidedBy).toBe('identity')
    })
  })

  describe('step 6, identity-based policies', () => {
    it('denies when the boundary and session policies allow but no identity policy does', () => {
      const d = evaluate({ ...get, principal: SESSION }, {
        identityPolicies: [doc(allow('s3:PutObject', OBJECT))],
        permissionBoundary: doc(allow('s3:*')),
        sessionPolicies: [doc(allow('s3:*'))],
      })
      expect(d).toMatchObject({ decision: 'implicitDeny', decidedBy: 'identity', reason: 'no identity-based policy allows the action' })
    })
  })

  describe('the account root user', () => {
    const root = { ...get, principal: `arn:aws:iam::${A}:root`, resource: `arn:aws:s3::${A}:reports/x` }

    it('has full access to its own account ("with the exception of the AWS account root user")', () => {
      expect(evaluate(root, {}).decision).toBe('allowed')
    })

    it('is still bound by explicit denies and guardrails (SCPs apply to the root user of member accounts)', () => {
      expect(evaluate(root, { guardrails: [doc(allow('ec2:*'))] }).decision).toBe('implicitDeny')
      expect(evaluate(root, { resourcePolicy: doc({ ...deny('s3:*', '*'), Principal: '*' }) }).decision).toBe('explicitDeny')
    })

    // An account-less ARN without resourceAccount is treated as the caller's account, as AWS's
    // examples treat S3 ARNs; the owner, when given, decides.
    it('has its implicit full access in its own account, including account-less resources whose owner is not given', () => {
      const accountLess = { ...root, resource: OBJECT }
      expect(evaluate(accountLess, {})).toMatchObject({ decision: 'allowed', reason: 'allowed because the account root user has full access to its own account' })
      expect(evaluate({ ...accountLess, resourceAccount: A }, {}).decision).toBe('allowed')
      expect(evaluate({ ...accountLess, resourceAccount: '444455556666' }, {}).decidedBy).toBe('resource')
    })

    it('keeps the same-account treatment of account-less resources for resource grants and other callers', () => {
      const accountLess = { ...root, resource: OBJECT }
      expect(evaluate(accountLess, { resourcePolicy: doc(allowFor({ AWS: `arn:aws:iam::${A}:root` }, 's3:GetObject', OBJECT)) }).decision).toBe('allowed')
      // And for every other caller of the account: no resource-based grant is needed.
      expect(evaluate(get, { identityPolicies: [identity] }).decision).toBe('allowed')
    })

    it('needs the resource-based policy of another account', () => {
      const other = { ...root, resource: 'arn:aws:s3::444455556666:reports/x' }
      expect(evaluate(other, {}).decidedBy).toBe('resource')
      expect(evaluate(other, { resourcePolicy: doc(allowFor({ AWS: A }, 's3:GetObject', '*')) }).decision).toBe('allowed')
    })
  })
})

describe('role trust policies', () => {
  // AWS, "Policy evaluation for requests within a single account": "Role trust policies and KMS
  // key policies are exceptions to this logic, because they must explicitly allow access for
  // principals."
  const ACCT = '111122223333'
  const alice = `arn:app:iam::${ACCT}:user/alice`
  const role = `arn:app:iam::${ACCT}:role/Admin`
  const allowAssume = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: role }] } as const
  const request = { principal: alice, action: 'sts:AssumeRole', resource: role }
  const trust = (principal: Record<string, string>, condition?: Record<string, Record<string, string>>) => ({
    id: 'trust', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) }] },
  }) as never

  it('refuses a same-account caller whose identity policy allows when the trust policy does not admit it', () => {
    const set = { identityPolicies: [allowAssume as never], resourcePolicy: trust({ AWS: `arn:app:iam::${ACCT}:user/bob` }) }
    expect(evaluate(request, set)).toMatchObject({ decision: 'implicitDeny', decidedBy: 'resource' })
  })

  it('refuses when the trust statement that would admit the caller has a condition that fails', () => {
    const set = { identityPolicies: [allowAssume as never], resourcePolicy: trust({ AWS: alice }, { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }) }
    expect(evaluate(request, set).decision).toBe('implicitDeny')
    expect(evaluate({ ...request, context: { 'aws:MultiFactorAuthPresent': true } }, set).decision).toBe('allowed')
  })

  it('admits a caller named by the trust policy without an identity policy, and one named through the account only with it', () => {
    expect(evaluate(request, { resourcePolicy: trust({ AWS: alice }) }).decision).toBe('allowed')
    const viaAccount = trust({ AWS: `arn:app:iam::${ACCT}:root` })
    expect(evaluate(request, { resourcePolicy: viaAccount }).decision).toBe('implicitDeny')
    expect(evaluate(request, { identityPolicies: [allowAssume as never], resourcePolicy: viaAccount }).decision).toBe('allowed')
  })
})

/**
 * "Deny by default, fail closed" (DESIGN.md): no malformed policy, request or policy set yields
 * `allowed`; a Deny is never made inert by its spelling; accounts and partitions are compared as
 * data. AWS "Policy evaluation logic" and "Cross-account policy evaluation logic"
 * (docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html,
 * reference_policies_evaluation-logic-cross-account.html).
 */
import { describe, expect, it } from 'vitest'
import type { RawStatement } from '../../src/policy/types.js'
import { A, ALICE, ALLOW_ALL, B, doc, outcome, request } from './helpers.js'

const DENY_ALL = { Effect: 'Deny', Action: '*', Resource: '*' }

describe('a Deny cannot be made inert by its spelling', () => {
  it.each<[string, Record<string, unknown>]>([
    ['Effect "deny"', { ...DENY_ALL, Effect: 'deny' }],
    ['Effect "DENY"', { ...DENY_ALL, Effect: 'DENY' }],
    ['Effect " Deny"', { ...DENY_ALL, Effect: ' Deny' }],
    ['Effect ["Deny"]', { ...DENY_ALL, Effect: ['Deny'] }],
    ['no Effect', { Action: '*', Resource: '*' }],
    ['NotAction []', { Effect: 'Deny', NotAction: [], Resource: '*' }],
    ['Action []', { Effect: 'Deny', Action: [], Resource: '*' }],
    ['Resource []', { Effect: 'Deny', Action: '*', Resource: [] }],
    ['Resource ""', { Effect: 'Deny', Action: '*', Resource: '' }],
    ['an unknown operator', { ...DENY_ALL, Condition: { StringEqualz: { 'app:x': 'y' } } }],
    ['a lower-case operator', { ...DENY_ALL, Condition: { stringequals: { 'app:x': 'y' } } }],
    ['NullIfExists', { ...DENY_ALL, Condition: { NullIfExists: { 'app:x': 'true' } } }],
    ['an empty value list', { ...DENY_ALL, Condition: { StringEquals: { 'app:x': [] } } }],
    ['a null condition value', { ...DENY_ALL, Condition: { StringEquals: { 'app:x': null } } }],
    ['a non-numeric NumericLessThan', { ...DENY_ALL, Condition: { NumericLessThan: { 'app:x': 'ten' } } }],
    ['a malformed policy variable', { Effect: 'Deny', Action: '*', Resource: 'arn:app:docs:::${aws:username' }],
    ['an unknown element', { ...DENY_ALL, Conditon: { Bool: { 'aws:SecureTransport': 'false' } } }],
    ['both Action and NotAction', { ...DENY_ALL, NotAction: 'docs:GetDocument' }],
  ])('refuses the whole policy set, never allows, for a Deny with %s', (_name, statement) => {
    const set = { identityPolicies: [doc(ALLOW_ALL), doc(statement as unknown as RawStatement)] }
    expect(outcome(request(), set)).toBe('threw:ERR_POLICY_INVALID')
  })

  it('applies a Deny whose condition key the request lacks only as AWS says: not at all, and reports the key', () => {
    // AWS "Condition operators": a key absent from the request context makes a non-negated condition false.
    const set = { identityPolicies: [doc(ALLOW_ALL, { ...DENY_ALL, Condition: { StringEquals: { 'app:Classification': 'secret' } } } as RawStatement)] }
    expect(outcome(request(), set)).toBe('allowed')
    expect(outcome(request({ context: { 'app:Classification': 'secret' } }), set)).toBe('explicitDeny')
  })

  it('applies a negated Deny when its key is absent', () => {
    const set = { identityPolicies: [doc(ALLOW_ALL, { ...DENY_ALL, Condition: { StringNotEquals: { 'app:Tenant': A } } } as RawStatement)] }
    expect(outcome(request(), set)).toBe('explicitDeny')
  })
})

describe('malformed requests and policy sets are refused, never allowed', () => {
  const set = { identityPolicies: [doc(ALLOW_ALL)] }

  it.each<[string, unknown]>([
    ['a null context value', { 'app:x': null }],
    ['a nested object', { 'app:x': { y: 1 } }],
    ['an array holding an object', { 'app:x': [{}] }],
    ['a function', { 'app:x': () => 'admin' }],
    ['an array as context', ['app:x']],
  ])('refuses a context with %s', (_name, context) => {
    expect(outcome(request({ context: context as never }), set)).toBe('threw:ERR_INVALID_REQUEST')
  })

  it.each<[string, unknown]>([
    ['identityPolicies as an object', { identityPolicies: doc(ALLOW_ALL) }],
    ['guardrails as an object', { identityPolicies: [doc(ALLOW_ALL)], guardrails: doc(ALLOW_ALL) }],
    ['a null policy', { identityPolicies: [null] }],
    ['a string policy that is not JSON', { identityPolicies: ['allow everything'] }],
  ])('refuses a policy set with %s', (_name, badSet) => {
    expect(outcome(request(), badSet as never)).toMatch(/^threw:/)
  })

  it('denies when a guardrail level is empty, or holds only Deny statements', () => {
    expect(outcome(request(), { identityPolicies: [doc(ALLOW_ALL)], guardrails: [[]] })).toBe('implicitDeny')
    expect(outcome(request(), { identityPolicies: [doc(ALLOW_ALL)], guardrails: [doc({ Effect: 'Deny', Action: 'none:Nothing', Resource: '*' })] })).toBe('implicitDeny')
    expect(outcome(request(), { identityPolicies: [doc(ALLOW_ALL)], guardrails: [doc(ALLOW_ALL), []] })).toBe('implicitDeny')
  })

  // A numeric or date condition that cannot read a context value is false (AWS). A Deny written
  // as "amount > 1000" must therefore not be dodged with a number the engine cannot compare:
  // `Number('1e400')` and `Number('abc')` are what an app gets from a query string.
  it.each([Infinity, NaN])('never allows when a numeric context value is %s and a numeric Deny guards it', (amount) => {
    const set = { identityPolicies: [doc(ALLOW_ALL, { ...DENY_ALL, Condition: { NumericGreaterThan: { 'app:Amount': 1000 } } } as RawStatement)] }
    expect(outcome(request({ context: { 'app:Amount': 5000 } }), set)).toBe('explicitDeny')
    expect(outcome(request({ context: { 'app:Amount': amount } }), set)).not.toBe('allowed')
  })
})

describe('accounts, partitions and ARNs are compared as data', () => {
  const identity = { identityPolicies: [doc(ALLOW_ALL)] }

  it('treats account ids that differ only in case as different accounts', () => {
    const req = request({ principal: 'arn:app:iam::Acme:user/alice', resource: 'arn:app:docs::acme:project/p1/doc/1' })
    expect(outcome(req, identity)).toBe('implicitDeny')
  })

  it('treats the same account id in another partition as another account', () => {
    expect(outcome(request({ principal: `arn:aws:iam::${A}:user/alice` }), identity)).toBe('implicitDeny')
  })

  it('denies a resource in another account without a resource policy, whatever the identity policy says', () => {
    expect(outcome(request({ resource: `arn:app:docs::${B}:project/p1/doc/1` }), identity)).toBe('implicitDeny')
  })

  it.each([
    ['an extra colon in the name', `arn:app:iam::${A}:user/ali:ce`],
    ['a Cyrillic a', `arn:app:iam::${A}:user/\u0430lice`],
    ['a full-width colon', `arn:app:iam\uff1a:${A}:user/alice`],
    ['a NUL byte', `arn:app:iam::${A}:user/alice\u0000`],
    ['an empty account', 'arn:app:iam:::user/alice'],
    ['a region', `arn:app:iam:eu:${A}:user/alice`],
    ['a double slash path', `arn:app:iam::${A}:user//alice`],
    ['a name of 10,000 characters', `arn:app:iam::${A}:user/${'a'.repeat(10_000)}`],
    ['an account of 65 characters', `arn:app:iam::${'1'.repeat(65)}:user/alice`],
  ])('refuses a principal ARN with %s', (_name, principal) => {
    expect(outcome(request({ principal }), identity)).toBe('threw:ERR_INVALID_REQUEST')
  })

  it('does not match a resource that differs from the allowed one by a NUL byte, a lookalike or trailing text', () => {
    const set = { identityPolicies: [doc({ Effect: 'Allow', Action: '*', Resource: `arn:app:docs::${A}:doc/1` })] }
    for (const resource of [`arn:app:docs::${A}:doc/1\u0000`, `arn:app:docs::${A}:doc/\u0661`, `arn:app:docs::${A}:doc/1/`, `arn:app:docs::${A}::doc/1`]) {
      expect(outcome(request({ resource }), set)).toBe('implicitDeny')
    }
  })

  // AWS "IAM JSON policy elements: Resource": "If the * wildcard is the last character of a
  // resource ARN segment, it can expand to match beyond the colon boundaries" — only then.
  it('keeps a wildcard inside an account segment from spanning a colon; a star ending the segment expands', () => {
    const inside = { identityPolicies: [doc({ Effect: 'Allow', Action: '*', Resource: 'arn:app:docs::1111*3333:doc/1' })] }
    expect(outcome(request({ resource: `arn:app:docs::${A}:x:doc/1` }), inside)).toBe('implicitDeny')
    expect(outcome(request({ resource: `arn:app:docs::${A}:doc/1` }), inside)).toBe('allowed')
    const ending = { identityPolicies: [doc({ Effect: 'Allow', Action: '*', Resource: 'arn:app:docs::*:doc/1' })] }
    expect(outcome(request({ resource: `arn:app:docs::${A}:x:doc/1` }), ending)).toBe('allowed')
    expect(outcome(request({ resource: `arn:app:docs::${A}:x:doc/2` }), ending)).toBe('implicitDeny')
  })

  // The account root has full access to ITS OWN account only. An ARN without an account
  // segment and no `resourceAccount` says nothing about the owner; assuming "the caller's"
  // hands the root of every tenant such resources (evaluate/request.ts, sameAccount).
  // An account-less ARN whose owner is not given counts as the caller's own account, as in AWS's
  // examples (conformance: "the root user has full access to its own account" on an S3 ARN); what
  // protects other tenants is the owner, which the guard passes as `resourceAccount` (next test).
  it('does not give the root of one account an account-less resource owned by another account', () => {
    const req = request({ principal: `arn:app:iam::${A}:root`, action: 'docs:DeleteDocument', resource: 'arn:app:docs:::shared/plan', resourceAccount: B })
    expect(outcome(req, {})).toBe('implicitDeny')
  })

  it('gives the root its own account-less resource once the owner is given', () => {
    const req = request({ principal: `arn:app:iam::${A}:root`, resource: 'arn:app:docs:::shared/plan', resourceAccount: A })
    expect(outcome(req, {})).toBe('allowed')
    expect(outcome({ ...req, resourceAccount: B }, {})).toBe('implicitDeny')
  })

  // AWS: the short form "AWS": "123456789012" is the account root ARN in the partition of the
  // policy; partitions are separate worlds ("IAM identifiers": partition). A principal of the
  // same account id in partition `aws` is not named by a policy of partition `app`.
  it('does not let a bare account id in a resource policy name the same account id in another partition', () => {
    const resourcePolicy = doc({ Effect: 'Allow', Principal: { AWS: A }, Action: '*', Resource: '*' })
    const req = request({ principal: `arn:aws:iam::${A}:user/alice` })
    expect(outcome(req, { identityPolicies: [doc(ALLOW_ALL)], resourcePolicy })).toBe('implicitDeny')
  })
})

describe('NotPrincipal edge cases (AWS "AWS JSON policy elements: NotPrincipal")', () => {
  it('keeps denying a user a Deny+NotPrincipal lists without its account', () => {
    const resourcePolicy = doc({ Effect: 'Deny', NotPrincipal: { AWS: ALICE }, Action: '*', Resource: '*' })
    expect(outcome(request(), { identityPolicies: [doc(ALLOW_ALL)], resourcePolicy })).toBe('explicitDeny')
  })

  it('exempts a role session from a Deny+NotPrincipal only when the session, its role and its account are all listed', () => {
    const session = `arn:app:sts::${A}:assumed-role/Ops/s1`
    const role = `arn:app:iam::${A}:role/Ops`
    const req = request({ principal: session })
    const policy = (listed: string[]) => ({ identityPolicies: [doc(ALLOW_ALL)], resourcePolicy: doc({ Effect: 'Deny', NotPrincipal: { AWS: listed }, Action: '*', Resource: '*' }) })
    expect(outcome(req, policy([session]))).toBe('explicitDeny')
    expect(outcome(req, policy([session, role]))).toBe('explicitDeny')
    expect(outcome(req, policy([session, role, `arn:app:iam::${A}:root`]))).toBe('allowed')
  })

  it('does not let an Allow+NotPrincipal grant the principal it lists', () => {
    const resourcePolicy = doc({ Effect: 'Allow', NotPrincipal: { AWS: [ALICE, `arn:app:iam::${A}:root`] }, Action: '*', Resource: '*' })
    expect(outcome(request(), { resourcePolicy })).toBe('implicitDeny')
  })

  it('does not let NotPrincipal: "*" with Deny exempt anyone, nor with Allow grant anyone', () => {
    const deny = doc({ Effect: 'Deny', NotPrincipal: '*' as never, Action: '*', Resource: '*' })
    expect(outcome(request(), { identityPolicies: [doc(ALLOW_ALL)], resourcePolicy: deny })).not.toBe('explicitDeny')
    const allow = doc({ Effect: 'Allow', NotPrincipal: '*' as never, Action: '*', Resource: '*' })
    expect(outcome(request(), { resourcePolicy: allow })).toBe('implicitDeny')
  })
})

describe('compiled policies follow the documents they came from', () => {
  // evaluate() caches raw documents by object identity (evaluate/policy-set.ts, POLICIES). A
  // Deny added to a document the app keeps in memory is silently ignored from then on, even in
  // a brand-new policy set. Either the cache must notice, or the document must be frozen so the
  // edit fails loudly.
  it('does not keep allowing after a Deny is added to a document already evaluated', () => {
    const policy = { Version: '2012-10-17' as const, Statement: [ALLOW_ALL] as RawStatement[] }
    expect(outcome(request(), { identityPolicies: [policy] })).toBe('allowed')
    let edited = true
    try {
      policy.Statement.push({ Effect: 'Deny', Action: '*', Resource: '*' })
    } catch {
      edited = false // a frozen document is an acceptable answer: the edit cannot be lost silently
    }
    if (edited) expect(outcome(request(), { identityPolicies: [policy] })).toBe('explicitDeny')
    else expect(Object.isFrozen(policy.Statement)).toBe(true)
  })
})

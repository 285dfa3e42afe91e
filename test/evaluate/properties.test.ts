/** Properties of the decision that must hold for any policies and request. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { evaluate } from '../../src/evaluate/index.js'
import type { PolicySet } from '../../src/evaluate/types.js'
import type { RawStatement } from '../../src/policy/types.js'
import { A, allow, deny, doc } from './helpers.js'

const services = ['s3', 'docs', 'iam']
const names = ['GetObject', 'PutObject', 'ListBucket', 'DeleteObject']
const action = fc.tuple(fc.constantFrom(...services), fc.constantFrom(...names)).map(([s, n]) => `${s}:${n}`)
const actionPattern = fc.oneof(action, fc.constantFrom('*', 's3:*', 'docs:Get*', 'iam:*Object', '*:List*'))
const resourcePattern = fc.constantFrom('*', 'arn:aws:s3:::b/*', 'arn:aws:s3:::b/x', 'arn:aws:docs::111122223333:*', 'arn:aws:*:*:*:*')
const resource = fc.constantFrom('arn:aws:s3:::b/x', 'arn:aws:s3:::c/y', 'arn:aws:docs::111122223333:project/p', 'arn:aws:docs::444455556666:project/p')
const principal = fc.constantFrom(`arn:aws:iam::${A}:user/alice`, `arn:aws:sts::${A}:assumed-role/R/s`, `arn:aws:iam::444455556666:user/bob`)
const statement: fc.Arbitrary<RawStatement> = fc.record({
  Effect: fc.constantFrom('Allow' as const, 'Deny' as const),
  Action: fc.array(actionPattern, { minLength: 1, maxLength: 3 }),
  Resource: fc.array(resourcePattern, { minLength: 1, maxLength: 2 }),
})
const policies = fc.array(fc.array(statement, { minLength: 1, maxLength: 4 }).map((s) => doc(...s)), { maxLength: 3 })
const set: fc.Arbitrary<PolicySet> = fc.record({
  identityPolicies: policies,
  sessionPolicies: policies,
  guardrails: policies,
  resourcePolicy: fc.option(fc.array(statement.map((s) => ({ ...s, Principal: '*' as const })), { minLength: 1, maxLength: 3 }).map((s) => doc(...s)), { nil: undefined }),
  permissionBoundary: fc.option(fc.array(statement, { minLength: 1, maxLength: 3 }).map((s) => doc(...s)), { nil: undefined }),
}, { requiredKeys: [] })
const request = fc.record({ principal, action, resource })

const withoutAllows = (s: PolicySet): PolicySet => {
  const strip = (d: unknown, extra: Partial<RawStatement> = {}) => {
    const statements = (d as { Statement: RawStatement[] }).Statement.filter((st) => st.Effect === 'Deny')
    return doc(...(statements.length > 0 ? statements : [deny('none:None', 'arn:aws:none:::none', extra)]))
  }
  return {
    identityPolicies: s.identityPolicies?.map((d) => strip(d)),
    sessionPolicies: s.sessionPolicies?.map((d) => strip(d)),
    guardrails: s.guardrails?.map((d) => strip(d)),
    resourcePolicy: s.resourcePolicy === undefined ? undefined : strip(s.resourcePolicy, { Principal: '*' }),
    permissionBoundary: s.permissionBoundary === undefined ? undefined : strip(s.permissionBoundary),
  }
}

describe('decision properties', () => {
  it('an explicit Deny that matches the request, added to any policy type, always yields explicitDeny', () => {
    const where = fc.constantFrom('identityPolicies', 'sessionPolicies', 'guardrails', 'resourcePolicy', 'permissionBoundary')
    fc.assert(fc.property(set, request, where, (s, r, place) => {
      const denial = deny(r.action, r.resource)
      const added: PolicySet = { ...s }
      if (place === 'resourcePolicy') added.resourcePolicy = doc({ ...denial, Principal: '*' })
      else if (place === 'permissionBoundary') added.permissionBoundary = doc(denial)
      else if (place === 'guardrails') added.guardrails = [...(s.guardrails ?? []), doc(denial)]
      else added[place] = [...(s[place] ?? []), doc(denial)]
      const d = evaluate(r, added)
      expect(d.decision).toBe('explicitDeny')
      expect(d.matched.length).toBeGreaterThan(0)
    }))
  })

  it('removing every Allow yields a deny (never allowed)', () => {
    fc.assert(fc.property(set, request, (s, r) => {
      expect(evaluate(r, withoutAllows(s)).decision).not.toBe('allowed')
    }))
  })

  it('removing every Allow yields implicitDeny unless a Deny applies', () => {
    fc.assert(fc.property(set, request, (s, r) => {
      const d = evaluate(r, withoutAllows(s))
      if (d.decision !== 'explicitDeny') expect(d.decision).toBe('implicitDeny')
      expect(evaluate(r, withoutAllows({ identityPolicies: s.identityPolicies })).decision).not.toBe('allowed')
    }))
  })

  it('an allowed decision always lists the statements that allowed it', () => {
    fc.assert(fc.property(set, request, (s, r) => {
      const d = evaluate(r, s)
      if (d.decision === 'allowed') expect(d.matched.every((m) => m.effect === 'Allow') && d.matched.length > 0).toBe(true)
    }))
  })

  it('a compiled set decides exactly as the raw set', async () => {
    const { compilePolicySet } = await import('../../src/evaluate/index.js')
    fc.assert(fc.property(set, request, (s, r) => {
      expect(evaluate(r, compilePolicySet(s))).toEqual(evaluate(r, s))
    }))
  })
})

describe('an allow of everything', () => {
  it('allows a same-account request with no other policies', () => {
    expect(evaluate({ principal: `arn:aws:iam::${A}:user/alice`, action: 's3:GetObject', resource: 'arn:aws:s3:::b/x' }, { identityPolicies: [doc(allow('*'))] }).decision).toBe('allowed')
  })
})

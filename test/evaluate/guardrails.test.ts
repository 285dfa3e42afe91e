/**
 * Guardrails, the SCP analogue. AWS "SCP evaluation" (docs.aws.amazon.com/organizations/latest/
 * userguide/orgs_manage_policies_scps_evaluation.html): "For a permission to be allowed for a
 * specific account, there must be an explicit Allow statement at every level from the root
 * through each OU in the direct path to the account".
 */
import { describe, expect, it } from 'vitest'
import { evaluate } from '../../src/evaluate/index.js'
import { OBJECT, USER, allow, deny, doc } from './helpers.js'

const request = { principal: USER, action: 's3:GetObject', resource: OBJECT }
const identity = doc(allow('*'))

describe('guardrail levels', () => {
  it('allows when every level allows', () => {
    const d = evaluate(request, { identityPolicies: [identity], guardrails: [{ id: 'app', document: doc(allow('*')) }, { id: 'tenant', document: doc(allow('s3:*')) }] })
    expect(d.decision).toBe('allowed')
    expect(d.matched.map((m) => m.policyId)).toEqual(['app', 'tenant', 'identityPolicies[0]'])
  })

  it('denies when one level does not allow, even if another does', () => {
    const d = evaluate(request, { identityPolicies: [identity], guardrails: [doc(allow('*')), doc(allow('ec2:*'))] })
    expect(d).toMatchObject({ decision: 'implicitDeny', decidedBy: 'guardrail' })
  })

  it('lets any policy of one level allow for that level', () => {
    const d = evaluate(request, { identityPolicies: [identity], guardrails: [[doc(allow('ec2:*')), doc(allow('s3:GetObject'))], doc(allow('*'))] })
    expect(d.decision).toBe('allowed')
  })

  it('denies for a level that holds no policy at all', () => {
    expect(evaluate(request, { identityPolicies: [identity], guardrails: [[]] }).decidedBy).toBe('guardrail')
  })

  it('never grants by themselves', () => {
    expect(evaluate(request, { guardrails: [doc(allow('*'))] }).decidedBy).toBe('identity')
  })

  it('deny explicitly from any level', () => {
    const d = evaluate(request, { identityPolicies: [identity], guardrails: [doc(allow('*')), [doc(allow('*')), doc(deny('s3:GetObject'))]] })
    expect(d).toMatchObject({ decision: 'explicitDeny', decidedBy: 'guardrail', reason: 'explicit deny in a guardrail policy' })
  })
})

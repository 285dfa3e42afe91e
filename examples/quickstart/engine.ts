/**
 * The README's engine example, runnable: `tsx examples/quickstart/engine.ts`.
 * A user writes the same code with `from 'iam-guard'`.
 */
// #region engine
import { evaluate, validatePolicy, compilePolicySet, type PolicyDocument } from '../../src/index.js'

const policy: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'docs:Get*', Resource: 'arn:app:docs::111122223333:project/*',
    Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }],
}
const permissionBoundary: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Action: 'docs:*', Resource: 'arn:app:docs::111122223333:project/legal/*' },
    { Effect: 'Allow', Action: 'docs:*', Resource: '*' }],
}
const check = validatePolicy(policy, { kind: 'managed' })   // { ok: true, policy } or { ok: false, issues }

const set = compilePolicySet({ identityPolicies: [policy], permissionBoundary })   // once, for hot paths
const d = evaluate(
  { principal: 'arn:app:iam::111122223333:user/alice', action: 'docs:GetDocument',
    resource: 'arn:app:docs::111122223333:project/legal/doc/42',
    context: { 'aws:SourceIp': '203.0.113.7' } },
  set)

d.decision            // 'explicitDeny'   ('allowed' | 'explicitDeny' | 'implicitDeny')
d.reason              // 'explicit deny in a permissions boundary'
d.matched             // the statements that decided: policy id, type, Sid, index
d.missingContextKeys  // keys the policies asked about that the request did not carry
// #endregion

export { check, d }

if (import.meta.url === `file://${process.argv[1]}`) console.log(check.ok, d)

/**
 * `evaluate`: the AWS policy evaluation logic, synchronous and pure.
 *
 * AWS "Policy evaluation logic" and "Policy evaluation for requests within a single account"
 * (docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html, the flow
 * chart): (1) an explicit Deny in any applicable policy decides; (2) guardrails (SCPs) must
 * allow, at every level; (3) a resource-based policy Allow can decide alone within the account,
 * depending on how it names the caller; (4) a permissions boundary, (5) session policies and
 * (6) identity-based policies must then allow. Cross-account ("Cross-account policy evaluation
 * logic"): the resource-based policy AND the caller's own evaluation must both allow.
 */
import * as reasons from './reasons.js'
import * as sets from './policy-set.js'
import type { CompiledPolicySet, IndexedStatement } from './policy-set.js'
import * as principals from './principal.js'
import { RequestCall } from './request.js'
import type { AuthzRequest, Decision, MatchedStatement, PolicySet, PolicyType } from './types.js'

// Module-level copies: some loaders (tsx) turn imported bindings into getter calls, which the
// hot loop below would otherwise pay for on every access.
const { ALLOWED_BY_IDENTITY, ALLOWED_BY_RESOURCE, ALLOWED_CROSS_ACCOUNT, ALLOWED_ROOT, EXPLICIT_DENY_REASON, IMPLICIT_DENY_REASON } = reasons
const { cachedPolicySet, LAYER_BOUNDARY, LAYER_GUARDRAIL, LAYER_IDENTITY, LAYER_RESOURCE, LAYER_SESSION } = sets
const { GRANT_DIRECT, GRANT_NONE, GRANT_ROLE, notPrincipalApplies, principalGrant } = principals

/** Whether the statement applies to the request; for an Allow, how its Principal names the caller. */
function applies(e: IndexedStatement, call: RequestCall): number {
  const s = e.statement
  let grant = GRANT_DIRECT
  const principal = s.principal
  if (principal !== undefined) {
    if (s.notPrincipal) {
      // AWS (permissions boundaries page): "The NotPrincipal element with a Deny effect will always
      // deny any IAM principal that has a permissions boundary policy attached, regardless of the
      // values specified in the NotPrincipal element."
      const boundaryForcesDeny = e.deny && e.layer === LAYER_RESOURCE && call.hasBoundary
      if (!boundaryForcesDeny && !notPrincipalApplies(principal, call, e.deny)) return GRANT_NONE
    } else {
      grant = principalGrant(principal, call)
      if (grant === GRANT_NONE) return GRANT_NONE
    }
  } else if (e.layer === LAYER_RESOURCE && !e.deny) {
    // A resource-based Allow that names nobody grants nobody; a Deny without one denies everyone.
    return GRANT_NONE
  }
  if (s.contextKeys.length > 0) call.noteMissing(s.contextKeys)
  const resources = s.resources
  if (resources !== undefined) {
    const resource = call.resource
    let hit = false
    for (let i = 0; i < resources.length; i++) {
      if (resources[i]!.matches(resource, call)) {
        hit = true
        break
      }
    }
    // AWS "Policy variables with no value": an entry whose variable has no value matches no
    // resource, so a NotResource statement then applies to every other resource, Allow or Deny.
    if (hit === s.notResource) return GRANT_NONE
  }
  const conditions = s.conditions
  for (let i = 0; i < conditions.length; i++) if (!conditions[i]!.test(call)) return GRANT_NONE
  return grant
}

function decision(kind: Decision['decision'], decidedBy: PolicyType | undefined, reason: string, matched: MatchedStatement[], call: RequestCall): Decision {
  return { decision: kind, decidedBy, reason, matched, missingContextKeys: call.missing ?? [] }
}

function implicitDeny(type: PolicyType, call: RequestCall): Decision {
  return decision('implicitDeny', type, IMPLICIT_DENY_REASON[type], [], call)
}

function allowed(reason: string, guard: MatchedStatement[] | undefined, call: RequestCall, ...refs: Array<MatchedStatement | undefined>): Decision {
  const matched = guard === undefined ? [] : guard.slice()
  for (let i = 0; i < refs.length; i++) if (refs[i] !== undefined) matched.push(refs[i]!)
  return decision('allowed', undefined, reason, matched, call)
}

/**
 * Decides a request against a principal's policies, as AWS does. Throws `IamError`
 * `ERR_INVALID_REQUEST` for a malformed request and `ERR_POLICY_INVALID` for an invalid raw
 * policy; never returns `allowed` in either case. Pass a set from `compilePolicySet` on hot
 * paths; raw sets are compiled once per object and cached.
 *
 * A raw policy document (or a NamedPolicy's `document`) is deep-frozen the first time it is
 * compiled here: the compiled form is cached by object identity, so an edit made in place
 * afterwards would otherwise be silently ignored. Such an edit now throws a `TypeError` (in
 * strict mode; sloppy-mode code fails silently but the document stays as evaluated). To change
 * a policy, pass a new object, e.g. `{ ...doc, Statement: [...doc.Statement, deny] }`, or give a
 * NamedPolicy a new `document`. Documents given as JSON text and compiled policies are not affected.
 *
 * The context is checked by `normalizeRequestContext`: condition key names are case-insensitive
 * (two spellings of one key are refused), values are strings, finite numbers, booleans or arrays
 * of those.
 *
 * @example
 * ```ts
 * import { evaluate } from 'iam-guard'
 *
 * const d = evaluate(
 *   { principal: 'arn:app:iam::111122223333:user/alice', action: 'docs:GetDocument',
 *     resource: 'arn:app:docs::111122223333:project/p1/doc/42', context: { 'aws:SourceIp': '203.0.113.7' } },
 *   { identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'docs:Get*',
 *     Resource: 'arn:app:docs::111122223333:project/*', Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }] }] },
 * )
 * d.decision // 'allowed'
 * d.reason   // 'allowed by an identity-based policy'
 * ```
 */
export function evaluate(request: AuthzRequest, set: PolicySet | CompiledPolicySet): Decision {
  const cs = cachedPolicySet(set)
  const call = new RequestCall(request, cs.readsContext)
  call.hasBoundary = cs.permissionBoundary !== undefined
  const entries = cs.statementsFor(call.lowerAction)

  let denies: MatchedStatement[] | undefined
  let guard: MatchedStatement[] | undefined
  let guardLevels = 0
  let lastGuardLevel = -1
  let resourceGrant = GRANT_NONE
  let resourceAllow: MatchedStatement | undefined
  let boundaryAllow: MatchedStatement | undefined
  let sessionAllow: MatchedStatement | undefined
  let identityAllow: MatchedStatement | undefined

  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!
    if (e.deny) {
      if (applies(e, call) !== GRANT_NONE) (denies ??= []).push(e.ref)
      continue
    }
    // Once something denies, allows cannot change the outcome: only the denies are collected.
    if (denies !== undefined) continue
    switch (e.layer) {
      case LAYER_GUARDRAIL:
        if (e.level !== lastGuardLevel && applies(e, call) !== GRANT_NONE) {
          lastGuardLevel = e.level
          guardLevels++
          ;(guard ??= []).push(e.ref)
        }
        break
      case LAYER_RESOURCE:
        if (resourceGrant !== GRANT_DIRECT) {
          const grant = applies(e, call)
          if (grant > resourceGrant) {
            resourceGrant = grant
            resourceAllow = e.ref
          }
        }
        break
      case LAYER_BOUNDARY:
        if (boundaryAllow === undefined && applies(e, call) !== GRANT_NONE) boundaryAllow = e.ref
        break
      case LAYER_SESSION:
        if (sessionAllow === undefined && applies(e, call) !== GRANT_NONE) sessionAllow = e.ref
        break
      case LAYER_IDENTITY:
        if (identityAllow === undefined && applies(e, call) !== GRANT_NONE) identityAllow = e.ref
        break
    }
  }

  // 1. Explicit deny anywhere (reported by the first policy type in evaluation order).
  if (denies !== undefined) {
    const type = denies[0]!.policyType
    return decision('explicitDeny', type, EXPLICIT_DENY_REASON[type], denies, call)
  }
  // 2. Guardrails: every level must allow.
  if (guardLevels < cs.guardrails.length) return implicitDeny('guardrail', call)

  const caller = call.principal
  const hasBoundary = cs.permissionBoundary !== undefined
  const hasSession = cs.sessionPolicies.length > 0

  // Callers without an account (service principals, identity providers) have no identity-based
  // policies: only a resource-based policy (a trust policy) can grant them anything.
  if (caller.account === undefined) {
    if (resourceGrant === GRANT_NONE) return implicitDeny('resource', call)
    if (hasBoundary && boundaryAllow === undefined) return implicitDeny('boundary', call)
    if (hasSession && sessionAllow === undefined) return implicitDeny('session', call)
    return allowed(ALLOWED_BY_RESOURCE, guard, call, resourceAllow, boundaryAllow, sessionAllow)
  }

  // AWS ("Policy evaluation for requests within a single account"): "Role trust policies and KMS
  // key policies are exceptions to this logic, because they must explicitly allow access for
  // principals." An identity policy alone never lets anyone assume a role.
  if (resourceGrant === GRANT_NONE && cs.resourcePolicy?.kind === 'trust') return implicitDeny('resource', call)

  if (call.sameAccount) {
    // 3. Same account: an Allow naming the user or the session itself is not limited by implicit
    // denies in identity policies, boundaries or session policies; one naming the role is still
    // limited by the boundary and session policies; one naming the account delegates to
    // identity policies.
    if (resourceGrant === GRANT_DIRECT) return allowed(ALLOWED_BY_RESOURCE, guard, call, resourceAllow)
    // AWS: "all requests are implicitly denied with the exception of the AWS account root user".
    // Same account includes an account-less ARN whose owner was not given, as in AWS's own
    // examples (`arn:aws:s3:::bucket`): routes over such ARNs pass `resourceAccount`.
    if (caller.kind === 'root') return allowed(ALLOWED_ROOT, guard, call)
    if (resourceGrant === GRANT_ROLE) {
      if (hasBoundary && boundaryAllow === undefined) return implicitDeny('boundary', call)
      if (hasSession && sessionAllow === undefined) return implicitDeny('session', call)
      return allowed(ALLOWED_BY_RESOURCE, guard, call, resourceAllow, boundaryAllow, sessionAllow)
    }
    const denied = identitySide(call, hasBoundary, boundaryAllow, hasSession, sessionAllow, identityAllow)
    if (denied !== undefined) return denied
    return allowed(ALLOWED_BY_IDENTITY, guard, call, boundaryAllow, sessionAllow, identityAllow)
  }

  // Cross-account: the resource's account must allow through its resource-based policy, and the
  // caller's account through its own evaluation.
  if (resourceGrant === GRANT_NONE) return implicitDeny('resource', call)
  if (caller.kind === 'root') return allowed(ALLOWED_BY_RESOURCE, guard, call, resourceAllow)
  const denied = identitySide(call, hasBoundary, boundaryAllow, hasSession, sessionAllow, identityAllow)
  if (denied !== undefined) return denied
  return allowed(ALLOWED_CROSS_ACCOUNT, guard, call, resourceAllow, boundaryAllow, sessionAllow, identityAllow)
}

/** Steps 4–6 of the flow chart; undefined when the caller's own policies allow. */
function identitySide(
  call: RequestCall, hasBoundary: boolean, boundaryAllow: MatchedStatement | undefined,
  hasSession: boolean, sessionAllow: MatchedStatement | undefined, identityAllow: MatchedStatement | undefined,
): Decision | undefined {
  if (hasBoundary && boundaryAllow === undefined) return implicitDeny('boundary', call)
  if (hasSession ? sessionAllow === undefined : call.principal.kind === 'federatedUser') {
    // AWS: a federated user session without a session policy has no permissions.
    return implicitDeny('session', call)
  }
  if (identityAllow === undefined) return implicitDeny('identity', call)
  return undefined
}

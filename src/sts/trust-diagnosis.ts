/**
 * Why a role may not be assumed, for the audit log only: the caller always hears AWS's one
 * AccessDenied sentence. The engine's decision names the policy type that denied; when it is the
 * trust policy, the usual culprits are tested by asking what the trust policy would decide if the
 * request met its conditions on one group of keys (an ExternalId, MFA, a source identity): an
 * Allow statement's conditions on those keys are taken as met, and a Deny statement conditioned
 * on them as not applying. The first group that turns the answer into an allow is the reason.
 * This only runs after a denial, so it costs nothing on the path that succeeds.
 */
import { evaluate } from '../evaluate/index.js'
import type { Decision, PolicySet } from '../evaluate/types.js'
import type { RoleData } from '../identity/model.js'
import type { PolicyDocument, RawStatement } from '../policy/types.js'
import type { EntityRecord } from '../store/types.js'
import type { TrustContext } from './trust.js'

/** Machine-readable reasons a trust decision denied (`IamError.details.reason`). */
export type TrustDenialReason = 'role-not-found' | 'trust-policy' | 'external-id' | 'mfa-absent' | 'source-identity' | 'trust-conditions' | 'identity-policy' | 'evaluation-failed'

const KEY_GROUPS: readonly [TrustDenialReason, readonly string[]][] = [
  ['external-id', ['sts:externalid']],
  ['mfa-absent', ['aws:multifactorauthpresent', 'aws:multifactorauthage']],
  ['source-identity', ['sts:sourceidentity']],
]

/** What the audit log gets: the reason and the engine's explanation (never shown to the caller). */
export interface TrustDenialDetails {
  reason: TrustDenialReason
  action: string
  /** For `trust-conditions`: the groups that are all needed. */
  conditions?: TrustDenialReason[]
  decision?: Pick<Decision, 'decision' | 'decidedBy' | 'reason' | 'matched' | 'missingContextKeys'>
}

function statements(doc: PolicyDocument): RawStatement[] {
  const s = (doc as { Statement?: unknown }).Statement
  return Array.isArray(s) ? (s as RawStatement[]) : s !== undefined && s !== null ? [s as RawStatement] : []
}

function conditionsOn(statement: RawStatement, keys: ReadonlySet<string>): boolean {
  const condition = (statement as { Condition?: Record<string, Record<string, unknown>> }).Condition
  if (typeof condition !== 'object' || condition === null) return false
  return Object.values(condition).some((block) => typeof block === 'object' && block !== null && Object.keys(block).some((k) => keys.has(k.toLowerCase())))
}

/** The trust policy as it would decide if the request met every condition on `keys`. */
function relaxed(doc: PolicyDocument, keys: ReadonlySet<string>): PolicyDocument | undefined {
  let changed = false
  const out: RawStatement[] = []
  for (const statement of statements(doc)) {
    if (!conditionsOn(statement, keys)) {
      out.push(statement)
      continue
    }
    changed = true
    if ((statement as { Effect?: unknown }).Effect === 'Deny') continue
    const condition = (statement as { Condition: Record<string, Record<string, unknown>> }).Condition
    const kept: Record<string, Record<string, unknown>> = Object.create(null)
    for (const [operator, block] of Object.entries(condition)) {
      const rest = Object.fromEntries(Object.entries(block).filter(([k]) => !keys.has(k.toLowerCase())))
      if (Object.keys(rest).length > 0) kept[operator] = rest
    }
    const { Condition: _dropped, ...bare } = statement as RawStatement & { Condition?: unknown }
    out.push(Object.keys(kept).length > 0 ? ({ ...bare, Condition: kept } as RawStatement) : (bare as RawStatement))
  }
  return changed ? ({ ...doc, Statement: out } as PolicyDocument) : undefined
}

function allowsWith(doc: PolicyDocument, role: EntityRecord<RoleData>, principalArn: string, action: string, identity: PolicySet, ctx: TrustContext): boolean {
  try {
    const set: PolicySet = { ...identity, resourcePolicy: { id: `${role.data.arn}#trust`, document: doc } }
    return evaluate({ principal: principalArn, action, resource: role.data.arn, context: ctx.map }, set).decision === 'allowed'
  } catch {
    return false
  }
}

function summary(decision: Decision): TrustDenialDetails['decision'] {
  return { decision: decision.decision, decidedBy: decision.decidedBy, reason: decision.reason, matched: decision.matched, missingContextKeys: decision.missingContextKeys }
}

export function explainTrustDenial(role: EntityRecord<RoleData>, principalArn: string, action: string, decision: Decision | undefined, identity: PolicySet, ctx: TrustContext): TrustDenialDetails {
  if (decision === undefined) return { reason: 'evaluation-failed', action }
  if (decision.decidedBy !== undefined && decision.decidedBy !== 'resource') return { reason: 'identity-policy', action, decision: summary(decision) }
  const doc = role.data.assumeRolePolicyDocument
  const mentioned: TrustDenialReason[] = []
  for (const [reason, keys] of KEY_GROUPS) {
    const trial = relaxed(doc, new Set(keys))
    if (trial === undefined) continue
    if (allowsWith(trial, role, principalArn, action, identity, ctx)) return { reason, action, decision: summary(decision) }
    mentioned.push(reason)
  }
  if (mentioned.length > 1) {
    const all = relaxed(doc, new Set(KEY_GROUPS.filter(([r]) => mentioned.includes(r)).flatMap(([, keys]) => keys)))
    if (all !== undefined && allowsWith(all, role, principalArn, action, identity, ctx)) return { reason: 'trust-conditions', action, conditions: mentioned, decision: summary(decision) }
  }
  return { reason: 'trust-policy', action, decision: summary(decision) }
}

/**
 * Deciding whether a caller may assume a role: the trust policy is the resource-based policy of
 * the role for `sts:AssumeRole` (or `…WithWebIdentity`), evaluated by the engine together with the
 * caller's identity-side policies, so same- and cross-account rules are the engine's, exactly.
 */
import { IamError } from '../errors.js'
import { evaluate } from '../evaluate/index.js'
import type { ContextValue, Decision, PolicySet } from '../evaluate/types.js'
import type { RoleData } from '../identity/model.js'
import { parseIamArn } from '../identity/arn.js'
import type { EntityRecord } from '../store/types.js'
import type { StsInternals } from './internals.js'
import { explainTrustDenial, type TrustDenialDetails } from './trust-diagnosis.js'

/** A context whose keys are unique case-insensitively (the engine refuses a key given twice). */
export class TrustContext {
  readonly map = new Map<string, ContextValue>()
  readonly #byLower = new Map<string, string>()

  set(key: string, value: ContextValue | undefined): void {
    const lower = key.toLowerCase()
    const previous = this.#byLower.get(lower)
    if (previous !== undefined) this.map.delete(previous)
    if (value === undefined) {
      this.#byLower.delete(lower)
      return
    }
    this.#byLower.set(lower, key)
    this.map.set(key, value)
  }

  setAll(entries: Iterable<[string, ContextValue]>): void {
    for (const [key, value] of entries) this.set(key, value)
  }
}

/** Request keys a caller may add; everything describing the principal or the STS call is ours to set. */
const CALLER_SETTABLE_AWS_KEYS = new Set(['aws:sourceip', 'aws:securetransport', 'aws:useragent', 'aws:referer', 'aws:requestedregion', 'aws:sourcevpc', 'aws:sourcevpce', 'aws:vpcsourceip'])
const RESERVED_NAMESPACES = new Set(['aws', 'sts', 'iam'])

/**
 * The extra request context given with an STS call. Keys in the `aws:`, `sts:` and `iam:`
 * namespaces other than the request facts above, and keys named like an identity provider's
 * (`host/path:claim`), are refused: they would let a caller forge facts about itself.
 */
export function callerContext(context: unknown): [string, ContextValue][] {
  if (context === undefined) return []
  if (typeof context !== 'object' || context === null || Array.isArray(context)) throw new IamError('ERR_VALIDATION', 'context must be an object of condition keys')
  const out: [string, ContextValue][] = []
  for (const key of Object.keys(context)) {
    const lower = key.toLowerCase()
    const colon = lower.indexOf(':')
    const namespace = colon < 0 ? '' : lower.slice(0, colon)
    const reserved = RESERVED_NAMESPACES.has(namespace) ? !CALLER_SETTABLE_AWS_KEYS.has(lower) : namespace.includes('.') || namespace.includes('/')
    if (reserved) throw new IamError('ERR_INVALID_PARAMETER', `The context key '${key.slice(0, 128)}' cannot be set by the caller`)
    out.push([key, (context as Record<string, ContextValue>)[key]!])
  }
  return out
}

/** The time keys every STS decision carries. */
export function timeKeys(ctx: TrustContext, nowMs: number): void {
  ctx.set('aws:CurrentTime', new Date(nowMs).toISOString())
  ctx.set('aws:EpochTime', Math.floor(nowMs / 1000))
}

export interface RoleRef {
  partition: string
  account: string
  roleName: string
}

/** `arn:P:iam::ACCT:role/PATH/NAME`, or undefined. */
export function parseRoleArn(roleArn: unknown): RoleRef | undefined {
  const parsed = parseIamArn(roleArn, 64)
  if (parsed === undefined || parsed.type !== 'role') return undefined
  return { partition: parsed.partition, account: parsed.account, roleName: parsed.name }
}

/** The role, only when the ARN names it exactly (path included). */
export async function loadRole(sts: StsInternals, roleArn: unknown): Promise<EntityRecord<RoleData> | undefined> {
  const ref = parseRoleArn(roleArn)
  if (ref === undefined) return undefined
  const record = await sts.deps.store.get<RoleData>('role', ref.account, ref.roleName)
  return record !== undefined && record.data.arn === roleArn ? record : undefined
}

/**
 * AWS's AccessDenied for AssumeRole: the same words whether the role is missing or does not trust
 * the caller. Why it was denied goes into `details` (the audit log's), never into the message.
 */
export function notAuthorized(principalArn: string, action: string, roleArn: string, details?: TrustDenialDetails): IamError {
  const resource = typeof roleArn === 'string' ? roleArn.slice(0, 2048) : ''
  return new IamError('ERR_ACCESS_DENIED', `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource}`, details === undefined ? {} : { details: { ...details, principalArn, roleArn: resource } })
}

/**
 * The first of `actions` not allowed on the role for `principalArn` (the role's trust policy as
 * the resource policy) with the decision that denied it; `undefined` when all are allowed. Any
 * failure of evaluation denies (and is logged).
 */
function firstDenied(sts: StsInternals, principalArn: string, actions: readonly string[], role: EntityRecord<RoleData>, identity: PolicySet, ctx: TrustContext): { action: string; decision: Decision | undefined } | undefined {
  const policySet: PolicySet = { ...identity, resourcePolicy: { id: `${role.data.arn}#trust`, document: role.data.assumeRolePolicyDocument } }
  for (const action of actions) {
    try {
      const decision = evaluate({ principal: principalArn, action, resource: role.data.arn, context: ctx.map }, policySet)
      if (decision.decision !== 'allowed') return { action, decision }
    } catch (error) {
      sts.deps.logger.error('iam-guard: trust policy evaluation failed; denying', { roleArn: role.data.arn, action, error: String(error) })
      return { action, decision: undefined }
    }
  }
  return undefined
}

/**
 * Throws AWS's AccessDenied unless `role` exists and every one of `actions` is allowed on it for
 * `principalArn`. The error's `details.reason` says why (`role-not-found`, `trust-policy`,
 * `external-id`, `mfa-absent`, `identity-policy`…; see `explainTrustDenial`).
 */
export function requireTrust(
  sts: StsInternals,
  principalArn: string,
  actions: readonly [string, ...string[]],
  role: EntityRecord<RoleData> | undefined,
  identity: PolicySet,
  ctx: TrustContext,
  roleArn: string,
): asserts role is EntityRecord<RoleData> {
  if (role === undefined) throw notAuthorized(principalArn, actions[0], roleArn, { reason: 'role-not-found', action: actions[0] })
  const denied = firstDenied(sts, principalArn, actions, role, identity, ctx)
  if (denied === undefined) return
  throw notAuthorized(principalArn, denied.action, roleArn, explainTrustDenial(role, principalArn, denied.action, denied.decision, identity, ctx))
}

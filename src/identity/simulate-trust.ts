/**
 * Simulating role assumption: for `sts:AssumeRole` (and the `sts:TagSession` /
 * `sts:SetSourceIdentity` it may need) on a role ARN, the role's trust policy is the resource
 * policy, exactly as STS decides it (`src/sts/trust.ts`), and the request carries the keys STS
 * would set from the call: `sts:ExternalId`, `sts:SourceIdentity`, and MFA when the caller says it
 * authenticated with it. AWS "IAM JSON policy elements: Principal" (role trust policies) and
 * "Available keys for AWS STS".
 */
import type { Decision } from '../evaluate/types.js'
import type { SimulateInput } from '../iam-types.js'
import type { PolicyDocument } from '../policy/types.js'
import type { StoreReader } from '../store/types.js'
import { checkExternalId, checkSourceIdentity } from '../sts/validate.js'
import { parseIamArn } from './arn.js'
import type { RoleData } from './model.js'
import type { Principal } from './principal.js'

/** Actions decided by a role's trust policy when the resource is the role. */
const TRUST_ACTIONS = new Set(['sts:assumerole', 'sts:tagsession', 'sts:setsourceidentity'])

export function isTrustAction(action: string): boolean {
  return TRUST_ACTIONS.has(action.toLowerCase())
}

/** The role's trust policy when `resource` names an existing role exactly; `null` for a role ARN with no role; `undefined` when it is no role ARN. */
export async function trustPolicyOf(store: StoreReader, resource: string): Promise<{ id: string; document: PolicyDocument } | null | undefined> {
  const parsed = parseIamArn(resource, 64)
  if (parsed === undefined || parsed.type !== 'role') return undefined
  const role = await store.get<RoleData>('role', parsed.account, parsed.name)
  if (role === undefined || role.data.arn !== resource) return null
  return { id: `${resource}#trust`, document: role.data.assumeRolePolicyDocument }
}

/** AWS's answer for a role that does not exist: nothing trusts the caller. */
export function noSuchRole(): Decision {
  return { decision: 'implicitDeny', decidedBy: 'resource', reason: 'the role does not exist, so no trust policy allows the action', matched: [], missingContextKeys: [] }
}

/** The caller as the MFA input says it authenticated: `true` just now, `false` without MFA. */
export function withMfa(principal: Principal, mfa: SimulateInput['mfa'], nowMs: number): Principal {
  if (mfa === undefined) return principal
  if (typeof mfa !== 'boolean') throw new TypeError('mfa must be true or false')
  return { ...principal, mfa: mfa ? { present: true, authTime: Math.floor(nowMs / 1000) } : { present: false } }
}

/** The request keys STS sets from an AssumeRole call, validated as STS validates them. */
export function stsCallContext(input: Pick<SimulateInput, 'externalId' | 'sourceIdentity'>): [string, string][] {
  const out: [string, string][] = []
  const externalId = checkExternalId(input.externalId)
  const sourceIdentity = checkSourceIdentity(input.sourceIdentity)
  if (externalId !== undefined) out.push(['sts:externalid', externalId])
  if (sourceIdentity !== undefined) out.push(['sts:sourceidentity', sourceIdentity])
  return out
}

/**
 * AccessDenied messages in AWS's words ("Troubleshoot access denied error messages",
 * docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html): they name the
 * principal, the action, the resource and the TYPE of policy that decided, never its content.
 * The full explanation (policy ids, Sids) goes to the audit log only.
 */
import type { DecisionKind, PolicyType } from '../evaluate/types.js'
import { IamError } from '../errors.js'

const EXPLICIT: Readonly<Record<PolicyType, string>> = {
  identity: 'an identity-based policy',
  resource: 'a resource-based policy',
  boundary: 'a permissions boundary',
  session: 'a session policy',
  guardrail: 'a guardrail policy',
}

const IMPLICIT: Readonly<Record<PolicyType, string>> = {
  identity: 'identity-based policy',
  resource: 'resource-based policy',
  boundary: 'permissions boundary',
  session: 'session policy',
  guardrail: 'guardrail policy',
}

export interface DeniedDecision {
  principalArn: string
  action: string
  resource: string
  decision: DecisionKind
  decidedBy: PolicyType | undefined
}

export function accessDeniedMessage(d: DeniedDecision): string {
  const head = `User: ${d.principalArn} is not authorized to perform: ${d.action} on resource: ${d.resource}`
  const type = d.decidedBy ?? 'identity'
  return d.decision === 'explicitDeny'
    ? `${head} with an explicit deny in ${EXPLICIT[type]}`
    : `${head} because no ${IMPLICIT[type]} allows the ${d.action} action`
}

export function accessDenied(d: DeniedDecision): IamError {
  return new IamError('ERR_ACCESS_DENIED', accessDeniedMessage(d))
}

/** A matched route that declares no action: denied without evaluation (fail closed). */
export function noActionDenied(principalArn: string | undefined, method: string): IamError {
  const who = principalArn === undefined ? 'The caller' : `User: ${principalArn}`
  return new IamError('ERR_ACCESS_DENIED', `${who} is not authorized to perform this request: the route declares no action for ${method}`)
}

/** The router dispatched another method than the one the guard saw: a method override after the guard. */
export function methodChanged(principalArn: string | undefined): IamError {
  if (principalArn === undefined) return unauthenticated()
  // The new method may come from a header: it is not echoed back.
  return new IamError('ERR_ACCESS_DENIED', `User: ${principalArn} is not authorized to perform this request: its method changed after the guard`)
}

/**
 * An annotation reached at dispatch for a route the guard did not list: the request's URL changed
 * after the guard (a rewrite mounted after it).
 */
export function notDecided(principalArn: string): IamError {
  return new IamError('ERR_ACCESS_DENIED', `User: ${principalArn} is not authorized to perform this request: its path changed after the guard`)
}

/** No route of the app serves this method and path (AWS answers an unknown operation the same way to every caller). */
export function routeNotFound(method: string): IamError {
  return new IamError('ERR_NOT_FOUND', `No route serves ${method} on this path.`)
}

export function unauthenticated(): IamError {
  return new IamError('ERR_UNAUTHENTICATED', 'The request has no valid credentials.')
}

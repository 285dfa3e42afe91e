/**
 * Audit events of the STS endpoints (`kind: 'sts'`): one per sign-in, role assumption (by token,
 * web identity or console switch) and access-key exchange, allowed or refused, with WHY in
 * machine-readable form (`reasonCode`: `wrong-password`, `unknown-user`, `throttled`,
 * `trust-policy`, `external-id`, `mfa-absent`, `identity-policy`, `role-not-found`…) and in words.
 * The caller only ever hears AWS's answer ("not authorized", "incorrect"); the reason comes from
 * the `details.reason` STS attaches to its `IamError`, which no HTTP body shows.
 *
 * Hook semantics are the guard's: the hook may be async and is awaited; if it throws, the request
 * fails with a 500 (no credentials are handed out): an audit trail that silently loses events is
 * worse than a refused request. `stsRouter(iam, { onDecision })` sets the hook; `stsAuditEvent`
 * is exported so that `iamGuard` can hand its own `onDecision` to the endpoints it fronts.
 */
import { IamError, isIamError } from '../../errors.js'
import type { DecisionKind, MatchedStatement, PolicyType } from '../../evaluate/types.js'
import type { AuditEvent } from '../types.js'
import type { EndpointRequest, EndpointResult } from './types.js'

/** What a handler learns while it runs, for its audit event. */
export interface StsAuditFacts {
  /** The caller (user, session, identity provider, service) when known. */
  principal?: string
  /** The role ARN asked for. */
  resource?: string
  sourceIdentity?: string
  /** What was issued on success, e.g. the role session's ARN. */
  issued?: string
}

export interface StsAuditInput {
  /** Epoch ms. */
  time: number
  requestId: string
  method: string
  /** The endpoint's path (`/login`, `/assume-role`…). */
  route: string
  /** `signin:ConsoleLogin`, `sts:AssumeRole`, `sts:AssumeRoleWithWebIdentity`, `sts:GetSessionToken`. */
  action: string
  facts: StsAuditFacts
  /** The failure; `undefined` when the request succeeded. */
  error?: unknown
  sourceIp: string | undefined
  userAgent: string | undefined
  durationMs: number
}

/** Words for each reason; the code itself is in `reasonCode`. */
const REASONS: Readonly<Record<string, string>> = {
  'unknown-user': 'no such user in the account (the name given is not recorded)',
  'wrong-password': 'wrong password',
  'no-login-profile': 'the user has no password (no login profile)',
  'mfa-required': 'the user has an MFA device and no code was given',
  'mfa-invalid': 'the MFA code was wrong or already used',
  'throttled': 'too many failed attempts for this user or source',
  'invalid-input': 'malformed input',
  'unknown-access-key': 'no such access key',
  'wrong-secret': 'wrong secret access key',
  'inactive-access-key': 'the access key is inactive',
  'role-not-found': 'the role does not exist (the caller is told it is not authorized)',
  'trust-policy': 'the role\'s trust policy does not allow the caller',
  'external-id': 'the role\'s trust policy requires an sts:ExternalId that the request did not match',
  'mfa-absent': 'the role\'s trust policy requires MFA, which the caller did not present',
  'source-identity': 'the role\'s trust policy requires a source identity that the request did not match',
  'trust-conditions': 'the request met several conditions of the role\'s trust policy only together',
  'identity-policy': 'the caller\'s own policies do not allow it',
  'evaluation-failed': 'the trust policy could not be evaluated (denied)',
  'root-caller': 'roles may not be assumed by the account root',
  'caller-type': 'this kind of principal cannot assume roles',
  'not-signed-in': 'the session is not signed in',
  'not-a-user': 'only a signed-in user can switch roles',
  'unauthenticated': 'no authenticated caller',
  'provider-not-found': 'no OpenID Connect provider is registered for the token\'s issuer',
  'audience': 'the ID token is for another client',
  'replay-set-full': 'too many unexpired service assertions',
  'denylist-full': 'too many unexpired revoked tokens',
  'audit-failed': 'the audit hook failed',
}

interface DecisionFacts {
  decision?: DecisionKind
  decidedBy?: PolicyType
  reason?: string
  matched?: readonly MatchedStatement[]
}

function detailsOf(error: unknown): Record<string, unknown> | undefined {
  for (let e: unknown = error, depth = 0; e !== undefined && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if (isIamError(e) && e.details !== undefined && typeof e.details['reason'] === 'string') return e.details
  }
  return isIamError(error) ? error.details : undefined
}

/** The machine-readable reason of a failure: STS's `details.reason`, else one named after the error. */
function reasonCode(error: unknown, details: Record<string, unknown> | undefined): string {
  const reason = details?.['reason']
  if (typeof reason === 'string') {
    if (isIamError(error) && (error.code === 'ERR_TOKEN_INVALID' || error.code === 'ERR_UNAUTHENTICATED') && !reason.includes(':') && !Object.hasOwn(REASONS, reason)) return `token:${reason}`
    return reason
  }
  if (!isIamError(error)) return 'internal-error'
  switch (error.code) {
    case 'ERR_TOKEN_EXPIRED': return 'token:expired'
    case 'ERR_UNAUTHENTICATED': return 'unauthenticated'
    case 'ERR_VALIDATION':
    case 'ERR_INVALID_PARAMETER':
    case 'ERR_INVALID_REQUEST':
    case 'ERR_PACKED_POLICY_TOO_LARGE':
    case 'ERR_POLICY_INVALID': return 'invalid-input'
    case 'ERR_CSRF': return 'cross-site'
    case 'ERR_STORE_UNAVAILABLE': return 'store-unavailable'
    default: return error.code.slice('ERR_'.length).toLowerCase().replace(/_/g, '-')
  }
}

function words(code: string, error: unknown, decision: DecisionFacts): string {
  const base = REASONS[code] ?? (code.startsWith('token:') || code.startsWith('id-token:') ? `the credentials were refused (${code})` : isIamError(error) && error.expose ? error.message : 'internal error')
  return decision.reason === undefined ? base : `${base}: ${decision.reason}`
}

function decisionFacts(details: Record<string, unknown> | undefined): DecisionFacts {
  const d = details?.['decision']
  if (typeof d !== 'object' || d === null) return {}
  const { decision, decidedBy, reason, matched } = d as DecisionFacts
  return { decision, decidedBy, reason, matched: Array.isArray(matched) ? matched : [] }
}

/** The audit event of one STS request. */
export function stsAuditEvent(input: StsAuditInput): AuditEvent {
  const { facts, error } = input
  const base = {
    time: new Date(input.time).toISOString(),
    requestId: input.requestId,
    kind: 'sts' as const,
    method: input.method,
    route: input.route,
    action: input.action,
    resource: facts.resource,
    enforced: true,
    sourceIp: input.sourceIp,
    userAgent: input.userAgent,
    durationMs: Math.round(input.durationMs * 1000) / 1000,
  }
  if (error === undefined) {
    return {
      ...base, principal: facts.principal, sourceIdentity: facts.sourceIdentity, decision: 'allowed', decidedBy: undefined,
      reason: facts.issued === undefined ? `${input.action} succeeded` : `${input.action} succeeded: issued ${facts.issued}`,
      matched: [], reasonCode: 'allowed',
    }
  }
  const details = detailsOf(error)
  const code = reasonCode(error, details)
  const decision = decisionFacts(details)
  const principal = facts.principal ?? (typeof details?.['principalArn'] === 'string' ? details['principalArn'] : undefined)
  return {
    ...base, principal, sourceIdentity: facts.sourceIdentity,
    decision: decision.decision ?? 'implicitDeny',
    decidedBy: decision.decidedBy,
    reason: words(code, error, decision),
    matched: (decision.matched ?? []).map((m) => ({ policyId: m.policyId, policyType: m.policyType, sid: m.sid })),
    reasonCode: code,
    errorCode: isIamError(error) ? error.code : 'ERR_INTERNAL',
  }
}

const FACTS = new WeakMap<EndpointRequest, StsAuditFacts>()

/** Handlers note what they learn about a request (caller, role) as they go. */
export function noteAudit(request: EndpointRequest, facts: StsAuditFacts): void {
  const known = FACTS.get(request)
  FACTS.set(request, known === undefined ? { ...facts } : Object.assign(known, facts))
}

export type DecisionHook = (event: AuditEvent) => void | Promise<void>

/**
 * `handle`, with one audit event per request through `hook` (when there is one). A failing hook
 * turns the answer into a 500 without credentials, as the guard does.
 */
export function audited(action: string, route: string, hook: DecisionHook | undefined, handle: (request: EndpointRequest) => Promise<EndpointResult>): (request: EndpointRequest) => Promise<EndpointResult> {
  return async (request) => {
    // The router's own hook, else the one of the iamGuard in front of it.
    const onDecision = hook ?? request.onDecision
    if (onDecision === undefined) return handle(request)
    const started = performance.now()
    let result: EndpointResult | undefined
    let failure: unknown
    try {
      result = await handle(request)
    } catch (error) {
      failure = error
    }
    // Handlers that answer a failure themselves (logout) return a non-2xx result.
    const event = stsAuditEvent({
      time: Date.now(), requestId: request.requestId, method: request.method.toUpperCase(), route, action,
      facts: FACTS.get(request) ?? {}, ...(failure === undefined ? {} : { error: failure }),
      sourceIp: request.sourceIp, userAgent: request.headers['user-agent']?.[0], durationMs: performance.now() - started,
    })
    try {
      await onDecision(event)
    } catch (error) {
      throw new IamError('ERR_INTERNAL', 'audit hook failed', { cause: error, details: { reason: 'audit-failed' } })
    }
    if (failure !== undefined) throw failure
    return result!
  }
}

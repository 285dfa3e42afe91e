/**
 * Audit events: one per decision, with the full explanation (deciding policy ids and Sids) that
 * the 403 body deliberately leaves out.
 */
import type { DecisionKind, MatchedStatement, PolicyType } from '../evaluate/types.js'
import { IamError } from '../errors.js'
import type { AuditEvent } from './types.js'

export interface AuditInput {
  time: number
  requestId: string
  kind: 'route' | 'can'
  method: string
  route: string | undefined
  principalArn: string | undefined
  sourceIdentity: string | undefined
  action: string | undefined
  resource: string | undefined
  decision: DecisionKind
  enforced: boolean
  decidedBy: PolicyType | undefined
  reason: string
  matched: readonly MatchedStatement[]
  sourceIp: string | undefined
  userAgent: string | undefined
  durationMs: number
}

export function auditEvent(input: AuditInput): AuditEvent {
  return {
    time: new Date(input.time).toISOString(),
    requestId: input.requestId,
    kind: input.kind,
    method: input.method,
    route: input.route,
    principal: input.principalArn,
    sourceIdentity: input.sourceIdentity,
    action: input.action,
    resource: input.resource,
    decision: input.decision,
    enforced: input.enforced,
    decidedBy: input.decidedBy,
    reason: input.reason,
    matched: input.matched.map((m) => ({ policyId: m.policyId, policyType: m.policyType, sid: m.sid })),
    sourceIp: input.sourceIp,
    userAgent: input.userAgent,
    durationMs: Math.round(input.durationMs * 1000) / 1000,
  }
}

/** Something with a `write(text)`: a file stream, `process.stdout`, a log shipper. */
export interface TextSink {
  write(chunk: string): unknown
}

/** An `onDecision` hook writing each event as one line of JSON. */
export function jsonLinesAuditWriter(stream: TextSink): (event: AuditEvent) => void {
  if (stream === null || typeof stream !== 'object' || typeof stream.write !== 'function') {
    throw new IamError('ERR_INVALID_OPTION', 'stream: jsonLinesAuditWriter needs a stream with a write() method')
  }
  return (event) => {
    stream.write(JSON.stringify(event) + '\n')
  }
}

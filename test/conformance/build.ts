/**
 * Small builders so the case tables stay readable: principals, documents and statements, and
 * `conditionCases`, which turns one row of an operator table into two cases (the condition in an
 * Allow, and the same condition in a Deny next to an Allow), so every operator is checked in
 * both directions.
 */
import type { AuthzRequest, ContextValue } from '../../src/evaluate/types.js'
import type { PolicyDocument, RawConditionBlock, RawStatement } from '../../src/policy/types.js'
import type { ConformanceCase } from './types.js'

export const A = '111122223333'
export const B = '444455556666'
export const C = '777788889999'
export const ALICE = `arn:aws:iam::${A}:user/alice`
export const BOB = `arn:aws:iam::${A}:user/bob`
export const B_BOB = `arn:aws:iam::${B}:user/Bob`
export const B_ALICE = `arn:aws:iam::${B}:user/alice`
export const ROOT_A = `arn:aws:iam::${A}:root`
export const ROOT_B = `arn:aws:iam::${B}:root`
export const ROLE = `arn:aws:iam::${A}:role/Deployer`
export const SESSION = `arn:aws:sts::${A}:assumed-role/Deployer/alice-session`
export const OTHER_SESSION = `arn:aws:sts::${A}:assumed-role/Deployer/bob-session`
export const FEDERATED = `arn:aws:sts::${A}:federated-user/carol`
export const OBJECT = 'arn:aws:s3:::reports/2024/q1.csv'
export const BUCKET = 'arn:aws:s3:::reports'

/** Marks a context key as absent from the request. */
export const MISSING = Symbol('missing')
export type ContextCell = ContextValue | typeof MISSING

export function doc(...statements: RawStatement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements }
}

export function allow(action: string | string[], resource: string | string[] = '*', extra: Partial<RawStatement> = {}): RawStatement {
  return { Effect: 'Allow', Action: action, Resource: resource, ...extra }
}

export function deny(action: string | string[], resource: string | string[] = '*', extra: Partial<RawStatement> = {}): RawStatement {
  return { Effect: 'Deny', Action: action, Resource: resource, ...extra }
}

/** A resource-policy statement naming principals. */
export function grant(principal: RawStatement['Principal'], action: string | string[], resource: string | string[], extra: Partial<RawStatement> = {}): RawStatement {
  return { Effect: 'Allow', Principal: principal, Action: action, Resource: resource, ...extra }
}

export function aws(...arns: string[]): RawStatement['Principal'] {
  return { AWS: arns.length === 1 ? arns[0]! : arns }
}

export function req(principal: string, action: string, resource: string, context?: Record<string, ContextValue>, extra: Partial<AuthzRequest> = {}): AuthzRequest {
  return context === undefined ? { principal, action, resource, ...extra } : { principal, action, resource, context, ...extra }
}

function show(v: ContextCell): string {
  return v === MISSING ? 'a missing key' : JSON.stringify(v)
}

export interface ConditionRow {
  operator: string
  key: string
  value: unknown
  context: ContextCell
  match: boolean
  /** Extra context keys the row needs (for example the key a policy variable reads). */
  extraContext?: Record<string, ContextValue>
  note?: string
  /** The key as the request spells it, when it differs from the policy's spelling. */
  contextKey?: string
}

/**
 * Two cases per row: `Allow` with the condition (allowed iff it matches), and `Allow *` plus a
 * `Deny` with the condition (explicitDeny iff it matches).
 */
export function conditionCases(source: string, rows: readonly ConditionRow[], version: PolicyDocument['Version'] = '2012-10-17'): ConformanceCase[] {
  const out: ConformanceCase[] = []
  for (const row of rows) {
    const condition = { [row.operator]: { [row.key]: row.value } } as RawConditionBlock
    const context: Record<string, ContextValue> = { ...row.extraContext }
    if (row.context !== MISSING) context[row.contextKey ?? row.key] = row.context
    const request = req(ALICE, 's3:GetObject', OBJECT, context)
    const what = `${row.operator} {${row.key}: ${JSON.stringify(row.value)}} against ${show(row.context)}${row.note === undefined ? '' : ` (${row.note})`}`
    const withVersion = (d: PolicyDocument): PolicyDocument => (version === undefined ? { Statement: d.Statement } : { ...d, Version: version })
    out.push({
      name: `${what} ${row.match ? 'matches' : 'does not match'}, so an Allow with it ${row.match ? 'allows' : 'does not allow'}`,
      source,
      request,
      policies: { identityPolicies: [withVersion(doc(allow('s3:GetObject', '*', { Condition: condition })))] },
      expected: row.match ? 'allowed' : 'implicitDeny',
    })
    out.push({
      name: `${what} ${row.match ? 'matches' : 'does not match'}, so a Deny with it ${row.match ? 'denies' : 'does not deny'}`,
      source,
      request,
      policies: { identityPolicies: [withVersion(doc(allow('s3:GetObject'), deny('s3:GetObject', '*', { Condition: condition })))] },
      expected: row.match ? 'explicitDeny' : 'allowed',
    })
  }
  return out
}

/** Shorthand for a table row. */
export function row(operator: string, key: string, value: unknown, context: ContextCell, match: boolean, note?: string, extraContext?: Record<string, ContextValue>): ConditionRow {
  return { operator, key, value, context, match, ...(note === undefined ? {} : { note }), ...(extraContext === undefined ? {} : { extraContext }) }
}

/** One hand-written case. */
export function kase(name: string, source: string, request: AuthzRequest, policies: ConformanceCase['policies'], expected: ConformanceCase['expected']): ConformanceCase {
  return { name, source, request, policies, expected }
}

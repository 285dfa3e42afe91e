/**
 * Unique ids, as AWS has them: a trust or resource policy that names a user or role names THAT
 * entity, not whoever carries its name later.
 *
 * AWS stores the entity's unique id behind the ARN and shows the id in place of the ARN once the
 * entity is deleted; a new entity of the same name has a new id and is not matched. iam-guard
 * keeps the same invariant without a second lookup at request time (which the STS trust-policy
 * check, reading role records directly, could not share):
 *
 * 1. A policy may only name users and roles (of this partition) that exist, with their exact ARN
 *    — AWS refuses the same with "Invalid principal in policy".
 * 2. When a user or role is deleted, every trust and resource policy naming its ARN is rewritten,
 *    in the same transaction, to `ARN#UNIQUEID` — a value no principal ever has (a name cannot
 *    contain `#`), so it matches nobody, as AWS's bare unique id does. A `NotPrincipal` entry is
 *    rewritten the same way, so a Deny excepting the old user applies to the new one.
 * 3. When a user is renamed or moved, the policies naming it follow the new ARN (AWS does the same).
 *
 * Conditions on `aws:PrincipalArn` are not rewritten: AWS does not convert them either.
 */
import { IamError } from '../../errors.js'
import { parsePrincipalArn } from '../../principal-arn.js'
import type { PolicyDocument, RawPrincipal, RawStatement } from '../../policy/types.js'
import type { ResourcePolicyData, RoleData, UserData } from '../model.js'
import type { Tx } from './context.js'

function statements(doc: PolicyDocument): RawStatement[] {
  return Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]
}

function awsValues(principal: RawPrincipal | undefined): string[] {
  if (principal === undefined || principal === '*') return []
  const values = Object.hasOwn(principal, 'AWS') ? principal['AWS'] : undefined
  return values === undefined ? [] : Array.isArray(values) ? values : [values]
}

/** Refuses a policy naming a user or role of `partition` that does not exist under exactly that ARN. */
export async function checkNamedPrincipals(tx: Tx, doc: PolicyDocument, partition: string, field: string): Promise<void> {
  const issues: { code: string; path: (string | number)[]; message: string }[] = []
  const list = statements(doc)
  for (let i = 0; i < list.length; i++) {
    const s = list[i]!
    for (const element of ['Principal', 'NotPrincipal'] as const) {
      for (const value of awsValues(s[element])) {
        const p = parsePrincipalArn(value)
        if (p === undefined || p.partition !== partition || (p.kind !== 'user' && p.kind !== 'role')) continue
        const record = await tx.get<UserData | RoleData>(p.kind, p.account!, p.name)
        if (record === undefined || record.data.arn !== value) {
          issues.push({ code: 'invalid-principal', path: ['Statement', i, element, 'AWS'], message: `Invalid principal in policy: ${value} does not exist` })
        }
      }
    }
  }
  if (issues.length > 0) {
    throw new IamError('ERR_POLICY_INVALID', `${field}: invalid principal in policy (${issues.map((x) => x.message).join('; ')})`, { details: { field, issues } })
  }
}

/** `doc` with every AWS principal value equal to `from` replaced by `to`, or undefined when it names no such value. */
export function replacePrincipal(doc: PolicyDocument, from: string, to: string): PolicyDocument | undefined {
  let changed = false
  const swap = (principal: RawPrincipal | undefined): RawPrincipal | undefined => {
    if (principal === undefined || principal === '*' || !Object.hasOwn(principal, 'AWS')) return principal
    const values = principal['AWS']!
    const list = Array.isArray(values) ? values : [values]
    if (!list.includes(from)) return principal
    changed = true
    const next = list.map((v) => (v === from ? to : v))
    return { ...principal, AWS: Array.isArray(values) ? next : next[0]! }
  }
  const rewritten = statements(doc).map((s) => {
    const out: RawStatement = { ...s }
    if (s.Principal !== undefined) out.Principal = swap(s.Principal)!
    if (s.NotPrincipal !== undefined) out.NotPrincipal = swap(s.NotPrincipal)!
    return out
  })
  if (!changed) return undefined
  return { ...doc, Statement: Array.isArray(doc.Statement) ? rewritten : rewritten[0]! }
}

/** The value a deleted entity's ARN becomes in the policies that named it. */
export function orphanedPrincipal(arn: string, uniqueId: string): string {
  return `${arn}#${uniqueId}`
}

/** Rewrites every role trust policy and resource policy (all accounts) naming `from`. */
export async function rewritePrincipalReferences(tx: Tx, from: string, to: string): Promise<void> {
  for (const role of await tx.list<RoleData>('role', undefined)) {
    const next = replacePrincipal(role.data.assumeRolePolicyDocument, from, to)
    if (next !== undefined) await tx.put('role', role.account, role.id, { ...role.data, assumeRolePolicyDocument: next }, role)
  }
  for (const rp of await tx.list<ResourcePolicyData>('resourcePolicy', undefined)) {
    const next = replacePrincipal(rp.data.policyDocument, from, to)
    if (next !== undefined) await tx.put('resourcePolicy', rp.account, rp.id, { ...rp.data, policyDocument: next }, rp)
  }
}

/**
 * One statement: its elements, their types and combinations, and what the policy kind allows.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */
import { checkTemplate, compileActionPattern } from '../match/index.js'
import { describe } from './issues.js'
import {
  ACCOUNT_ID,
  PRINCIPAL_TYPES,
  STATEMENT_ELEMENTS,
  STRICT_SID,
  TRUST_ACTIONS,
  caseHint,
  hasOwn,
  isObject,
  isValidAction,
  looksLikeArn,
  looksLikeResourceArn,
  own,
} from './elements.js'
import { validateCondition } from './validate-condition.js'
import { stringEntries, type ValidationContext } from './validate-context.js'
import type { JsonPath } from './types.js'

/** Sids seen so far in the document, to report duplicates (IAM: "must be unique within a JSON policy"). */
export type SidRegistry = Map<string, JsonPath>

export function validateStatement(statement: unknown, path: JsonPath, ctx: ValidationContext, sids: SidRegistry): void {
  if (!isObject(statement)) {
    ctx.issues.add('invalid-type', path, `A statement must be an object, not ${describe(statement)}`)
    return
  }
  for (const key of Object.keys(statement)) {
    if (STATEMENT_ELEMENTS.has(key)) continue
    const hint = caseHint(key, STATEMENT_ELEMENTS)
    ctx.issues.add('unknown-element', [...path, key], `Unknown statement element ${describe(key)}${hint ? ` (element names are case-sensitive: did you mean "${hint}"?)` : ''}`)
  }

  validateSid(statement, path, ctx, sids)
  validateEffect(statement, path, ctx)
  validatePrincipals(statement, path, ctx)
  validateActions(statement, path, ctx)
  validateResources(statement, path, ctx)
  if (hasOwn(statement, 'Condition')) validateCondition(statement['Condition'], [...path, 'Condition'], ctx)
}

function validateSid(statement: Record<string, unknown>, path: JsonPath, ctx: ValidationContext, sids: SidRegistry): void {
  if (!hasOwn(statement, 'Sid')) return
  const sid = statement['Sid']
  const sidPath = [...path, 'Sid']
  if (typeof sid !== 'string') {
    ctx.issues.add('invalid-type', sidPath, `Sid must be a string, not ${describe(sid)}`)
    return
  }
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html
  if (ctx.rules.strictSid && !STRICT_SID.test(sid)) {
    ctx.issues.add('invalid-sid', sidPath, `Sid ${describe(sid)} may contain only ASCII letters and digits`)
  }
  if (sid === '') return
  const earlier = sids.get(sid)
  if (earlier !== undefined) ctx.issues.add('duplicate-sid', sidPath, `Sid ${describe(sid)} is already used by the statement at ${earlier.join('.')}; Sids must be unique`)
  else sids.set(sid, path)
}

function validateEffect(statement: Record<string, unknown>, path: JsonPath, ctx: ValidationContext): void {
  if (!hasOwn(statement, 'Effect')) {
    ctx.issues.add('missing-effect', path, 'The statement has no Effect ("Allow" or "Deny")')
    return
  }
  const effect = statement['Effect']
  if (typeof effect !== 'string') ctx.issues.add('invalid-type', [...path, 'Effect'], `Effect must be a string, not ${describe(effect)}`)
  else if (effect !== 'Allow' && effect !== 'Deny') {
    ctx.issues.add('invalid-effect', [...path, 'Effect'], `Effect must be "Allow" or "Deny" (case-sensitive), not ${describe(effect)}`)
  }
}

function validatePrincipals(statement: Record<string, unknown>, path: JsonPath, ctx: ValidationContext): void {
  const hasPrincipal = hasOwn(statement, 'Principal')
  const hasNot = hasOwn(statement, 'NotPrincipal')
  if (hasPrincipal && hasNot) ctx.issues.add('principal-and-notprincipal', path, 'A statement cannot have both Principal and NotPrincipal')
  if (ctx.rules.principal === 'forbidden') {
    for (const element of ['Principal', 'NotPrincipal']) {
      if (hasOwn(statement, element)) {
        ctx.issues.add('principal-not-allowed', [...path, element], `${element} is not allowed in ${ctx.kind} policies: it applies to the identity it is attached to`)
      }
    }
    return
  }
  if (!hasPrincipal && !hasNot) ctx.issues.add('missing-principal', path, `Every statement of ${ctx.kind} policies must name a Principal`)
  if (hasNot && !ctx.rules.notPrincipal) {
    ctx.issues.add('principal-not-allowed', [...path, 'NotPrincipal'], `NotPrincipal is not allowed in ${ctx.kind} policies`)
  }
  if (hasPrincipal) validatePrincipal(statement['Principal'], [...path, 'Principal'], 'Principal', ctx)
  if (hasNot) validatePrincipal(statement['NotPrincipal'], [...path, 'NotPrincipal'], 'NotPrincipal', ctx)
}

/** `"*"` or `{ AWS | Federated | Service | CanonicalUser: string | string[] }`. */
function validatePrincipal(value: unknown, path: JsonPath, element: string, ctx: ValidationContext): void {
  if (value === '*') return
  if (!isObject(value)) {
    ctx.issues.add('invalid-principal', path, `${element} must be "*" or an object such as {"AWS": "arn:…"}, not ${describe(value)}`)
    return
  }
  const types = Object.keys(value)
  if (types.length === 0) ctx.issues.add('empty-value', path, `${element} must name at least one principal`)
  for (const type of types) {
    const typePath = [...path, type]
    if (!PRINCIPAL_TYPES.has(type)) {
      const hint = caseHint(type, PRINCIPAL_TYPES)
      ctx.issues.add('invalid-principal', typePath, `Unknown principal type ${describe(type)}; use AWS, Federated, Service or CanonicalUser${hint ? ` (case-sensitive: "${hint}")` : ''}`)
      continue
    }
    stringEntries(value[type], typePath, `${element}.${type}`, ctx, (entry) => {
      const v = entry.value
      if (v === '*' && type === 'AWS') return
      if (v.includes('*') || v.includes('?')) {
        ctx.issues.add('principal-wildcard', entry.path, `Wildcards are not supported in ${element}.${type} values (only a whole "*" for AWS): ${describe(v)}`)
      } else if (v.includes('${')) {
        ctx.issues.add('invalid-principal', entry.path, `Policy variables are not supported in ${element}: ${describe(v)}`)
      } else if (type === 'AWS' && !looksLikeArn(v) && !ACCOUNT_ID.test(v)) {
        ctx.issues.add('invalid-principal', entry.path, `An AWS principal must be "*", an account id or an ARN, not ${describe(v)}`)
      }
    })
  }
}

function validateActions(statement: Record<string, unknown>, path: JsonPath, ctx: ValidationContext): void {
  const hasAction = hasOwn(statement, 'Action')
  const hasNot = hasOwn(statement, 'NotAction')
  if (hasAction && hasNot) ctx.issues.add('action-and-notaction', path, 'A statement cannot have both Action and NotAction')
  if (!hasAction && !hasNot) ctx.issues.add('missing-action', path, 'The statement has neither Action nor NotAction')
  for (const element of ['Action', 'NotAction']) {
    if (!hasOwn(statement, element)) continue
    stringEntries(statement[element], [...path, element], element, ctx, (entry) => {
      if (!isValidAction(entry.value)) {
        ctx.issues.add('invalid-action', entry.path, `${element} entries must be "*" or "service:action", not ${describe(entry.value)}`)
      } else if (ctx.rules.stsActionsOnly && element === 'Action' && !isTrustAction(entry.value)) {
        ctx.issues.add('unsupported-action', entry.path, `A trust policy may only name sts:AssumeRole, sts:AssumeRoleWithSAML, sts:AssumeRoleWithWebIdentity, sts:TagSession, sts:SetSourceIdentity or sts:SetContext (or an sts: pattern matching one), not ${describe(entry.value)}`)
      }
    })
  }
}

/** An `sts:` action or pattern that names at least one of the actions a trust policy may hold. */
function isTrustAction(action: string): boolean {
  if (!action.toLowerCase().startsWith('sts:')) return false
  const pattern = compileActionPattern(action)
  return TRUST_ACTIONS.some((name) => pattern.matches(name))
}

function validateResources(statement: Record<string, unknown>, path: JsonPath, ctx: ValidationContext): void {
  const hasResource = hasOwn(statement, 'Resource')
  const hasNot = hasOwn(statement, 'NotResource')
  if (ctx.rules.resource === 'forbidden') {
    for (const element of ['Resource', 'NotResource']) {
      if (hasOwn(statement, element)) {
        ctx.issues.add('resource-not-allowed', [...path, element], `${element} is not allowed in ${ctx.kind} policies: its resource is the role itself`)
      }
    }
    return
  }
  if (hasResource && hasNot) ctx.issues.add('resource-and-notresource', path, 'A statement cannot have both Resource and NotResource')
  if (!hasResource && !hasNot) ctx.issues.add('missing-resource', path, `Every statement of ${ctx.kind} policies needs Resource or NotResource`)
  for (const element of ['Resource', 'NotResource']) {
    if (!hasOwn(statement, element)) continue
    stringEntries(own(statement, element), [...path, element], element, ctx, (entry) => {
      const v = entry.value
      if (v !== '*' && !looksLikeResourceArn(v)) {
        ctx.issues.add('invalid-resource', entry.path, `${element} entries must be "*" or an ARN (arn:partition:service:region:account:resource; fewer segments only when one ends with a "*", which then expands beyond the colons), not ${describe(v)}`)
      }
      if (ctx.variables) {
        for (const message of checkTemplate(v, { variables: true })) ctx.issues.add('invalid-variable', entry.path, message)
      }
    })
  }
}

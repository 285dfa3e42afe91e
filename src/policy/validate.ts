/**
 * `validatePolicy`: every problem of a policy document, each with its JSON path (zod-style),
 * never just the first. Accepts policy text (duplicate keys, which `JSON.parse` would silently
 * collapse, are reported) or an already-parsed value.
 */
import { IamError } from '../errors.js'
import { IssueList, describe } from './issues.js'
import { KIND_RULES, POLICY_ELEMENTS, POLICY_KINDS, VERSIONS, caseHint, hasOwn, isObject } from './elements.js'
import { parseJsonText } from './json-text.js'
import { normalizePolicy } from './normalize.js'
import { checkReservedKeys } from './reserved-keys.js'
import { sizeQuota, textSize, valueSize } from './size.js'
import type { ValidationContext } from './validate-context.js'
import { validateStatement, type SidRegistry } from './validate-statement.js'
import type { PolicyKind, PolicyVersion, ValidateOptions, ValidateResult } from './types.js'

/**
 * Every issue of a policy document, each with its JSON path; never throws for a bad document.
 * `doc` is policy text (duplicate keys are reported, which `JSON.parse` would collapse) or a
 * parsed value. On success, `policy` is a fresh, deep-frozen copy. `options.kind` (default
 * `'identity'`) decides which elements are allowed and the size quota.
 *
 * @example
 * ```ts
 * import { validatePolicy } from 'iam-guard'
 *
 * const result = validatePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'docs:Get*' }] })
 * result.ok                                                     // false
 * result.ok ? [] : result.issues.map(({ code, path }) => ({ code, path }))  // [{ code: 'missing-resource', path: ['Statement', 0] }]
 * ```
 */
export function validatePolicy(doc: unknown, options: ValidateOptions = {}): ValidateResult {
  const kind: PolicyKind = options.kind ?? 'identity'
  if (!POLICY_KINDS.has(kind)) {
    throw new IamError('ERR_INVALID_OPTION', `kind must be one of ${[...POLICY_KINDS].join(', ')}, not ${describe(kind)}`)
  }
  const quota = sizeQuota(kind, options.sizeQuotas)
  const issues = new IssueList()

  let value: unknown = doc
  let size = 0
  let readable = true
  if (typeof doc === 'string') {
    size = textSize(doc)
    const parsed = parseJsonText(doc, issues)
    readable = parsed.ok
    if (parsed.ok) value = parsed.value
  }
  if (readable) {
    try {
      if (typeof doc !== 'string') size = valueSize(doc, quota)
      validateDocument(value, kind, issues)
      checkReservedKeys(value, issues)
    } catch (error) {
      // A getter or proxy that throws: the document cannot be trusted, so it is refused.
      issues.add('invalid-type', [], `The document could not be read: ${error instanceof Error ? error.message : 'unknown error'}`)
    }
  }
  if (size > quota) {
    const shown = typeof doc === 'string' ? `${size}` : `more than ${quota}`
    issues.add('size-quota', [], `The policy has ${shown} characters (white space outside strings not counted); ${kind} policies may have at most ${quota}`)
  }
  if (issues.count > 0) return { ok: false, issues: issues.finish() }
  return { ok: true, policy: normalizePolicy(value as Record<string, unknown>), issues: [] }
}

function validateDocument(doc: unknown, kind: PolicyKind, issues: IssueList): void {
  if (!isObject(doc)) {
    issues.add('invalid-type', [], `A policy must be a JSON object, not ${describe(doc)}`)
    return
  }
  const rules = KIND_RULES[kind]
  for (const key of Object.keys(doc)) {
    if (POLICY_ELEMENTS.has(key)) continue
    const hint = caseHint(key, POLICY_ELEMENTS)
    issues.add('unknown-element', [key], `Unknown policy element ${describe(key)}${hint ? ` (element names are case-sensitive: did you mean "${hint}"?)` : ''}`)
  }

  let version: PolicyVersion = '2008-10-17'
  if (hasOwn(doc, 'Version')) {
    const v = doc['Version']
    if (typeof v !== 'string') issues.add('invalid-type', ['Version'], `Version must be a string, not ${describe(v)}`)
    else if (!VERSIONS.has(v)) issues.add('invalid-version', ['Version'], `Version must be "2012-10-17" (or the older "2008-10-17"), not ${describe(v)}`)
    else if (rules.version2012Only && v !== '2012-10-17') issues.add('invalid-version', ['Version'], `A ${kind} policy must use Version "2012-10-17"`)
    else version = v as PolicyVersion
  }

  if (hasOwn(doc, 'Id') && typeof doc['Id'] !== 'string') {
    issues.add('invalid-type', ['Id'], `Id must be a string, not ${describe(doc['Id'])}`)
  }

  const ctx: ValidationContext = { issues, kind, rules, version, variables: version === '2012-10-17' }
  const sids: SidRegistry = new Map()
  if (!hasOwn(doc, 'Statement')) {
    issues.add('missing-statement', [], 'The policy has no Statement')
    return
  }
  const statement = doc['Statement']
  if (Array.isArray(statement)) {
    if (statement.length === 0) issues.add('empty-value', ['Statement'], 'Statement must not be an empty array')
    for (let i = 0; i < statement.length; i++) validateStatement(statement[i], ['Statement', i], ctx, sids)
  } else if (isObject(statement)) validateStatement(statement, ['Statement'], ctx, sids)
  else issues.add('invalid-type', ['Statement'], `Statement must be an object or an array of objects, not ${describe(statement)}`)
}

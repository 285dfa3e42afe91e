/**
 * `lintPolicy`: Access-Analyzer-style findings for a policy — things that are valid but
 * probably not what the author meant, or risky. Severities follow IAM Access Analyzer:
 * `error` (the policy will not work as written), `security_warning` (grants more than it seems),
 * `warning`, `suggestion`.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
 *
 * An invalid policy yields its validation issues as `error` findings, with their codes.
 */
import { lintCondition } from './lint-conditions.js'
import { actionCovers, asList, listCovers, principalCovers, resourceCovers } from './lint-cover.js'
import { lintStatement } from './lint-statement.js'
import { validatePolicy } from './validate.js'
import type { JsonPath, LintFinding, PolicyDocument, RawConditionBlock, RawStatement, ValidateOptions } from './types.js'

/** Past this many statements the pairwise checks (redundant, unreachable) are skipped. */
const MAX_PAIRWISE_STATEMENTS = 300

/**
 * Access-Analyzer-style findings for a policy (see the file comment): an invalid policy gives its
 * validation issues as `error` findings; a valid one the risky or surprising constructs.
 *
 * @example
 * ```ts
 * import { lintPolicy } from 'iam-guard'
 *
 * const [finding] = lintPolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] })
 * finding?.code     // 'full-admin'
 * finding?.severity // 'security_warning'
 * finding?.path     // ['Statement', 0]
 * ```
 */
export function lintPolicy(doc: PolicyDocument | unknown, options: ValidateOptions = {}): LintFinding[] {
  const result = validatePolicy(doc, options)
  if (!result.ok) return result.issues.map((i) => ({ code: i.code, severity: 'error', path: i.path, message: i.message }))
  const policy = result.policy
  const kind = options.kind ?? 'identity'
  const findings: LintFinding[] = []

  const variablesOn = policy.Version === '2012-10-17'
  if (policy.Version === undefined) {
    findings.push({ code: 'missing-version', severity: 'warning', path: [],
      message: 'The policy has no Version, so it uses 2008-10-17: policy variables such as ${aws:username} are plain text; add "Version": "2012-10-17"' })
  }

  const list = Array.isArray(policy.Statement) ? (policy.Statement as RawStatement[]) : [policy.Statement as RawStatement]
  const pathOf = (i: number): JsonPath => (Array.isArray(policy.Statement) ? ['Statement', i] : ['Statement'])
  list.forEach((s, i) => {
    const path = pathOf(i)
    lintStatement(s, path, { findings, kind })
    lintCondition(s, [...path, 'Condition'], { findings, effect: s.Effect })
    if (!variablesOn) lintLiteralVariables(s, path, findings)
  })

  if (list.length <= MAX_PAIRWISE_STATEMENTS) lintPairs(list, pathOf, findings)
  return findings
}

/** `${…}` under Version 2008-10-17 is literal text: almost certainly not what was meant. */
function lintLiteralVariables(s: RawStatement, path: JsonPath, findings: LintFinding[]): void {
  const report = (where: JsonPath): void => {
    findings.push({ code: 'variable-unsupported-in-version', severity: 'error', path: where,
      message: 'Policy variables need "Version": "2012-10-17"; without it ${…} is matched as literal text' })
  }
  for (const element of ['Resource', 'NotResource'] as const) {
    if (asList(s[element]).some((r) => r.includes('${'))) report([...path, element])
  }
  const condition = s.Condition as RawConditionBlock | undefined
  if (condition === undefined) return
  for (const operator of Object.keys(condition)) {
    const block = condition[operator]!
    for (const key of Object.keys(block)) {
      const v = block[key]!
      const values = Array.isArray(v) ? v : [v]
      if (values.some((x) => typeof x === 'string' && x.includes('${'))) report([...path, 'Condition', operator, key])
    }
  }
}

/** Whether statement `a` grants or denies at least everything `b` does (same effect assumed). */
function covers(a: RawStatement, b: RawStatement): boolean {
  if (a.Condition !== undefined && canonicalCondition(a.Condition) !== canonicalCondition(b.Condition)) return false
  // Principals
  if (a.NotPrincipal !== undefined || b.NotPrincipal !== undefined) {
    if (JSON.stringify(a.NotPrincipal) !== JSON.stringify(b.NotPrincipal) || !principalCovers(a.Principal, b.Principal)) return false
  } else if (!principalCovers(a.Principal, b.Principal)) return false
  // Actions
  const aAll = asList(a.Action).includes('*')
  if (a.Action !== undefined && b.Action !== undefined) {
    if (!listCovers(asList(a.Action), asList(b.Action), actionCovers)) return false
  } else if (a.NotAction !== undefined && b.NotAction !== undefined) {
    // `a` excludes no more than `b` does.
    if (!listCovers(asList(b.NotAction), asList(a.NotAction), actionCovers)) return false
  } else if (!aAll) return false
  // Resources (trust policies have none)
  const aStar = asList(a.Resource).includes('*')
  if (a.Resource !== undefined && b.Resource !== undefined) return listCovers(asList(a.Resource), asList(b.Resource), resourceCovers)
  if (a.NotResource !== undefined && b.NotResource !== undefined) return listCovers(asList(b.NotResource), asList(a.NotResource), resourceCovers)
  if (a.Resource === undefined && a.NotResource === undefined) return b.Resource === undefined && b.NotResource === undefined
  return aStar
}

/** Condition blocks compared as AWS reads them: key names case-insensitive, value order free. */
function canonicalCondition(c: RawConditionBlock | undefined): string {
  if (c === undefined) return ''
  const parts: string[] = []
  for (const operator of Object.keys(c).sort()) {
    const block = c[operator]!
    const keys = Object.keys(block).map((k) => {
      const v = block[k]!
      const values = (Array.isArray(v) ? v : [v]).map((x) => `${typeof x}:${String(x)}`).sort()
      return JSON.stringify([k.toLowerCase(), values])
    })
    parts.push(JSON.stringify([operator, keys.sort()]))
  }
  return parts.join('|')
}

/**
 * Redundant statements (another statement with the same effect already grants or denies all of
 * it) and unreachable ones (an Allow that an unconditional Deny of the same policy fully covers).
 */
function lintPairs(list: readonly RawStatement[], pathOf: (i: number) => JsonPath, findings: LintFinding[]): void {
  for (let j = 0; j < list.length; j++) {
    const b = list[j]!
    let reported = false
    if (b.Effect === 'Allow') {
      for (let i = 0; i < list.length && !reported; i++) {
        const d = list[i]!
        if (d.Effect !== 'Deny' || d.Condition !== undefined) continue
        if (covers(d, b)) {
          findings.push({ code: 'unreachable-statement', severity: 'warning', path: pathOf(j),
            message: `This Allow never takes effect: the Deny at ${pathOf(i).join('.')} covers all of it` })
          reported = true
        }
      }
    }
    for (let i = 0; i < list.length && !reported; i++) {
      const a = list[i]!
      if (i === j || a.Effect !== b.Effect || !covers(a, b)) continue
      // Of two equivalent statements, only the later one is reported.
      if (covers(b, a) && i > j) continue
      findings.push({ code: 'redundant-statement', severity: 'suggestion', path: pathOf(j),
        message: `This statement is redundant: the statement at ${pathOf(i).join('.')} already ${b.Effect === 'Allow' ? 'allows' : 'denies'} all of it` })
      reported = true
    }
  }
}


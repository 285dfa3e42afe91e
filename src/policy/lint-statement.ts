/**
 * Findings about one statement on its own, after IAM Access Analyzer's policy checks
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)
 * and the element pages (NotPrincipal, NotAction, NotResource) of the IAM User Guide.
 */
import { actionCovers, asList, globCovers, resourceCovers } from './lint-cover.js'
import type { FindingSeverity, JsonPath, LintFinding, PolicyKind, RawPrincipal, RawStatement } from './types.js'

export interface StatementLintContext {
  readonly findings: LintFinding[]
  readonly kind: PolicyKind
}

function add(ctx: StatementLintContext, code: string, severity: FindingSeverity, path: JsonPath, message: string): void {
  ctx.findings.push({ code, severity, path, message })
}

function isPublic(p: RawPrincipal | undefined): boolean {
  return p === '*' || (p !== undefined && asList(p['AWS']).includes('*'))
}

export function lintStatement(s: RawStatement, path: JsonPath, ctx: StatementLintContext): void {
  const allow = s.Effect === 'Allow'
  const actions = asList(s.Action)
  const resources = asList(s.Resource)
  const hasCondition = s.Condition !== undefined && Object.keys(s.Condition).length > 0
  const allResources = resources.includes('*') || s.NotResource !== undefined

  if (s.Sid === '') add(ctx, 'empty-sid', 'suggestion', [...path, 'Sid'], 'The Sid is empty; remove it or give the statement a name')

  if (allow && s.NotPrincipal !== undefined) {
    add(ctx, 'allow-with-not-principal', 'security_warning', [...path, 'NotPrincipal'],
      'Allow with NotPrincipal grants access to every principal not listed, anonymous ones included; name the principals in Principal instead')
  }
  if (allow && s.NotAction !== undefined) {
    add(ctx, 'allow-with-not-action', allResources ? 'security_warning' : 'warning', [...path, 'NotAction'],
      `Allow with NotAction grants every action not listed${allResources ? ', on all resources' : ''}, including actions added later; list the allowed actions in Action`)
  }
  if (allow && s.NotResource !== undefined) {
    const allActions = s.NotAction !== undefined || actions.some((a) => a === '*' || a === '*:*')
    add(ctx, 'allow-with-not-resource', allActions ? 'security_warning' : 'warning', [...path, 'NotResource'],
      'Allow with NotResource grants access to every resource not listed, including resources created later; list the resources in Resource')
  }
  if (allow && actions.some((a) => a === '*' || a === '*:*') && resources.includes('*') && !hasCondition) {
    add(ctx, 'full-admin', 'security_warning', path, 'This statement allows every action on every resource (full administrator access)')
  }
  if (allow && (ctx.kind === 'resource' || ctx.kind === 'trust') && isPublic(s.Principal) && !hasCondition) {
    add(ctx, 'public-principal', 'security_warning', [...path, 'Principal'],
      `Principal "*" without a Condition gives this access to anyone, including anonymous callers`)
  }
  if (allow && allResources && (s.NotAction !== undefined || actions.some((a) => actionCovers(a, 'iam:PassRole')))) {
    add(ctx, 'pass-role-with-star-in-resource', 'security_warning', path,
      'iam:PassRole is allowed for every role; name the roles that may be passed in Resource')
  }

  for (const element of ['Action', 'NotAction'] as const) {
    const list = asList(s[element])
    lintList(list, [...path, element], element, actionCovers, ctx)
    list.forEach((a, i) => {
      const service = a.slice(0, Math.max(0, a.indexOf(':')))
      if (a !== '*' && (service.includes('*') || service.includes('?'))) {
        add(ctx, 'wildcard-in-service-name', 'suggestion', typeof s[element] === 'string' ? [...path, element] : [...path, element, i],
          `The service part of ${JSON.stringify(a)} has a wildcard; name the service`)
      }
    })
  }
  for (const element of ['Resource', 'NotResource'] as const) lintList(asList(s[element]), [...path, element], element, resourceCovers, ctx)
  for (const element of ['Principal', 'NotPrincipal'] as const) {
    const p = s[element]
    if (p === undefined || p === '*') continue
    for (const type of Object.keys(p)) lintList(asList(p[type]), [...path, element, type], `${element}.${type}`, globCovers, ctx)
  }
}

/** Duplicated entries, and entries another entry of the same list already covers. */
function lintList(
  list: readonly string[],
  path: JsonPath,
  element: string,
  covers: (p: string, q: string) => boolean,
  ctx: StatementLintContext,
): void {
  if (list.length < 2 || list.length > 500) return
  const folded = element.endsWith('Action') ? list.map((a) => a.toLowerCase()) : list
  for (let j = 0; j < list.length; j++) {
    const first = folded.indexOf(folded[j]!)
    if (first < j) {
      add(ctx, 'duplicate-entry', 'suggestion', [...path, j], `${element} lists ${JSON.stringify(list[j])} more than once`)
      continue
    }
    for (let i = 0; i < list.length; i++) {
      if (i === j || folded[i] === folded[j]) continue
      if (covers(list[i]!, list[j]!)) {
        add(ctx, 'redundant-entry', 'suggestion', [...path, j], `${JSON.stringify(list[j])} is already covered by ${JSON.stringify(list[i])} in ${element}`)
        break
      }
    }
  }
}

/**
 * Condition findings, after IAM Access Analyzer's policy checks
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)
 * and the condition operator reference
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
 */
import { createRequire } from 'node:module'
import { parseOperatorName } from '../conditions/index.js'
import type { ParsedOperator } from '../conditions/types.js'
import type { FindingSeverity, JsonPath, LintFinding, RawConditionBlock, RawConditionValue, RawStatement } from './types.js'

type Family = ParsedOperator['family']

// ipaddr.js is CommonJS (`export =`) and the tsconfig has no esModuleInterop: load it as Node would.
const ipaddr = createRequire(import.meta.url)('ipaddr.js') as typeof import('ipaddr.js')

/** Global keys with one value per request (AWS "Global condition context keys"): set operators do not fit them. */
const SINGLE_VALUED = new Set([
  'aws:sourceip', 'aws:securetransport', 'aws:multifactorauthpresent', 'aws:multifactorauthage',
  'aws:currenttime', 'aws:epochtime', 'aws:tokenissuetime', 'aws:principalarn', 'aws:principalaccount',
  'aws:principaltype', 'aws:userid', 'aws:username', 'aws:useragent', 'aws:referer', 'aws:sourceidentity',
  'aws:sourcearn', 'aws:sourceaccount', 'aws:principalorgid', 'aws:requestedregion', 'aws:viaawsservice',
  'aws:principalisawsservice', 'aws:sourcevpc', 'aws:sourcevpce',
])
const SINGLE_VALUED_PREFIXES = ['aws:principaltag/', 'aws:requesttag/', 'aws:resourcetag/']

/** The operator families that fit a global key whose type AWS documents. */
const KEY_FAMILIES: ReadonlyMap<string, readonly Family[]> = new Map<string, readonly Family[]>([
  ['aws:sourceip', ['Ip']],
  ['aws:securetransport', ['Bool']],
  ['aws:multifactorauthpresent', ['Bool']],
  ['aws:viaawsservice', ['Bool']],
  ['aws:principalisawsservice', ['Bool']],
  ['aws:currenttime', ['Date']],
  ['aws:tokenissuetime', ['Date']],
  ['aws:epochtime', ['Date', 'Numeric']],
  ['aws:multifactorauthage', ['Numeric']],
  ['aws:principalarn', ['Arn', 'String']],
  ['aws:sourcearn', ['Arn', 'String']],
])

/** ipaddr.js range names that are not public internet addresses. */
const NON_PUBLIC = new Set(['private', 'loopback', 'linkLocal', 'uniqueLocal', 'carrierGradeNat'])

export interface ConditionLintContext {
  readonly findings: LintFinding[]
  readonly effect: 'Allow' | 'Deny'
}

function add(ctx: ConditionLintContext, code: string, severity: FindingSeverity, path: JsonPath, message: string): void {
  ctx.findings.push({ code, severity, path, message })
}

function valuesOf(v: RawConditionValue | readonly RawConditionValue[]): readonly RawConditionValue[] {
  return Array.isArray(v) ? (v as readonly RawConditionValue[]) : [v as RawConditionValue]
}

export function lintCondition(statement: RawStatement, path: JsonPath, ctx: ConditionLintContext): void {
  const condition = statement.Condition as RawConditionBlock | undefined
  if (condition === undefined) return
  const operators = Object.keys(condition)
  if (operators.length === 0) add(ctx, 'empty-condition', 'suggestion', path, 'The Condition element is empty and has no effect')
  for (const operator of operators) {
    const parsed = parseOperatorName(operator)
    const block = condition[operator]!
    const opPath = [...path, operator]
    const keys = Object.keys(block)
    if (keys.length === 0) add(ctx, 'empty-condition', 'suggestion', opPath, `${operator} has no condition keys and has no effect`)
    if (parsed === undefined) continue
    for (const key of keys) lintKey(condition, parsed, key, valuesOf(block[key]!), [...opPath, key], ctx)
  }
}

function lintKey(
  condition: RawConditionBlock,
  op: ParsedOperator,
  key: string,
  values: readonly RawConditionValue[],
  path: JsonPath,
  ctx: ConditionLintContext,
): void {
  const lower = key.toLowerCase()
  if (op.set === 'ForAllValues' && ctx.effect === 'Allow' && !hasNullFalse(condition, lower)) {
    add(ctx, 'forallvalues-with-allow', 'security_warning', path,
      `ForAllValues is true when ${key} is missing or empty, so this Allow also applies to requests without it; add a Null condition ("${key}": "false") or use ForAnyValue`)
  }
  if (op.set !== undefined && (SINGLE_VALUED.has(lower) || SINGLE_VALUED_PREFIXES.some((p) => lower.startsWith(p)))) {
    add(ctx, 'set-operator-on-single-valued-key', op.set === 'ForAllValues' ? 'security_warning' : 'warning', path,
      `${op.set} is meant for multivalued keys; ${key} has a single value${op.set === 'ForAllValues' ? ', and ForAllValues can be overly permissive' : ''}`)
  }
  const families = KEY_FAMILIES.get(lower)
  if (families !== undefined && op.family !== 'Null' && !families.includes(op.family)) {
    add(ctx, 'type-mismatch', 'warning', path, `${key} is a ${families[0]} key; use a ${families.join(' or ')} operator rather than ${op.name}`)
  }
  if (op.family === 'String' && !op.like && values.some((v) => typeof v === 'string' && hasWildcard(v))) {
    add(ctx, 'wildcard-without-like', 'warning', path, `${op.name} compares * and ? literally; use ${op.negated ? 'StringNotLike' : 'StringLike'} for wildcards`)
  }
  if (op.family === 'Ip' && lower === 'aws:sourceip') lintSourceIp(op, values, path, ctx)
  const seen = new Set<string>()
  for (const v of values) {
    const text = String(v)
    if (seen.has(text)) {
      add(ctx, 'duplicate-condition-value', 'suggestion', path, `The value ${JSON.stringify(text)} is listed more than once`)
      break
    }
    seen.add(text)
  }
}

/** `*` or `?` outside `${…}` (where `${*}` and `${?}` spell literal characters anyway). */
function hasWildcard(text: string): boolean {
  let inVariable = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (!inVariable && c === '$' && text[i + 1] === '{') inVariable = true
    else if (inVariable && c === '}') inVariable = false
    else if (!inVariable && (c === '*' || c === '?')) return true
  }
  return false
}

/** A `Null` test that the key is present (`"key": "false"`) in the same Condition block. */
function hasNullFalse(condition: RawConditionBlock, lowerKey: string): boolean {
  const block = Object.prototype.hasOwnProperty.call(condition, 'Null') ? condition['Null'] : undefined
  if (block === undefined) return false
  for (const key of Object.keys(block)) {
    if (key.toLowerCase() === lowerKey && valuesOf(block[key]!).every((v) => String(v).toLowerCase() === 'false')) return true
  }
  return false
}

/**
 * AWS flags private ranges in `aws:SourceIp` because AWS only sees public addresses. Here the
 * address comes from the HTTP connection, so a private range does match, but it is what every
 * request carries when a reverse proxy is not trusted for X-Forwarded-For: an IpAddress
 * condition on it may then let everyone through the proxy in.
 */
function lintSourceIp(op: ParsedOperator, values: readonly RawConditionValue[], path: JsonPath, ctx: ConditionLintContext): void {
  for (const v of values) {
    const text = String(v)
    let range: string
    try {
      const address = text.includes('/') ? ipaddr.parseCIDR(text)[0] : ipaddr.parse(text)
      range = address.range()
    } catch {
      continue // unparsable values are the validator's business
    }
    if (!NON_PUBLIC.has(range)) continue
    const allowing = op.negated === (ctx.effect === 'Deny')
    add(ctx, 'private-ip', allowing ? 'security_warning' : 'warning', path,
      `${text} is a ${range} address: behind a reverse proxy that is not trusted, every request carries the proxy's private address as aws:SourceIp`)
    return
  }
}

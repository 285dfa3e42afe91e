/**
 * `compilePolicy`: a validated policy document becomes matchers, once, when it is loaded
 * (STYLE.md 7, CASL's rule index). Validation is not optional: an invalid document throws
 * `IamError` `ERR_POLICY_INVALID` with every issue, before anything is compiled.
 */
import { compileCondition } from '../conditions/index.js'
import type { CompiledCondition } from '../conditions/types.js'
import { compilePrincipal } from '../evaluate/principal.js'
import type { NamedPolicy } from '../evaluate/types.js'
import { compileActionPattern, compileResourcePattern } from '../match/index.js'
import { parseTemplate } from '../match/template.js'
import type { ResourceMatcher } from '../match/types.js'
import type { CompiledPolicy, CompiledStatement, ContextKeyRef } from './compiled.js'
import { parsePolicy } from './parse.js'
import type { PolicyDocument, PolicyKind, PolicyVersion, RawConditionValue, RawStatement, ValidateOptions } from './types.js'

export interface CompilePolicyOptions {
  /** Shown in `Decision.matched`. Default: the NamedPolicy's id, else the document's `Id`, else `'inline'`. */
  id?: string
  /** Decides which elements the document may contain and its size quota. Default: `'identity'`. */
  kind?: PolicyKind
  /** Size quotas by kind (characters without white space). Default: AWS's, see `DEFAULT_SIZE_QUOTAS`. */
  sizeQuotas?: ValidateOptions['sizeQuotas']
}

function isNamedPolicy(value: unknown): value is NamedPolicy {
  return typeof value === 'object' && value !== null && !Array.isArray(value) &&
    Object.hasOwn(value, 'document') && Object.hasOwn(value, 'id') && !Object.hasOwn(value, 'Statement')
}

function list<T>(value: T | readonly T[] | undefined): readonly T[] {
  return value === undefined ? [] : Array.isArray(value) ? (value as readonly T[]) : [value as T]
}

/**
 * Compiles a policy document (an object, its JSON text, or `{ id, document }`) after validating
 * it as `kind`. Throws `IamError` `ERR_POLICY_INVALID` (with `details.issues`) when it is invalid.
 *
 * @example
 * ```ts
 * import { compilePolicy, compilePolicySet } from 'iam-guard'
 *
 * const read = compilePolicy('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"docs:Get*","Resource":"*"}]}',
 *   { id: 'arn:app:iam::111122223333:policy/Read' })
 * read.statements.length // 1
 * read.id                // 'arn:app:iam::111122223333:policy/Read'
 * const set = compilePolicySet({ identityPolicies: [read] })   // compiled policies are used as they are
 * ```
 */
export function compilePolicy(doc: PolicyDocument | string | NamedPolicy, options: CompilePolicyOptions = {}): CompiledPolicy {
  let raw: unknown = doc
  let id = options.id
  if (isNamedPolicy(doc)) {
    raw = doc.document
    id ??= doc.id
  }
  const kind = options.kind ?? 'identity'
  const document = parsePolicy(raw, options.sizeQuotas === undefined ? { kind } : { kind, sizeQuotas: options.sizeQuotas })
  const version: PolicyVersion = document.Version ?? '2008-10-17'
  const statements = list(document.Statement).map((statement, index) => compileStatement(statement, index, version))
  return Object.freeze({
    compiled: true as const,
    id: id ?? (typeof document.Id === 'string' ? document.Id : 'inline'),
    kind,
    version,
    statements: Object.freeze(statements),
    document,
  })
}

/**
 * An element the statement itself carries. `parsePolicy` already builds statements without a
 * prototype; reading only own properties keeps a polluted `Object.prototype` from adding a
 * `Condition` (an inert Deny) or a `NotResource`/`NotAction` (a broad Allow) all the same.
 */
function element<K extends keyof RawStatement>(s: RawStatement, name: K): RawStatement[K] | undefined {
  return Object.hasOwn(s, name) ? s[name] : undefined
}

function compileStatement(s: RawStatement, index: number, version: PolicyVersion): CompiledStatement {
  const variables = version === '2012-10-17'
  const notActionList = element(s, 'NotAction')
  const notResourceList = element(s, 'NotResource')
  const notPrincipalValue = element(s, 'NotPrincipal')
  const notAction = notActionList !== undefined
  const notResource = notResourceList !== undefined
  const notPrincipal = notPrincipalValue !== undefined
  const actions = list(notAction ? notActionList : element(s, 'Action')).map((a) => compileActionPattern(a))
  const resourceList = notResource ? notResourceList : element(s, 'Resource')
  const resources = resourceList === undefined
    ? undefined
    : list(resourceList).map((r) => withPrefilter(compileResourcePattern(r, { variables })))
  const rawPrincipal = notPrincipal ? notPrincipalValue : element(s, 'Principal')
  const principal = rawPrincipal === undefined ? undefined : compilePrincipal(rawPrincipal, ['Statement', index, notPrincipal ? 'NotPrincipal' : 'Principal'])
  const conditions: CompiledCondition[] = []
  const keys = new KeyRefs()
  const block = element(s, 'Condition')
  if (block !== undefined) {
    for (const operator of Object.keys(block)) {
      const entries = block[operator]!
      for (const key of Object.keys(entries)) {
        const values = entries[key]!
        const condition = compileCondition(operator, key, values, { version, effect: s.Effect })
        conditions.push(condition)
        keys.addCondition(condition, key, values, variables)
      }
    }
  }
  if (resources !== undefined) for (const r of resources) keys.addVariables(r.pattern, variables, r)
  return Object.freeze({
    index,
    sid: element(s, 'Sid'),
    // Validation made Effect an own "Allow" or "Deny".
    effect: s.Effect,
    actions: Object.freeze(actions),
    notAction,
    resources: resources === undefined ? undefined : Object.freeze(resources),
    notResource,
    conditions: Object.freeze(conditions),
    principal,
    notPrincipal,
    contextKeys: Object.freeze(keys.refs),
  })
}

/**
 * `value.startsWith(prefix)`, compared from the end: resources under one policy usually differ
 * in their last characters (ids), so most misses stop at once; measured faster here than the builtin.
 */
function hasPrefix(value: string, prefix: string): boolean {
  let i = prefix.length
  if (value.length < i) return false
  while (i-- > 0) if (value.charCodeAt(i) !== prefix.charCodeAt(i)) return false
  return true
}

function countColons(text: string): number {
  let n = 0
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 58) n++
  return n
}

/**
 * The hot path of evaluation is resource matching, and most patterns are a literal ARN or a
 * literal prefix and one trailing `*`. For those, a string comparison decides; for the others the
 * literal text before the first wildcard must still start the value (the text before it is
 * literal), which rejects most non-matching resources before the segment-wise match runs.
 * Patterns with `$` (variables, `${*}` escapes) are left to the matcher as they are.
 */
function withPrefilter(matcher: ResourceMatcher): ResourceMatcher {
  const pattern = matcher.pattern
  if (pattern === '*' || pattern.includes('$')) return matcher
  const star = pattern.indexOf('*')
  const question = pattern.indexOf('?')
  const first = star < 0 ? question : question < 0 ? star : Math.min(star, question)
  if (first < 0) {
    if (countColons(pattern) < 5) return matcher
    return { pattern, keys: matcher.keys, matches: (value) => value === pattern }
  }
  const prefix = pattern.slice(0, first)
  // One trailing star: in the resource part it is free, and earlier it ends its segment and so
  // expands beyond the colons (AWS "IAM JSON policy elements: Resource"): a prefix comparison.
  if (first === pattern.length - 1 && star === first) {
    return { pattern, keys: matcher.keys, matches: (value) => hasPrefix(value, prefix) }
  }
  if (prefix === '') return matcher
  const inner = matcher
  return { pattern, keys: matcher.keys, matches: (value, ctx) => hasPrefix(value, prefix) && inner.matches(value, ctx) }
}

/** Variables without a default in a pattern, as written (`${aws:username}` → `aws:username`). */
function requiredVariables(text: string, variables: boolean): ContextKeyRef[] {
  if (!variables || !text.includes('${')) return []
  const out: ContextKeyRef[] = []
  for (const part of parseTemplate(text, { variables }).parts) {
    if (part.kind === 'variable' && part.default === undefined) out.push({ lower: part.key, name: part.name })
  }
  return out
}

/** Context keys a statement reads, deduplicated by lower-cased name, first spelling kept. */
class KeyRefs {
  readonly refs: ContextKeyRef[] = []
  private readonly seen = new Set<string>()

  add(lower: string, name: string): void {
    if (this.seen.has(lower)) return
    this.seen.add(lower)
    this.refs.push(Object.freeze({ lower, name }))
  }

  addCondition(condition: CompiledCondition, key: string, values: RawConditionValue | RawConditionValue[], variables: boolean): void {
    this.add(key.toLowerCase(), key)
    const written = new Map<string, string>()
    for (const value of list(values)) {
      if (typeof value !== 'string') continue
      for (const v of requiredVariables(value, variables)) if (!written.has(v.lower)) written.set(v.lower, v.name)
    }
    for (const lower of condition.keys) if (written.has(lower)) this.add(lower, written.get(lower)!)
  }

  addVariables(pattern: string, variables: boolean, matcher: ResourceMatcher): void {
    if (matcher.keys.length === 0) return
    for (const v of requiredVariables(pattern, variables)) this.add(v.lower, v.name)
  }
}

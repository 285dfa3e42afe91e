/**
 * `compilePolicySet`: every policy of a principal's set compiled, and all statements indexed by
 * action (STYLE.md 7): exact lower-cased names in a `Map`, wildcard patterns grouped by service,
 * NotAction statements apart. The candidates for one action are merged once and memoised, so
 * statements for other actions cost nothing at evaluation time.
 */
import { IamError } from '../errors.js'
import { compilePolicy } from '../policy/compile.js'
import type { CompiledPolicy, CompiledStatement } from '../policy/compiled.js'
import type { PolicyKind } from '../policy/types.js'
import type { MatchedStatement, PolicyInput, PolicySet, PolicyType } from './types.js'

/** Evaluation order of the policy types; explicit denies are reported in this order too. */
export const LAYER_GUARDRAIL = 0
export const LAYER_RESOURCE = 1
export const LAYER_BOUNDARY = 2
export const LAYER_SESSION = 3
export const LAYER_IDENTITY = 4
export const LAYER_TYPES: readonly PolicyType[] = ['guardrail', 'resource', 'boundary', 'session', 'identity']

/** A statement in the index, with where it came from. */
export interface IndexedStatement {
  readonly statement: CompiledStatement
  readonly policy: CompiledPolicy
  readonly layer: number
  /** Guardrail level (0 for the other types). */
  readonly level: number
  readonly deny: boolean
  /** Shared and frozen: decisions point at it instead of copying. */
  readonly ref: MatchedStatement
}

export interface CompiledPolicySet {
  readonly compiledSet: true
  readonly identityPolicies: readonly CompiledPolicy[]
  readonly resourcePolicy: CompiledPolicy | undefined
  readonly permissionBoundary: CompiledPolicy | undefined
  readonly sessionPolicies: readonly CompiledPolicy[]
  /** One array per level; every level must allow. */
  readonly guardrails: readonly (readonly CompiledPolicy[])[]
  /** True when some statement has a condition or a policy variable. */
  readonly readsContext: boolean
  /** Statements whose Action/NotAction matches the lower-cased action, in evaluation order. */
  statementsFor(lowerCaseAction: string): readonly IndexedStatement[]
}

const KIND_OF_LAYER: readonly PolicyKind[] = ['guardrail', 'resource', 'boundary', 'session', 'identity']
const MAX_MEMO = 2048
const NONE: readonly IndexedStatement[] = Object.freeze([])

/**
 * Whether `value` is a set built by `compilePolicySet` (which `evaluate` uses as it is).
 *
 * @example
 * ```ts
 * import { compilePolicySet, isCompiledPolicySet } from 'iam-guard'
 *
 * const raw = { identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }] }
 * isCompiledPolicySet(raw)                    // false
 * isCompiledPolicySet(compilePolicySet(raw))  // true
 * ```
 */
export function isCompiledPolicySet(value: unknown): value is CompiledPolicySet {
  return typeof value === 'object' && value !== null && (value as { compiledSet?: unknown }).compiledSet === true
}

function isCompiledPolicy(value: unknown): value is CompiledPolicy {
  return typeof value === 'object' && value !== null && (value as { compiled?: unknown }).compiled === true
}

function setInvalid(message: string): IamError {
  return new IamError('ERR_INVALID_REQUEST', `invalid policy set: ${message}`)
}

// Raw documents compiled once per object. The document is deep-frozen when it is first
// compiled, so an in-place edit throws (in strict mode) instead of being silently ignored; a
// NamedPolicy whose `document` is replaced, or a new object, is compiled again.
interface CachedPolicy {
  readonly compiled: CompiledPolicy
  /** The document (object or JSON text) the entry was compiled from. */
  readonly document: unknown
}
const POLICIES = new WeakMap<object, CachedPolicy>()

function own(input: object, key: string): unknown {
  return Object.hasOwn(input, key) ? (input as Record<string, unknown>)[key] : undefined
}

/** The policy document of a raw input: `input.document` for a NamedPolicy, else the input. */
function documentOf(input: object): unknown {
  return Object.hasOwn(input, 'document') && !Object.hasOwn(input, 'Statement') ? own(input, 'document') : input
}

function compileInput(input: PolicyInput, layer: number, fallbackId: string): CompiledPolicy {
  if (isCompiledPolicy(input)) return input
  if (typeof input !== 'object' || input === null) throw setInvalid(`${fallbackId} is not a policy document`)
  const document = documentOf(input)
  const kind = layer === LAYER_RESOURCE ? resourceKind(document) : KIND_OF_LAYER[layer]!
  const cached = POLICIES.get(input)
  const written = own(input, 'id')
  const id = typeof written === 'string' ? written : undefined
  if (cached !== undefined && cached.document === document && cached.compiled.kind === kind && (id === undefined || cached.compiled.id === id)) {
    return cached.compiled
  }
  // Size quotas are checked where policies are written (the admin API); at evaluation time an
  // inline role policy (10,240) must not be refused by the managed quota (6,144).
  const compiled = compilePolicy(input, { kind, sizeQuotas: { [kind]: Number.MAX_SAFE_INTEGER }, ...(id === undefined ? { id: defaultId(document, fallbackId) } : {}) })
  deepFreeze(document)
  POLICIES.set(input, { compiled, document })
  return compiled
}

/**
 * Freezes a validated document and everything in it (objects, arrays). Runs once per document,
 * when it is first compiled; already frozen parts are still walked, as `Object.freeze` is shallow.
 */
function deepFreeze(root: unknown): void {
  if (typeof root !== 'object' || root === null) return
  const seen = new Set<object>()
  const stack: object[] = [root]
  while (stack.length > 0) {
    const value = stack.pop()!
    if (seen.has(value)) continue
    seen.add(value)
    Object.freeze(value)
    for (const key of Object.keys(value)) {
      const child = (value as Record<string, unknown>)[key]
      if (typeof child === 'object' && child !== null) stack.push(child)
    }
  }
}

/**
 * A resource-based policy is validated as a role trust policy when none of its statements has
 * Resource/NotResource (the resource of a trust policy is the role itself), else as a resource policy.
 */
function resourceKind(doc: unknown): PolicyKind {
  if (typeof doc !== 'object' || doc === null) return 'resource'
  const statement = own(doc, 'Statement')
  const statements: unknown[] = Array.isArray(statement) ? statement : [statement]
  const hasResource = statements.some((s) => typeof s === 'object' && s !== null && (Object.hasOwn(s, 'Resource') || Object.hasOwn(s, 'NotResource')))
  return hasResource ? 'resource' : 'trust'
}

function defaultId(doc: unknown, fallbackId: string): string {
  const docId = typeof doc === 'object' && doc !== null ? own(doc, 'Id') : undefined
  return typeof docId === 'string' && docId !== '' ? docId : fallbackId
}

function inputs(value: unknown, name: string): readonly PolicyInput[] {
  if (value === undefined) return []
  if (!Array.isArray(value)) throw setInvalid(`${name} must be an array`)
  return value as readonly PolicyInput[]
}

/**
 * Compiles (or reuses) every policy of the set and builds its action index, once: pass the result
 * to `evaluate` on hot paths. Each policy is validated as its place in the set requires (a
 * resource policy needs a Principal, a boundary none…); an invalid one throws `IamError`
 * `ERR_POLICY_INVALID`, and a malformed set `ERR_INVALID_REQUEST`.
 *
 * @example
 * ```ts
 * import { compilePolicySet, evaluate } from 'iam-guard'
 *
 * const set = compilePolicySet({
 *   identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'docs:*', Resource: '*' }] }],
 *   permissionBoundary: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'docs:Get*', Resource: '*' }] },
 * })
 * evaluate({ principal: 'arn:app:iam::111122223333:user/alice', action: 'docs:DeleteDocument', resource: '*' }, set).decidedBy // 'boundary'
 * ```
 */
export function compilePolicySet(set: PolicySet | CompiledPolicySet): CompiledPolicySet {
  if (isCompiledPolicySet(set)) return set
  if (typeof set !== 'object' || set === null) throw setInvalid('expected an object')
  const identityPolicies = inputs(set.identityPolicies, 'identityPolicies').map((p, i) => compileInput(p, LAYER_IDENTITY, `identityPolicies[${i}]`))
  const sessionPolicies = inputs(set.sessionPolicies, 'sessionPolicies').map((p, i) => compileInput(p, LAYER_SESSION, `sessionPolicies[${i}]`))
  const resourcePolicy = set.resourcePolicy === undefined ? undefined : compileInput(set.resourcePolicy, LAYER_RESOURCE, 'resourcePolicy')
  const permissionBoundary = set.permissionBoundary === undefined ? undefined : compileInput(set.permissionBoundary, LAYER_BOUNDARY, 'permissionBoundary')
  const guardrails = inputs(set.guardrails, 'guardrails').map((level, l) =>
    Array.isArray(level)
      ? Object.freeze((level as readonly PolicyInput[]).map((p, i) => compileInput(p, LAYER_GUARDRAIL, `guardrails[${l}][${i}]`)))
      : Object.freeze([compileInput(level as PolicyInput, LAYER_GUARDRAIL, `guardrails[${l}]`)]))
  return new PolicySetIndex(
    Object.freeze(identityPolicies), resourcePolicy, permissionBoundary, Object.freeze(sessionPolicies), Object.freeze(guardrails),
  )
}

class PolicySetIndex implements CompiledPolicySet {
  readonly compiledSet = true as const
  readonly readsContext: boolean
  private readonly exact = new Map<string, IndexedStatement[]>()
  private readonly byService = new Map<string, IndexedStatement[]>()
  private readonly anyService: IndexedStatement[] = []
  private readonly notAction: IndexedStatement[] = []
  private readonly memo = new Map<string, readonly IndexedStatement[]>()
  private readonly order = new Map<IndexedStatement, number>()

  constructor(
    readonly identityPolicies: readonly CompiledPolicy[],
    readonly resourcePolicy: CompiledPolicy | undefined,
    readonly permissionBoundary: CompiledPolicy | undefined,
    readonly sessionPolicies: readonly CompiledPolicy[],
    readonly guardrails: readonly (readonly CompiledPolicy[])[],
  ) {
    let readsContext = false
    const add = (policy: CompiledPolicy, layer: number, level: number): void => {
      for (const statement of policy.statements) {
        if (statement.contextKeys.length > 0 || statement.conditions.length > 0) readsContext = true
        const entry: IndexedStatement = Object.freeze({
          statement, policy, layer, level,
          deny: statement.effect === 'Deny',
          ref: Object.freeze({
            policyId: policy.id,
            policyType: LAYER_TYPES[layer]!,
            sid: statement.sid,
            statementIndex: statement.index,
            effect: statement.effect,
          }),
        })
        this.order.set(entry, this.order.size)
        this.place(entry)
      }
    }
    guardrails.forEach((policies, level) => policies.forEach((p) => add(p, LAYER_GUARDRAIL, level)))
    if (resourcePolicy !== undefined) add(resourcePolicy, LAYER_RESOURCE, 0)
    if (permissionBoundary !== undefined) add(permissionBoundary, LAYER_BOUNDARY, 0)
    sessionPolicies.forEach((p) => add(p, LAYER_SESSION, 0))
    identityPolicies.forEach((p) => add(p, LAYER_IDENTITY, 0))
    this.readsContext = readsContext
  }

  private place(entry: IndexedStatement): void {
    const s = entry.statement
    if (s.notAction) {
      this.notAction.push(entry)
      return
    }
    for (const matcher of s.actions) {
      const bucket = matcher.exact !== undefined
        ? getOrAdd(this.exact, matcher.exact)
        : matcher.service === '*' ? this.anyService : getOrAdd(this.byService, matcher.service)
      if (bucket[bucket.length - 1] !== entry) bucket.push(entry)
    }
  }

  statementsFor(lowerCaseAction: string): readonly IndexedStatement[] {
    const known = this.memo.get(lowerCaseAction)
    if (known !== undefined) return known
    const found = new Set<IndexedStatement>()
    const matches = (e: IndexedStatement): boolean => e.statement.actions.some((m) => m.matches(lowerCaseAction))
    for (const e of this.exact.get(lowerCaseAction) ?? NONE) found.add(e)
    const colon = lowerCaseAction.indexOf(':')
    for (const e of this.byService.get(lowerCaseAction.slice(0, colon)) ?? NONE) if (!found.has(e) && matches(e)) found.add(e)
    for (const e of this.anyService) if (!found.has(e) && matches(e)) found.add(e)
    for (const e of this.notAction) if (!matches(e)) found.add(e)
    const list = found.size === 0 ? NONE : Object.freeze([...found].sort((a, b) => this.order.get(a)! - this.order.get(b)!))
    if (this.memo.size >= MAX_MEMO) this.memo.clear()
    this.memo.set(lowerCaseAction, list)
    return list
  }
}

function getOrAdd(map: Map<string, IndexedStatement[]>, key: string): IndexedStatement[] {
  let list = map.get(key)
  if (list === undefined) map.set(key, (list = []))
  return list
}

// Raw sets compiled once per object, re-checked against the identity of every policy object in
// it (and of a NamedPolicy's document), so adding, removing or replacing a policy in the same
// set object is seen at the next call.
const SETS = new WeakMap<object, { inputs: unknown[]; compiled: CompiledPolicySet }>()

const NO_DOCUMENT = Symbol('no document')

/** Two entries per policy (itself, its document or NO_DOCUMENT), so snapshots cannot alias. */
function pushPolicy(out: unknown[], p: unknown): void {
  const named = typeof p === 'object' && p !== null && !Array.isArray(p) && Object.hasOwn(p, 'document')
  out.push(p, named ? own(p, 'document') : NO_DOCUMENT)
}

function snapshot(set: PolicySet): unknown[] {
  const out: unknown[] = [set.identityPolicies, set.sessionPolicies, set.guardrails]
  pushPolicy(out, set.resourcePolicy)
  pushPolicy(out, set.permissionBoundary)
  const arrays = [set.identityPolicies, set.sessionPolicies, set.guardrails]
  for (const array of arrays) {
    if (!Array.isArray(array)) continue
    out.push(array.length)
    for (const p of array as readonly unknown[]) {
      pushPolicy(out, p)
      if (Array.isArray(p)) {
        out.push(p.length)
        for (const q of p as readonly unknown[]) pushPolicy(out, q)
      }
    }
  }
  return out
}

function sameInputs(a: unknown[], b: unknown[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** `compilePolicySet` with a cache keyed by the raw set object (what `evaluate(req, rawSet)` uses). */
export function cachedPolicySet(set: PolicySet | CompiledPolicySet): CompiledPolicySet {
  if (isCompiledPolicySet(set)) return set
  if (typeof set !== 'object' || set === null) throw setInvalid('expected an object')
  const now = snapshot(set)
  const hit = SETS.get(set)
  if (hit !== undefined && sameInputs(hit.inputs, now)) return hit.compiled
  const compiled = compilePolicySet(set)
  SETS.set(set, { inputs: now, compiled })
  return compiled
}

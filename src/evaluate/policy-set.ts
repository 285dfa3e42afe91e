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

export function isCompiledPolicySet(value: unknown): value is CompiledPolicySet {
  return typeof value === 'object' && value !== null && (value as { compiledSet?: unknown }).compiledSet === true
}

function isCompiledPolicy(value: unknown): value is CompiledPolicy {
  return typeof value === 'object' && value !== null && (value as { compiled?: unknown }).compiled === true
}

function setInvalid(message: string): IamError {
  return new IamError('ERR_INVALID_REQUEST', `invalid policy set: ${message}`)
}

// Raw documents compiled once per object. Documents are treated as immutable once evaluated:
// to change a policy, pass a new object (or compile it again).
const POLICIES = new WeakMap<object, CompiledPolicy>()

function compileInput(input: PolicyInput, layer: number, fallbackId: string): CompiledPolicy {
  if (isCompiledPolicy(input)) return input
  if (typeof input !== 'object' || input === null) throw setInvalid(`${fallbackId} is not a policy document`)
  const kind = layer === LAYER_RESOURCE ? resourceKind(input) : KIND_OF_LAYER[layer]!
  const cached = POLICIES.get(input)
  const id = 'id' in input && typeof input.id === 'string' ? input.id : undefined
  if (cached !== undefined && cached.kind === kind && (id === undefined || cached.id === id)) return cached
  // Size quotas are checked where policies are written (the admin API); at evaluation time an
  // inline role policy (10,240) must not be refused by the managed quota (6,144).
  const compiled = compilePolicy(input, { kind, sizeQuotas: { [kind]: Number.MAX_SAFE_INTEGER }, ...(id === undefined ? { id: defaultId(input, fallbackId) } : {}) })
  POLICIES.set(input, compiled)
  return compiled
}

/**
 * A resource-based policy is validated as a role trust policy when none of its statements has
 * Resource/NotResource (the resource of a trust policy is the role itself), else as a resource policy.
 */
function resourceKind(input: object): PolicyKind {
  const doc = 'document' in input && !('Statement' in input) ? (input as { document: unknown }).document : input
  if (typeof doc !== 'object' || doc === null) return 'resource'
  const statement = (doc as { Statement?: unknown }).Statement
  const statements: unknown[] = Array.isArray(statement) ? statement : [statement]
  const hasResource = statements.some((s) => typeof s === 'object' && s !== null && (Object.hasOwn(s, 'Resource') || Object.hasOwn(s, 'NotResource')))
  return hasResource ? 'resource' : 'trust'
}

function defaultId(input: object, fallbackId: string): string {
  const docId = (input as { Id?: unknown }).Id
  return typeof docId === 'string' && docId !== '' ? docId : fallbackId
}

function inputs(value: unknown, name: string): readonly PolicyInput[] {
  if (value === undefined) return []
  if (!Array.isArray(value)) throw setInvalid(`${name} must be an array`)
  return value as readonly PolicyInput[]
}

/** Compiles (or reuses) every policy of the set and builds its action index. */
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
// it, so adding or removing a policy in the same set object is seen at the next call.
const SETS = new WeakMap<object, { inputs: unknown[]; compiled: CompiledPolicySet }>()

function snapshot(set: PolicySet): unknown[] {
  const out: unknown[] = [set.identityPolicies, set.resourcePolicy, set.permissionBoundary, set.sessionPolicies, set.guardrails]
  const arrays = [set.identityPolicies, set.sessionPolicies, set.guardrails]
  for (const array of arrays) {
    if (!Array.isArray(array)) continue
    out.push(array.length)
    for (const p of array as readonly unknown[]) {
      out.push(p)
      if (Array.isArray(p)) out.push(p.length, ...p)
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

/**
 * Principal → the policies AWS would evaluate for it, compiled and cached.
 *
 * - user: its inline policies, its attached managed policies (default version), and every
 *   group's inline and attached policies; its permissions boundary;
 * - role session: the role's inline and attached policies and boundary, plus the session's
 *   inline policy and managed session policy ARNs;
 * - account root: everything in its own account (AWS's root user), still under guardrails;
 * - guardrails: the app-wide level, then the account's level (each level a union, as SCPs
 *   attached to one node; every level must allow);
 * - resource: the resource policy stored for its exact ARN plus every pattern record of the
 *   resource's account matching it (their statements united).
 *
 * Policy ids name their origin in explanations: managed policies by ARN, inline ones as
 * `user/alice/inline/NAME`, `group/devs/inline/NAME`, `role/R/inline/NAME`.
 *
 * A principal whose entity is gone, or was deleted and created again (another unique id), is
 * refused (`ERR_UNAUTHENTICATED`): old credentials never act as the new namesake.
 */
import { IamError, isIamError } from '../errors.js'
import { compilePolicySet, type CompiledPolicySet } from '../evaluate/index.js'
import type { PolicySet } from '../evaluate/types.js'
import { compileWildcard } from '../match/wildcard.js'
import { compilePolicy } from '../policy/compile.js'
import type { CompiledPolicy } from '../policy/compiled.js'
import type { PolicyDocument, PolicyKind } from '../policy/types.js'
import { parseArn } from '../principal-arn.js'
import type { PolicyCache } from '../store/cache.js'
import type { StoreReader } from '../store/types.js'
import { CATALOGUE_ACCOUNT, catalogueArn, parseIamArn } from './arn.js'
import type { AccountData, GroupData, ManagedPolicyData, ResourcePolicyData, RoleData, UserData } from './model.js'
import type { Principal } from './principal.js'

export interface ResolverDeps {
  store: StoreReader
  partition: string
  cache: PolicyCache
  /** The app's catalogue of managed policies by name. */
  catalogue?: ReadonlyMap<string, PolicyDocument>
  /** App-wide guardrails by name: one level above every account's own. */
  guardrails?: ReadonlyMap<string, PolicyDocument>
}

/** The identity side of a principal's evaluation, compiled, with its resource-policy variants memoised. */
export interface IdentityEntry {
  readonly parts: PolicySet
  readonly set: CompiledPolicySet
  readonly withResource: WeakMap<CompiledPolicy, CompiledPolicySet>
}

const NO_LIMIT = Number.MAX_SAFE_INTEGER
const ROOT_POLICY: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }

/** Stored policies were validated (with their size quota) when written; here they are only compiled. */
function compile(id: string, document: PolicyDocument, kind: PolicyKind): CompiledPolicy {
  return compilePolicy({ id, document }, { kind, sizeQuotas: { [kind]: NO_LIMIT } })
}

function unauthenticated(message: string): IamError {
  return new IamError('ERR_UNAUTHENTICATED', message)
}

/** Store failures become `ERR_STORE_UNAVAILABLE` (503): a request is then denied, never allowed. */
function guarded(store: StoreReader): StoreReader {
  const wrap = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn()
    } catch (error) {
      if (isIamError(error)) throw error
      throw new IamError('ERR_STORE_UNAVAILABLE', 'The policy store is unavailable', { cause: error })
    }
  }
  return {
    get: (kind, account, id) => wrap(() => store.get(kind, account, id)),
    list: (kind, account, options) => wrap(() => store.list(kind, account, options)),
  }
}

function lastSegment(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1)
}

export class Resolver {
  readonly #store: StoreReader
  readonly #partition: string
  readonly #cache: PolicyCache
  readonly #catalogue = new Map<string, CompiledPolicy>()
  readonly #appGuardrails: CompiledPolicy[]
  readonly #keys = new WeakMap<Principal, string>()

  constructor(deps: ResolverDeps) {
    this.#store = guarded(deps.store)
    this.#partition = deps.partition
    this.#cache = deps.cache
    for (const [name, doc] of deps.catalogue ?? []) {
      const arn = catalogueArn(deps.partition, name)
      this.#catalogue.set(arn, compile(arn, doc, 'managed'))
    }
    this.#appGuardrails = [...(deps.guardrails ?? [])].map(([name, doc]) => compile(`guardrail/app/${name}`, doc, 'guardrail'))
  }

  /** The identity-side set (identity, boundary, session policies, guardrails), as STS needs it. */
  async policySetFor(principal: Principal): Promise<PolicySet> {
    return (await this.identity(principal)).parts
  }

  /** Everything to evaluate `principal` acting on `resource`. */
  async policySet(principal: Principal, resource: string, resourceAccount?: string): Promise<CompiledPolicySet> {
    const [entry, resourcePolicy] = await Promise.all([this.identity(principal), this.resourcePolicy(resource, resourceAccount)])
    if (resourcePolicy === undefined) return entry.set
    let set = entry.withResource.get(resourcePolicy)
    if (set === undefined) {
      set = compilePolicySet({ ...entry.parts, resourcePolicy })
      entry.withResource.set(resourcePolicy, set)
    }
    return set
  }

  identity(principal: Principal): Promise<IdentityEntry> {
    if (typeof principal !== 'object' || principal === null || typeof principal.arn !== 'string' || typeof principal.account !== 'string') {
      return Promise.reject(unauthenticated('No authenticated principal'))
    }
    const key = this.#keyOf(principal)
    return this.#cache.get(key, [principal.account], () => this.#loadIdentity(principal))
  }

  /** The resource's policy (exact ARN and matching patterns of its account), or undefined. */
  async resourcePolicy(resource: string, resourceAccount?: string): Promise<CompiledPolicy | undefined> {
    const arn = parseArn(resource)
    const account = arn !== undefined && arn.account !== '' ? arn.account : resourceAccount
    if (account === undefined || account === '' || account === CATALOGUE_ACCOUNT) return undefined
    const found = await this.#cache.get(`res\u0000${account}\u0000${resource}`, [account], async () => {
      const patterns = await this.#patterns(account)
      const exact = await this.#store.get<ResourcePolicyData>('resourcePolicy', account, resource)
      const parts: { id: string; document: PolicyDocument }[] = []
      if (exact !== undefined) parts.push({ id: exact.id, document: exact.data.policyDocument })
      for (const p of patterns) if (p.id !== resource && p.matches(resource)) parts.push({ id: p.id, document: p.document })
      return parts.length === 0 ? null : mergeResourcePolicies(parts)
    })
    return found ?? undefined
  }

  #patterns(account: string): Promise<{ id: string; document: PolicyDocument; matches(resource: string): boolean }[]> {
    return this.#cache.get(`pat\u0000${account}`, [account], async () => {
      const records = await this.#store.list<ResourcePolicyData>('resourcePolicy', account)
      return records.filter((r) => r.id.includes('*') || r.id.includes('?')).map((r) => ({
        id: r.id, document: r.data.policyDocument, matches: arnPatternMatcher(r.id),
      }))
    })
  }

  #keyOf(p: Principal): string {
    let key = this.#keys.get(p)
    if (key !== undefined) return key
    const session = p.sessionPolicy === undefined && (p.sessionPolicyArns?.length ?? 0) === 0
      ? ''
      : `\u0000s\u0000${JSON.stringify([p.sessionPolicy ?? null, p.sessionPolicyArns ?? []])}`
    key = `id\u0000${p.type}\u0000${p.account}\u0000${p.arn}\u0000${p.userId}\u0000${p.roleArn ?? ''}${session}`
    this.#keys.set(p, key)
    return key
  }

  async #loadIdentity(p: Principal): Promise<IdentityEntry> {
    const account = p.account
    const identityPolicies: CompiledPolicy[] = []
    let permissionBoundary: CompiledPolicy | undefined
    const sessionPolicies: CompiledPolicy[] = []
    const accountRecord = await this.#store.get<AccountData>('account', account, account)
    if (p.type === 'user') {
      const name = p.userName ?? lastSegment(p.arn)
      const user = await this.#store.get<UserData>('user', account, name)
      if (user === undefined || user.data.userId !== p.userId) throw unauthenticated(`The user ${p.arn} no longer exists`)
      const u = user.data
      for (const [n, doc] of Object.entries(u.inlinePolicies)) identityPolicies.push(compile(`user/${name}/inline/${n}`, doc, 'inlineUser'))
      for (const arn of u.attachedPolicies) await this.#pushManaged(identityPolicies, arn, account)
      for (const g of u.groups) {
        const group = await this.#store.get<GroupData>('group', account, g)
        if (group === undefined) continue
        for (const [n, doc] of Object.entries(group.data.inlinePolicies)) identityPolicies.push(compile(`group/${g}/inline/${n}`, doc, 'inlineGroup'))
        for (const arn of group.data.attachedPolicies) await this.#pushManaged(identityPolicies, arn, account)
      }
      if (u.permissionsBoundary !== undefined) permissionBoundary = await this.#boundary(u.permissionsBoundary, account)
    } else if (p.type === 'assumedRole') {
      const roleName = p.roleName ?? (p.roleArn !== undefined ? lastSegment(p.roleArn) : undefined)
      const role = roleName === undefined ? undefined : await this.#store.get<RoleData>('role', account, roleName)
      const roleId = p.roleId ?? p.userId.split(':')[0]
      if (role === undefined || role.data.roleId !== roleId) throw unauthenticated(`The role of session ${p.arn} no longer exists`)
      const r = role.data
      for (const [n, doc] of Object.entries(r.inlinePolicies)) identityPolicies.push(compile(`role/${r.roleName}/inline/${n}`, doc, 'inlineRole'))
      for (const arn of r.attachedPolicies) await this.#pushManaged(identityPolicies, arn, account)
      if (r.permissionsBoundary !== undefined) permissionBoundary = await this.#boundary(r.permissionsBoundary, account)
      await this.#sessionPolicies(p, sessionPolicies, account)
    } else if (p.type === 'root') {
      if (accountRecord === undefined) throw unauthenticated(`The account ${account} does not exist`)
      identityPolicies.push(compile(`${p.arn}`, ROOT_POLICY, 'identity'))
    } else {
      // Federated users carry only their session policies; resource policies may still name them.
      await this.#sessionPolicies(p, sessionPolicies, account)
    }
    const guardrails: CompiledPolicy[][] = []
    if (this.#appGuardrails.length > 0) guardrails.push(this.#appGuardrails)
    const own = accountRecord?.data.guardrails ?? {}
    const accountLevel = Object.entries(own).map(([n, doc]) => compile(`account/${account}/guardrail/${n}`, doc, 'guardrail'))
    if (accountLevel.length > 0) guardrails.push(accountLevel)
    const parts: PolicySet = {
      identityPolicies,
      sessionPolicies,
      guardrails,
      ...(permissionBoundary === undefined ? {} : { permissionBoundary }),
    }
    return { parts, set: compilePolicySet(parts), withResource: new WeakMap() }
  }

  async #sessionPolicies(p: Principal, out: CompiledPolicy[], account: string): Promise<void> {
    if (p.sessionPolicy !== undefined) out.push(compile(`${p.arn}/session-policy`, p.sessionPolicy, 'session'))
    for (const arn of p.sessionPolicyArns ?? []) {
      const policy = await this.#managed(arn, account)
      // A session narrowed by a policy that is gone must not widen: refuse the session.
      if (policy === undefined) throw new IamError('ERR_TOKEN_INVALID', `The session policy ${arn} no longer exists`)
      out.push(policy)
    }
  }

  async #boundary(arn: string, account: string): Promise<CompiledPolicy> {
    const policy = await this.#managed(arn, account)
    // A missing boundary must not lift the cap: fail closed.
    if (policy === undefined) throw new IamError('ERR_STORE_INVALID', `The permissions boundary ${arn} does not exist`)
    return policy
  }

  async #pushManaged(out: CompiledPolicy[], arn: string, account: string): Promise<void> {
    const policy = await this.#managed(arn, account)
    if (policy !== undefined) out.push(policy)
  }

  /** An attachable managed policy's default version: the account's own or the catalogue's. */
  async #managed(arn: string, account: string): Promise<CompiledPolicy | undefined> {
    const catalogue = this.#catalogue.get(arn)
    if (catalogue !== undefined) return catalogue
    const parsed = parseIamArn(arn)
    if (parsed === undefined || parsed.type !== 'policy' || parsed.account !== account || parsed.partition !== this.#partition) return undefined
    const record = await this.#store.get<ManagedPolicyData>('policy', account, parsed.name)
    if (record === undefined || record.data.arn !== arn) return undefined
    const version = record.data.versions.find((v) => v.versionId === record.data.defaultVersionId)
    return version === undefined ? undefined : compile(arn, version.document, 'managed')
  }
}

/** Pattern records match segment by segment, so a `*` never crosses into another ARN segment (account!). */
export function arnPatternMatcher(pattern: string): (resource: string) => boolean {
  const p = parseArn(pattern)
  if (p === undefined) return () => false
  const segments = [p.partition, p.service, p.region, p.account, p.resource].map((s) => compileWildcard(s, { ignoreCase: false }))
  return (resource) => {
    const r = parseArn(resource)
    if (r === undefined) return false
    const values = [r.partition, r.service, r.region, r.account, r.resource]
    return segments.every((m, i) => m(values[i]!))
  }
}

/**
 * One resource policy from several records: their statements united, each compiled as written
 * in its own document (its Version decides what its variables mean; Sids may repeat across records).
 */
function mergeResourcePolicies(parts: { id: string; document: PolicyDocument }[]): CompiledPolicy {
  const compiled = parts.map((x) => compile(x.id, x.document, 'resource'))
  if (compiled.length === 1) return compiled[0]!
  return Object.freeze({ ...compiled[0]!, id: parts.map((x) => x.id).join(' + '), statements: Object.freeze(compiled.flatMap((c) => c.statements)) })
}

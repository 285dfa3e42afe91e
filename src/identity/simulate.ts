/**
 * `iam.simulate`: one explained decision per action × resource, like AWS's
 * SimulatePrincipalPolicy (a principal from the store, or a principal object) and
 * SimulateCustomPolicy (policies given directly, optionally with a caller ARN).
 */
import { IamError } from '../errors.js'
import { compilePolicySet, evaluate, type CompiledPolicySet } from '../evaluate/index.js'
import type { PolicySet } from '../evaluate/types.js'
import type { SimulateInput, SimulationResult } from '../iam-types.js'
import type { CompiledPolicy } from '../policy/compiled.js'
import type { PolicyDocument, PolicyKind } from '../policy/types.js'
import { parseArn, parsePrincipalArn } from '../principal-arn.js'
import type { StoreReader } from '../store/types.js'
import { checkPolicy } from './admin/input.js'
import { asIamError, checkPrincipal, requestContext } from './authorize.js'
import type { RoleData, UserData } from './model.js'
import type { Principal } from './principal.js'
import type { Resolver } from './resolver.js'
import { isTrustAction, noSuchRole, stsCallContext, trustPolicyOf, withMfa } from './simulate-trust.js'

const MAX_PAIRS = 10_000

function invalid(message: string): IamError {
  return new IamError('ERR_INVALID_REQUEST', message)
}

function strings(value: unknown, name: string, fallback?: string[]): string[] {
  if (value === undefined && fallback !== undefined) return fallback
  if (!Array.isArray(value) || value.length === 0 || value.some((v) => typeof v !== 'string' || v.length === 0)) {
    throw invalid(`${name} must be a non-empty list of strings`)
  }
  return value as string[]
}

/** A principal for an ARN with no entity behind it (SimulateCustomPolicy's CallerArn). */
function principalFromArn(arn: string): Principal {
  const p = parsePrincipalArn(arn)
  if (p === undefined || p.account === undefined) throw invalid(`principal ${arn.slice(0, 200)} is not a principal ARN`)
  const type = p.kind === 'assumedRole' ? 'assumedRole' : p.kind === 'root' ? 'root' : p.kind === 'federatedUser' ? 'federatedUser' : 'user'
  return {
    type, arn, account: p.account, userId: p.kind === 'root' ? p.account : `SIMULATED:${p.name}`, tags: new Map(), mfa: { present: false }, chainDepth: 0,
    ...(type === 'user' ? { userName: p.name } : {}),
  }
}

/** The principal a user, role or root ARN of the store stands for (a role as a session named `simulation`). */
async function principalFromStore(store: StoreReader, arn: string): Promise<Principal> {
  const p = parsePrincipalArn(arn)
  const missing = (): IamError => new IamError('ERR_NO_SUCH_ENTITY', `The principal ${arn.slice(0, 200)} cannot be found.`)
  if (p === undefined || p.account === undefined) throw missing()
  if (p.kind === 'root') return principalFromArn(arn)
  if (p.kind === 'user') {
    const user = await store.get<UserData>('user', p.account, p.name)
    if (user === undefined || user.data.arn !== arn) throw missing()
    const u = user.data
    return { type: 'user', arn, account: p.account, userId: u.userId, userName: u.userName, tags: new Map(u.tags.map((t) => [t.key, t.value])), mfa: { present: false }, chainDepth: 0 }
  }
  if (p.kind === 'role') {
    const role = await store.get<RoleData>('role', p.account, p.name)
    if (role === undefined || role.data.arn !== arn) throw missing()
    const r = role.data
    return {
      type: 'assumedRole', arn: `arn:${p.partition}:sts::${p.account}:assumed-role/${r.roleName}/simulation`, account: p.account,
      userId: `${r.roleId}:simulation`, roleArn: r.arn, roleName: r.roleName, roleId: r.roleId, sessionName: 'simulation',
      tags: new Map(r.tags.map((t) => [t.key, t.value])), mfa: { present: false }, chainDepth: 1,
    }
  }
  throw missing()
}

function customSet(policies: NonNullable<SimulateInput['policies']>): { parts: PolicySet; resourcePolicy: PolicyDocument | undefined } {
  if (typeof policies !== 'object' || policies === null) throw invalid('policies must be an object')
  const checked = (doc: unknown, kind: PolicyKind, name: string): PolicyDocument => checkPolicy(doc, kind, name)
  const list = (value: unknown, kind: PolicyKind, name: string): PolicyDocument[] => {
    if (value === undefined) return []
    if (!Array.isArray(value)) throw invalid(`policies.${name} must be a list`)
    return value.map((d, i) => checked(d, kind, `policies.${name}[${i}]`))
  }
  const parts: PolicySet = {
    identityPolicies: list(policies.identityPolicies, 'identity', 'identityPolicies').map((document, i) => ({ id: `identityPolicies[${i}]`, document })),
    sessionPolicies: list(policies.sessionPolicies, 'session', 'sessionPolicies').map((document, i) => ({ id: `sessionPolicies[${i}]`, document })),
    guardrails: list(policies.guardrails, 'guardrail', 'guardrails').map((document, i) => ({ id: `guardrails[${i}]`, document })),
    ...(policies.permissionBoundary === undefined ? {} : { permissionBoundary: { id: 'permissionBoundary', document: checked(policies.permissionBoundary, 'boundary', 'policies.permissionBoundary') } }),
  }
  const resourcePolicy = policies.resourcePolicy === undefined ? undefined : checked(policies.resourcePolicy, 'resource', 'policies.resourcePolicy')
  return { parts, resourcePolicy }
}

/** Results in action × resource order, as the caller listed them (trust results are computed first). */
function order(results: SimulationResult[], actions: readonly string[], resources: readonly string[]): SimulationResult[] {
  const rank = (r: SimulationResult): number => resources.indexOf(r.resource) * actions.length + actions.indexOf(r.action)
  return results.sort((a, b) => rank(a) - rank(b))
}

export function createSimulate(resolver: Resolver, store: StoreReader, partition: string, clock: () => number) {
  return async function simulate(input: SimulateInput): Promise<SimulationResult[]> {
    try {
      if (typeof input !== 'object' || input === null) throw invalid('simulate needs an object')
      const actions = strings(input.actions, 'actions')
      const resources = strings(input.resources, 'resources', ['*'])
      if (actions.length * resources.length > MAX_PAIRS) throw invalid(`at most ${MAX_PAIRS} action × resource pairs`)
      const includeStored = input.includeResourcePolicies ?? true
      const resourceAccount = input.resourceAccount
      const firstAccount = resources.map((r) => parseArn(r)?.account).find((a) => a !== undefined && a !== '')
      const callerAccount = resourceAccount ?? firstAccount ?? 'simulation'
      let principal: Principal
      let custom: ReturnType<typeof customSet> | undefined
      if (input.policies !== undefined) {
        custom = customSet(input.policies)
        principal = input.principal === undefined
          ? principalFromArn(`arn:${partition}:iam::${callerAccount}:user/SimulatedUser`)
          : typeof input.principal === 'string' ? principalFromArn(input.principal) : checkPrincipal(input.principal)
      } else if (typeof input.principal === 'string') {
        principal = await principalFromStore(store, input.principal)
      } else if (input.principal !== undefined) {
        principal = checkPrincipal(input.principal)
      } else {
        throw invalid('simulate needs a principal or policies')
      }
      const customBase = custom === undefined ? undefined : compilePolicySet(custom.parts)
      const results: SimulationResult[] = []
      const now = clock()
      if (input.mfa !== undefined && typeof input.mfa !== 'boolean') throw invalid('mfa must be true or false')
      principal = withMfa(principal, input.mfa, now)
      const context = requestContext(principal, input.context, now)
      const stsKeys = stsCallContext(input)
      const trustContext = stsKeys.length === 0 ? context : new Map([...context, ...stsKeys])
      for (const resource of resources) {
        // AssumeRole on a role: the role's trust policy is the resource policy (unless one was given).
        const trustActions = actions.filter(isTrustAction)
        const trust = trustActions.length > 0 && includeStored && custom?.resourcePolicy === undefined ? await trustPolicyOf(store, resource) : undefined
        if (trust !== undefined) {
          const base = custom === undefined ? (await resolver.identity(principal)).parts : custom.parts
          const trustSet = trust === null ? undefined : compilePolicySet({ ...base, resourcePolicy: trust })
          for (const action of trustActions) {
            const decision = trustSet === undefined ? noSuchRole() : evaluate({ principal: principal.arn, action, resource, context: trustContext }, trustSet)
            results.push({ ...decision, action, resource, trustPolicyOf: resource })
          }
        }
        let set: CompiledPolicySet
        if (custom === undefined) {
          set = includeStored
            ? await resolver.policySet(principal, resource, resourceAccount)
            : (await resolver.identity(principal)).set
        } else {
          const stored: CompiledPolicy | PolicyDocument | undefined = custom.resourcePolicy ?? (includeStored ? await resolver.resourcePolicy(resource, resourceAccount) : undefined)
          set = stored === undefined ? customBase! : compilePolicySet({ ...custom.parts, resourcePolicy: stored })
        }
        for (const action of actions) {
          if (trust !== undefined && isTrustAction(action)) continue
          const keys = isTrustAction(action) ? trustContext : context
          const decision = evaluate({ principal: principal.arn, action, resource, ...(resourceAccount === undefined ? {} : { resourceAccount }), context: keys }, set)
          results.push({ ...decision, action, resource })
        }
      }
      return order(results, actions, resources)
    } catch (error) {
      throw asIamError(error)
    }
  }
}

/**
 * Managed policies and their versions. The app's catalogue (`arn:P:iam::app:policy/NAME`) can be
 * read and attached by every account and changed by none (`UnmodifiableEntity`), as AWS managed
 * policies are.
 */
import { createHash } from 'node:crypto'
import { generateUniqueId } from '../../sts/secrets.js'
import type { PolicyDocument } from '../../policy/types.js'
import type { EntityRecord, StoreReader } from '../../store/types.js'
import { CATALOGUE_ACCOUNT, catalogueArn, iamArn, parseIamArn } from '../arn.js'
import type { GroupData, ManagedPolicyData, PolicyVersionData, RoleData, UserData } from '../model.js'
import { alreadyExists, deleteConflict, limitExceeded, noSuchEntity, unmodifiable, validation, type Ctx, type Tx } from './context.js'
import * as i from './input.js'
import { countIn, needAccount } from './shared.js'
import { policyView, type PolicyView } from './views.js'

export interface CreatePolicyInput { account: string; policyName: string; path?: string; policyDocument: PolicyDocument | string; description?: string }
export interface PolicyRef { policyArn: string }
export interface ListPoliciesInput { account: string; scope?: 'All' | 'App' | 'Local'; onlyAttached?: boolean; pathPrefix?: string; marker?: string; maxItems?: number }
export interface CreatePolicyVersionInput extends PolicyRef { policyDocument: PolicyDocument | string; setAsDefault?: boolean }
export interface PolicyVersionRef extends PolicyRef { versionId: string }
export interface PolicyVersionView { versionId: string; isDefaultVersion: boolean; createDate: string; document?: PolicyDocument }

type Counts = Map<string, { attached: number; boundary: number }>

/** How many users, groups and roles of `account` attach each policy, and use it as a boundary. */
export async function attachmentCounts(reader: Pick<StoreReader, 'list'>, account: string): Promise<Counts> {
  const counts: Counts = new Map()
  const bump = (arn: string, field: 'attached' | 'boundary'): void => {
    const c = counts.get(arn) ?? { attached: 0, boundary: 0 }
    c[field]++
    counts.set(arn, c)
  }
  for (const kind of ['user', 'group', 'role'] as const) {
    for (const r of await reader.list<UserData | GroupData | RoleData>(kind, account)) {
      for (const arn of r.data.attachedPolicies) bump(arn, 'attached')
      const boundary = (r.data as UserData).permissionsBoundary
      if (boundary !== undefined) bump(boundary, 'boundary')
    }
  }
  return counts
}

/** The catalogue policy as a read-only `ManagedPolicyData` with a stable id. */
export function cataloguePolicy(partition: string, name: string, document: PolicyDocument): ManagedPolicyData {
  const id = 'ANPA' + createHash('sha256').update(`catalogue:${name}`).digest('hex').slice(0, 17).toUpperCase()
  const epoch = new Date(0).toISOString()
  return {
    policyName: name, policyId: id, path: '/', arn: catalogueArn(partition, name), defaultVersionId: 'v1',
    versions: [{ versionId: 'v1', document, isDefaultVersion: true, createDate: epoch }], nextVersion: 2, createDate: epoch, updateDate: epoch,
  }
}

function policyArnOf(input: i.Input): { arn: string; account: string; name: string } {
  const arn = i.field(input, 'policyArn')
  const parsed = parseIamArn(arn)
  if (parsed === undefined || parsed.type !== 'policy') throw validation('policyArn must be a managed policy ARN', 'policyArn')
  return { arn: arn as string, account: parsed.account, name: parsed.name }
}

function versionIdOf(input: i.Input): string {
  const v = i.field(input, 'versionId')
  if (typeof v !== 'string' || !/^v[1-9][0-9]{0,8}$/.test(v)) throw validation('versionId must look like v1, v2…', 'versionId')
  return v
}

export function policyOperations(ctx: Ctx) {
  async function needPolicy(tx: Pick<Tx, 'get'>, ref: { arn: string; account: string; name: string }): Promise<EntityRecord<ManagedPolicyData>> {
    const record = await tx.get<ManagedPolicyData>('policy', ref.account, ref.name)
    if (record === undefined || record.data.arn !== ref.arn) throw noSuchEntity(`Policy ${ref.arn} does not exist or is not attachable.`)
    return record
  }

  /** Reads a policy, from the catalogue or the store. */
  async function readPolicy(ref: { arn: string; account: string; name: string }): Promise<{ data: ManagedPolicyData; catalogue: boolean }> {
    if (ref.account === CATALOGUE_ACCOUNT) {
      const doc = ctx.catalogue.get(ref.name)
      if (doc === undefined || catalogueArn(ctx.partition, ref.name) !== ref.arn) throw noSuchEntity(`Policy ${ref.arn} does not exist or is not attachable.`)
      return { data: cataloguePolicy(ctx.partition, ref.name, doc), catalogue: true }
    }
    return { data: (await needPolicy(ctx.store, ref)).data, catalogue: false }
  }

  function refuseCatalogue(ref: { account: string; arn: string }): void {
    if (ref.account === CATALOGUE_ACCOUNT) throw unmodifiable(`Cannot perform the operation on the app managed policy ${ref.arn}.`)
  }

  return {
    async createPolicy(raw: CreatePolicyInput): Promise<{ policy: PolicyView }> {
      const input = i.asInput(raw)
      const account = i.account(input)
      const policyName = i.name(input, 'policyName')
      const path = i.path(input)
      const document = i.policy(input, 'policyDocument', 'managed')
      const description = i.optionalString(input, 'description', 1000)
      return ctx.write(async (tx) => {
        await needAccount(tx, account)
        if (await tx.get('policy', account, policyName)) throw alreadyExists(`A policy called ${policyName} already exists. Duplicate names are not allowed.`)
        if ((await countIn(tx, 'policy', account)) >= ctx.quotas.managedPoliciesPerAccount) {
          throw limitExceeded(`Cannot exceed quota for PoliciesPerAccount: ${ctx.quotas.managedPoliciesPerAccount}`)
        }
        const now = ctx.now()
        const data: ManagedPolicyData = {
          policyName, policyId: generateUniqueId('ANPA'), path, arn: iamArn(ctx.partition, account, 'policy', path, policyName),
          defaultVersionId: 'v1', versions: [{ versionId: 'v1', document, isDefaultVersion: true, createDate: now }], nextVersion: 2,
          createDate: now, updateDate: now, ...(description === undefined ? {} : { description }),
        }
        await tx.put('policy', account, policyName, data, undefined)
        return { policy: policyView(data, { attached: 0, boundary: 0 }) }
      })
    },

    async getPolicy(raw: PolicyRef): Promise<{ policy: PolicyView }> {
      const ref = policyArnOf(i.asInput(raw))
      const { data, catalogue } = await readPolicy(ref)
      const counts = catalogue ? undefined : (await attachmentCounts(ctx.store, ref.account)).get(ref.arn)
      return { policy: policyView(data, counts ?? { attached: 0, boundary: 0 }) }
    },

    /** `scope`: `App` (the catalogue), `Local` (the account's own) or `All` (default). */
    async listPolicies(raw: ListPoliciesInput): Promise<{ policies: PolicyView[]; isTruncated: boolean; marker?: string }> {
      const input = i.asInput(raw)
      const account = i.account(input)
      const scope = i.field(input, 'scope') ?? 'All'
      if (scope !== 'All' && scope !== 'App' && scope !== 'Local') throw validation('scope must be All, App or Local', 'scope')
      const onlyAttached = i.optionalBoolean(input, 'onlyAttached') ?? false
      const prefix = i.optionalPath(input, 'pathPrefix') ?? '/'
      const counts = await attachmentCounts(ctx.store, account)
      const views: PolicyView[] = []
      if (scope !== 'Local') {
        for (const [name, doc] of [...ctx.catalogue].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
          const data = cataloguePolicy(ctx.partition, name, doc)
          views.push(policyView(data, counts.get(data.arn) ?? { attached: 0, boundary: 0 }))
        }
      }
      if (scope !== 'App') {
        for (const r of await ctx.store.list<ManagedPolicyData>('policy', account)) views.push(policyView(r.data, counts.get(r.data.arn) ?? { attached: 0, boundary: 0 }))
      }
      const filtered = views.filter((v) => v.path.startsWith(prefix) && (!onlyAttached || v.attachmentCount > 0))
      const result = i.paginate(filtered, (v) => v.arn, i.page(input))
      return { policies: result.items, isTruncated: result.isTruncated, ...(result.marker ? { marker: result.marker } : {}) }
    },

    /** As in AWS: refused while attached or used as a boundary, and while it has versions other than the default. */
    async deletePolicy(raw: PolicyRef): Promise<void> {
      const ref = policyArnOf(i.asInput(raw))
      refuseCatalogue(ref)
      await ctx.write(async (tx) => {
        const policy = await needPolicy(tx, ref)
        const counts = (await attachmentCounts(tx, ref.account)).get(ref.arn)
        if (counts !== undefined && (counts.attached > 0 || counts.boundary > 0)) throw deleteConflict('Cannot delete a policy attached to entities.')
        if (policy.data.versions.length > 1) throw deleteConflict('This policy has more than one version. Before you delete a policy, you must delete the policy\'s versions. The default version is deleted with the policy.')
        await tx.delete(policy)
      })
    },

    async createPolicyVersion(raw: CreatePolicyVersionInput): Promise<{ policyVersion: PolicyVersionView }> {
      const input = i.asInput(raw)
      const ref = policyArnOf(input)
      refuseCatalogue(ref)
      const document = i.policy(input, 'policyDocument', 'managed')
      const setAsDefault = i.optionalBoolean(input, 'setAsDefault') ?? false
      return ctx.write(async (tx) => {
        const policy = await needPolicy(tx, ref)
        const p = policy.data
        if (p.versions.length >= ctx.quotas.policyVersions) {
          throw limitExceeded(`A managed policy can have up to ${ctx.quotas.policyVersions} versions. Before you create a new version, you must delete an existing version.`)
        }
        const now = ctx.now()
        const versionId = `v${p.nextVersion}`
        const version: PolicyVersionData = { versionId, document, isDefaultVersion: setAsDefault, createDate: now }
        const versions = p.versions.map((v) => (setAsDefault ? { ...v, isDefaultVersion: false } : v))
        versions.push(version)
        await tx.put('policy', ref.account, ref.name, {
          ...p, versions, nextVersion: p.nextVersion + 1, updateDate: now, defaultVersionId: setAsDefault ? versionId : p.defaultVersionId,
        }, policy)
        return { policyVersion: { versionId, isDefaultVersion: setAsDefault, createDate: now } }
      })
    },

    async getPolicyVersion(raw: PolicyVersionRef): Promise<{ policyVersion: Required<PolicyVersionView> }> {
      const input = i.asInput(raw)
      const ref = policyArnOf(input)
      const versionId = versionIdOf(input)
      const { data } = await readPolicy(ref)
      const v = data.versions.find((x) => x.versionId === versionId)
      if (v === undefined) throw noSuchEntity(`Policy ${ref.arn} version ${versionId} does not exist or is not attachable.`)
      return { policyVersion: { versionId: v.versionId, isDefaultVersion: v.isDefaultVersion, createDate: v.createDate, document: v.document } }
    },

    async listPolicyVersions(raw: PolicyRef): Promise<{ versions: PolicyVersionView[]; isTruncated: false }> {
      const { data } = await readPolicy(policyArnOf(i.asInput(raw)))
      const versions = data.versions.map((v) => ({ versionId: v.versionId, isDefaultVersion: v.isDefaultVersion, createDate: v.createDate }))
      return { versions: versions.reverse(), isTruncated: false }
    },

    async setDefaultPolicyVersion(raw: PolicyVersionRef): Promise<void> {
      const input = i.asInput(raw)
      const ref = policyArnOf(input)
      refuseCatalogue(ref)
      const versionId = versionIdOf(input)
      await ctx.write(async (tx) => {
        const policy = await needPolicy(tx, ref)
        if (!policy.data.versions.some((v) => v.versionId === versionId)) throw noSuchEntity(`Policy ${ref.arn} version ${versionId} does not exist.`)
        const versions = policy.data.versions.map((v) => ({ ...v, isDefaultVersion: v.versionId === versionId }))
        await tx.put('policy', ref.account, ref.name, { ...policy.data, versions, defaultVersionId: versionId, updateDate: ctx.now() }, policy)
      })
    },

    async deletePolicyVersion(raw: PolicyVersionRef): Promise<void> {
      const input = i.asInput(raw)
      const ref = policyArnOf(input)
      refuseCatalogue(ref)
      const versionId = versionIdOf(input)
      await ctx.write(async (tx) => {
        const policy = await needPolicy(tx, ref)
        const v = policy.data.versions.find((x) => x.versionId === versionId)
        if (v === undefined) throw noSuchEntity(`Policy ${ref.arn} version ${versionId} does not exist.`)
        if (v.isDefaultVersion) throw deleteConflict('Cannot delete the default version of a policy.')
        await tx.put('policy', ref.account, ref.name, { ...policy.data, versions: policy.data.versions.filter((x) => x !== v), updateDate: ctx.now() }, policy)
      })
    },
  }
}

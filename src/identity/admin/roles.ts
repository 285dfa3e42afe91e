/** CreateRole, GetRole, ListRoles, UpdateRole, UpdateAssumeRolePolicy, DeleteRole and the role tag operations. */
import { generateUniqueId } from '../../sts/secrets.js'
import type { PolicyDocument } from '../../policy/types.js'
import type { EntityRecord } from '../../store/types.js'
import { iamArn } from '../arn.js'
import type { RoleData, Tag } from '../model.js'
import { alreadyExists, deleteConflict, limitExceeded, noSuchEntity, type Ctx, type Tx } from './context.js'
import * as i from './input.js'
import { checkNamedPrincipals, orphanedPrincipal, rewritePrincipalReferences } from './principal-refs.js'
import { attachable, countIn, needAccount } from './shared.js'
import { roleView, type RoleView } from './views.js'

export interface RoleRef { account: string; roleName: string }
export interface CreateRoleInput extends RoleRef {
  path?: string
  assumeRolePolicyDocument: PolicyDocument | string
  /** Seconds, 3,600–43,200. Default: 3,600. */
  maxSessionDuration?: number
  description?: string
  tags?: Tag[]
  permissionsBoundary?: string
}
export interface ListRolesInput { account: string; pathPrefix?: string; marker?: string; maxItems?: number }
export interface UpdateRoleInput extends RoleRef { description?: string; maxSessionDuration?: number }
export interface UpdateAssumeRolePolicyInput extends RoleRef { policyDocument: PolicyDocument | string }

const MIN_SESSION = 3600
const MAX_SESSION = 43200

export function needRole(tx: Pick<Tx, 'need'>, account: string, roleName: string): Promise<EntityRecord<RoleData>> {
  return tx.need<RoleData>('role', account, roleName, `role with name ${roleName}`)
}

export function roleOperations(ctx: Ctx) {
  const ops = {
    async createRole(raw: CreateRoleInput): Promise<{ role: RoleView }> {
      const input = i.asInput(raw)
      const account = i.account(input)
      const roleName = i.name(input, 'roleName')
      const path = i.path(input)
      const trust = i.policy(input, 'assumeRolePolicyDocument', 'trust')
      const maxSessionDuration = i.optionalInteger(input, 'maxSessionDuration', MIN_SESSION, MAX_SESSION) ?? MIN_SESSION
      const description = i.optionalString(input, 'description', 1000)
      const tags = i.tagList(i.field(input, 'tags'))
      if (tags.length > ctx.quotas.tagsPerEntity) throw limitExceeded(`A role can have at most ${ctx.quotas.tagsPerEntity} tags`)
      const boundary = i.field(input, 'permissionsBoundary')
      return ctx.write(async (tx) => {
        await needAccount(tx, account)
        if (await tx.get('role', account, roleName)) throw alreadyExists(`Role with name ${roleName} already exists.`)
        if ((await countIn(tx, 'role', account)) >= ctx.quotas.rolesPerAccount) {
          throw limitExceeded(`Cannot exceed quota for RolesPerAccount: ${ctx.quotas.rolesPerAccount}`)
        }
        await checkNamedPrincipals(tx, trust, ctx.partition, 'assumeRolePolicyDocument')
        let permissionsBoundary: string | undefined
        if (boundary !== undefined) {
          const policy = await attachable(ctx, tx, account, boundary, 'permissionsBoundary')
          if (policy.record) await tx.touch(policy.record)
          permissionsBoundary = policy.arn
        }
        const data: RoleData = {
          roleName, roleId: generateUniqueId('AROA'), path, arn: iamArn(ctx.partition, account, 'role', path, roleName),
          createDate: ctx.now(), maxSessionDuration, assumeRolePolicyDocument: trust, tags,
          attachedPolicies: [], inlinePolicies: {},
          ...(description === undefined ? {} : { description }),
          ...(permissionsBoundary === undefined ? {} : { permissionsBoundary }),
        }
        await tx.put('role', account, roleName, data, undefined)
        return { role: roleView(data) }
      })
    },

    async getRole(raw: RoleRef): Promise<{ role: RoleView }> {
      const input = i.asInput(raw)
      const account = i.account(input)
      const roleName = i.name(input, 'roleName')
      const record = await ctx.store.get<RoleData>('role', account, roleName)
      if (record === undefined) throw noSuchEntity(`The role with name ${roleName} cannot be found.`)
      return { role: roleView(record.data) }
    },

    async listRoles(raw: ListRolesInput): Promise<{ roles: RoleView[]; isTruncated: boolean; marker?: string }> {
      const input = i.asInput(raw)
      const account = i.account(input)
      const prefix = i.optionalPath(input, 'pathPrefix') ?? '/'
      const records = await ctx.store.list<RoleData>('role', account)
      const result = i.paginate(records.filter((r) => r.data.path.startsWith(prefix)), (r) => r.id, i.page(input))
      return { roles: result.items.map((r) => roleView(r.data)), isTruncated: result.isTruncated, ...(result.marker ? { marker: result.marker } : {}) }
    },

    async updateRole(raw: UpdateRoleInput): Promise<void> {
      const input = i.asInput(raw)
      const account = i.account(input)
      const roleName = i.name(input, 'roleName')
      const description = i.optionalString(input, 'description', 1000)
      const maxSessionDuration = i.optionalInteger(input, 'maxSessionDuration', MIN_SESSION, MAX_SESSION)
      await ctx.write(async (tx) => {
        const role = await needRole(tx, account, roleName)
        const data: RoleData = { ...role.data }
        if (description !== undefined) data.description = description
        if (maxSessionDuration !== undefined) data.maxSessionDuration = maxSessionDuration
        await tx.put('role', account, roleName, data, role)
      })
    },

    async updateAssumeRolePolicy(raw: UpdateAssumeRolePolicyInput): Promise<void> {
      const input = i.asInput(raw)
      const account = i.account(input)
      const roleName = i.name(input, 'roleName')
      const trust = i.policy(input, 'policyDocument', 'trust')
      await ctx.write(async (tx) => {
        const role = await needRole(tx, account, roleName)
        await checkNamedPrincipals(tx, trust, ctx.partition, 'policyDocument')
        await tx.put('role', account, roleName, { ...role.data, assumeRolePolicyDocument: trust }, role)
      })
    },

    /** Refused (`DeleteConflict`) while the role has inline or attached policies, as in AWS. */
    async deleteRole(raw: RoleRef): Promise<void> {
      const input = i.asInput(raw)
      const account = i.account(input)
      const roleName = i.name(input, 'roleName')
      await ctx.write(async (tx) => {
        const role = await needRole(tx, account, roleName)
        if (Object.keys(role.data.inlinePolicies).length > 0) throw deleteConflict('Cannot delete entity, must delete policies first.')
        if (role.data.attachedPolicies.length > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.')
        await tx.delete(role)
        await rewritePrincipalReferences(tx, role.data.arn, orphanedPrincipal(role.data.arn, role.data.roleId))
      })
    },

    async tagRole(raw: RoleRef & { tags: Tag[] }): Promise<void> {
      const input = i.asInput(raw)
      const account = i.account(input)
      const roleName = i.name(input, 'roleName')
      const tags = i.tagList(i.field(input, 'tags'))
      await ctx.write(async (tx) => {
        const role = await needRole(tx, account, roleName)
        await tx.put('role', account, roleName, { ...role.data, tags: i.mergeTags(role.data.tags, tags, ctx.quotas.tagsPerEntity) }, role)
      })
    },

    async untagRole(raw: RoleRef & { tagKeys: string[] }): Promise<void> {
      const input = i.asInput(raw)
      const account = i.account(input)
      const roleName = i.name(input, 'roleName')
      const keys = new Set(i.stringList(input, 'tagKeys', 50, 128).map((k) => k.toLowerCase()))
      await ctx.write(async (tx) => {
        const role = await needRole(tx, account, roleName)
        await tx.put('role', account, roleName, { ...role.data, tags: role.data.tags.filter((t) => !keys.has(t.key.toLowerCase())) }, role)
      })
    },

    async listRoleTags(raw: RoleRef): Promise<{ tags: Tag[]; isTruncated: false }> {
      const { role } = await ops.getRole(raw)
      return { tags: role.tags, isTruncated: false }
    },
  }
  return ops
}

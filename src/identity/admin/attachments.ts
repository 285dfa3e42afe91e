/**
 * Policies on users, groups and roles: managed attachments, inline policies and permissions
 * boundaries, written once for the three entity kinds.
 */
import { DEFAULT_SIZE_QUOTAS, type PolicyDocument, type PolicyKind } from '../../policy/types.js'
import { valueSize } from '../../policy/size.js'
import type { EntityRecord } from '../../store/types.js'
import { parseIamArn } from '../arn.js'
import type { GroupData, RoleData, UserData } from '../model.js'
import { limitExceeded, noSuchEntity, type Ctx, type Tx } from './context.js'
import * as i from './input.js'
import { attachable } from './shared.js'

type Data = UserData | GroupData | RoleData

interface EntityKindInfo {
  kind: 'user' | 'group' | 'role'
  nameField: 'userName' | 'groupName' | 'roleName'
  inlineKind: PolicyKind
  label: string
}

const KINDS = {
  user: { kind: 'user', nameField: 'userName', inlineKind: 'inlineUser', label: 'user' },
  group: { kind: 'group', nameField: 'groupName', inlineKind: 'inlineGroup', label: 'group' },
  role: { kind: 'role', nameField: 'roleName', inlineKind: 'inlineRole', label: 'role' },
} as const satisfies Record<string, EntityKindInfo>

export interface AttachedPolicy { policyName: string; policyArn: string }
export interface InlinePolicyView { userName?: string; groupName?: string; roleName?: string; policyName: string; policyDocument: PolicyDocument }

function entityOps(ctx: Ctx, info: EntityKindInfo) {
  const read = (raw: unknown): { input: i.Input; account: string; name: string } => {
    const input = i.asInput(raw)
    return { input, account: i.account(input), name: i.name(input, info.nameField) }
  }
  const need = (tx: Pick<Tx, 'need'>, account: string, name: string): Promise<EntityRecord<Data>> =>
    tx.need<Data>(info.kind, account, name, `${info.label} with name ${name}`)

  return {
    async attach(raw: unknown): Promise<void> {
      const { input, account, name } = read(raw)
      const arn = i.field(input, 'policyArn')
      await ctx.write(async (tx) => {
        const entity = await need(tx, account, name)
        const policy = await attachable(ctx, tx, account, arn)
        if (entity.data.attachedPolicies.includes(policy.arn)) return
        if (entity.data.attachedPolicies.length >= ctx.quotas.managedPoliciesPerEntity) {
          throw limitExceeded(`Cannot exceed quota for PoliciesPer${info.label[0]!.toUpperCase()}${info.label.slice(1)}: ${ctx.quotas.managedPoliciesPerEntity}`)
        }
        // Touching the policy makes a concurrent deletePolicy (which saw no attachment) conflict.
        if (policy.record) await tx.touch(policy.record)
        await tx.put(info.kind, account, name, { ...entity.data, attachedPolicies: [...entity.data.attachedPolicies, policy.arn] }, entity)
      })
    },

    async detach(raw: unknown): Promise<void> {
      const { input, account, name } = read(raw)
      const arn = i.field(input, 'policyArn')
      await ctx.write(async (tx) => {
        const entity = await need(tx, account, name)
        if (typeof arn !== 'string' || !entity.data.attachedPolicies.includes(arn)) {
          throw noSuchEntity(`Policy ${String(arn)} was not found.`)
        }
        await tx.put(info.kind, account, name, { ...entity.data, attachedPolicies: entity.data.attachedPolicies.filter((a) => a !== arn) }, entity)
      })
    },

    async listAttached(raw: unknown): Promise<{ attachedPolicies: AttachedPolicy[]; isTruncated: boolean; marker?: string }> {
      const { input, account, name } = read(raw)
      const entity = await ctx.store.get<Data>(info.kind, account, name)
      if (entity === undefined) throw noSuchEntity(`The ${info.label} with name ${name} cannot be found.`)
      const list = entity.data.attachedPolicies.map((arn) => ({ policyName: parseIamArn(arn)?.name ?? arn, policyArn: arn }))
      const result = i.paginate(list, (p) => p.policyArn, i.page(input))
      return { attachedPolicies: result.items, isTruncated: result.isTruncated, ...(result.marker ? { marker: result.marker } : {}) }
    },

    /**
     * Inline policy, validated as `inlineUser`/`inlineGroup`/`inlineRole`. AWS also caps the
     * aggregate size of an entity's inline policies by the same quota (2,048 / 5,120 / 10,240).
     */
    async putInline(raw: unknown): Promise<void> {
      const { input, account, name } = read(raw)
      const policyName = i.name(input, 'policyName')
      const document = i.policy(input, 'policyDocument', info.inlineKind)
      await ctx.write(async (tx) => {
        const entity = await need(tx, account, name)
        const inlinePolicies: Record<string, PolicyDocument> = Object.create(null)
        Object.assign(inlinePolicies, entity.data.inlinePolicies)
        inlinePolicies[policyName] = document
        const quota = DEFAULT_SIZE_QUOTAS[info.inlineKind]
        let total = 0
        for (const doc of Object.values(inlinePolicies)) total += valueSize(doc, quota + 1)
        if (total > quota) throw limitExceeded(`Maximum policy size of ${quota} bytes exceeded for ${info.label} ${name}.`)
        await tx.put(info.kind, account, name, { ...entity.data, inlinePolicies: { ...inlinePolicies } }, entity)
      })
    },

    async getInline(raw: unknown): Promise<InlinePolicyView> {
      const { input, account, name } = read(raw)
      const policyName = i.name(input, 'policyName')
      const entity = await ctx.store.get<Data>(info.kind, account, name)
      if (entity === undefined) throw noSuchEntity(`The ${info.label} with name ${name} cannot be found.`)
      if (!Object.hasOwn(entity.data.inlinePolicies, policyName)) throw noSuchEntity(`The ${info.label} policy with name ${policyName} cannot be found.`)
      return { [info.nameField]: name, policyName, policyDocument: entity.data.inlinePolicies[policyName]! }
    },

    async deleteInline(raw: unknown): Promise<void> {
      const { input, account, name } = read(raw)
      const policyName = i.name(input, 'policyName')
      await ctx.write(async (tx) => {
        const entity = await need(tx, account, name)
        if (!Object.hasOwn(entity.data.inlinePolicies, policyName)) throw noSuchEntity(`The ${info.label} policy with name ${policyName} cannot be found.`)
        const inlinePolicies = { ...entity.data.inlinePolicies }
        delete inlinePolicies[policyName]
        await tx.put(info.kind, account, name, { ...entity.data, inlinePolicies }, entity)
      })
    },

    async listInline(raw: unknown): Promise<{ policyNames: string[]; isTruncated: boolean; marker?: string }> {
      const { input, account, name } = read(raw)
      const entity = await ctx.store.get<Data>(info.kind, account, name)
      if (entity === undefined) throw noSuchEntity(`The ${info.label} with name ${name} cannot be found.`)
      const result = i.paginate(Object.keys(entity.data.inlinePolicies).sort(), (n) => n, i.page(input))
      return { policyNames: result.items, isTruncated: result.isTruncated, ...(result.marker ? { marker: result.marker } : {}) }
    },

    async putBoundary(raw: unknown): Promise<void> {
      const { input, account, name } = read(raw)
      const arn = i.field(input, 'permissionsBoundary')
      await ctx.write(async (tx) => {
        const entity = await need(tx, account, name)
        const policy = await attachable(ctx, tx, account, arn, 'permissionsBoundary')
        if (policy.record) await tx.touch(policy.record)
        await tx.put(info.kind, account, name, { ...entity.data, permissionsBoundary: policy.arn }, entity)
      })
    },

    async deleteBoundary(raw: unknown): Promise<void> {
      const { account, name } = read(raw)
      await ctx.write(async (tx) => {
        const entity = await need(tx, account, name)
        const data = { ...entity.data } as UserData | RoleData
        if (data.permissionsBoundary === undefined) throw noSuchEntity(`The ${info.label} ${name} has no permissions boundary.`)
        delete data.permissionsBoundary
        await tx.put(info.kind, account, name, data, entity)
      })
    },
  }
}

export interface UserPolicyRef { account: string; userName: string; policyArn: string }
export interface GroupPolicyRef { account: string; groupName: string; policyArn: string }
export interface RolePolicyRef { account: string; roleName: string; policyArn: string }
export interface InlineInput { account: string; policyName: string; policyDocument: PolicyDocument | string }
export interface InlineRef { account: string; policyName: string }
export type Paging = { marker?: string; maxItems?: number }

export function attachmentOperations(ctx: Ctx) {
  const u = entityOps(ctx, KINDS.user)
  const g = entityOps(ctx, KINDS.group)
  const r = entityOps(ctx, KINDS.role)
  return {
    attachUserPolicy: (input: UserPolicyRef): Promise<void> => u.attach(input),
    detachUserPolicy: (input: UserPolicyRef): Promise<void> => u.detach(input),
    listAttachedUserPolicies: (input: { account: string; userName: string } & Paging) => u.listAttached(input),
    attachGroupPolicy: (input: GroupPolicyRef): Promise<void> => g.attach(input),
    detachGroupPolicy: (input: GroupPolicyRef): Promise<void> => g.detach(input),
    listAttachedGroupPolicies: (input: { account: string; groupName: string } & Paging) => g.listAttached(input),
    attachRolePolicy: (input: RolePolicyRef): Promise<void> => r.attach(input),
    detachRolePolicy: (input: RolePolicyRef): Promise<void> => r.detach(input),
    listAttachedRolePolicies: (input: { account: string; roleName: string } & Paging) => r.listAttached(input),

    putUserPolicy: (input: InlineInput & { userName: string }): Promise<void> => u.putInline(input),
    getUserPolicy: (input: InlineRef & { userName: string }) => u.getInline(input),
    deleteUserPolicy: (input: InlineRef & { userName: string }): Promise<void> => u.deleteInline(input),
    listUserPolicies: (input: { account: string; userName: string } & Paging) => u.listInline(input),
    putGroupPolicy: (input: InlineInput & { groupName: string }): Promise<void> => g.putInline(input),
    getGroupPolicy: (input: InlineRef & { groupName: string }) => g.getInline(input),
    deleteGroupPolicy: (input: InlineRef & { groupName: string }): Promise<void> => g.deleteInline(input),
    listGroupPolicies: (input: { account: string; groupName: string } & Paging) => g.listInline(input),
    putRolePolicy: (input: InlineInput & { roleName: string }): Promise<void> => r.putInline(input),
    getRolePolicy: (input: InlineRef & { roleName: string }) => r.getInline(input),
    deleteRolePolicy: (input: InlineRef & { roleName: string }): Promise<void> => r.deleteInline(input),
    listRolePolicies: (input: { account: string; roleName: string } & Paging) => r.listInline(input),

    putUserPermissionsBoundary: (input: { account: string; userName: string; permissionsBoundary: string }): Promise<void> => u.putBoundary(input),
    deleteUserPermissionsBoundary: (input: { account: string; userName: string }): Promise<void> => u.deleteBoundary(input),
    putRolePermissionsBoundary: (input: { account: string; roleName: string; permissionsBoundary: string }): Promise<void> => r.putBoundary(input),
    deleteRolePermissionsBoundary: (input: { account: string; roleName: string }): Promise<void> => r.deleteBoundary(input),
  }
}

/** Groups and memberships. A user's groups are kept on the user record; a group's members are found from them. */
import { generateUniqueId } from '../../sts/secrets.js'
import type { EntityRecord } from '../../store/types.js'
import { iamArn } from '../arn.js'
import type { GroupData, UserData } from '../model.js'
import { alreadyExists, deleteConflict, limitExceeded, noSuchEntity, type Ctx, type Tx } from './context.js'
import * as i from './input.js'
import { countIn, needAccount } from './shared.js'
import { needUser } from './users.js'
import { groupView, userView, type GroupView, type UserView } from './views.js'

export interface GroupRef { account: string; groupName: string }
export interface CreateGroupInput extends GroupRef { path?: string }
export interface GetGroupInput extends GroupRef { marker?: string; maxItems?: number }
export interface ListGroupsInput { account: string; pathPrefix?: string; marker?: string; maxItems?: number }
export interface UpdateGroupInput extends GroupRef { newGroupName?: string; newPath?: string }
export interface MembershipInput extends GroupRef { userName: string }

export function needGroup(tx: Tx, account: string, groupName: string): Promise<EntityRecord<GroupData>> {
  return tx.need<GroupData>('group', account, groupName, `group with name ${groupName}`)
}

async function members(reader: Pick<Tx, 'list'>, account: string, groupName: string): Promise<EntityRecord<UserData>[]> {
  return (await reader.list<UserData>('user', account)).filter((u) => u.data.groups.includes(groupName))
}

export function groupOperations(ctx: Ctx) {
  return {
    async createGroup(raw: CreateGroupInput): Promise<{ group: GroupView }> {
      const input = i.asInput(raw)
      const account = i.account(input)
      const groupName = i.name(input, 'groupName')
      const path = i.path(input)
      return ctx.write(async (tx) => {
        await needAccount(tx, account)
        if (await tx.get('group', account, groupName)) throw alreadyExists(`Group with name ${groupName} already exists.`)
        if ((await countIn(tx, 'group', account)) >= ctx.quotas.groupsPerAccount) {
          throw limitExceeded(`Cannot exceed quota for GroupsPerAccount: ${ctx.quotas.groupsPerAccount}`)
        }
        const data: GroupData = {
          groupName, groupId: generateUniqueId('AGPA'), path, arn: iamArn(ctx.partition, account, 'group', path, groupName),
          createDate: ctx.now(), attachedPolicies: [], inlinePolicies: {},
        }
        await tx.put('group', account, groupName, data, undefined)
        return { group: groupView(data) }
      })
    },

    async getGroup(raw: GetGroupInput): Promise<{ group: GroupView; users: UserView[]; isTruncated: boolean; marker?: string }> {
      const input = i.asInput(raw)
      const account = i.account(input)
      const groupName = i.name(input, 'groupName')
      const p = i.page(input)
      const group = await ctx.store.get<GroupData>('group', account, groupName)
      if (group === undefined) throw noSuchEntity(`The group with name ${groupName} cannot be found.`)
      const result = i.paginate(await members(ctx.store, account, groupName), (u) => u.id, p)
      return { group: groupView(group.data), users: result.items.map((u) => userView(u.data)), isTruncated: result.isTruncated, ...(result.marker ? { marker: result.marker } : {}) }
    },

    async listGroups(raw: ListGroupsInput): Promise<{ groups: GroupView[]; isTruncated: boolean; marker?: string }> {
      const input = i.asInput(raw)
      const account = i.account(input)
      const prefix = i.optionalPath(input, 'pathPrefix') ?? '/'
      const records = await ctx.store.list<GroupData>('group', account)
      const result = i.paginate(records.filter((g) => g.data.path.startsWith(prefix)), (g) => g.id, i.page(input))
      return { groups: result.items.map((g) => groupView(g.data)), isTruncated: result.isTruncated, ...(result.marker ? { marker: result.marker } : {}) }
    },

    async updateGroup(raw: UpdateGroupInput): Promise<void> {
      const input = i.asInput(raw)
      const account = i.account(input)
      const groupName = i.name(input, 'groupName')
      const newName = i.optionalName(input, 'newGroupName')
      const newPath = i.optionalPath(input, 'newPath')
      await ctx.write(async (tx) => {
        const group = await needGroup(tx, account, groupName)
        const name = newName ?? groupName
        const path = newPath ?? group.data.path
        const data: GroupData = { ...group.data, groupName: name, path, arn: iamArn(ctx.partition, account, 'group', path, name) }
        if (name === groupName) {
          await tx.put('group', account, groupName, data, group)
          return
        }
        if (await tx.get('group', account, name)) throw alreadyExists(`Group with name ${name} already exists.`)
        await tx.delete(group)
        await tx.put('group', account, name, data, undefined)
        for (const user of await members(tx, account, groupName)) {
          await tx.put('user', account, user.id, { ...user.data, groups: user.data.groups.map((g) => (g === groupName ? name : g)) }, user)
        }
      })
    },

    async deleteGroup(raw: GroupRef): Promise<void> {
      const input = i.asInput(raw)
      const account = i.account(input)
      const groupName = i.name(input, 'groupName')
      await ctx.write(async (tx) => {
        const group = await needGroup(tx, account, groupName)
        if ((await members(tx, account, groupName)).length > 0) throw deleteConflict('Cannot delete entity, must remove users from group first.')
        if (Object.keys(group.data.inlinePolicies).length > 0) throw deleteConflict('Cannot delete entity, must delete policies first.')
        if (group.data.attachedPolicies.length > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.')
        await tx.delete(group)
      })
    },

    async addUserToGroup(raw: MembershipInput): Promise<void> {
      const input = i.asInput(raw)
      const account = i.account(input)
      const groupName = i.name(input, 'groupName')
      const userName = i.name(input, 'userName')
      await ctx.write(async (tx) => {
        const group = await needGroup(tx, account, groupName)
        const user = await needUser(tx, account, userName)
        if (user.data.groups.includes(groupName)) return
        if (user.data.groups.length >= ctx.quotas.groupsPerUser) {
          throw limitExceeded(`Cannot exceed quota for GroupsPerUser: ${ctx.quotas.groupsPerUser}`)
        }
        // Touching the group makes a concurrent deleteGroup (which counted no members) conflict.
        await tx.touch(group)
        await tx.put('user', account, userName, { ...user.data, groups: [...user.data.groups, groupName] }, user)
      })
    },

    async removeUserFromGroup(raw: MembershipInput): Promise<void> {
      const input = i.asInput(raw)
      const account = i.account(input)
      const groupName = i.name(input, 'groupName')
      const userName = i.name(input, 'userName')
      await ctx.write(async (tx) => {
        await needGroup(tx, account, groupName)
        const user = await needUser(tx, account, userName)
        if (!user.data.groups.includes(groupName)) throw noSuchEntity(`The user with name ${userName} is not in group ${groupName}.`)
        await tx.put('user', account, userName, { ...user.data, groups: user.data.groups.filter((g) => g !== groupName) }, user)
      })
    },

    async listGroupsForUser(raw: { account: string; userName: string; marker?: string; maxItems?: number }): Promise<{ groups: GroupView[]; isTruncated: boolean; marker?: string }> {
      const input = i.asInput(raw)
      const account = i.account(input)
      const userName = i.name(input, 'userName')
      const user = await ctx.store.get<UserData>('user', account, userName)
      if (user === undefined) throw noSuchEntity(`The user with name ${userName} cannot be found.`)
      const groups: GroupData[] = []
      for (const name of [...user.data.groups].sort()) {
        const g = await ctx.store.get<GroupData>('group', account, name)
        if (g) groups.push(g.data)
      }
      const result = i.paginate(groups, (g) => g.groupName, i.page(input))
      return { groups: result.items.map(groupView), isTruncated: result.isTruncated, ...(result.marker ? { marker: result.marker } : {}) }
    },
  }
}

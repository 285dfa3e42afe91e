/** CreateUser, GetUser, ListUsers, UpdateUser, DeleteUser and the user tag operations. */
import { generateUniqueId } from '../../sts/secrets.js'
import type { EntityRecord } from '../../store/types.js'
import { iamArn } from '../arn.js'
import type { AccessKeyData, Tag, UserData } from '../model.js'
import { alreadyExists, deleteConflict, limitExceeded, noSuchEntity, type Ctx, type Tx } from './context.js'
import * as i from './input.js'
import { orphanedPrincipal, rewritePrincipalReferences } from './principal-refs.js'
import { attachable, countIn, needAccount } from './shared.js'
import { userView, type UserView } from './views.js'

export interface CreateUserInput { account: string; userName: string; path?: string; tags?: Tag[]; permissionsBoundary?: string }
export interface UserRef { account: string; userName: string }
export interface ListUsersInput { account: string; pathPrefix?: string; marker?: string; maxItems?: number }
export interface UpdateUserInput extends UserRef { newUserName?: string; newPath?: string }
export interface TagUserInput extends UserRef { tags: Tag[] }
export interface UntagUserInput extends UserRef { tagKeys: string[] }

export function needUser(tx: Tx, account: string, userName: string): Promise<EntityRecord<UserData>> {
  return tx.need<UserData>('user', account, userName, `user with name ${userName}`)
}

export async function userAccessKeys(tx: Tx, account: string, userName: string): Promise<EntityRecord<AccessKeyData>[]> {
  return (await tx.list<AccessKeyData>('accessKey', '')).filter((k) => k.data.account === account && k.data.userName === userName)
}

export function userOperations(ctx: Ctx) {
  const ops = {
    async createUser(raw: CreateUserInput): Promise<{ user: UserView }> {
      const input = i.asInput(raw)
      const account = i.account(input)
      const userName = i.name(input, 'userName')
      const path = i.path(input)
      const tags = i.tagList(i.field(input, 'tags'))
      if (tags.length > ctx.quotas.tagsPerEntity) throw limitExceeded(`A user can have at most ${ctx.quotas.tagsPerEntity} tags`)
      const boundary = i.field(input, 'permissionsBoundary')
      return ctx.write(async (tx) => {
        await needAccount(tx, account)
        if (await tx.get('user', account, userName)) throw alreadyExists(`User with name ${userName} already exists.`)
        if ((await countIn(tx, 'user', account)) >= ctx.quotas.usersPerAccount) {
          throw limitExceeded(`Cannot exceed quota for UsersPerAccount: ${ctx.quotas.usersPerAccount}`)
        }
        let permissionsBoundary: string | undefined
        if (boundary !== undefined) {
          const policy = await attachable(ctx, tx, account, boundary, 'permissionsBoundary')
          if (policy.record) await tx.touch(policy.record)
          permissionsBoundary = policy.arn
        }
        const data: UserData = {
          userName, userId: generateUniqueId('AIDA'), path, arn: iamArn(ctx.partition, account, 'user', path, userName),
          createDate: ctx.now(), tags, attachedPolicies: [], inlinePolicies: {}, groups: [], mfaDevices: [],
          ...(permissionsBoundary === undefined ? {} : { permissionsBoundary }),
        }
        await tx.put('user', account, userName, data, undefined)
        return { user: userView(data) }
      })
    },

    async getUser(raw: UserRef): Promise<{ user: UserView }> {
      const input = i.asInput(raw)
      const account = i.account(input)
      const userName = i.name(input, 'userName')
      const record = await ctx.store.get<UserData>('user', account, userName)
      if (record === undefined) throw noSuchEntity(`The user with name ${userName} cannot be found.`)
      return { user: userView(record.data) }
    },

    async listUsers(raw: ListUsersInput): Promise<{ users: UserView[]; isTruncated: boolean; marker?: string }> {
      const input = i.asInput(raw)
      const account = i.account(input)
      const prefix = i.optionalPath(input, 'pathPrefix') ?? '/'
      const p = i.page(input)
      const records = await ctx.store.list<UserData>('user', account)
      const result = i.paginate(records.filter((r) => r.data.path.startsWith(prefix)), (r) => r.id, p)
      return { users: result.items.map((r) => userView(r.data)), isTruncated: result.isTruncated, ...(result.marker ? { marker: result.marker } : {}) }
    },

    /** Rename or move: policies naming the user as a principal follow it (as AWS does); access keys, groups and policies stay with it. */
    async updateUser(raw: UpdateUserInput): Promise<void> {
      const input = i.asInput(raw)
      const account = i.account(input)
      const userName = i.name(input, 'userName')
      const newUserName = i.optionalName(input, 'newUserName')
      const newPath = i.optionalPath(input, 'newPath')
      await ctx.write(async (tx) => {
        const user = await needUser(tx, account, userName)
        const name = newUserName ?? userName
        const path = newPath ?? user.data.path
        const arn = iamArn(ctx.partition, account, 'user', path, name)
        if (name !== userName && (await tx.get('user', account, name))) throw alreadyExists(`User with name ${name} already exists.`)
        const data: UserData = { ...user.data, userName: name, path, arn }
        if (name === userName) {
          await tx.put('user', account, userName, data, user)
        } else {
          await tx.delete(user)
          await tx.put('user', account, name, data, undefined)
          for (const key of await userAccessKeys(tx, account, userName)) {
            await tx.put('accessKey', '', key.id, { ...key.data, userName: name }, key)
          }
        }
        if (arn !== user.data.arn) await rewritePrincipalReferences(tx, user.data.arn, arn)
      })
    },

    /** Refused (`DeleteConflict`) while the user has policies, groups, access keys, a password or MFA devices, as in AWS. */
    async deleteUser(raw: UserRef): Promise<void> {
      const input = i.asInput(raw)
      const account = i.account(input)
      const userName = i.name(input, 'userName')
      await ctx.write(async (tx) => {
        const user = await needUser(tx, account, userName)
        const u = user.data
        const conflict = (what: string): Error => deleteConflict(`Cannot delete entity, must ${what} first.`)
        if (Object.keys(u.inlinePolicies).length > 0) throw conflict('delete policies')
        if (u.attachedPolicies.length > 0) throw conflict('detach all policies')
        if (u.groups.length > 0) throw conflict('remove users from group')
        if (u.loginProfile !== undefined) throw conflict('delete login profile')
        if (u.mfaDevices.length > 0) throw conflict('delete MFA devices')
        if ((await userAccessKeys(tx, account, userName)).length > 0) throw conflict('delete access keys')
        await tx.delete(user)
        await rewritePrincipalReferences(tx, u.arn, orphanedPrincipal(u.arn, u.userId))
      })
    },

    async tagUser(raw: TagUserInput): Promise<void> {
      const input = i.asInput(raw)
      const account = i.account(input)
      const userName = i.name(input, 'userName')
      const tags = i.tagList(i.field(input, 'tags'))
      await ctx.write(async (tx) => {
        const user = await needUser(tx, account, userName)
        await tx.put('user', account, userName, { ...user.data, tags: i.mergeTags(user.data.tags, tags, ctx.quotas.tagsPerEntity) }, user)
      })
    },

    async untagUser(raw: UntagUserInput): Promise<void> {
      const input = i.asInput(raw)
      const account = i.account(input)
      const userName = i.name(input, 'userName')
      const keys = new Set(i.stringList(input, 'tagKeys', 50, 128).map((k) => k.toLowerCase()))
      await ctx.write(async (tx) => {
        const user = await needUser(tx, account, userName)
        await tx.put('user', account, userName, { ...user.data, tags: user.data.tags.filter((t) => !keys.has(t.key.toLowerCase())) }, user)
      })
    },

    async listUserTags(raw: UserRef): Promise<{ tags: Tag[]; isTruncated: false }> {
      const { user } = await ops.getUser(raw)
      return { tags: user.tags, isTruncated: false }
    },
  }
  return ops
}

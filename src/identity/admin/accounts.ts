/** Accounts (the app's tenants) and their guardrail policies (the SCP analogue). */
import type { PolicyDocument } from '../../policy/types.js'
import { CATALOGUE_ACCOUNT } from '../arn.js'
import type { AccountData, Tag } from '../model.js'
import { alreadyExists, deleteConflict, limitExceeded, noSuchEntity, validation, type Ctx } from './context.js'
import * as i from './input.js'
import { needAccount } from './shared.js'

export interface AccountView { accountId: string; alias?: string; tags: Tag[]; createDate: string }
export interface GuardrailRef { account: string; policyName: string }

/** What must be gone before an account can be deleted, as AWS asks an organisation's member to be emptied. */
const OWNED_KINDS = ['user', 'group', 'role', 'policy', 'resourcePolicy', 'oidcProvider'] as const

function view(a: AccountData): AccountView {
  return { accountId: a.accountId, ...(a.alias === undefined ? {} : { alias: a.alias }), tags: a.tags.map((t) => ({ ...t })), createDate: a.createDate }
}

export function accountOperations(ctx: Ctx) {
  return {
    async createAccount(raw: { account: string; alias?: string; tags?: Tag[] }): Promise<{ account: AccountView }> {
      const input = i.asInput(raw)
      const account = i.account(input)
      if (account === CATALOGUE_ACCOUNT) throw validation(`The account id ${CATALOGUE_ACCOUNT} is reserved for the app's managed policies`, 'account')
      const alias = i.optionalString(input, 'alias', 63, 3)
      const tags = i.tagList(i.field(input, 'tags'))
      if (tags.length > ctx.quotas.tagsPerEntity) throw limitExceeded(`An account can have at most ${ctx.quotas.tagsPerEntity} tags`)
      return ctx.write(async (tx) => {
        if (await tx.get('account', account, account)) throw alreadyExists(`Account ${account} already exists.`)
        const data: AccountData = { accountId: account, tags, guardrails: {}, createDate: ctx.now(), ...(alias === undefined ? {} : { alias }) }
        await tx.put('account', account, account, data, undefined)
        return { account: view(data) }
      })
    },

    async getAccount(raw: { account: string }): Promise<{ account: AccountView }> {
      const account = i.account(i.asInput(raw))
      const record = await ctx.store.get<AccountData>('account', account, account)
      if (record === undefined) throw noSuchEntity(`The account ${account} cannot be found.`)
      return { account: view(record.data) }
    },

    async listAccounts(raw: { marker?: string; maxItems?: number } = {}): Promise<{ accounts: AccountView[]; isTruncated: boolean; marker?: string }> {
      const input = i.asInput(raw)
      const records = await ctx.store.list<AccountData>('account', undefined)
      const result = i.paginate(records, (r) => r.id, i.page(input))
      return { accounts: result.items.map((r) => view(r.data)), isTruncated: result.isTruncated, ...(result.marker ? { marker: result.marker } : {}) }
    },

    /** Refused (`DeleteConflict`) while the account still owns users, groups, roles, policies, resource policies or OIDC providers. */
    async deleteAccount(raw: { account: string }): Promise<void> {
      const account = i.account(i.asInput(raw))
      await ctx.write(async (tx) => {
        const record = await needAccount(tx, account)
        for (const kind of OWNED_KINDS) {
          if ((await tx.list(kind, account, { limit: 1 })).length > 0) throw deleteConflict(`Cannot delete account ${account}: it still has ${kind} entities.`)
        }
        await tx.delete(record)
      })
    },

    async putAccountGuardrail(raw: GuardrailRef & { policyDocument: PolicyDocument | string }): Promise<void> {
      const input = i.asInput(raw)
      const account = i.account(input)
      const policyName = i.name(input, 'policyName')
      const document = i.policy(input, 'policyDocument', 'guardrail')
      await ctx.write(async (tx) => {
        const record = await needAccount(tx, account)
        const guardrails = { ...record.data.guardrails, [policyName]: document }
        await tx.put('account', account, account, { ...record.data, guardrails }, record)
      })
    },

    async getAccountGuardrail(raw: GuardrailRef): Promise<{ policyName: string; policyDocument: PolicyDocument }> {
      const input = i.asInput(raw)
      const account = i.account(input)
      const policyName = i.name(input, 'policyName')
      const record = await ctx.store.get<AccountData>('account', account, account)
      if (record === undefined) throw noSuchEntity(`The account ${account} cannot be found.`)
      if (!Object.hasOwn(record.data.guardrails, policyName)) throw noSuchEntity(`The guardrail ${policyName} cannot be found.`)
      return { policyName, policyDocument: record.data.guardrails[policyName]! }
    },

    async deleteAccountGuardrail(raw: GuardrailRef): Promise<void> {
      const input = i.asInput(raw)
      const account = i.account(input)
      const policyName = i.name(input, 'policyName')
      await ctx.write(async (tx) => {
        const record = await needAccount(tx, account)
        if (!Object.hasOwn(record.data.guardrails, policyName)) throw noSuchEntity(`The guardrail ${policyName} cannot be found.`)
        const guardrails = { ...record.data.guardrails }
        delete guardrails[policyName]
        await tx.put('account', account, account, { ...record.data, guardrails }, record)
      })
    },

    async listAccountGuardrails(raw: { account: string }): Promise<{ policyNames: string[] }> {
      const account = i.account(i.asInput(raw))
      const record = await ctx.store.get<AccountData>('account', account, account)
      if (record === undefined) throw noSuchEntity(`The account ${account} cannot be found.`)
      return { policyNames: Object.keys(record.data.guardrails).sort() }
    },
  }
}

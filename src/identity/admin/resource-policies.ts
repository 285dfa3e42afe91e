/**
 * Resource-based policies, stored against a resource ARN or an ARN pattern of the account's own
 * resources (`arn:P:docs::ACCT:project/p1/*`). The resolver applies the exact record and every
 * pattern record matching a resource.
 */
import type { PolicyDocument } from '../../policy/types.js'
import { parseArn } from '../../principal-arn.js'
import type { ResourcePolicyData } from '../model.js'
import { noSuchEntity, validation, type Ctx } from './context.js'
import * as i from './input.js'
import { checkNamedPrincipals } from './principal-refs.js'
import { needAccount } from './shared.js'

export interface ResourcePolicyRef { account: string; resourceArn: string }
export interface PutResourcePolicyInput extends ResourcePolicyRef { policyDocument: PolicyDocument | string }
export interface ResourcePolicyView { resourceArn: string; policyDocument: PolicyDocument; updateDate: string }

/**
 * A resource ARN or pattern of `account`: six segments, and an account segment that is the
 * account itself or empty (for ARNs that carry no account). A wildcard in the account segment
 * would reach other tenants' resources, so it is refused.
 */
export function checkResourceArn(value: unknown, account: string): string {
  if (typeof value !== 'string' || value.length > 2048) throw validation('resourceArn must be an ARN of at most 2,048 characters', 'resourceArn')
  const arn = parseArn(value)
  if (arn === undefined || arn.partition === '' || arn.service === '' || arn.resource === '') {
    throw validation('resourceArn must be an ARN: arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE', 'resourceArn')
  }
  if (arn.account !== '' && arn.account !== account) {
    throw validation(`resourceArn must name a resource of account ${account} (its account segment is ${JSON.stringify(arn.account)})`, 'resourceArn')
  }
  if (arn.service.includes('*') || arn.service.includes('?')) throw validation('resourceArn: the service segment cannot be a pattern', 'resourceArn')
  return value
}

export function resourcePolicyOperations(ctx: Ctx) {
  return {
    async putResourcePolicy(raw: PutResourcePolicyInput): Promise<void> {
      const input = i.asInput(raw)
      const account = i.account(input)
      const resourceArn = checkResourceArn(i.field(input, 'resourceArn'), account)
      const document = i.policy(input, 'policyDocument', 'resource')
      await ctx.write(async (tx) => {
        await needAccount(tx, account)
        await checkNamedPrincipals(tx, document, ctx.partition, 'policyDocument')
        const current = await tx.get<ResourcePolicyData>('resourcePolicy', account, resourceArn)
        await tx.put<ResourcePolicyData>('resourcePolicy', account, resourceArn, { resourceArn, policyDocument: document, updateDate: ctx.now() }, current)
      })
    },

    async getResourcePolicy(raw: ResourcePolicyRef): Promise<ResourcePolicyView> {
      const input = i.asInput(raw)
      const account = i.account(input)
      const resourceArn = checkResourceArn(i.field(input, 'resourceArn'), account)
      const record = await ctx.store.get<ResourcePolicyData>('resourcePolicy', account, resourceArn)
      if (record === undefined) throw noSuchEntity(`No resource policy is stored for ${resourceArn}.`)
      return { resourceArn, policyDocument: record.data.policyDocument, updateDate: record.data.updateDate }
    },

    async deleteResourcePolicy(raw: ResourcePolicyRef): Promise<void> {
      const input = i.asInput(raw)
      const account = i.account(input)
      const resourceArn = checkResourceArn(i.field(input, 'resourceArn'), account)
      await ctx.write(async (tx) => {
        const record = await tx.need('resourcePolicy', account, resourceArn, `resource policy for ${resourceArn}`)
        await tx.delete(record)
      })
    },

    async listResourcePolicies(raw: { account: string; marker?: string; maxItems?: number }): Promise<{ resourcePolicies: ResourcePolicyView[]; isTruncated: boolean; marker?: string }> {
      const input = i.asInput(raw)
      const account = i.account(input)
      const records = await ctx.store.list<ResourcePolicyData>('resourcePolicy', account)
      const result = i.paginate(records, (r) => r.id, i.page(input))
      return {
        resourcePolicies: result.items.map((r) => ({ resourceArn: r.id, policyDocument: r.data.policyDocument, updateDate: r.data.updateDate })),
        isTruncated: result.isTruncated,
        ...(result.marker ? { marker: result.marker } : {}),
      }
    },
  }
}

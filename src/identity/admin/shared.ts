/** Lookups several admin modules share: the account, attachable managed policies. */
import type { EntityRecord } from '../../store/types.js'
import { CATALOGUE_ACCOUNT, catalogueArn, parseIamArn } from '../arn.js'
import type { AccountData, ManagedPolicyData } from '../model.js'
import { noSuchEntity, validation, type Ctx, type Tx } from './context.js'

export function needAccount(tx: Tx, account: string): Promise<EntityRecord<AccountData>> {
  return tx.need<AccountData>('account', account, account, `account ${account}`)
}

export interface Attachable {
  arn: string
  /** The account policy's record; undefined for a catalogue policy. */
  record: EntityRecord<ManagedPolicyData> | undefined
}

/**
 * A managed policy `account` may attach: one of its own, or one of the app's catalogue. As in
 * AWS, another account's policy "does not exist or is not attachable".
 */
export async function attachable(ctx: Ctx, tx: Tx, account: string, policyArn: unknown, field = 'policyArn'): Promise<Attachable> {
  if (typeof policyArn !== 'string') throw validation(`${field} must be a policy ARN`, field)
  const parsed = parseIamArn(policyArn)
  const missing = (): Error => noSuchEntity(`Policy ${policyArn} does not exist or is not attachable.`)
  if (parsed === undefined || parsed.type !== 'policy' || parsed.partition !== ctx.partition) throw missing()
  if (parsed.account === CATALOGUE_ACCOUNT) {
    if (!ctx.catalogue.has(parsed.name) || catalogueArn(ctx.partition, parsed.name) !== policyArn) throw missing()
    return { arn: policyArn, record: undefined }
  }
  if (parsed.account !== account) throw missing()
  const record = await tx.get<ManagedPolicyData>('policy', account, parsed.name)
  if (record === undefined || record.data.arn !== policyArn) throw missing()
  return { arn: policyArn, record }
}

export async function countIn(tx: Tx, kind: 'user' | 'group' | 'role' | 'policy', account: string): Promise<number> {
  return (await tx.list(kind, account)).length
}

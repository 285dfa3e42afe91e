/**
 * `iam.admin`: the AWS IAM API in camelCase, plus `account` (the tenant) on every input.
 *
 * Every write validates its input and its policies (every issue listed, `ERR_POLICY_INVALID` /
 * `MalformedPolicyDocument`) before touching the store, runs in ONE store transaction with
 * optimistic concurrency (`expectedRevision` on every record it read and wrote; retried on a
 * conflict, so concurrent writers never lose an update), and changes nothing when refused.
 * Errors are AWS's: `NoSuchEntity`, `EntityAlreadyExists`, `DeleteConflict`, `LimitExceeded`,
 * `UnmodifiableEntity`, `ValidationError`.
 *
 * Accounts must exist (`createAccount`) before entities are created in them.
 */
import { IamError } from '../errors.js'
import { hashSecret } from '../sts/secrets.js'
import type { PolicyDocument } from '../policy/types.js'
import { accountOperations } from './admin/accounts.js'
import { attachmentOperations } from './admin/attachments.js'
import { DEFAULT_QUOTAS, createWrite, type AdminDeps, type Ctx } from './admin/context.js'
import { credentialOperations } from './admin/credentials.js'
import { federationOperations } from './admin/federation.js'
import { groupOperations } from './admin/groups.js'
import { resourceArnFor } from './admin/operations.js'
import { policyOperations } from './admin/policies.js'
import { resourcePolicyOperations } from './admin/resource-policies.js'
import { roleOperations } from './admin/roles.js'
import { userOperations } from './admin/users.js'
import { decodeDocument, defaultCodec } from './document.js'

export { ADMIN_OPERATIONS, type AdminOperation } from './admin/operations.js'
export { DEFAULT_QUOTAS, type AdminDeps } from './admin/context.js'

type Ops<F extends (ctx: Ctx) => object> = ReturnType<F>

export interface IamAdmin extends
  Ops<typeof accountOperations>,
  Ops<typeof userOperations>,
  Ops<typeof groupOperations>,
  Ops<typeof roleOperations>,
  Ops<typeof policyOperations>,
  Ops<typeof attachmentOperations>,
  Ops<typeof resourcePolicyOperations>,
  Ops<typeof credentialOperations>,
  Ops<typeof federationOperations> {
  /** The whole store as one document (see `document.ts`): backups, policies as code. */
  exportDocument(): Promise<Record<string, unknown>>
  /** Replaces the whole store with a document, after validating all of it (every issue listed; nothing changes when refused). */
  importDocument(document: unknown): Promise<void>
  /**
   * The ARN an admin operation (`CreateUser`…) acts on, with the real path of an existing user,
   * group or role: what the HTTP admin endpoint authorizes `iam:<Operation>` against.
   */
  resourceArnFor(operation: string, input: Readonly<Record<string, unknown>>): Promise<string>
}

function catalogueMap(catalogue: AdminDeps['catalogue']): ReadonlyMap<string, PolicyDocument> {
  if (catalogue === undefined) return new Map()
  if (catalogue instanceof Map) return catalogue
  return new Map(Object.entries(catalogue))
}

export function createAdmin(deps: AdminDeps): IamAdmin {
  const clock = deps.clock ?? Date.now
  const partition = deps.partition ?? 'app'
  const ctx: Ctx = {
    store: deps.store,
    partition,
    quotas: { ...DEFAULT_QUOTAS, ...deps.quotas },
    now: () => new Date(clock()).toISOString(),
    nowMs: clock,
    catalogue: catalogueMap(deps.catalogue),
    hashSecret: deps.hashSecret ?? ((secret) => hashSecret(secret)),
    allowLocalIdentityProviders: deps.dangerouslyAllowLocalJwks === true,
    write: createWrite(deps.store, deps.onCommit),
  }
  return {
    ...accountOperations(ctx),
    ...userOperations(ctx),
    ...groupOperations(ctx),
    ...roleOperations(ctx),
    ...policyOperations(ctx),
    ...attachmentOperations(ctx),
    ...resourcePolicyOperations(ctx),
    ...credentialOperations(ctx),
    ...federationOperations(ctx),

    async exportDocument() {
      return defaultCodec.encode(await deps.store.exportRecords()) as Record<string, unknown>
    },

    async importDocument(document: unknown) {
      const decoded = decodeDocument(document)
      if (!decoded.ok) {
        throw new IamError('ERR_VALIDATION', `The document is invalid: ${decoded.issues.length} issue(s)`, { details: { issues: decoded.issues } })
      }
      const before = await deps.store.exportRecords()
      await deps.store.importRecords(decoded.records)
      const accounts = new Set<string>()
      for (const r of [...before, ...decoded.records]) accounts.add(r.account)
      await deps.onCommit?.(accounts)
    },

    resourceArnFor(operation, input) {
      return resourceArnFor(deps.store, partition, operation, input)
    },
  }
}

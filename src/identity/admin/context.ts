/**
 * What every admin operation shares: its dependencies, a transaction wrapper that writes with
 * optimistic concurrency and reports what it touched, and the AWS-style errors.
 */
import { IamError, isIamError } from '../../errors.js'
import type { Quotas } from '../../iam-types.js'
import type { PolicyDocument } from '../../policy/types.js'
import type { EntityKind, EntityRecord, ListOptions, PolicyStore, StoreWriter } from '../../store/types.js'

export const DEFAULT_QUOTAS: Readonly<Quotas> = Object.freeze({
  managedPoliciesPerEntity: 10,
  groupsPerUser: 10,
  tagsPerEntity: 50,
  policyVersions: 5,
  accessKeysPerUser: 2,
  mfaDevicesPerUser: 8,
  usersPerAccount: 5000,
  rolesPerAccount: 1000,
  groupsPerAccount: 300,
  managedPoliciesPerAccount: 1500,
})

export interface AdminDeps {
  store: PolicyStore
  /** ARN partition. Default: `'app'`. */
  partition?: string
  /** Default: AWS's (`DEFAULT_QUOTAS`). */
  quotas?: Partial<Quotas>
  /** Milliseconds since the epoch. Default: `Date.now`. */
  clock?: () => number
  /** The app's catalogue of managed policies by name, already validated as `managed`. */
  catalogue?: ReadonlyMap<string, PolicyDocument> | Record<string, PolicyDocument>
  /**
   * Awaited after every committed write with the accounts it touched, before the write returns:
   * this is how the policy cache of this instance enforces a change at once.
   */
  onCommit?: (accounts: ReadonlySet<string>) => void | Promise<void>
  /** Secret hashing for passwords and access keys. Default: scrypt from `src/sts/secrets.ts`. */
  hashSecret?: (secret: string) => Promise<string>
  /**
   * `createIam`'s `dangerouslyAllowLocalJwks`: OpenID Connect providers may then have a plain
   * http issuer and key-set URL on a loopback address. Default: false.
   */
  dangerouslyAllowLocalJwks?: boolean
}

/** The resolved dependencies every operation module receives. */
export interface Ctx {
  store: PolicyStore
  partition: string
  quotas: Quotas
  now(): string
  nowMs(): number
  catalogue: ReadonlyMap<string, PolicyDocument>
  hashSecret(secret: string): Promise<string>
  /** Whether OIDC providers may live on plain http loopback addresses (`dangerouslyAllowLocalJwks`). */
  allowLocalIdentityProviders: boolean
  /** Runs `fn` in one store transaction, retried when a concurrent writer got there first. */
  write<T>(fn: (tx: Tx) => Promise<T>): Promise<T>
}

const MAX_ATTEMPTS = 5

/** A store transaction that remembers which accounts it wrote, and reads with AWS's errors. */
export class Tx {
  constructor(
    private readonly inner: StoreWriter,
    readonly touched: Set<string>,
  ) {}

  get<T>(kind: EntityKind, account: string, id: string): Promise<EntityRecord<T> | undefined> {
    return this.inner.get<T>(kind, account, id)
  }

  list<T>(kind: EntityKind, account: string | undefined, options?: ListOptions): Promise<EntityRecord<T>[]> {
    return this.inner.list<T>(kind, account, options)
  }

  async need<T>(kind: EntityKind, account: string, id: string, what: string): Promise<EntityRecord<T>> {
    const record = await this.inner.get<T>(kind, account, id)
    if (record === undefined) throw noSuchEntity(`The ${what} cannot be found.`)
    return record
  }

  /** Writes `data`; `base` is the record read in this transaction (undefined: must not exist yet). */
  put<T>(kind: EntityKind, account: string, id: string, data: T, base: EntityRecord<unknown> | undefined): Promise<EntityRecord<T>> {
    this.touched.add(account)
    return this.inner.put(kind, account, id, data, { expectedRevision: base?.revision ?? 0 })
  }

  /**
   * Rewrites a record unchanged so that its revision moves: a concurrent transaction that read
   * it (say, a delete checking that nothing refers to it) then conflicts instead of writing skew.
   */
  touch(record: EntityRecord<unknown>): Promise<EntityRecord<unknown>> {
    return this.put(record.kind, record.account, record.id, record.data, record)
  }

  async delete(record: EntityRecord<unknown>): Promise<void> {
    this.touched.add(record.account)
    await this.inner.delete(record.kind, record.account, record.id, { expectedRevision: record.revision })
  }
}

export function createWrite(store: PolicyStore, onCommit: AdminDeps['onCommit']): Ctx['write'] {
  return async function write<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const touched = new Set<string>()
      try {
        const result = await store.transact((inner) => fn(new Tx(inner, touched)))
        if (touched.size > 0 && onCommit !== undefined) await onCommit(touched)
        return result
      } catch (error) {
        // Optimistic concurrency: run the whole operation again on fresh reads.
        if (isIamError(error) && error.code === 'ERR_CONCURRENT_MODIFICATION' && attempt < MAX_ATTEMPTS) continue
        throw error
      }
    }
  }
}

export function noSuchEntity(message: string): IamError {
  return new IamError('ERR_NO_SUCH_ENTITY', message)
}

export function alreadyExists(message: string): IamError {
  return new IamError('ERR_ENTITY_ALREADY_EXISTS', message)
}

export function deleteConflict(message: string): IamError {
  return new IamError('ERR_DELETE_CONFLICT', message)
}

export function limitExceeded(message: string): IamError {
  return new IamError('ERR_LIMIT_EXCEEDED', message)
}

export function validation(message: string, field?: string): IamError {
  return new IamError('ERR_VALIDATION', message, field === undefined ? {} : { details: { field } })
}

export function unmodifiable(message: string): IamError {
  return new IamError('ERR_UNMODIFIABLE_ENTITY', message)
}

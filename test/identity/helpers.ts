/** Shared set-up for the identity tests: a memory store, an admin over it, cheap scrypt hashes. */
import { generateKeyPairSync } from 'node:crypto'
import { expect } from 'vitest'
import { isIamError, type IamErrorCode } from '../../src/errors.js'
import { createAdmin, type AdminDeps, type IamAdmin } from '../../src/identity/admin.js'
import type { PolicyDocument } from '../../src/policy/types.js'
import { memoryStore } from '../../src/store/memory.js'
import type { PolicyStore } from '../../src/store/types.js'
import { hashSecret } from '../../src/sts/secrets.js'
import type { TokenOptions } from '../../src/sts/types.js'

export const ACCOUNT = '111122223333'
export const OTHER = '444455556666'

export const cheapHash = (secret: string): Promise<string> => hashSecret(secret, { N: 1024, r: 8, p: 1 })

export function allow(action: string | string[], resource: string | string[] = '*'): PolicyDocument {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] }
}

export function deny(action: string | string[], resource: string | string[] = '*'): PolicyDocument {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: action, Resource: resource }] }
}

export function trust(principal: string): PolicyDocument {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }] }
}

export interface Setup {
  store: PolicyStore
  admin: IamAdmin
  committed: Set<string>[]
}

export async function setup(deps: Partial<AdminDeps> = {}, accounts: string[] = [ACCOUNT, OTHER]): Promise<Setup> {
  const store = deps.store ?? memoryStore()
  await store.init()
  const committed: Set<string>[] = []
  const admin = createAdmin({ store, hashSecret: cheapHash, onCommit: (a) => { committed.push(new Set(a)) }, ...deps })
  for (const account of accounts) await admin.createAccount({ account })
  return { store, admin, committed }
}

/** Asserts that `promise` rejects with an IamError of `code`, and returns it. */
export async function rejectsWith(promise: Promise<unknown>, code: IamErrorCode): Promise<Error & { code: string; details?: Record<string, unknown>; awsCode: string }> {
  const error = await promise.then(() => undefined, (e: unknown) => e)
  expect(error, `expected ${code}`).toBeDefined()
  expect(isIamError(error)).toBe(true)
  expect((error as { code: string }).code).toBe(code)
  return error as Error & { code: string; details?: Record<string, unknown>; awsCode: string }
}

/** Asserts that a refused write left the store exactly as it was. */
export async function refusedChangesNothing(store: PolicyStore, write: () => Promise<unknown>, code: IamErrorCode): Promise<void> {
  const before = await store.exportRecords()
  await rejectsWith(write(), code)
  expect(await store.exportRecords()).toEqual(before)
}

let keys: { privateKey: import('node:crypto').KeyObject; publicKey: import('node:crypto').KeyObject } | undefined

export function tokenOptions(): TokenOptions {
  keys ??= generateKeyPairSync('ec', { namedCurve: 'P-256' })
  return { algorithm: 'ES256', privateKey: keys.privateKey, publicKey: keys.publicKey, issuer: 'https://iam.test' }
}

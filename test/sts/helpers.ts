/**
 * A small world for STS tests: a memory store seeded with accounts, users, roles, a provider and
 * a service, and hand-built deps (until `createIam` wires the real identity layer). Cheap scrypt
 * parameters keep the suite fast; production hashes use the defaults.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto'
import type { ContextValue, PolicySet } from '../../src/evaluate/types.js'
import type { Logger } from '../../src/iam-types.js'
import type { RoleData, UserData } from '../../src/identity/model.js'
import type { Principal } from '../../src/identity/principal.js'
import type { PolicyDocument } from '../../src/policy/types.js'
import { memoryStore } from '../../src/store/memory.js'
import type { PolicyStore } from '../../src/store/types.js'
import { createSts, type StsDeps, type StsInstance } from '../../src/sts/index.js'
import { hashSecret, type ScryptParams } from '../../src/sts/secrets.js'
import type { TokenOptions } from '../../src/sts/types.js'

export const A = '111122223333'
export const B = '444455556666'
export const CHEAP: ScryptParams = { N: 1024, r: 8, p: 1 }
export const PASSWORD = 'correct horse battery staple'
export const ISSUER = 'https://api.example.test'

export const userArn = (account: string, name: string): string => `arn:app:iam::${account}:user/${name}`
export const roleArn = (account: string, name: string): string => `arn:app:iam::${account}:role/${name}`

export function ecKeys(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' })
}

export function rsaKeys(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('rsa', { modulusLength: 2048 })
}

const KEYS = ecKeys()
export function tokenOptions(overrides: Partial<TokenOptions> = {}): TokenOptions {
  return { algorithm: 'ES256', privateKey: KEYS.privateKey, publicKey: KEYS.publicKey, issuer: ISSUER, kid: 'k1', ...overrides }
}

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined }

export async function putUser(store: PolicyStore, account: string, userName: string, data: Partial<UserData> = {}): Promise<UserData> {
  const user: UserData = {
    userName,
    userId: `AIDA${userName.toUpperCase().padEnd(17, 'X').slice(0, 17)}`,
    path: '/',
    arn: userArn(account, userName),
    createDate: '2024-01-01T00:00:00.000Z',
    tags: [],
    attachedPolicies: [],
    inlinePolicies: {},
    groups: [],
    mfaDevices: [],
    loginProfile: { passwordHash: await hashSecret(PASSWORD, CHEAP), passwordResetRequired: false, createDate: '2024-01-01T00:00:00.000Z' },
    ...data,
  }
  await store.transact((tx) => tx.put('user', account, userName, user))
  return user
}

export function trust(principal: Record<string, string | string[]>, actions: string | string[] = 'sts:AssumeRole', condition?: Record<string, Record<string, string | string[] | boolean>>): PolicyDocument {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: actions, ...(condition === undefined ? {} : { Condition: condition }) }] }
}

export async function putRole(store: PolicyStore, account: string, roleName: string, assumeRolePolicyDocument: PolicyDocument, data: Partial<RoleData> = {}): Promise<RoleData> {
  const role: RoleData = {
    roleName,
    roleId: `AROA${roleName.toUpperCase().padEnd(17, 'X').slice(0, 17)}`,
    path: '/',
    arn: roleArn(account, roleName),
    createDate: '2024-01-01T00:00:00.000Z',
    maxSessionDuration: 3600,
    assumeRolePolicyDocument,
    tags: [],
    attachedPolicies: [],
    inlinePolicies: {},
    ...data,
  }
  await store.transact((tx) => tx.put('role', account, roleName, role))
  return role
}

export function allow(action: string | string[], resource: string | string[] = '*'): PolicyDocument {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] }
}

/** The identity-side policies: a user's inline policies, or a role's inline policies plus the session policy. */
async function policySetFor(store: PolicyStore, principal: Principal): Promise<PolicySet> {
  if (principal.type === 'user') {
    const user = await store.get<UserData>('user', principal.account, principal.userName!)
    return { identityPolicies: Object.values(user?.data.inlinePolicies ?? {}) }
  }
  if (principal.type === 'assumedRole') {
    const role = await store.get<RoleData>('role', principal.account, principal.roleName!)
    return {
      identityPolicies: Object.values(role?.data.inlinePolicies ?? {}),
      ...(principal.sessionPolicy === undefined ? {} : { sessionPolicies: [principal.sessionPolicy] }),
    }
  }
  return {}
}

/** AWS's global keys describing the principal (reference_policies_condition-keys.html). */
export function principalContext(p: Principal, nowMs: number): Map<string, ContextValue> {
  const ctx = new Map<string, ContextValue>()
  ctx.set('aws:PrincipalArn', p.type === 'assumedRole' ? p.roleArn! : p.arn)
  ctx.set('aws:PrincipalAccount', p.account)
  ctx.set('aws:PrincipalType', p.type === 'assumedRole' ? 'AssumedRole' : p.type === 'user' ? 'User' : 'Account')
  ctx.set('aws:userid', p.userId)
  if (p.userName !== undefined) ctx.set('aws:username', p.userName)
  for (const [k, v] of p.tags) ctx.set(`aws:PrincipalTag/${k}`, v)
  if (p.tokenIssueTime !== undefined) {
    ctx.set('aws:TokenIssueTime', new Date(p.tokenIssueTime * 1000).toISOString())
    ctx.set('aws:MultiFactorAuthPresent', p.mfa.present)
  }
  if (p.mfa.present && p.mfa.authTime !== undefined) ctx.set('aws:MultiFactorAuthAge', Math.floor(nowMs / 1000) - p.mfa.authTime)
  if (p.sourceIdentity !== undefined) ctx.set('aws:SourceIdentity', p.sourceIdentity)
  return ctx
}

export interface World {
  store: PolicyStore
  sts: StsInstance
  deps: StsDeps
}

export async function makeSts(store: PolicyStore, overrides: Partial<StsDeps> = {}): Promise<StsInstance> {
  const deps = makeDeps(store, overrides)
  const sts = createSts(deps)
  await sts.ready()
  return sts
}

export function makeDeps(store: PolicyStore, overrides: Partial<StsDeps> = {}): StsDeps {
  const clock = overrides.clock ?? (() => Date.now())
  return {
    store,
    partition: 'app',
    tokens: tokenOptions(),
    clock,
    logger: silentLogger,
    throttle: { maxFailures: 5, windowSeconds: 300 },
    policySetFor: (p) => policySetFor(store, p),
    principalContext: (p) => principalContext(p, clock()),
    putRolePolicy: async ({ account, roleName, policyName, policyDocument }) => {
      await store.transact(async (tx) => {
        const role = await tx.get<RoleData>('role', account, roleName)
        if (role === undefined) throw new Error('no such role')
        await tx.put('role', account, roleName, { ...role.data, inlinePolicies: { ...role.data.inlinePolicies, [policyName]: policyDocument } })
      })
    },
    ...overrides,
  }
}

export async function world(overrides: Partial<StsDeps> = {}): Promise<World> {
  const store = memoryStore()
  await store.init()
  const deps = makeDeps(store, overrides)
  const sts = createSts(deps)
  await sts.ready()
  return { store, sts, deps }
}

/** A user principal as a login would produce it, with a real token issue time. */
export async function loginAs(w: World, account: string, userName: string): Promise<Principal> {
  const { principal } = await w.sts.login({ account, userName, password: PASSWORD })
  return principal
}

/**
 * The world the contract suite runs in: a REAL `createIam` + `memoryStore`, set up through the
 * admin API, with tokens from STS (`login`, `assumeRole`). Tenant A: alice (docs in project p1,
 * one explicit deny, a tag condition), bounded (a read-only permissions boundary), a role session
 * of Reader narrowed by a session policy, and a guardrail; tenant B: carol, reaching A's shared
 * document through a resource-based policy.
 */
import { generateKeyPairSync } from 'node:crypto'
import type { Iam, Logger } from '../../src/iam-types.js'
import type { Principal } from '../../src/identity/principal.js'
import { createIam } from '../../src/iam.js'
import { memoryStore } from '../../src/store/memory.js'
import type { PolicyStore } from '../../src/store/types.js'
import type { PolicyDocument } from '../../src/policy/types.js'

export const A = '111122223333'
export const B = '444455556666'
const PASSWORD = 'correct horse battery staple 1!'

export const DOC = (project: string, doc: string, account = A): string => `arn:app:docs::${account}:project/${project}/doc/${doc}`

export interface Fixture {
  iam: Iam
  /** Bearer tokens by name. */
  tokens: Record<'alice' | 'bounded' | 'session' | 'carol' | 'expiring' | 'dave', string>
  principals: Record<'alice' | 'bounded' | 'session' | 'carol', Principal>
  /** `IAM-Key` credentials of alice: `ID:SECRET`. */
  accessKey: string
  /** Epoch milliseconds of the `exp` of `tokens.expiring` (verification allows 5 s of clock skew). */
  expiresAt: number
  /** Makes every store read fail, as a database outage would. */
  setStoreDown(down: boolean): void
  close(): Promise<void>
}

const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined }

/** A store whose reads fail while `down` is set. */
function flakyStore(inner: PolicyStore, state: { down: boolean }): PolicyStore {
  return new Proxy(inner, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown
      if (typeof value !== 'function') return value
      if (key === 'get' || key === 'list') {
        return (...args: unknown[]) => (state.down ? Promise.reject(new Error('connection refused')) : (value as (...a: unknown[]) => unknown).apply(target, args))
      }
      return (value as (...a: unknown[]) => unknown).bind(target)
    },
  })
}

const statement = (effect: 'Allow' | 'Deny', action: string | string[], resource: string | string[], sid?: string, condition?: Record<string, unknown>) => ({
  ...(sid === undefined ? {} : { Sid: sid }), Effect: effect, Action: action, Resource: resource, ...(condition === undefined ? {} : { Condition: condition }),
})
const doc = (...statements: ReturnType<typeof statement>[]): PolicyDocument => ({ Version: '2012-10-17', Statement: statements }) as PolicyDocument

export async function fixture(): Promise<Fixture> {
  const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const store = { down: false }
  const iam = await createIam({
    store: flakyStore(memoryStore(), store),
    partition: 'app',
    tokens: { algorithm: 'ES256', privateKey: keys.privateKey, publicKey: keys.publicKey, issuer: 'https://iam.test' },
    throttle: { maxFailures: 1000 },
    logger: quiet,
    // Read the time on every call, so that fake timers (token expiry) apply.
    clock: () => Date.now(),
  })
  const { admin, sts } = iam
  for (const account of [A, B]) await admin.createAccount({ account })
  for (const [account, userName] of [[A, 'alice'], [A, 'bounded'], [A, 'dave'], [B, 'carol']] as const) {
    await admin.createUser({ account, userName })
    await admin.createLoginProfile({ account, userName, password: PASSWORD })
  }
  const managed = async (policyName: string, document: PolicyDocument): Promise<string> =>
    (await admin.createPolicy({ account: A, policyName, policyDocument: document } as never)).policy.arn

  const p1 = `arn:app:docs::${A}:project/p1`
  const docsP1 = await managed('DocsP1', doc(statement('Allow', ['docs:GetDocument', 'docs:PutDocument', 'docs:DeleteDocument', 'docs:GetFile', 'docs:ListDocuments'], [`${p1}/*`, p1], 'P1')))
  const tagRed = await managed('TagRed', doc(statement('Allow', 'docs:TagResource', `${p1}/*`, 'TagRed', { StringEquals: { 'aws:RequestTag/team': 'red' } })))
  const locked = await managed('Locked', doc(statement('Deny', 'docs:DeleteDocument', DOC('p1', 'locked'), 'KeepLocked')))
  for (const policyArn of [docsP1, tagRed, locked]) await admin.attachUserPolicy({ account: A, userName: 'alice', policyArn } as never)
  // dave is only used by the store-outage test, so his policies are never in the cache.
  await admin.attachUserPolicy({ account: A, userName: 'dave', policyArn: docsP1 } as never)
  await admin.putUserPolicy({ account: A, userName: 'alice', policyName: 'assume', policyDocument: doc(statement('Allow', 'sts:AssumeRole', `arn:app:iam::${A}:role/Reader`)) } as never)

  await admin.putUserPolicy({ account: A, userName: 'bounded', policyName: 'docs', policyDocument: doc(statement('Allow', 'docs:*', '*')) } as never)
  const readOnly = await managed('ReadOnly', doc(statement('Allow', 'docs:GetDocument', '*', 'ReadOnly')))
  await admin.putUserPermissionsBoundary({ account: A, userName: 'bounded', permissionsBoundary: readOnly })

  await admin.createRole({
    account: A, roleName: 'Reader',
    assumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:app:iam::${A}:user/alice` }, Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'] }] },
  } as never)
  await admin.putRolePolicy({ account: A, roleName: 'Reader', policyName: 'docs', policyDocument: doc(statement('Allow', 'docs:*', '*')) } as never)

  await admin.putAccountGuardrail({
    account: A, policyName: 'NoArchiveDelete',
    policyDocument: doc(statement('Allow', '*', '*', 'AllowAll'), statement('Deny', 'docs:DeleteDocument', DOC('p1', 'archived'), 'NoArchiveDelete')),
  })

  await admin.putUserPolicy({ account: B, userName: 'carol', policyName: 'read-a', policyDocument: doc(statement('Allow', 'docs:GetDocument', `${p1}/doc/*`)) } as never)
  await admin.putResourcePolicy({
    account: A, resourceArn: DOC('p1', 'shared'),
    policyDocument: { Version: '2012-10-17', Statement: [{ Sid: 'ShareWithCarol', Effect: 'Allow', Principal: { AWS: `arn:app:iam::${B}:user/carol` }, Action: 'docs:GetDocument', Resource: DOC('p1', 'shared') }] },
  } as never)

  const login = (account: string, userName: string, durationSeconds?: number) =>
    sts.login({ account, userName, password: PASSWORD, ...(durationSeconds === undefined ? {} : { durationSeconds }) })
  const alice = await login(A, 'alice')
  const bounded = await login(A, 'bounded')
  const carol = await login(B, 'carol')
  const expiring = await login(A, 'alice', 900)
  const dave = await login(A, 'dave')
  const session = await sts.assumeRole({
    caller: alice.principal, roleArn: `arn:app:iam::${A}:role/Reader`, roleSessionName: 'alice-session', sourceIdentity: 'alice',
    policy: doc(statement('Allow', 'docs:GetDocument', '*')),
  })
  const { accessKey } = await admin.createAccessKey({ account: A, userName: 'alice' })
  return {
    iam,
    tokens: {
      alice: alice.credentials.sessionToken, bounded: bounded.credentials.sessionToken, carol: carol.credentials.sessionToken,
      session: session.credentials.sessionToken, expiring: expiring.credentials.sessionToken, dave: dave.credentials.sessionToken,
    },
    principals: { alice: alice.principal, bounded: bounded.principal, session: session.principal, carol: carol.principal },
    accessKey: `${accessKey.accessKeyId}:${accessKey.secretAccessKey}`,
    expiresAt: Date.parse(expiring.credentials.expiration),
    setStoreDown(down) {
      store.down = down
    },
    close: () => iam.close(),
  }
}

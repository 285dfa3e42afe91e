/**
 * A small `Iam`-shaped object for the guard's unit tests: tokens are looked up in a table, and
 * `authorize` runs the REAL engine (`evaluate`) on a policy set kept per principal ARN, so that
 * every decision a test sees is one AWS's logic gives. Not a substitute for `createIam`.
 */
import { evaluate } from '../../src/evaluate/index.js'
import type { PolicySet } from '../../src/evaluate/types.js'
import { IamError } from '../../src/errors.js'
import type { AuthorizeRequest, AuthorizeResult, Iam } from '../../src/iam-types.js'
import type { Principal } from '../../src/identity/principal.js'
import type { PolicyDocument } from '../../src/policy/types.js'

export const A = '111122223333'
export const B = '444455556666'

export function user(name: string, account = A): Principal {
  return {
    type: 'user', arn: `arn:app:iam::${account}:user/${name}`, account, userId: `AIDA${name.toUpperCase()}`, userName: name,
    tags: new Map(), mfa: { present: false }, chainDepth: 0,
  }
}

export function roleSession(role: string, session: string, account = A, sessionPolicy?: PolicyDocument): Principal {
  return {
    type: 'assumedRole', arn: `arn:app:sts::${account}:assumed-role/${role}/${session}`, account, userId: `AROA${role.toUpperCase()}:${session}`,
    roleArn: `arn:app:iam::${account}:role/${role}`, roleName: role, sessionName: session, sessionPolicy,
    tags: new Map(), mfa: { present: false }, chainDepth: 1, sourceIdentity: 'alice',
  }
}

export interface FakeIam extends Iam {
  /** principal ARN → policies (identity, boundary, guardrails; session policies come from the principal). */
  readonly policies: Map<string, PolicySet>
  /** resource ARN → resource-based policy. */
  readonly resourcePolicies: Map<string, PolicyDocument>
  /** token → principal. */
  readonly tokens: Map<string, Principal>
  /** access key id:secret → principal. */
  readonly accessKeys: Map<string, Principal>
  storeDown: boolean
  readonly calls: AuthorizeRequest[]
}

export function fakeIam(): FakeIam {
  const fake: FakeIam = {
    partition: 'app',
    policies: new Map(),
    resourcePolicies: new Map(),
    tokens: new Map(),
    accessKeys: new Map(),
    storeDown: false,
    calls: [],
    store: undefined as never,
    admin: undefined as never,
    sts: {
      verifySessionToken(token: string): Principal {
        const p = fake.tokens.get(token)
        if (p === undefined) throw new IamError('ERR_TOKEN_INVALID', 'The security token included in the request is invalid.')
        if (p.expiresAt !== undefined && p.expiresAt * 1000 <= Date.now()) throw new IamError('ERR_TOKEN_EXPIRED', 'The security token included in the request is expired.')
        return p
      },
      async authenticateAccessKey({ accessKeyId, secretAccessKey }: { accessKeyId: string; secretAccessKey: string }): Promise<Principal> {
        const p = fake.accessKeys.get(`${accessKeyId}:${secretAccessKey}`)
        if (p === undefined) throw new IamError('ERR_INVALID_CREDENTIALS', 'The access key is invalid.')
        return p
      },
    } as unknown as Iam['sts'],
    async authorize(request: AuthorizeRequest): Promise<AuthorizeResult> {
      fake.calls.push(request)
      await Promise.resolve()
      if (fake.storeDown) throw new IamError('ERR_STORE_UNAVAILABLE', 'The policy store is unavailable.')
      const set = fake.policies.get(request.principal.arn) ?? {}
      const sessionPolicies = request.principal.sessionPolicy === undefined ? undefined : [request.principal.sessionPolicy]
      const resourcePolicy = fake.resourcePolicies.get(request.resource)
      const decision = evaluate(
        { principal: request.principal.arn, action: request.action, resource: request.resource, resourceAccount: request.resourceAccount, context: request.context },
        { ...set, ...(sessionPolicies === undefined ? {} : { sessionPolicies }), ...(resourcePolicy === undefined ? {} : { resourcePolicy }) },
      )
      return { ...decision, principalArn: request.principal.arn, action: request.action, resource: request.resource }
    },
    async simulate() {
      return []
    },
    async close() {},
  }
  return fake
}

export function allow(action: string | string[], resource: string | string[], sid?: string, condition?: PolicyDocument['Statement'] extends unknown ? Record<string, unknown> : never): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{ ...(sid === undefined ? {} : { Sid: sid }), Effect: 'Allow', Action: action, Resource: resource, ...(condition === undefined ? {} : { Condition: condition }) }],
  } as PolicyDocument
}

export function deny(action: string | string[], resource: string | string[], sid?: string): PolicyDocument {
  return { Version: '2012-10-17', Statement: [{ ...(sid === undefined ? {} : { Sid: sid }), Effect: 'Deny', Action: action, Resource: resource }] } as PolicyDocument
}

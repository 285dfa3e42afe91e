/**
 * A scripted `IamSts` for the endpoint unit tests: tokens are `token:<arn>` strings, so that a
 * test can see exactly which principal an endpoint authenticated.
 */
import { vi } from 'vitest'
import { IamError } from '../../../src/errors.js'
import type { Principal } from '../../../src/identity/principal.js'
import type { IamSts, SessionState } from '../../../src/sts/types.js'
import type { EndpointRequest } from '../../../src/guard/endpoints/index.js'

export function user(name: string, account = '111122223333'): Principal {
  return {
    type: 'user',
    arn: `arn:app:iam::${account}:user/${name}`,
    account,
    userId: `AIDA${name.toUpperCase()}`,
    userName: name,
    tags: new Map(),
    mfa: { present: false },
    chainDepth: 0,
  }
}

export function roleSession(role: string, session: string, account = '111122223333'): Principal {
  return {
    type: 'assumedRole',
    arn: `arn:app:sts::${account}:assumed-role/${role}/${session}`,
    account,
    userId: `AROA${role.toUpperCase()}:${session}`,
    roleArn: `arn:app:iam::${account}:role/${role}`,
    roleName: role,
    sessionName: session,
    tags: new Map(),
    mfa: { present: false },
    chainDepth: 1,
  }
}

const EXPIRATION = '2030-01-01T00:00:00.000Z'

export function fakeSts(principals: Principal[] = [user('alice')]) {
  const byToken = new Map(principals.map((p) => [`token:${p.arn}`, p]))
  const sts = {
    verifySessionToken: vi.fn((token: string): Principal => {
      const found = byToken.get(token)
      if (found === undefined) throw new IamError('ERR_TOKEN_INVALID', 'The security token included in the request is invalid.')
      return found
    }),
    login: vi.fn(async (input: { account: string; userName: string; password: string }) => {
      if (input.userName === 'throttled') throw new IamError('ERR_THROTTLED', 'Rate exceeded')
      if (input.userName === 'broken') throw new Error('secret internal detail at /srv/app.js:42')
      if (input.userName === 'ghost') throw new IamError('ERR_NO_SUCH_ENTITY', 'The user with name ghost cannot be found.')
      if (input.password !== 'right') throw new IamError('ERR_INVALID_CREDENTIALS', 'wrong password for alice')
      const principal = user(input.userName, input.account)
      byToken.set(`token:${principal.arn}`, principal)
      return { credentials: { sessionToken: `token:${principal.arn}`, expiration: EXPIRATION }, principal }
    }),
    getSessionToken: vi.fn(async (input: { accessKeyId: string; secretAccessKey: string }) => {
      if (input.accessKeyId !== 'AKIAALICE') throw new IamError('ERR_NO_SUCH_ENTITY', 'no such key')
      if (input.secretAccessKey !== 'secret') throw new IamError('ERR_INVALID_CREDENTIALS', 'bad secret')
      const principal = user('alice')
      return { credentials: { sessionToken: `token:${principal.arn}`, expiration: EXPIRATION }, principal }
    }),
    assumeRole: vi.fn(async (input: { caller: Principal; roleArn: string; roleSessionName: string }) => {
      if (!input.roleArn.endsWith('role/Admin')) throw new IamError('ERR_ACCESS_DENIED', `User: ${input.caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${input.roleArn}`)
      const principal = roleSession('Admin', input.roleSessionName, input.caller.account)
      byToken.set(`token:${principal.arn}`, principal)
      return {
        credentials: { sessionToken: `token:${principal.arn}`, expiration: EXPIRATION },
        assumedRoleUser: { arn: principal.arn, assumedRoleId: principal.userId },
        packedPolicySize: 0,
        principal,
      }
    }),
    assumeRoleWithWebIdentity: vi.fn(async (input: { roleArn: string; roleSessionName: string; webIdentityToken: string }) => {
      if (input.webIdentityToken !== 'good-id-token') throw new IamError('ERR_TOKEN_INVALID', 'InvalidIdentityToken', { awsCode: 'InvalidIdentityToken' })
      const principal = { ...roleSession('Web', input.roleSessionName), type: 'assumedRole' as const, federatedProvider: 'arn:app:iam::111122223333:oidc-provider/idp.example.com' }
      return {
        credentials: { sessionToken: `token:${principal.arn}`, expiration: EXPIRATION },
        assumedRoleUser: { arn: principal.arn, assumedRoleId: principal.userId },
        packedPolicySize: 3,
        principal,
      }
    }),
    switchRole: vi.fn(async (state: SessionState, input: { roleArn: string; displayName?: string }): Promise<SessionState> => {
      const roleName = input.roleArn.split('/').pop() as string
      const principal = roleSession(roleName, 'alice')
      byToken.set(`token:${principal.arn}`, principal)
      const recent = [{ roleArn: input.roleArn, ...(input.displayName === undefined ? {} : { displayName: input.displayName }) }, ...(state.recentRoles ?? [])]
      // Deliberately longer than five: the endpoint must cap the list itself.
      return { ...state, roleToken: `token:${principal.arn}`, recentRoles: recent }
    }),
    switchBack: vi.fn((state: SessionState): SessionState => ({ userToken: state.userToken, recentRoles: state.recentRoles })),
    getCallerIdentity: vi.fn((p: Principal) => ({ account: p.account, arn: p.arn, userId: p.userId })),
    revokeToken: vi.fn(async (_input: { token: string } | { jti: string }) => {}),
    jwks: vi.fn(() => ({ keys: [{ kty: 'EC', kid: 'k1', crv: 'P-256', x: 'x', y: 'y' }] })),
  }
  return sts as unknown as typeof sts & IamSts
}

/** An endpoint request with sensible defaults: JSON, same-origin, no session, no principal. */
export function request(overrides: Partial<EndpointRequest> = {}): EndpointRequest {
  return {
    method: 'POST',
    headers: { 'content-type': ['application/json'] },
    origin: 'https://app.example.com',
    sourceIp: '203.0.113.7',
    secure: true,
    params: {},
    principal: undefined,
    session: undefined,
    body: {},
    requestId: 'req-1',
    ...overrides,
  }
}

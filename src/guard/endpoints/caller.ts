/**
 * Who is calling an endpoint. Behind `iamGuard` the guard's principal is used as it is; mounted
 * alone, the router authenticates the `Bearer` session token or the server session itself, with
 * the same STS verification, so that both set-ups accept and refuse the same callers.
 */
import { IamError } from '../../errors.js'
import type { Principal } from '../../identity/principal.js'
import type { IamSts } from '../../sts/types.js'
import { unauthenticated } from '../denial.js'
import { singleHeader } from './csrf.js'
import type { EndpointRequest } from './types.js'

/** The Bearer token of the request; `undefined` without an `Authorization` header. */
export function bearerToken(request: Pick<EndpointRequest, 'headers'>): string | undefined {
  const header = singleHeader(request.headers, 'authorization')
  if (header === undefined) return undefined
  // Two Authorization headers could be read differently by a proxy and by us: refuse both.
  if (header === null) throw new IamError('ERR_INVALID_REQUEST', 'The request has more than one Authorization header.')
  const match = /^Bearer +([^\s]+) *$/i.exec(header)
  if (match === null) throw new IamError('ERR_TOKEN_INVALID', 'The Authorization header is not a Bearer token.')
  return match[1]
}

/** The active token of a server session: the switched-to role, else the user. */
export function sessionToken(request: Pick<EndpointRequest, 'session'>): string | undefined {
  const state = request.session
  return state?.roleToken ?? state?.userToken
}

/** The authenticated caller, or 401. */
export function resolveCaller(sts: IamSts, request: EndpointRequest): Principal {
  if (request.principal !== undefined) return request.principal
  const token = bearerToken(request) ?? sessionToken(request)
  if (token === undefined) throw unauthenticated()
  return sts.verifySessionToken(token)
}

/** The caller of a session-only endpoint: a server session with a valid user token, or 401. */
export function requireSessionUser(sts: IamSts, request: EndpointRequest): Principal {
  if (request.session === undefined) {
    throw new IamError('ERR_INVALID_REQUEST', 'This endpoint needs a server session (express-session or koa-session).')
  }
  if (request.headers['authorization'] !== undefined) {
    throw new IamError('ERR_INVALID_REQUEST', 'This endpoint works on the server session only; use assume-role with a Bearer token.')
  }
  const userToken = request.session.userToken
  if (userToken === undefined) throw new IamError('ERR_UNAUTHENTICATED', 'The session is not signed in.')
  return sts.verifySessionToken(userToken)
}

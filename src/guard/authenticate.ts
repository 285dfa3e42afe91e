/**
 * Who is calling. In order: the one `Authorization` header (a `Bearer` session token, or
 * `IAM-Key ID:SECRET` when access keys are enabled), else the server session's token (the role's
 * after a switch, else the user's), else the app's own `principalResolver`. Credentials that are
 * presented and fail are an error (401), never "anonymous".
 */
import { IamError, isIamError } from '../errors.js'
import type { Iam } from '../iam-types.js'
import type { Principal } from '../identity/principal.js'
import type { ResolvedGuardOptions } from './options.js'
import type { GuardRequest } from './types.js'

export type AuthVia = 'bearer' | 'accessKey' | 'session' | 'resolver'

export type AuthOutcome =
  | { readonly kind: 'principal'; readonly principal: Principal; readonly via: AuthVia }
  | { readonly kind: 'none' }
  | { readonly kind: 'error'; readonly error: IamError }

const NONE: AuthOutcome = { kind: 'none' }

function failure(error: unknown, fallback: 'ERR_TOKEN_INVALID' | 'ERR_INVALID_CREDENTIALS' | 'ERR_INTERNAL'): AuthOutcome {
  if (isIamError(error)) return { kind: 'error', error }
  const message = fallback === 'ERR_INTERNAL' ? 'The principal could not be resolved.' : 'The security token included in the request is invalid.'
  return { kind: 'error', error: new IamError(fallback, message, { cause: error }) }
}

function verify(iam: Iam, token: string, via: AuthVia): AuthOutcome {
  try {
    return { kind: 'principal', principal: iam.sts.verifySessionToken(token), via }
  } catch (error) {
    return failure(error, 'ERR_TOKEN_INVALID')
  }
}

async function fromHeader(iam: Iam, header: string, accessKeys: boolean): Promise<AuthOutcome> {
  const space = header.indexOf(' ')
  const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase()
  const value = space < 0 ? '' : header.slice(space + 1).trim()
  if (scheme === 'bearer') {
    if (value === '' || value.includes(' ')) return failure(new IamError('ERR_TOKEN_INVALID', 'The Bearer token is malformed.'), 'ERR_TOKEN_INVALID')
    return verify(iam, value, 'bearer')
  }
  if (scheme === 'iam-key' && accessKeys) {
    const colon = value.indexOf(':')
    if (colon <= 0 || colon === value.length - 1) {
      return failure(new IamError('ERR_INVALID_CREDENTIALS', 'The IAM-Key credentials must be ACCESS_KEY_ID:SECRET.'), 'ERR_INVALID_CREDENTIALS')
    }
    try {
      const principal = await iam.sts.authenticateAccessKey({ accessKeyId: value.slice(0, colon), secretAccessKey: value.slice(colon + 1) })
      return { kind: 'principal', principal, via: 'accessKey' }
    } catch (error) {
      return failure(error, 'ERR_INVALID_CREDENTIALS')
    }
  }
  return failure(new IamError('ERR_UNAUTHENTICATED', 'The Authorization scheme is not supported.'), 'ERR_TOKEN_INVALID')
}

export async function authenticate<R>(iam: Iam, req: GuardRequest<R>, options: ResolvedGuardOptions<R>): Promise<AuthOutcome> {
  const headers = req.headerValues('authorization')
  if (headers.length > 1) {
    // Two credentials: which one a proxy, the framework or we would read is not the same.
    throw new IamError('ERR_INVALID_REQUEST', 'The request has more than one Authorization header.')
  }
  if (headers.length === 1) return fromHeader(iam, headers[0]!, options.accessKeys)
  const session = req.session
  const token = session?.roleToken ?? session?.userToken
  if (token !== undefined) return verify(iam, token, 'session')
  if (options.principalResolver !== undefined) {
    try {
      const principal = await options.principalResolver(req.raw)
      return principal === undefined ? NONE : { kind: 'principal', principal, via: 'resolver' }
    } catch (error) {
      return failure(error, 'ERR_INTERNAL')
    }
  }
  return NONE
}

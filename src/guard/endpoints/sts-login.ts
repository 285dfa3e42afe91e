/**
 * Signing in and out: `POST /login`, `POST /logout`, `POST /get-session-token`.
 *
 * A failed sign-in never tells which part was wrong: an unknown account, an unknown user and a
 * wrong password give the same status and the same body (STS also makes them take the same time).
 */
import { IamError, isIamError } from '../../errors.js'
import type { IamSts } from '../../sts/types.js'
import { bearerToken } from './caller.js'
import { FieldReader } from './fields.js'
import { noteAudit } from './sts-audit.js'
import type { ResolvedStsOptions } from './options.js'
import { failure, ok } from './respond.js'
import { credentialsBody, identityBody } from './shapes.js'
import type { EndpointRequest, EndpointResult } from './types.js'

const CREDENTIAL_FAILURES = new Set(['ERR_INVALID_CREDENTIALS', 'ERR_UNAUTHENTICATED', 'ERR_NO_SUCH_ENTITY', 'ERR_ACCESS_DENIED'])

/**
 * One answer for every wrong-credentials case; throttling, MFA and bad input keep their own. The
 * STS error stays as the `cause`, and its `details` (which case it was, for the audit log) are
 * kept: no answer body shows them.
 */
function uniform(error: unknown, message: string): unknown {
  const keep = isIamError(error) ? { cause: error, ...(error.details === undefined ? {} : { details: error.details }) } : {}
  if (isIamError(error) && CREDENTIAL_FAILURES.has(error.code)) return new IamError('ERR_INVALID_CREDENTIALS', message, keep)
  if (isIamError(error) && error.code === 'ERR_MFA_REQUIRED') return new IamError('ERR_MFA_REQUIRED', 'A valid MFA code is required.', keep)
  return error
}

export function loginEndpoint(sts: IamSts, options: ResolvedStsOptions) {
  return async (request: EndpointRequest): Promise<EndpointResult> => {
    const fields = new FieldReader(request.body)
    const account = fields.string('account', true)
    const userName = fields.string('userName', true)
    const password = fields.string('password', true)
    const mfaCode = fields.string('mfaCode')
    fields.done()
    let result: Awaited<ReturnType<IamSts['login']>>
    try {
      result = await sts.login({
        account,
        userName,
        password,
        ...(mfaCode === undefined ? {} : { mfaCode }),
        ...(request.sourceIp === undefined ? {} : { sourceIp: request.sourceIp }),
        ...(options.loginDurationSeconds === undefined ? {} : { durationSeconds: options.loginDurationSeconds }),
      })
    } catch (error) {
      throw uniform(error, 'The account, user name or password is incorrect.')
    }
    noteAudit(request, { principal: result.principal.arn })
    const body = { Credentials: credentialsBody(result.credentials), Identity: identityBody(sts, result.principal) }
    // A new session id for the signed-in session: an id planted before login is worthless after it.
    return ok(request.requestId, body, { kind: 'regenerate', state: { userToken: result.credentials.sessionToken } })
  }
}

/** Tokens that stop working at logout: the presented Bearer token, or the session's tokens. */
function tokensToRevoke(request: EndpointRequest): string[] {
  const bearer = bearerToken(request)
  if (bearer !== undefined) return [bearer]
  const state = request.session
  return [state?.roleToken, state?.userToken].filter((token): token is string => token !== undefined)
}

export function logoutEndpoint(sts: IamSts, options: ResolvedStsOptions) {
  return async (request: EndpointRequest): Promise<EndpointResult> => {
    const tokens = tokensToRevoke(request)
    const session = request.session === undefined ? undefined : ({ kind: 'destroy' } as const)
    for (const token of tokens) {
      try {
        await sts.revokeToken({ token })
      } catch (error) {
        // A token that no longer verifies cannot be used anyway; any other failure leaves a live
        // token behind, which the client must hear about (the session itself is still destroyed).
        if (isIamError(error) && (error.code === 'ERR_TOKEN_INVALID' || error.code === 'ERR_TOKEN_EXPIRED')) continue
        const failed = failure(request.requestId, error, options.onError)
        return session === undefined ? failed : { ...failed, session }
      }
    }
    return ok(request.requestId, {}, session)
  }
}

export function getSessionTokenEndpoint(sts: IamSts) {
  return async (request: EndpointRequest): Promise<EndpointResult> => {
    const fields = new FieldReader(request.body)
    const accessKeyId = fields.string('accessKeyId', true)
    const secretAccessKey = fields.string('secretAccessKey', true)
    const durationSeconds = fields.integer('durationSeconds')
    const serialNumber = fields.string('serialNumber')
    const tokenCode = fields.string('tokenCode')
    fields.done()
    let result: Awaited<ReturnType<IamSts['getSessionToken']>>
    try {
      result = await sts.getSessionToken({ accessKeyId, secretAccessKey, durationSeconds, serialNumber, tokenCode })
    } catch (error) {
      throw uniform(error, 'The security token included in the request is invalid.')
    }
    noteAudit(request, { principal: result.principal.arn })
    return ok(request.requestId, { Credentials: credentialsBody(result.credentials) })
  }
}

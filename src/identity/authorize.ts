/**
 * `iam.authorize`: resolve the principal's policies (through the cache) and the resource's
 * policy, build the request context, evaluate. Any failure rejects with an `IamError`; a
 * decision is only ever returned by the engine.
 */
import { IamError, isIamError } from '../errors.js'
import { evaluate, normalizeRequestContext, type NormalizedContext } from '../evaluate/index.js'
import type { ContextValue } from '../evaluate/types.js'
import type { AuthorizeRequest, AuthorizeResult } from '../iam-types.js'
import { isPrincipalKey, multiFactorAuthAge, staticPrincipalContext } from './principal-context.js'
import type { Principal } from './principal.js'
import type { Resolver } from './resolver.js'

function invalid(message: string): IamError {
  return new IamError('ERR_INVALID_REQUEST', message)
}

export function checkPrincipal(principal: unknown): Principal {
  const p = principal as Principal
  if (typeof p !== 'object' || p === null || typeof p.arn !== 'string' || typeof p.account !== 'string' || typeof p.userId !== 'string' ||
    !['user', 'assumedRole', 'root', 'federatedUser'].includes(p.type)) {
    throw new IamError('ERR_UNAUTHENTICATED', 'No authenticated principal')
  }
  // Tags must be a Map: a plain object would lose them silently, and a missing tag can satisfy a negated condition.
  if (!(p.tags instanceof Map)) throw invalid('principal.tags must be a Map')
  return p
}

/**
 * The request's condition keys, normalised by the engine's `normalizeRequestContext` (so a
 * context is refused here exactly as `evaluate` refuses it), with the principal's keys added
 * last. A request key describing the principal (`aws:PrincipalArn`, `aws:PrincipalTag/…`, MFA,
 * token issue time…) is dropped even when the principal has no such key, so a request can never
 * supply or override one.
 */
export function requestContext(principal: Principal, context: AuthorizeRequest['context'], nowMs: number): NormalizedContext {
  const own = staticPrincipalContext(principal)
  const age = multiFactorAuthAge(principal, nowMs)
  const add: Array<readonly [string, ContextValue]> = [...own]
  if (age !== undefined) add.push(['aws:multifactorauthage', age])
  return normalizeRequestContext(context, { omit: (lower) => isPrincipalKey(lower) || own.has(lower), add })
}

/** Wraps anything that is not already an `IamError`: never a raw error, never an allow. */
export function asIamError(error: unknown): IamError {
  if (isIamError(error)) return error
  return new IamError('ERR_INTERNAL', 'Authorization failed', { cause: error })
}

export function createAuthorize(resolver: Resolver, clock: () => number) {
  return async function authorize(request: AuthorizeRequest): Promise<AuthorizeResult> {
    try {
      if (typeof request !== 'object' || request === null) throw invalid('The request must be an object')
      const principal = checkPrincipal(request.principal)
      const { action, resource, resourceAccount } = request
      if (typeof action !== 'string' || action.length === 0) throw invalid('action must be a non-empty string')
      if (typeof resource !== 'string' || resource.length === 0) throw invalid('resource must be a non-empty string')
      if (resourceAccount !== undefined && typeof resourceAccount !== 'string') throw invalid('resourceAccount must be a string')
      const set = await resolver.policySet(principal, resource, resourceAccount)
      const context = requestContext(principal, request.context, clock())
      const decision = evaluate({ principal: principal.arn, action, resource, ...(resourceAccount === undefined ? {} : { resourceAccount }), context }, set)
      return { ...decision, principalArn: principal.arn, action, resource }
    } catch (error) {
      throw asIamError(error)
    }
  }
}

/**
 * The STS endpoints as framework-neutral data: one `Endpoint` per route of `STS_ROUTES`.
 */
import { IamError } from '../../errors.js'
import type { IamSts } from '../../sts/types.js'
import { resolveStsOptions, type ResolvedStsOptions, type StsRouterOptions } from './options.js'
import { newRequestId } from './respond.js'
import { audited } from './sts-audit.js'
import { JWKS_ROUTE, STS_ROUTES } from './routes.js'
import { getSessionTokenEndpoint, loginEndpoint, logoutEndpoint } from './sts-login.js'
import {
  assumeRoleEndpoint,
  assumeRoleWithWebIdentityEndpoint,
  callerIdentityEndpoint,
  switchBackEndpoint,
  switchRoleEndpoint,
} from './sts-roles.js'
import type { Endpoint, EndpointRequest, EndpointResult } from './types.js'

/** `GET /.well-known/jwks.json`: public keys only, cacheable by anyone. */
export function jwksResult(sts: IamSts, maxAgeSeconds: number, requestId: string = newRequestId()): EndpointResult {
  return {
    requestId,
    status: 200,
    body: sts.jwks(),
    headers: { 'cache-control': `public, max-age=${maxAgeSeconds}`, 'x-request-id': requestId },
  }
}

export function jwksEndpoint(sts: IamSts, maxAgeSeconds: number): Endpoint {
  return { ...JWKS_ROUTE, handle: async (request: EndpointRequest) => jwksResult(sts, maxAgeSeconds, request.requestId) }
}

/** The JWKS endpoint alone, for `jwksHandler`. */
export function createJwksEndpoint(sts: IamSts, options?: Pick<StsRouterOptions, 'jwksMaxAgeSeconds'>): StsEndpoints {
  if (sts === null || typeof sts !== 'object' || typeof sts.jwks !== 'function') {
    throw new IamError('ERR_INVALID_OPTION', 'iam: expected the object returned by createIam()')
  }
  const resolved = resolveStsOptions(options)
  return { options: resolved, endpoints: [jwksEndpoint(sts, resolved.jwksMaxAgeSeconds)] }
}

export interface StsEndpoints {
  readonly options: ResolvedStsOptions
  readonly endpoints: readonly Endpoint[]
}

/** Endpoints that take no input: clients may POST them without a body. */
const BODY_OPTIONAL = new Set(['POST /logout', 'POST /switch-back'])

/** Builds every STS endpoint; options are validated here, once. */
export function createStsEndpoints(sts: IamSts, options?: StsRouterOptions): StsEndpoints {
  if (sts === null || typeof sts !== 'object' || typeof sts.verifySessionToken !== 'function') {
    throw new IamError('ERR_INVALID_OPTION', 'iam: expected the object returned by createIam()')
  }
  const resolved = resolveStsOptions(options)
  const hook = resolved.onDecision
  const handlers: Record<string, Endpoint['handle']> = {
    'POST /login': audited('signin:ConsoleLogin', '/login', hook, loginEndpoint(sts, resolved)),
    'POST /logout': logoutEndpoint(sts, resolved),
    'POST /assume-role': audited('sts:AssumeRole', '/assume-role', hook, assumeRoleEndpoint(sts)),
    'POST /assume-role-with-web-identity': audited('sts:AssumeRoleWithWebIdentity', '/assume-role-with-web-identity', hook, assumeRoleWithWebIdentityEndpoint(sts)),
    'POST /get-session-token': audited('sts:GetSessionToken', '/get-session-token', hook, getSessionTokenEndpoint(sts)),
    'POST /switch-role': audited('sts:AssumeRole', '/switch-role', hook, switchRoleEndpoint(sts)),
    'POST /switch-back': switchBackEndpoint(sts),
    'GET /caller-identity': callerIdentityEndpoint(sts),
    'GET /.well-known/jwks.json': jwksEndpoint(sts, resolved.jwksMaxAgeSeconds).handle,
  }
  const endpoints = STS_ROUTES.map((route): Endpoint => {
    const key = `${route.method} ${route.path}`
    const handle = handlers[key]
    if (handle === undefined) throw new Error(`no handler for ${key}`)
    return BODY_OPTIONAL.has(key) ? { ...route, bodyOptional: true, handle } : { ...route, handle }
  })
  return { options: resolved, endpoints }
}

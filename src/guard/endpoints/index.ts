/**
 * The framework-neutral STS and admin endpoints behind `stsRouter`, `adminRouter` and
 * `jwksHandler` of `iam-guard/express` and `iam-guard/koa`.
 */
export { adminHandler, createAdminEndpoints } from './admin.js'
export type { AdminEndpoints, AdminIam, AdminOperationSpec, AdminOperationTable } from './admin.js'
export { bearerToken, resolveCaller, sessionToken } from './caller.js'
export { requireJson } from './csrf.js'
export { resolveEndpointOptions, resolveStsOptions } from './options.js'
export type { AdminRouterOptions, EndpointOptions, ResolvedEndpointOptions, ResolvedStsOptions, StsRouterOptions } from './options.js'
export { ADMIN_ROUTES, IAM_ENDPOINT, JWKS_ROUTE, STS_ROUTES } from './routes.js'
export type { EndpointMark, EndpointRoute, EndpointRouteMark } from './routes.js'
export { failure, newRequestId, ok, sessionFailure } from './respond.js'
export { runEndpoint } from './run.js'
export { adminEndpointSet, jwksEndpointSet, stsEndpointSet } from './sets.js'
export type { EndpointSet, MarkedEndpoint } from './sets.js'
export { createJwksEndpoint, createStsEndpoints, jwksEndpoint, jwksResult } from './sts.js'
export { stsAuditEvent } from './sts-audit.js'
export type { StsAuditFacts, StsAuditInput } from './sts-audit.js'
export type { StsEndpoints } from './sts.js'
export type { BodySource, Endpoint, EndpointAuth, EndpointRequest, EndpointResult, HttpInput, SessionChange } from './types.js'
export { readSessionState, SESSION_KEY, writeSessionState } from './session.js'

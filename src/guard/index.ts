/**
 * The framework-neutral guard used by `iam-guard/express` and `iam-guard/koa`.
 */
export { atAnnotation, createGuard, decisionHookOf, isDecided } from './guard.js'
export type { Guard } from './guard.js'
export { ANNOTATION, annotationOf, markAnnotation, marksOf, type HandlerMarks } from './marks.js'
export { fixMethod, guardAnswer, methodChangeRefusal } from './request-hooks.js'
export { resolveOptions } from './options.js'
export type { GuardOptions, ResolvedGuardOptions, CsrfOptions } from './options.js'
export { compileRoute, missingPlaceholder, patternParameters } from './route-spec.js'
export { describeRoute, describeWith, type AppRoute, type RouteDeclaration } from './app-routes.js'
export type { CompiledRoute } from './route-spec.js'
export { normalizePattern } from './route-key.js'
export { rawHeaderValues } from './raw-headers.js'
export { errorResponse, WWW_AUTHENTICATE } from './error-response.js'
export type { ErrorBody, ErrorResponse } from './error-response.js'
export { jsonLinesAuditWriter } from './audit.js'
export type { TextSink } from './audit.js'
export { accessDeniedMessage } from './denial.js'
export type {
  AuditEvent, AuthorizeOptions, Denial, EndpointAuth, DeniedResponse, DistinctHeaders, GuardOutcome, GuardRequest, RequestIam, RouteMatch, RouteAuthorization,
  RouteParams, TagsInput, ValueResolver,
} from './types.js'

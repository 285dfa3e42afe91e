/**
 * iam-guard: the AWS IAM model for Node.js web backends.
 * The engine (`evaluate`, `validatePolicy`…) is pure and synchronous; `createIam` builds the
 * system (stores, admin API, STS, cached authorization). Framework adapters live in
 * `iam-guard/express`, `iam-guard/koa`; the PostgreSQL store in `iam-guard/postgres`.
 */
export { IamError, isIamError, ERROR_CODES, type IamErrorCode, type IamErrorOptions } from './errors.js'

// The engine
export {
  evaluate,
  compilePolicy,
  compilePolicySet,
  isCompiledPolicySet,
  type CompiledPolicySet,
  type CompilePolicyOptions,
  type AuthzRequest,
  type ContextValue,
  type Decision,
  type DecisionKind,
  type MatchedStatement,
  type NamedPolicy,
  type PolicyInput,
  type PolicySet,
  type PolicyType,
} from './evaluate/index.js'
export { validatePolicy } from './policy/validate.js'
export { parsePolicy } from './policy/parse.js'
export { lintPolicy } from './policy/lint.js'
export type { CompiledPolicy, CompiledStatement } from './policy/compiled.js'
export {
  DEFAULT_SIZE_QUOTAS,
  type Effect,
  type FindingSeverity,
  type JsonPath,
  type LintFinding,
  type PolicyDocument,
  type PolicyKind,
  type PolicyVersion,
  type RawConditionBlock,
  type RawPrincipal,
  type RawStatement,
  type ValidateOptions,
  type ValidateResult,
  type ValidationIssue,
} from './policy/types.js'
export { parseArn, parsePrincipalArn } from './principal-arn.js'

// The system
export { createIam } from './iam.js'
export type {
  AuthorizeRequest,
  AuthorizeResult,
  CacheOptions,
  CreateIamOptions,
  Iam,
  Logger,
  Quotas,
  SimulateInput,
  SimulationResult,
} from './iam-types.js'
export type { IamAdmin } from './identity/admin.js'
export type { Principal, PrincipalType } from './identity/principal.js'
export type * from './identity/model.js'
export type * from './sts/types.js'

// Stores
export { memoryStore, type MemorySeed } from './store/memory.js'
export { fileStore, type FileStoreOptions } from './store/file.js'
export { defaultCodec } from './identity/document.js'
export type {
  ChangeEvent,
  EntityKind,
  EntityRecord,
  ListOptions,
  PolicyStore,
  PutOptions,
  StoreCodec,
  StoreReader,
  StoreSnapshotRecord,
  StoreWriter,
} from './store/types.js'

// Framework-neutral guard pieces the adapters share (for authors of other adapters)
export { jsonLinesAuditWriter } from './guard/audit.js'

// For authors of stores: the checks every store applies, so that all stores accept exactly the same records
export { ENTITY_KINDS } from './store/types.js'
export { ListenerSet } from './store/events.js'
export { checkKey, checkListOptions, checkSnapshot, compositeKey, encodeData } from './store/records.js'

// For authors of framework adapters (iam-guard/express and iam-guard/koa are built only on these):
// the framework-neutral guard, and the STS/admin endpoint handlers with the marks the guard reads.
export {
  annotationOf,
  atAnnotation,
  createGuard,
  decisionHookOf,
  describeRoute,
  describeWith,
  resolveOptions,
  type AppRoute,
  type RouteDeclaration,
  compileRoute,
  errorResponse,
  fixMethod,
  guardAnswer,
  methodChangeRefusal,
  missingPlaceholder,
  patternParameters,
  isDecided,
  markAnnotation,
  marksOf,
  normalizePattern,
  rawHeaderValues,
  type AuditEvent,
  type AuthorizeOptions,
  type Denial,
  type DeniedResponse,
  type EndpointAuth,
  type GuardOptions,
  type GuardOutcome,
  type GuardRequest,
  type HandlerMarks,
  type RequestIam,
  type RouteAuthorization,
  type RouteMatch,
  type RouteParams,
} from './guard/index.js'
export {
  adminEndpointSet,
  jwksEndpointSet,
  stsEndpointSet,
  type EndpointSet,
  type MarkedEndpoint,
  ADMIN_ROUTES,
  IAM_ENDPOINT,
  JWKS_ROUTE,
  STS_ROUTES,
  createAdminEndpoints,
  createJwksEndpoint,
  createStsEndpoints,
  readSessionState,
  runEndpoint,
  sessionFailure,
  stsAuditEvent,
  writeSessionState,
  type AdminIam,
  type AdminRouterOptions,
  type Endpoint,
  type EndpointMark,
  type EndpointResult,
  type EndpointRouteMark,
  type HttpInput,
  type ResolvedEndpointOptions,
  type StsAuditFacts,
  type StsAuditInput,
  type StsRouterOptions,
} from './guard/endpoints/index.js'
export { ADMIN_OPERATIONS } from './identity/admin.js'

/**
 * The framework-neutral shapes the guard works with. Adapters translate `req`/`ctx` into a
 * `GuardRequest` once per request and hand the guard's answers back to their framework.
 */
import type { ContextValue, DecisionKind, MatchedStatement, PolicyType } from '../evaluate/types.js'
import type { AuthorizeResult } from '../iam-types.js'
import type { Principal } from '../identity/principal.js'
import type { SessionState } from '../sts/types.js'

/** Node's `req.headersDistinct`: every header as an array, so that duplicates can be refused. */
export type DistinctHeaders = Readonly<Record<string, readonly string[] | undefined>>

/** One request as the guard sees it. `raw` is the framework's own object (Express `req`, Koa `ctx`). */
export interface GuardRequest<R = unknown> {
  readonly raw: R
  /** Upper-case HTTP method. */
  readonly method: string
  /** The path as the framework routes it; only used to let unauthenticated requests reach public routes. */
  readonly path: string
  /**
   * The first value of a request header (lower-case name). Node keeps only the first of
   * duplicated `Authorization`, `User-Agent`, `Referer` headers; see `authorization`.
   */
  header(name: string): string | undefined
  /** EVERY `Authorization` header the request carried (from the raw headers), to refuse duplicates. */
  authorization(): readonly string[]
  /** `scheme://host` of this request as the framework sees it (trusted-proxy aware). */
  readonly origin: string
  /** The client address from the framework's trusted-proxy setting (`req.ip` / `ctx.ip`). */
  readonly sourceIp: string | undefined
  /** Whether the request came over TLS as the framework sees it. */
  readonly secure: boolean
  /** The server session's iam-guard state; `undefined` when no session middleware is mounted. */
  readonly session: SessionState | undefined
  /** Reads the parsed body (for `aws:RequestTag/*`); `undefined` when no body parser ran. */
  body(): unknown
  /**
   * The adapter's own knowledge that an unauthenticated request may be for a self-authorizing
   * endpoint that needs no principal (`stsRouter`'s `POST /login`…). Like `publicRoutes`, only a
   * pre-filter: the matched route is checked again.
   */
  publicHint?: () => boolean
}

/** How a self-authorizing endpoint (`stsRouter`, `adminRouter`) authenticates its caller. */
export type EndpointAuth = 'none' | 'principal' | 'session'

/** Route parameters from the framework's router, already URL-decoded by it. */
export type RouteParams = Readonly<Record<string, string | readonly string[] | undefined>>

/** A value source for a resource template placeholder that is not a route parameter. */
export type ValueResolver<R = unknown> = (req: R, params: RouteParams) => string | Promise<string>

/** Tags as a route gives them: an object, a `Map`, or AWS's `[{ Key, Value }]`. */
export type TagsInput = Readonly<Record<string, string>> | ReadonlyMap<string, string> | readonly { Key: string; Value: string }[]

/** What a route declares: the action(s) it performs and the resource it touches. */
export interface RouteAuthorization<R = unknown> {
  /** `service:Action`; several actions must all be allowed. */
  action?: string
  actions?: readonly string[]
  /**
   * The resource ARN with `{name}` placeholders: route parameters, `values`, and `{account}` (the
   * principal's account unless a route parameter or value named `account` says otherwise).
   */
  resource: string
  /** Owner of the resource when its ARN has no account segment. */
  resourceAccount?: string | ValueResolver<R>
  /** Placeholder values computed per request (e.g. looked up in a database). */
  values?: Readonly<Record<string, ValueResolver<R>>>
  /** Parameters that may span several path segments (their `/` is kept). */
  multiSegment?: readonly string[]
  /** Extra condition keys for this route (never `aws:` keys; the guard fills those). */
  context?: Readonly<Record<string, ContextValue>> | ((req: R, params: RouteParams) => Readonly<Record<string, ContextValue>> | Promise<Readonly<Record<string, ContextValue>>>)
  /** `aws:ResourceTag/*`: run before the synchronous evaluation; `undefined` means the resource has no tags. */
  resourceTags?: (req: R, params: RouteParams) => TagsInput | undefined | Promise<TagsInput | undefined>
  /**
   * `aws:RequestTag/*` and `aws:TagKeys` from the parsed body: `true` reads `Tags` (`[{ Key, Value }]`)
   * or `tags` (`{ key: value }`); a function picks them itself.
   */
  requestTags?: true | ((body: unknown, req: R) => TagsInput | undefined)
}

/** Options of `authorize(action, resource, options)`: the `RouteAuthorization` without action/resource. */
export type AuthorizeOptions<R = unknown> = Omit<RouteAuthorization<R>, 'action' | 'actions' | 'resource'>

/** One audit event per decision (route checks, `can()` checks, and the STS endpoints' sign-ins and role assumptions). */
export interface AuditEvent {
  /** ISO 8601. */
  time: string
  requestId: string
  /**
   * `'route'` for the route's own check, `'can'` for a check a handler asked for, `'sts'` for a
   * sign-in, role assumption or access-key exchange at `stsRouter` (see `reasonCode`).
   */
  kind: 'route' | 'can' | 'sts'
  method: string
  /** The route pattern as the framework matched it, when known. */
  route: string | undefined
  principal: string | undefined
  sourceIdentity: string | undefined
  /** Undefined when the route declared no action (denied without evaluation). */
  action: string | undefined
  resource: string | undefined
  decision: DecisionKind
  /** False when `mode: 'report'` let a denied request through. */
  enforced: boolean
  decidedBy: PolicyType | undefined
  reason: string
  /** The deciding statements: policy id, type and Sid; never a policy's content. */
  matched: { policyId: string; policyType: PolicyType; sid: string | undefined }[]
  sourceIp: string | undefined
  userAgent: string | undefined
  /** Milliseconds from the guard seeing the request to this decision. */
  durationMs: number
  /**
   * `kind: 'sts'` only: why, machine-readable. `'allowed'`, or e.g. `'wrong-password'`,
   * `'unknown-user'`, `'mfa-required'`, `'throttled'`, `'role-not-found'`, `'trust-policy'`,
   * `'external-id'`, `'mfa-absent'`, `'identity-policy'`, `'id-token:<check>'`, `'token:<check>'`.
   * Never shown to the caller.
   */
  reasonCode?: string
  /** `kind: 'sts'` failures only: the `IamError` code the caller was answered with. */
  errorCode?: string
}

/** The answer `onDenied` may give instead of the default AWS-style error response. */
export interface DeniedResponse {
  status?: number
  body?: unknown
  headers?: Readonly<Record<string, string>>
}

/** What `onDenied` is told. */
export interface Denial {
  readonly error: import('../errors.js').IamError
  readonly requestId: string
  readonly principal: Principal | undefined
  /** The default response body: `{ error, message, requestId }`. */
  readonly body: { error: string; message: string; requestId: string }
}

/** `req.iam` / `ctx.state.iam`. */
export interface RequestIam {
  readonly requestId: string
  /** Undefined only on public routes reached without credentials. */
  readonly principal: Principal | undefined
  /** The route's decisions, one per action, once the route was authorized. */
  readonly decisions: readonly AuthorizeResult[]
  /** The last of `decisions`. */
  readonly decision: AuthorizeResult | undefined
  /**
   * Whether the principal may perform `action` on `resource` now, through the same path as the
   * route check (cache, request context, audit). Never throws for a deny; false without a principal.
   */
  can(action: string, resource: string, context?: Readonly<Record<string, ContextValue>>): Promise<boolean>
}

export type { MatchedStatement }

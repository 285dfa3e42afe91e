/**
 * The framework-neutral shapes the guard works with. Adapters translate `req`/`ctx` into a
 * `GuardRequest` once per request and hand the guard's answers back to their framework.
 */
import type { ContextValue, DecisionKind, MatchedStatement, PolicyType } from '../evaluate/types.js'
import type { AuthorizeResult } from '../iam-types.js'
import type { Principal } from '../identity/principal.js'
import type { SessionState } from '../sts/types.js'
import type { IamError } from '../errors.js'
import type { CompiledRoute } from './route-spec.js'

/** Node's `req.headersDistinct`: every header as an array, so that duplicates can be refused. */
export type DistinctHeaders = Readonly<Record<string, readonly string[] | undefined>>

/** What the guard and the STS/admin endpoints both read of an HTTP request, whatever the framework. */
export interface RequestFacts {
  /** Upper-case HTTP method. */
  readonly method: string
  /** Every value of a header (lower-case name), duplicates kept, so that doubled headers can be refused. */
  headerValues(name: string): readonly string[]
  /** `scheme://host` of this request as the framework sees it (trusted-proxy aware). */
  readonly origin: string
  /** The client address from the framework's trusted-proxy setting (`req.ip` / `ctx.ip`). */
  readonly sourceIp: string | undefined
  /** Whether the request came over TLS as the framework sees it. */
  readonly secure: boolean
  /** The server session's iam-guard state; `undefined` when no session middleware is mounted. */
  readonly session: SessionState | undefined
}

/** One request as the guard sees it. `raw` is the framework's own object (Express `req`, Koa `ctx`). */
export interface GuardRequest<R = unknown> extends RequestFacts {
  readonly raw: R
  /** The first value of a request header (lower-case name). */
  header(name: string): string | undefined
  /** Reads the parsed body (for `aws:RequestTag/*`); `undefined` when no body parser ran. */
  body(): unknown
}

/**
 * One route a request can reach, as the framework's router matches it. An adapter lists every
 * route the request matches, in dispatch order (the first one runs; later ones only when an
 * earlier handler passes the request on), before the router dispatches anything.
 */
export interface RouteMatch<R = unknown> {
  /** The full pattern (mount paths + the route's path), e.g. `/projects/:project`; undefined for a RegExp path. */
  readonly pattern: string | undefined
  /** The route's `authorize()` annotations for the request's method, in handler order. */
  readonly annotations: readonly CompiledRoute<R>[]
  /** Set when the route is a self-authorizing endpoint (`stsRouter`, `adminRouter`, `jwksHandler`). */
  readonly endpoint: EndpointAuth | undefined
  /** The route's parameters, decoded as the router decodes them (mount parameters included). */
  readonly params: RouteParams
}

/**
 * The guard's answer for one request, decided before the router dispatches it. `allow`: let the
 * router dispatch, with these headers set; `deny`: hand `error` to the framework's error handling,
 * or send `answer` when the app's `onDenied` gave one.
 */
export type GuardOutcome =
  | { readonly kind: 'allow'; readonly headers: Readonly<Record<string, string>>; readonly iam: RequestIam }
  | {
      readonly kind: 'deny'
      readonly error: IamError
      readonly headers: Readonly<Record<string, string>>
      readonly iam: RequestIam | undefined
      readonly answer: { readonly status: number; readonly headers: Readonly<Record<string, string>>; readonly body: unknown } | undefined
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
  /**
   * Custom condition keys that may carry a list of values (for `ForAnyValue:`/`ForAllValues:`
   * conditions). Any other key given a list is refused: 400 from a resolver, at start-up when static.
   */
  multivalued?: readonly string[]
  /**
   * Extra condition keys for this route (never `aws:` keys; the guard fills those). A resolver may
   * hand over request values as they come: the guard checks each one (400 for anything but a
   * string, a finite number or a boolean, or a list for a `multivalued` key).
   */
  context?: Readonly<Record<string, ContextValue>> | ((req: R, params: RouteParams) => Readonly<Record<string, unknown>> | Promise<Readonly<Record<string, unknown>>>)
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
  readonly error: IamError
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

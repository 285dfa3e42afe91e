/**
 * The guard's options, validated once when `iamGuard()` is called: a bad option throws
 * `ERR_INVALID_OPTION` at start-up, naming it.
 */
import type { Logger } from '../iam-types.js'
import type { Principal } from '../identity/principal.js'
import { IamError } from '../errors.js'
import { isAccountId } from '../principal-arn.js'
import { parseRouteKey, RouteTable } from './route-key.js'
import { checkPlaceholders, compileRoute, type CompiledRoute } from './route-spec.js'
import type { AuditEvent, Denial, DeniedResponse, RouteAuthorization } from './types.js'

export interface CsrfOptions {
  /** Origins besides the request's own from which cookie-authenticated writes are accepted. Default: none. */
  allowedOrigins?: readonly string[]
  /** A header whose presence proves a same-origin script sent the request. Default: `'x-requested-with'`. */
  header?: string
}

export interface GuardOptions<R = unknown> {
  /** Routes that need no principal, like `'GET /health'` (`GET` also covers `HEAD`). Default: none. */
  publicRoutes?: readonly string[]
  /** Route table (`'GET /projects/:project'` → action and resource), the alternative to `authorize()`. Default: none. */
  routes?: Readonly<Record<string, RouteAuthorization<R>>>
  /** Accept `Authorization: IAM-Key ACCESS_KEY_ID:SECRET`. Default: false. */
  accessKeys?: boolean
  /** For apps that already authenticate (e.g. passport): map the request to an IAM principal. Default: none. */
  principalResolver?: (req: R) => Principal | undefined | Promise<Principal | undefined>
  /** Audit hook, called once per decision. A throwing hook denies the request. Default: none. */
  onDecision?: (event: AuditEvent) => void | Promise<void>
  /** Custom answer for 400/401/403 from the guard; return `undefined` for the default body. Default: none. */
  onDenied?: (denial: Denial, req: R) => DeniedResponse | undefined | Promise<DeniedResponse | undefined>
  /**
   * WEAKENS THE GUARD: denied requests of a principal (policy denials, routes that declare no
   * action, paths no route serves) are let through and logged as warnings, for rolling policies
   * out. Requests without valid credentials, bad input and errors are still refused.
   * Default: false.
   */
  dangerouslyReportOnly?: boolean
  /** `Cache-Control: no-store` on guarded responses and on denials. Default: true. */
  noStore?: boolean
  /**
   * Requests authenticated by the server-session cookie that change state (not GET/HEAD/OPTIONS)
   * must come from the same origin (`Origin`/`Sec-Fetch-Site`) or carry the custom header.
   * `false` turns this off. Default: on, header `x-requested-with`, no extra origins.
   */
  csrf?: boolean | CsrfOptions
  /** Owner account for resources whose ARN has no account segment, unless a route says. Default: none. */
  resourceAccount?: string
  /** Parameters that may span several path segments on every route. Default: none. */
  multiSegmentParams?: readonly string[]
  /** Default: the console (warnings and errors). */
  logger?: Logger
  /** Milliseconds since the epoch, for `aws:CurrentTime`/`aws:EpochTime`. Default: `Date.now`. */
  clock?: () => number
}

export interface ResolvedGuardOptions<R = unknown> {
  readonly publicRoutes: RouteTable<true>
  readonly routes: RouteTable<CompiledRoute<R>>
  readonly accessKeys: boolean
  readonly principalResolver: GuardOptions<R>['principalResolver']
  readonly onDecision: GuardOptions<R>['onDecision']
  readonly onDenied: GuardOptions<R>['onDenied']
  readonly reportOnly: boolean
  readonly noStore: boolean
  readonly csrf: { readonly allowedOrigins: ReadonlySet<string>; readonly header: string } | undefined
  readonly resourceAccount: string | undefined
  readonly multiSegmentParams: ReadonlySet<string>
  readonly logger: Logger
  readonly clock: () => number
}

const KNOWN = new Set([
  'publicRoutes', 'routes', 'accessKeys', 'principalResolver', 'onDecision', 'onDenied', 'dangerouslyReportOnly', 'noStore', 'csrf',
  'resourceAccount', 'multiSegmentParams', 'logger', 'clock',
])

function invalid(option: string, message: string): IamError {
  return new IamError('ERR_INVALID_OPTION', `${option}: ${message}`)
}

const consoleLogger: Logger = {
  info: () => undefined,
  warn: (message, meta) => console.warn(message, meta ?? ''),
  error: (message, meta) => console.error(message, meta ?? ''),
}

function optionalFunction<T>(options: Record<string, unknown>, name: string): T | undefined {
  const value = options[name]
  if (value !== undefined && typeof value !== 'function') throw invalid(name, 'must be a function')
  return value as T | undefined
}

function optionalBoolean(options: Record<string, unknown>, name: string, fallback: boolean): boolean {
  const value = options[name]
  if (value === undefined) return fallback
  if (typeof value !== 'boolean') throw invalid(name, 'must be true or false')
  return value
}

function stringList(value: unknown, name: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw invalid(name, 'must be an array of strings')
  return value
}

function origins(value: unknown): Set<string> {
  const set = new Set<string>()
  for (const origin of stringList(value, 'csrf.allowedOrigins')) {
    let parsed: URL | undefined
    try {
      parsed = new URL(origin)
    } catch {
      parsed = undefined
    }
    // An origin is exactly scheme://host[:port]: a path, `*` or `null` would match too much or nothing.
    if (parsed === undefined || parsed.origin === 'null' || parsed.origin !== origin) {
      throw invalid('csrf.allowedOrigins', `${JSON.stringify(origin)} is not an origin like https://app.example.com`)
    }
    set.add(origin)
  }
  return set
}

function resolveCsrf(value: unknown): ResolvedGuardOptions['csrf'] {
  if (value === false) return undefined
  if (value === undefined || value === true) return { allowedOrigins: new Set(), header: 'x-requested-with' }
  if (value === null || typeof value !== 'object') throw invalid('csrf', 'must be true, false or { allowedOrigins, header }')
  const { allowedOrigins, header, ...rest } = value as CsrfOptions
  for (const key of Object.keys(rest)) throw invalid(`csrf.${key}`, 'is not a known option')
  if (header !== undefined && (typeof header !== 'string' || !/^[A-Za-z0-9-]+$/.test(header))) throw invalid('csrf.header', 'must be a header name')
  return { allowedOrigins: allowedOrigins === undefined ? new Set() : origins(allowedOrigins), header: (header ?? 'x-requested-with').toLowerCase() }
}

function resolveLogger(value: unknown): Logger {
  if (value === undefined) return consoleLogger
  const l = value as Partial<Logger> | null
  if (l === null || typeof l !== 'object' || typeof l.info !== 'function' || typeof l.warn !== 'function' || typeof l.error !== 'function') {
    throw invalid('logger', 'must have info, warn and error functions')
  }
  return l as Logger
}

export function resolveOptions<R>(input: GuardOptions<R> = {}): ResolvedGuardOptions<R> {
  if (input === null || typeof input !== 'object') throw invalid('options', 'must be an object')
  const options = input as Record<string, unknown>
  if (Object.hasOwn(options, 'mode')) throw invalid('mode', "was renamed: use dangerouslyReportOnly: true instead of mode: 'report' (enforcing is the default)")
  for (const key of Object.keys(options)) if (!KNOWN.has(key)) throw invalid(key, 'is not a known option of iamGuard')

  const resourceAccount = options.resourceAccount
  if (resourceAccount !== undefined && (typeof resourceAccount !== 'string' || !isAccountId(resourceAccount))) {
    throw invalid('resourceAccount', 'must be an account id (1-64 of A-Z a-z 0-9 _ -)')
  }
  const multiSegmentParams = new Set(options.multiSegmentParams === undefined ? [] : stringList(options.multiSegmentParams, 'multiSegmentParams'))

  const publicRoutes = new RouteTable<true>()
  if (options.publicRoutes !== undefined) {
    for (const text of stringList(options.publicRoutes, 'publicRoutes')) {
      const key = parseRouteKey(text, 'publicRoutes')
      publicRoutes.add(key, true, 'publicRoutes')
    }
  }

  const routes = new RouteTable<CompiledRoute<R>>()
  if (options.routes !== undefined) {
    if (options.routes === null || typeof options.routes !== 'object') throw invalid('routes', 'must be an object of route → { action, resource }')
    for (const [text, spec] of Object.entries(options.routes as Record<string, RouteAuthorization<R>>)) {
      const option = `routes[${JSON.stringify(text)}]`
      const key = parseRouteKey(text, option)
      if (publicRoutes.lookup(key.method, key.pattern) !== undefined) throw invalid(option, 'is also listed in publicRoutes')
      const route = compileRoute(spec, option, multiSegmentParams)
      checkPlaceholders(route, key.pattern, option)
      routes.add(key, route, 'routes')
    }
  }

  return {
    publicRoutes,
    routes,
    accessKeys: optionalBoolean(options, 'accessKeys', false),
    principalResolver: optionalFunction(options, 'principalResolver'),
    onDecision: optionalFunction(options, 'onDecision'),
    onDenied: optionalFunction(options, 'onDenied'),
    reportOnly: optionalBoolean(options, 'dangerouslyReportOnly', false),
    noStore: optionalBoolean(options, 'noStore', true),
    csrf: resolveCsrf(options.csrf),
    resourceAccount: resourceAccount as string | undefined,
    multiSegmentParams,
    logger: resolveLogger(options.logger),
    clock: optionalFunction<() => number>(options, 'clock') ?? Date.now,
  }
}

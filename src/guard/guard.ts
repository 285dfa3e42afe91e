/**
 * The framework-neutral guard: authenticate → resolve the route's action and ARN → build the
 * context → decide → audit. Adapters call `begin` when their middleware runs and `authorizeRoute`
 * / `admitRoute` when the framework's router dispatches a route; every error denies.
 */
import { performance } from 'node:perf_hooks'
import { randomUUID } from 'node:crypto'
import type { ContextValue, DecisionKind, MatchedStatement, PolicyType } from '../evaluate/types.js'
import { IamError, isIamError } from '../errors.js'
import type { AuthorizeResult, Iam } from '../iam-types.js'
import type { Principal } from '../identity/principal.js'
import { auditEvent } from './audit.js'
import { authenticate, type AuthVia } from './authenticate.js'
import { checkCsrf } from './csrf.js'
import { accessDenied, methodChanged, noActionDenied, unauthenticated } from './denial.js'
import { errorResponse } from './error-response.js'
import { resolveOptions, type GuardOptions, type ResolvedGuardOptions } from './options.js'
import { baseContext } from './request-context.js'
import { addCustomKeys, resolveResource, resolveResourceAccount, routeContext } from './route-check.js'
import type { CompiledRoute } from './route-spec.js'
import type { Denial, DeniedResponse, EndpointAuth, GuardRequest, RequestIam, RouteParams } from './types.js'

export interface GuardState<R = unknown> {
  readonly guard: Guard<R>
  readonly requestId: string
  readonly request: GuardRequest<R>
  /** `performance.now()` when the guard saw the request (durations). */
  readonly startedAt: number
  readonly principal: Principal | undefined
  readonly via: AuthVia | undefined
  /** Why there is no principal, for the 401 a guarded route answers. */
  readonly authError: IamError | undefined
  /** Set when the request must be refused before routing (no credentials, two Authorization headers…). */
  readonly refusal: IamError | undefined
  /** `aws:SourceIp`, `aws:CurrentTime`… fixed once per request. */
  readonly context: ReadonlyMap<string, ContextValue>
  decisions: AuthorizeResult[]
  /** Set once the route being dispatched was admitted; adapters reset it at each route dispatch. */
  routeAllowed: boolean
  /** The pattern of the route being dispatched, for audit. */
  route: string | undefined
  readonly iam: RequestIam
}

export interface Guard<R = unknown> {
  readonly options: ResolvedGuardOptions<R>
  /**
   * Request id, duplicate-header check, authentication, CSRF. Never throws: a request to refuse
   * gets a state with `refusal` set, so that the refusal carries the request id.
   */
  begin(request: GuardRequest<R>): Promise<GuardState<R>>
  /**
   * An annotated route: every action must be allowed. Throws `IamError` to deny. `method` is the
   * request method as the router dispatched it; one that differs from the method `begin` saw
   * (a method override after the guard) denies.
   */
  authorizeRoute(state: GuardState<R>, route: CompiledRoute<R>, params: RouteParams, method: string): Promise<void>
  /**
   * A route without annotation: public, or in the route table, or denied. `method` is the
   * request method as the router dispatched it (public routes, the route table and endpoints are
   * looked up with it; one that differs from the method `begin` saw denies). `patterns` are the
   * patterns the framework's router matched (several when a router is mounted twice); an
   * empty list means the route could not be identified, which denies.
   */
  admitRoute(state: GuardState<R>, method: string, patterns: readonly string[], params: RouteParams, endpoint?: EndpointAuth): Promise<'public' | 'guarded'>
  /**
   * The app's own answer to a refusal from `onDenied`, or `undefined` for the default: the
   * adapter passes the `IamError` to the framework's error handling (`next(err)` / `throw`).
   */
  customDenial(state: GuardState<R> | undefined, error: unknown): Promise<DeniedResponse | undefined>
}

function internal(error: unknown, what: string): IamError {
  return isIamError(error) ? error : new IamError('ERR_INTERNAL', `${what} failed`, { cause: error })
}

export function createGuard<R>(iam: Iam, input: GuardOptions<R> = {}): Guard<R> {
  if (iam === null || typeof iam !== 'object' || typeof iam.authorize !== 'function' || iam.sts === undefined) {
    throw new IamError('ERR_INVALID_OPTION', 'iam: iamGuard(iam, options) needs the object returned by createIam()')
  }
  const options = resolveOptions(input)
  const { logger, mode } = options
  if (mode === 'report') {
    logger.warn('iam-guard: mode "report" is ON: denied requests are let through and only logged. Never leave this on in production.')
  }

  async function emit(state: GuardState<R>, kind: 'route' | 'can', action: string | undefined, resource: string | undefined,
    decision: DecisionKind, enforced: boolean, decidedBy: PolicyType | undefined, reason: string, matched: readonly MatchedStatement[]): Promise<void> {
    const hook = options.onDecision
    if (hook === undefined) return
    const req = state.request
    const event = auditEvent({
      time: options.clock(), requestId: state.requestId, kind, method: req.method, route: state.route,
      principalArn: state.principal?.arn, sourceIdentity: state.principal?.sourceIdentity, action, resource,
      decision, enforced, decidedBy, reason, matched, sourceIp: req.sourceIp, userAgent: req.header('user-agent'),
      durationMs: performance.now() - state.startedAt,
    })
    try {
      const done = hook(event)
      if (done !== undefined && typeof (done as Promise<void>).then === 'function') await done
    } catch (error) {
      // An audit trail that silently loses events is worse than a refused request.
      logger.error('iam-guard: onDecision failed; the request is denied', { requestId: state.requestId, error })
      throw new IamError('ERR_INTERNAL', 'audit hook failed', { cause: error })
    }
  }

  /** Report mode lets a denial through, loudly; enforce mode throws it. */
  function refuse(state: GuardState<R>, error: IamError): void {
    if (mode !== 'report') throw error
    logger.warn(`iam-guard report mode: would deny ${state.request.method} ${state.route ?? state.request.path}: ${error.message}`, { requestId: state.requestId })
  }

  function requireAuthenticated(state: GuardState<R>): Principal {
    if (state.principal === undefined) throw state.authError ?? unauthenticated()
    return state.principal
  }

  /**
   * `begin` let the request on for the method it saw (public prefilter, preflight); a router that
   * dispatches another one (a method override mounted after the guard) must not profit from that.
   */
  async function checkMethod(state: GuardState<R>, method: string): Promise<void> {
    if (method === state.request.method) return
    const principal = requireAuthenticated(state)
    await emit(state, 'route', undefined, undefined, 'implicitDeny', mode !== 'report', undefined, 'the request method changed after the guard', [])
    refuse(state, methodChanged(principal.arn))
  }

  async function check(state: GuardState<R>, route: CompiledRoute<R>, params: RouteParams): Promise<void> {
    const principal = requireAuthenticated(state)
    const raw = state.request.raw
    const resource = await resolveResource(route, params, principal, raw, options.multiSegmentParams)
    const resourceAccount = await resolveResourceAccount(route, options.resourceAccount, params, raw)
    const context = await routeContext(state.context, route, params, raw, () => state.request.body())
    const decisions: AuthorizeResult[] = []
    for (const action of route.actions) {
      let result: AuthorizeResult
      try {
        result = await iam.authorize({ principal, action, resource, resourceAccount, context })
      } catch (error) {
        throw internal(error, 'authorization')
      }
      decisions.push(result)
      const allowed = result.decision === 'allowed'
      await emit(state, 'route', action, resource, result.decision, allowed || mode !== 'report', result.decidedBy, result.reason, result.matched)
      if (!allowed) {
        state.decisions = decisions
        refuse(state, accessDenied({ principalArn: principal.arn, action, resource, decision: result.decision, decidedBy: result.decidedBy }))
      }
    }
    state.decisions = decisions
    state.routeAllowed = true
  }

  const guard: Guard<R> = {
    options,

    async begin(request) {
      const requestId = randomUUID()
      const startedAt = performance.now()
      let refusal: IamError | undefined
      let principal: Principal | undefined
      let authError: IamError | undefined
      let via: AuthVia | undefined
      try {
        const auth = await authenticate(iam, request, options)
        if (auth.kind === 'principal') ({ principal, via } = auth)
        else if (auth.kind === 'error') authError = auth.error
        if (principal !== undefined && via === 'session' && options.csrf !== undefined) {
          try {
            checkCsrf(request, options.csrf)
          } catch (error) {
            principal = undefined
            authError = error as IamError
          }
        }
        // Without a principal, only requests that may be for a public route (or a CORS preflight,
        // which never carries credentials) go on; the route itself is checked when it is matched.
        if (principal === undefined) {
          const mayBePublic = options.publicPrefilter.mayMatch(request.method, request.path) || request.publicHint?.() === true
          const preflight = request.method === 'OPTIONS' && request.header('access-control-request-method') !== undefined
          if (!mayBePublic && !preflight) refusal = authError ?? unauthenticated()
        }
      } catch (error) {
        refusal = internal(error, 'authentication')
      }
      const state: GuardState<R> = {
        guard, requestId, request, startedAt, principal, via, authError, refusal,
        context: baseContext(request, options.clock()),
        decisions: [], routeAllowed: false, route: undefined,
        iam: undefined as unknown as RequestIam,
      }
      ;(state as { iam: RequestIam }).iam = requestIam(state)
      return state
    },

    async authorizeRoute(state, route, params, method) {
      await checkMethod(state, method)
      await check(state, route, params)
    },

    async admitRoute(state, method, patterns, params, endpoint) {
      await checkMethod(state, method)
      // `stsRouter`/`adminRouter` routes authorize themselves (trust policies, `iam:<Operation>`).
      if (endpoint !== undefined) {
        if (endpoint !== 'none') requireAuthenticated(state)
        state.routeAllowed = true
        return 'public'
      }
      let publicHits = 0
      let entryHits = 0
      const entries = new Set<CompiledRoute<R>>()
      for (const p of patterns) {
        if (options.publicRoutes.lookup(method, p) !== undefined) publicHits++
        const entry = options.routes.lookup(method, p)
        if (entry !== undefined) {
          entries.add(entry)
          entryHits++
        }
      }
      if (patterns.length > 0 && publicHits === patterns.length) {
        state.routeAllowed = true
        return 'public'
      }
      // A router mounted at several places is only decided when every place maps to the same entry.
      if (entries.size === 1 && entryHits === patterns.length) {
        const [entry] = entries
        await check(state, entry!, params)
        return 'guarded'
      }
      requireAuthenticated(state)
      await emit(state, 'route', undefined, undefined, 'implicitDeny', mode !== 'report', undefined, 'no action is declared for this route', [])
      refuse(state, noActionDenied(state.principal?.arn, method))
      state.routeAllowed = true
      return 'guarded'
    },

    async customDenial(state, error) {
      if (options.onDenied === undefined || !isIamError(error) || error.status >= 500) return undefined
      const requestId = state?.requestId ?? randomUUID()
      const body = errorResponse(error, requestId, options.noStore).body
      const denial: Denial = { error, requestId, principal: state?.principal, body }
      try {
        return await options.onDenied(denial, state?.request.raw as R)
      } catch (hookError) {
        logger.error('iam-guard: onDenied failed; the default response is sent', { requestId, error: hookError })
        return undefined
      }
    },
  }

  function requestIam(state: GuardState<R>): RequestIam {
    return {
      requestId: state.requestId,
      get principal() {
        return state.principal
      },
      get decisions() {
        return state.decisions
      },
      get decision() {
        return state.decisions[state.decisions.length - 1]
      },
      async can(action, resource, extra) {
        const principal = state.principal
        if (principal === undefined) return false
        if (typeof action !== 'string' || typeof resource !== 'string') throw new IamError('ERR_INVALID_PARAMETER', 'can(action, resource) needs two strings')
        let context = state.context
        if (extra !== undefined) {
          const ctx = new Map(state.context)
          addCustomKeys(ctx, Object.entries(extra), 'can() context')
          context = ctx
        }
        let result: AuthorizeResult
        try {
          result = await iam.authorize({ principal, action, resource, resourceAccount: options.resourceAccount, context })
        } catch (error) {
          throw internal(error, 'authorization')
        }
        await emit(state, 'can', action, resource, result.decision, true, result.decidedBy, result.reason, result.matched)
        return result.decision === 'allowed'
      },
    }
  }

  return guard
}

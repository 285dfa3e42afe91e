/**
 * The framework-neutral guard: authenticate → find the routes the request can reach → resolve
 * their action and ARN → build the context → decide → audit, all BEFORE the framework's router
 * dispatches anything. Adapters call `route()` once per request and translate its outcome;
 * `authorize()` annotations reached later (a handler passing the request on to another route)
 * call `atAnnotation()`. Every error denies.
 */
import { performance } from 'node:perf_hooks'
import { randomUUID } from 'node:crypto'
import { IamError, isIamError } from '../errors.js'
import type { Iam } from '../iam-types.js'
import type { Principal } from '../identity/principal.js'
import { authenticate, type AuthVia } from './authenticate.js'
import { checkCrossSite } from './csrf.js'
import { decideRoutes } from './decide.js'
import { errorResponse } from './error-response.js'
import { resolveOptions, type GuardOptions, type ResolvedGuardOptions } from './options.js'
import { baseContext } from './request-context.js'
import { createRequestIam } from './request-iam.js'
import { register, stateOf, type GuardCore, type RequestState } from './request-state.js'
import { createRouteChecker } from './route-checker.js'
import type { CompiledRoute } from './route-spec.js'
import type { AuditEvent, Denial, GuardOutcome, GuardRequest, RequestIam, RouteMatch } from './types.js'

export interface Guard<R = unknown> {
  readonly options: ResolvedGuardOptions<R>
  /**
   * Decides a request before routing. `findRoutes` lists every route of the app the request can
   * reach, in dispatch order (it may throw `IamError`, e.g. for an undecodable parameter).
   * Never throws: a refusal is an outcome, and carries the request id.
   */
  route(request: GuardRequest<R>, findRoutes: () => readonly RouteMatch<R>[]): Promise<GuardOutcome>
  /**
   * An `authorize()` annotation the router reached: allowed at once (`undefined`) when its route
   * was decided before dispatch, otherwise decided now (a route reached by passing the request
   * on). `iam` is the `RequestIam` of the request's `allow` outcome.
   */
  atAnnotation(iam: unknown, annotation: CompiledRoute<R>, method: string): Promise<GuardOutcome> | undefined
}

function internal(error: unknown, what: string): IamError {
  return isIamError(error) ? error : new IamError('ERR_INTERNAL', `${what} failed`, { cause: error })
}

/** The annotation of a request no guard decided: `iamGuard()` is missing in front of the route. */
export function guardMissing(): IamError {
  return new IamError('ERR_INTERNAL', 'authorize() ran for a request iamGuard() did not decide: mount iamGuard() before the routes')
}

export function createGuard<R>(iam: Iam, input: GuardOptions<R> = {}): Guard<R> {
  if (iam === null || typeof iam !== 'object' || typeof iam.authorize !== 'function' || iam.sts === undefined) {
    throw new IamError('ERR_INVALID_OPTION', 'iam: iamGuard(iam, options) needs the object returned by createIam()')
  }
  const options = resolveOptions(input)
  if (options.reportOnly) {
    options.logger.warn('iam-guard: dangerouslyReportOnly is ON: denied requests are let through and only logged. Never leave this on in production.')
  }
  const checker = createRouteChecker(iam, options)

  async function outcome(state: RequestState<R> | undefined, error: unknown, requestId: string): Promise<GuardOutcome> {
    const refusal = internal(error, 'authorization')
    const headers: Record<string, string> = { 'x-request-id': requestId }
    if (options.onDenied === undefined || refusal.status >= 500) return { kind: 'deny', error: refusal, headers, iam: state?.iam, answer: undefined }
    const body = errorResponse(refusal, requestId, options.noStore).body
    const denial: Denial = { error: refusal, requestId, principal: state?.principal, body }
    try {
      const custom = await options.onDenied(denial, state?.request.raw as R)
      if (custom === undefined) return { kind: 'deny', error: refusal, headers, iam: state?.iam, answer: undefined }
      const answerHeaders: Record<string, string> = { ...headers }
      if (options.noStore) answerHeaders['cache-control'] = 'no-store'
      Object.assign(answerHeaders, custom.headers)
      return { kind: 'deny', error: refusal, headers, iam: state?.iam, answer: { status: custom.status ?? refusal.status, headers: answerHeaders, body: custom.body } }
    } catch (hookError) {
      options.logger.error('iam-guard: onDenied failed; the default response is sent', { requestId, error: hookError })
      return { kind: 'deny', error: refusal, headers, iam: state?.iam, answer: undefined }
    }
  }

  function allowed(state: RequestState<R>, guarded: boolean): GuardOutcome {
    const headers: Record<string, string> = { 'x-request-id': state.requestId }
    if (guarded && options.noStore) headers['cache-control'] = 'no-store'
    return { kind: 'allow', headers, iam: state.iam }
  }

  const core: GuardCore<R> = {
    atAnnotation(state, annotation, method) {
      // The router dispatches routes in the order the guard listed them: look forward only.
      let index = -1
      for (let i = state.cursor; i < state.matches.length; i++) {
        if (state.matches[i]!.annotations.includes(annotation)) {
          index = i
          break
        }
      }
      if (index >= 0 && state.decided.has(index)) {
        state.cursor = index
        return undefined
      }
      return (async () => {
        try {
          if (method !== state.request.method) throw checker.methodChanged(state)
          // Not a route the guard listed: the URL changed after the guard (a rewrite mounted after it).
          if (index < 0) throw checker.notDecided(state)
          state.cursor = index
          const match = state.matches[index]!
          state.route = match.pattern
          const decisions = []
          for (const a of match.annotations) decisions.push(...(await checker.check(state, a, match.params)))
          state.decisions = decisions
          state.decided.add(index)
          return allowed(state, true)
        } catch (error) {
          state.refused = true
          return outcome(state, error, state.requestId)
        }
      })()
    },
  }

  async function start(request: GuardRequest<R>, requestId: string): Promise<RequestState<R>> {
    let principal: Principal | undefined
    let authError: IamError | undefined
    let via: AuthVia | undefined
    const auth = await authenticate(iam, request, options)
    if (auth.kind === 'principal') ({ principal, via } = auth)
    else if (auth.kind === 'error') authError = auth.error
    if (principal !== undefined && via === 'session' && options.csrf !== undefined) {
      try {
        checkCrossSite(request, options.csrf, true)
      } catch (error) {
        principal = undefined
        authError = error as IamError
      }
    }
    const state: RequestState<R> = {
      core, onDecision: options.onDecision, requestId, request, startedAt: performance.now(), principal, via, authError,
      context: baseContext(request, options.clock()),
      matches: [], decided: new Set(), cursor: 0, decisions: [], refused: false, route: undefined,
      iam: undefined as unknown as RequestIam,
    }
    ;(state as { iam: RequestIam }).iam = createRequestIam(iam, options, state, checker)
    register(state.iam, state)
    return state
  }

  return {
    options,

    async route(request, findRoutes) {
      const requestId = randomUUID()
      let state: RequestState<R> | undefined
      try {
        state = await start(request, requestId)
      } catch (error) {
        return outcome(undefined, internal(error, 'authentication'), requestId)
      }
      try {
        state.matches = findRoutes()
        const guarded = await decideRoutes(state, options, checker)
        return allowed(state, guarded)
      } catch (error) {
        return outcome(state, error, requestId)
      }
    },

    atAnnotation,
  }
}

/**
 * For `authorize()` middleware: the annotation `annotation` was reached for the request whose
 * `RequestIam` is `iam`. `undefined` means allowed now; a request no guard decided is refused.
 */
export function atAnnotation<R>(iam: unknown, annotation: CompiledRoute<R>, method: string): Promise<GuardOutcome> | undefined {
  const state = stateOf<R>(iam)
  if (state === undefined) return Promise.resolve({ kind: 'deny', error: guardMissing(), headers: {}, iam: undefined, answer: undefined })
  return state.core.atAnnotation(state, annotation, method)
}

/** The `onDecision` hook of the guard that decided the request of `iam`, for the endpoints behind it. */
export function decisionHookOf(iam: unknown): ((event: AuditEvent) => void | Promise<void>) | undefined {
  return stateOf(iam)?.onDecision
}

/** Whether `iam` is the `RequestIam` of a request a guard already decided (a guard mounted twice). */
export function isDecided(iam: unknown): boolean {
  return stateOf(iam) !== undefined
}

/**
 * Deciding one declared route for one request: resolve its resource and context, ask
 * `iam.authorize` for every action, audit each decision, and refuse (or, with
 * `dangerouslyReportOnly`, let through loudly). Shared by the decision before dispatch, the
 * annotations reached later and `can()`.
 */
import type { DecisionKind, MatchedStatement, PolicyType } from '../evaluate/types.js'
import { IamError, isIamError } from '../errors.js'
import type { AuthorizeResult, Iam } from '../iam-types.js'
import type { Principal } from '../identity/principal.js'
import { auditEvent } from './audit.js'
import { accessDenied, methodChanged, noActionDenied, notDecided, unauthenticated } from './denial.js'
import type { ResolvedGuardOptions } from './options.js'
import type { RequestState } from './request-state.js'
import { resolveResource, resolveResourceAccount, routeContext } from './route-check.js'
import type { CompiledRoute } from './route-spec.js'
import type { RouteParams } from './types.js'

export interface RouteChecker<R> {
  /** Every action of `route` must be allowed; throws the refusal otherwise. Returns one decision per action. */
  check(state: RequestState<R>, route: CompiledRoute<R>, params: RouteParams): Promise<AuthorizeResult[]>
  /** A reachable route declares no action: refused (logged as a would-be denial in report-only mode). */
  refuseUndeclared(state: RequestState<R>, reason: string): Promise<void>
  requirePrincipal(state: RequestState<R>): Principal
  /** One audit event; a failing hook denies. */
  emit(state: RequestState<R>, kind: 'route' | 'can', action: string | undefined, resource: string | undefined,
    decision: DecisionKind, enforced: boolean, decidedBy: PolicyType | undefined, reason: string, matched: readonly MatchedStatement[]): Promise<void>
  methodChanged(state: RequestState<R>): IamError
  notDecided(state: RequestState<R>): IamError
}

export function createRouteChecker<R>(iam: Iam, options: ResolvedGuardOptions<R>): RouteChecker<R> {
  const { logger, reportOnly } = options

  const checker: RouteChecker<R> = {
    async emit(state, kind, action, resource, decision, enforced, decidedBy, reason, matched) {
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
    },

    requirePrincipal(state) {
      if (state.principal === undefined) throw state.authError ?? unauthenticated()
      return state.principal
    },

    async check(state, route, params) {
      const principal = checker.requirePrincipal(state)
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
          throw isIamError(error) ? error : new IamError('ERR_INTERNAL', 'authorization failed', { cause: error })
        }
        decisions.push(result)
        const allowed = result.decision === 'allowed'
        await checker.emit(state, 'route', action, resource, result.decision, allowed || !reportOnly, result.decidedBy, result.reason, result.matched)
        if (!allowed) {
          // The decisions so far stay visible to `onDenied` and report-only handlers.
          state.decisions = decisions
          const refusal = accessDenied({ principalArn: principal.arn, action, resource, decision: result.decision, decidedBy: result.decidedBy })
          if (!reportOnly) throw refusal
          logger.warn(`iam-guard report-only: would deny ${state.request.method} ${state.route ?? ''}: ${refusal.message}`, { requestId: state.requestId })
        }
      }
      return decisions
    },

    async refuseUndeclared(state, reason) {
      checker.requirePrincipal(state)
      await checker.emit(state, 'route', undefined, undefined, 'implicitDeny', !reportOnly, undefined, reason, [])
      const refusal = noActionDenied(state.principal?.arn, state.request.method)
      if (!reportOnly) throw refusal
      logger.warn(`iam-guard report-only: would deny ${state.request.method} ${state.route ?? ''}: ${reason}`, { requestId: state.requestId })
    },

    methodChanged(state) {
      return methodChanged(state.principal?.arn)
    },

    notDecided(state) {
      return state.principal === undefined ? unauthenticated() : notDecided(state.principal.arn)
    },
  }
  return checker
}

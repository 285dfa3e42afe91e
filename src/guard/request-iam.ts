/**
 * `req.iam` / `ctx.state.iam`: the principal, the route's decisions and `can()`, which checks
 * another action through the same path as the route (cache, request context, audit).
 */
import { IamError, isIamError } from '../errors.js'
import type { AuthorizeResult, Iam } from '../iam-types.js'
import type { ResolvedGuardOptions } from './options.js'
import type { RequestState } from './request-state.js'
import { addCustomContext } from './custom-context.js'
import type { RouteChecker } from './route-checker.js'
import type { RequestIam } from './types.js'

export function createRequestIam<R>(iam: Iam, options: ResolvedGuardOptions<R>, state: RequestState<R>, checker: RouteChecker<R>): RequestIam {
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
        // The handler's own code: its lists are its own, and the engine applies AWS's rule to them.
        addCustomContext(ctx, Object.entries(extra), 'any', 'ERR_INVALID_PARAMETER', 'can() context')
        context = ctx
      }
      let result: AuthorizeResult
      try {
        result = await iam.authorize({ principal, action, resource, resourceAccount: options.resourceAccount, context })
      } catch (error) {
        throw isIamError(error) ? error : new IamError('ERR_INTERNAL', 'authorization failed', { cause: error })
      }
      await checker.emit(state, 'can', action, resource, result.decision, true, result.decidedBy, result.reason, result.matched)
      return result.decision === 'allowed'
    },
  }
}

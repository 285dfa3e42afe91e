/**
 * The decision before dispatch, over every route the request can reach (in dispatch order):
 * - the first route is decided now: its `authorize()` annotations, its route-table entry, public,
 *   or a self-authorizing endpoint (which needs a principal unless it is open, like login);
 * - a later route is reached only if an earlier handler passes the request on. An annotated one
 *   decides itself then (`atAnnotation`), an endpoint authorizes itself, a public one needs
 *   nothing; but a route-table entry has nothing that runs at dispatch, so it is decided now too;
 * - a route that declares nothing, first or later, refuses the request: no handler may run
 *   without an Allow, and nothing in the router tells the guard when a later route starts.
 * No route at all is 404 for a principal (401 without one, so that routes cannot be probed).
 */
import type { AuthorizeResult } from '../iam-types.js'
import { routeNotFound, unauthenticated } from './denial.js'
import type { ResolvedGuardOptions } from './options.js'
import type { RequestState } from './request-state.js'
import type { RouteChecker } from './route-checker.js'

function describe(match: { readonly pattern: string | undefined }): string {
  return match.pattern === undefined ? 'a route with a RegExp path' : `the route ${match.pattern}`
}

/** Returns whether the first route is guarded by a policy decision (for `Cache-Control: no-store`). */
export async function decideRoutes<R>(state: RequestState<R>, options: ResolvedGuardOptions<R>, checker: RouteChecker<R>): Promise<boolean> {
  const { matches, request } = state
  const method = request.method
  if (matches.length === 0) {
    if (state.principal === undefined) throw state.authError ?? unauthenticated()
    await checker.emit(state, 'route', undefined, undefined, 'implicitDeny', !options.reportOnly, undefined, 'no route serves this request', [])
    if (!options.reportOnly) throw routeNotFound(method)
    options.logger.warn(`iam-guard report-only: would refuse ${method} on a path no route serves`, { requestId: state.requestId })
    return false
  }
  let guarded = false
  let decisions: AuthorizeResult[] = []
  for (let i = 0; i < matches.length; i++) {
    const match = matches[i]!
    const first = i === 0
    state.route = match.pattern
    if (match.annotations.length > 0) {
      if (!first) continue
      for (const annotation of match.annotations) decisions.push(...(await checker.check(state, annotation, match.params)))
      guarded = true
    } else if (match.endpoint !== undefined) {
      if (first && match.endpoint !== 'none') checker.requirePrincipal(state)
    } else if (match.pattern !== undefined && options.publicRoutes.lookup(method, match.pattern) !== undefined) {
      // public: nothing to decide
    } else {
      const entry = match.pattern === undefined ? undefined : options.routes.lookup(method, match.pattern)
      if (entry !== undefined) {
        const results = await checker.check(state, entry, match.params)
        if (first) {
          decisions = results
          guarded = true
        }
      } else {
        await checker.refuseUndeclared(state, first ? 'no action is declared for this route' : `the request can reach ${describe(match)}, which declares no action`)
        if (first) guarded = true
      }
    }
    state.decided.add(i)
  }
  state.route = matches[0]!.pattern
  state.decisions = decisions
  return guarded
}

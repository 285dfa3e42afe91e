/**
 * The routes of an app as data, for analysis (`iam.analyze()`, the console's access matrix, the
 * CLI): every route with its method, its full pattern and how it is declared, collected by the
 * adapters' `collectRoutes(app)` from the same router tree the guard decides from.
 */
import type { GuardOptions } from './options.js'
import { resolveOptions } from './options.js'
import type { HandlerMarks } from './marks.js'
import type { EndpointAuth } from './types.js'

/** How a route is declared, as the guard decides it. */
export type RouteDeclaration =
  /** `authorize(action, resource)` on the route, or an entry of the guard's `routes` table. */
  | { readonly kind: 'annotated' | 'table'; readonly actions: readonly string[]; readonly resource: string }
  /** Listed in `publicRoutes`: no principal needed. */
  | { readonly kind: 'public' }
  /** A self-authorizing endpoint of `stsRouter`, `adminRouter` or `jwksHandler`. */
  | { readonly kind: 'endpoint'; readonly auth: EndpointAuth }
  /** Nothing: every request that can reach it is refused. */
  | { readonly kind: 'undeclared' }

export interface AppRoute {
  /** Upper-case method; `*` for `app.all()` / `router.all()`. */
  readonly method: string
  /** The full pattern, e.g. `/projects/:project/docs/:doc`; undefined for a RegExp path. */
  readonly pattern: string | undefined
  /** Every declaration: several annotations on one route all apply. */
  readonly declarations: readonly RouteDeclaration[]
}

/** Classifies one route the way the guard's decision does, for the given `iamGuard` options. */
export function describeRoute<R>(method: string, pattern: string | undefined, marks: HandlerMarks<R>, options: GuardOptions<R> = {}): AppRoute {
  const resolved = resolveOptions(options)
  return describeWith(method, pattern, marks, resolved)
}

/** The same with options already resolved (one resolution for a whole app). */
export function describeWith<R>(method: string, pattern: string | undefined, marks: HandlerMarks<R>, resolved: ReturnType<typeof resolveOptions<R>>): AppRoute {
  let declarations: RouteDeclaration[]
  if (marks.annotations.length > 0) {
    declarations = marks.annotations.map((a) => ({ kind: 'annotated' as const, actions: a.actions, resource: a.resource.source }))
  } else if (marks.endpoint !== undefined) {
    declarations = [{ kind: 'endpoint', auth: marks.endpoint }]
  } else if (pattern !== undefined && resolved.publicRoutes.lookup(method, pattern) !== undefined) {
    declarations = [{ kind: 'public' }]
  } else {
    const entry = pattern === undefined ? undefined : resolved.routes.lookup(method, pattern)
    declarations = entry === undefined ? [{ kind: 'undeclared' }] : [{ kind: 'table', actions: entry.actions, resource: entry.resource.source }]
  }
  return { method, pattern, declarations }
}

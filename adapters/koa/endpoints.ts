/**
 * Recognising the self-authorizing `stsRouter`/`adminRouter` (marked with `IAM_ENDPOINT`) among
 * the app's routers: which of their routes a layer is, and whether an unauthenticated request may
 * be for one that needs no principal (`POST /sts/login`).
 */
import type { Context } from 'koa'
import { normalizePattern, type EndpointAuth } from '../../src/index.js'
import { IAM_ENDPOINT, type EndpointMark } from '../../src/index.js'

export interface RouterLike {
  stack?: unknown
  opts?: { prefix?: unknown }
  [IAM_ENDPOINT]?: EndpointMark
}

export interface LayerLike {
  path?: unknown
  methods?: unknown
  stack?: unknown
}

function prefixOf(router: RouterLike): string {
  const prefix = router.opts?.prefix
  return typeof prefix === 'string' ? prefix : ''
}

/** The endpoint auth of `layer` in a marked router, for this method; `undefined` when it is not one. */
export function endpointAuth(router: RouterLike, layer: LayerLike, method: string): EndpointAuth | undefined {
  const mark = router[IAM_ENDPOINT]
  if (mark === undefined || typeof layer.path !== 'string') return undefined
  const prefix = prefixOf(router)
  for (const r of mark.routes) {
    if (normalizePattern(prefix + r.path) !== normalizePattern(layer.path)) continue
    if (r.method === method || (method === 'HEAD' && r.method === 'GET')) return r.auth
  }
  return undefined
}

export function mayBeOpenEndpoint(ctx: Context): boolean {
  const middleware = (ctx.app as unknown as { middleware?: unknown }).middleware
  if (!Array.isArray(middleware)) return false
  const path = normalizePattern(ctx.path).toLowerCase()
  const method = ctx.method.toUpperCase()
  for (const fn of middleware) {
    const router = (fn as { router?: RouterLike } | undefined)?.router
    const mark = router?.[IAM_ENDPOINT]
    if (router === undefined || mark === undefined) continue
    for (const r of mark.routes) {
      if (r.auth !== 'none' || r.method !== method) continue
      if (normalizePattern(prefixOf(router) + r.path).toLowerCase() === path) return true
    }
  }
  return false
}

/**
 * What the Express router dispatched, in the guard's terms: the full pattern(s) of the route
 * (`/projects/:project/docs/:doc`: mount paths of nested routers + the route's own path), found by
 * walking the app's router tree from the top, and whether the route belongs to a self-authorizing
 * `stsRouter`/`adminRouter`. Used for the route table, `publicRoutes` and those endpoints, never
 * for annotated routes.
 *
 * Several patterns come back when a router is mounted at several places, none when the route
 * cannot be identified (a RegExp path, a router hidden in a closure, a sub-app): the guard then
 * denies the unannotated route, so not knowing is always safe.
 */
import type { Request } from 'express'
import { normalizePattern, type EndpointAuth } from '../../src/index.js'
import { IAM_ENDPOINT, type EndpointMark } from '../../src/index.js'

interface LayerLike {
  route?: { path?: unknown } | undefined
  rawPath?: unknown
  handle?: unknown
}

export interface RouteIdentity {
  patterns: string[]
  /** Set when the route is one of a self-authorizing router's endpoints. */
  endpoint: EndpointAuth | undefined
}

function pathsOf(raw: unknown): string[] {
  if (typeof raw === 'string') return [raw]
  if (Array.isArray(raw)) {
    const flat = raw.flat(Infinity)
    return flat.every((p) => typeof p === 'string') ? (flat as string[]) : []
  }
  return []
}

function stackOf(handle: unknown): LayerLike[] | undefined {
  if (typeof handle !== 'function') return undefined
  const stack = (handle as { stack?: unknown }).stack
  return Array.isArray(stack) ? (stack as LayerLike[]) : undefined
}

function markOf(handle: unknown): EndpointMark | undefined {
  return (handle as { [IAM_ENDPOINT]?: EndpointMark } | undefined)?.[IAM_ENDPOINT]
}

function topStack(req: Request): LayerLike[] | undefined {
  const app = req.app as unknown as { parent?: unknown; router?: { stack?: unknown } } | undefined
  // A sub-app's own mount point cannot be told apart from its parent's routers: do not guess.
  if (app === undefined || app.parent !== undefined) return undefined
  const stack = app.router?.stack
  return Array.isArray(stack) ? (stack as LayerLike[]) : undefined
}

type Visit = (layer: LayerLike, prefix: string, mark: EndpointMark | undefined) => void

function walk(stack: readonly LayerLike[], prefix: string, mark: EndpointMark | undefined, visit: Visit, seen: Set<unknown>): void {
  for (const layer of stack) {
    if (layer.route !== undefined) {
      visit(layer, prefix, mark)
      continue
    }
    const inner = stackOf(layer.handle)
    if (inner === undefined || seen.has(layer.handle)) continue
    seen.add(layer.handle)
    for (const p of pathsOf(layer.rawPath)) walk(inner, prefix + (p === '/' ? '' : p), markOf(layer.handle) ?? mark, visit, seen)
    seen.delete(layer.handle)
  }
}

function endpointAuth(mark: EndpointMark, routePath: unknown, method: string): EndpointAuth | undefined {
  for (const r of mark.routes) {
    if (r.path === routePath && (r.method === method || (method === 'HEAD' && r.method === 'GET'))) return r.auth
  }
  return undefined
}

export function identifyRoute(req: Request, route: object | undefined): RouteIdentity {
  const stack = route === undefined ? undefined : topStack(req)
  if (stack === undefined) return { patterns: [], endpoint: undefined }
  const patterns = new Set<string>()
  const auths = new Set<EndpointAuth | undefined>()
  walk(stack, '', undefined, (layer, prefix, mark) => {
    if (layer.route !== route) return
    for (const p of pathsOf(layer.rawPath)) patterns.add(normalizePattern(prefix + p))
    auths.add(mark === undefined ? undefined : endpointAuth(mark, layer.route?.path, req.method.toUpperCase()))
  }, new Set())
  // Self-authorizing only when every place the route is mounted says so, the same way.
  const [only] = auths
  return { patterns: [...patterns], endpoint: auths.size === 1 ? only : undefined }
}

/** Whether the request may be for an endpoint that needs no principal (e.g. `POST /sts/login`). */
export function mayBeOpenEndpoint(req: Request): boolean {
  const stack = topStack(req)
  if (stack === undefined) return false
  const q = req.originalUrl.indexOf('?')
  const path = normalizePattern(q < 0 ? req.originalUrl : req.originalUrl.slice(0, q)).toLowerCase()
  const method = req.method.toUpperCase()
  let found = false
  walk(stack, '', undefined, (layer, prefix, mark) => {
    if (found || mark === undefined) return
    for (const p of pathsOf(layer.rawPath)) {
      if (normalizePattern(prefix + p).toLowerCase() === path && endpointAuth(mark, layer.route?.path, method) === 'none') found = true
    }
  }, new Set())
  return found
}

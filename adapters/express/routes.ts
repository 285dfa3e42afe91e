/**
 * The route catalogue of an Express 5 app, read from its router tree and never changed: every
 * route after `iamGuard()` (routes of routers mounted with a path included), with the marks of
 * its handlers per method. It is built when first needed and again whenever a router or route
 * of the tree grew, which costs one length comparison per router and route per request.
 *
 * Matching uses each layer's own `match()` (router 2.3+, which Express 5 installs: a pure
 * function returning the path, pattern and decoded parameters), exactly as `Router#handle` walks the tree, so the guard lists
 * the very routes the router will dispatch, in the same order. A sub-app's routes are not
 * visible (its own `iamGuard()` guards them); a request only they serve finds no route here.
 */
import type { Application, Request } from 'express'
import {
  annotationOf, describeWith, IamError, resolveOptions, type AppRoute, type GuardOptions, marksOf, missingPlaceholder, normalizePattern, patternParameters, type HandlerMarks, type RouteMatch, type RouteParams,
} from '../../src/index.js'

interface LayerMatch {
  params: Record<string, unknown>
  path: string
  pattern: unknown
}

interface LayerLike {
  handle: unknown
  route?: RouteLike
  method?: string
  rawPath?: unknown
  match(path: string): LayerMatch | false
}

interface RouteLike {
  stack: LayerLike[]
  methods: Record<string, boolean | undefined>
}

interface RouteNode {
  readonly kind: 'route'
  readonly layer: LayerLike
  readonly route: RouteLike
  readonly marks: Map<string, HandlerMarks<Request>>
}

interface MountNode {
  readonly kind: 'mount'
  readonly layer: LayerLike
  readonly children: readonly Node[]
}

type Node = RouteNode | MountNode

export interface Catalogue {
  readonly nodes: readonly Node[]
  /** Whether the guard is mounted with a path (`app.use('/api', iamGuard(iam))`). */
  readonly guardHasPath: boolean
  /** Every stack read, and its length then: a change means a rebuild. */
  readonly watched: readonly (readonly unknown[])[]
  readonly lengths: readonly number[]
}

function misconfigured(message: string): IamError {
  return new IamError('ERR_INTERNAL', `iamGuard(): ${message}`)
}

function stackOf(handle: unknown): LayerLike[] | undefined {
  if (typeof handle !== 'function') return undefined
  const stack = (handle as { stack?: unknown }).stack
  return Array.isArray(stack) ? (stack as LayerLike[]) : undefined
}

function isRoute(route: unknown): route is RouteLike {
  const r = route as RouteLike | undefined
  return r !== undefined && Array.isArray(r.stack) && r.methods !== null && typeof r.methods === 'object'
}

function read(stack: readonly LayerLike[], from: number, watched: unknown[][], seen: Set<unknown>): Node[] {
  watched.push(stack as unknown[])
  const nodes: Node[] = []
  for (let i = from; i < stack.length; i++) {
    const layer = stack[i]!
    // router 2.3 made `match()` pure and added `rawPath`; before, the match was kept on the layer.
    if (typeof layer?.match !== 'function' || !Object.hasOwn(layer, 'rawPath')) {
      throw misconfigured('needs Express 5 with router 2.3 or later (npm update router)')
    }
    if (layer.route !== undefined) {
      if (!isRoute(layer.route)) throw misconfigured('the router tree is not an Express 5 (router 2.x) one')
      watched.push(layer.route.stack)
      nodes.push({ kind: 'route', layer, route: layer.route, marks: new Map() })
      continue
    }
    const inner = stackOf(layer.handle)
    if (inner === undefined || seen.has(layer.handle)) continue
    seen.add(layer.handle)
    nodes.push({ kind: 'mount', layer, children: read(inner, 0, watched, seen) })
    seen.delete(layer.handle)
  }
  return nodes
}

function rawPaths(layer: LayerLike): string[] | undefined {
  const raw = layer.rawPath
  if (typeof raw === 'string') return [raw === '/' ? '' : raw]
  return Array.isArray(raw) && raw.every((p) => typeof p === 'string') ? raw.map((p: string) => (p === '/' ? '' : p)) : undefined
}

/**
 * Loud at start: an annotation whose template names a placeholder that is no parameter of its
 * route (mount paths included), no value resolver and not `{account}` fails the whole catalogue.
 */
function checkAnnotations(nodes: readonly Node[], prefixes: readonly string[] | undefined): void {
  for (const node of nodes) {
    const own = rawPaths(node.layer)
    const full = prefixes === undefined || own === undefined ? undefined : prefixes.flatMap((p) => own.map((o) => p + o))
    if (node.kind === 'mount') {
      checkAnnotations(node.children, full)
      continue
    }
    if (full === undefined) continue
    for (const layer of node.route.stack) {
      const annotation = annotationOf<Request>(layer.handle)
      if (annotation === undefined) continue
      for (const pattern of full) {
        const missing = missingPlaceholder(annotation, new Set(patternParameters(pattern)))
        if (missing !== undefined) {
          throw new IamError('ERR_INVALID_OPTION', `authorize() on ${normalizePattern(pattern || '/')}: the resource template's placeholder {${missing}} is not a parameter of the route, a value resolver or {account}`)
        }
      }
    }
  }
}

export function buildCatalogue(app: Application, guard: unknown): Catalogue {
  const router = (app as unknown as { router?: { stack?: unknown } }).router
  const stack = router?.stack
  if (!Array.isArray(stack)) throw misconfigured('the app has no Express 5 router')
  const at = (stack as LayerLike[]).findIndex((layer) => layer.handle === guard)
  if (at < 0) throw misconfigured('mount it on the app itself, app.use(iamGuard(iam)), not inside a router')
  const guardLayer = stack[at] as LayerLike & { slash?: boolean }
  const guardHasPath = guardLayer.slash !== true
  if (guardHasPath && (app as unknown as { parent?: unknown }).parent !== undefined) {
    throw misconfigured('inside a mounted sub-app, mount it without a path: subApp.use(iamGuard(iam))')
  }
  const watched: unknown[][] = []
  const nodes = read(stack as LayerLike[], at + 1, watched, new Set([router]))
  checkAnnotations(nodes, [''])
  return { nodes, guardHasPath, watched, lengths: watched.map((s) => s.length) }
}

export function isFresh(catalogue: Catalogue): boolean {
  const { watched, lengths } = catalogue
  for (let i = 0; i < watched.length; i++) if (watched[i]!.length !== lengths[i]) return false
  return true
}

/** `route._handlesMethod`, from the route's public `methods` record. */
function handles(route: RouteLike, method: string): boolean {
  const m = route.methods
  if (m._all === true) return true
  const name = method.toLowerCase()
  return m[name] === true || (name === 'head' && m.head !== true && m.get === true)
}

function marksFor(node: RouteNode, method: string): HandlerMarks<Request> {
  let name = method === '*' ? '_all' : method.toLowerCase()
  if (name === 'head' && node.route.methods.head !== true) name = 'get'
  let marks = node.marks.get(name)
  if (marks === undefined) {
    // `Route#dispatch` runs the layers of this method and those of `all()` (no method).
    marks = marksOf<Request>(node.route.stack.filter((l) => l.method === undefined || (name !== '_all' && l.method === name)).map((l) => l.handle))
    node.marks.set(name, marks)
  }
  return marks
}

function patternText(pattern: unknown): string | undefined {
  return typeof pattern === 'string' ? (pattern === '/' ? '' : pattern) : undefined
}

function collect(nodes: readonly Node[], path: string, method: string, params: RouteParams, prefix: string | undefined, out: RouteMatch<Request>[]): void {
  for (const node of nodes) {
    const m = node.layer.match(path)
    if (m === false) continue
    const merged = Object.keys(m.params).length === 0 ? params : { ...params, ...(m.params as RouteParams) }
    const own = patternText(m.pattern)
    const pattern = prefix === undefined || own === undefined ? undefined : prefix + own
    if (node.kind === 'route') {
      if (!handles(node.route, method)) continue
      const marks = marksFor(node, method)
      out.push({ pattern: pattern === undefined ? undefined : normalizePattern(pattern || '/'), annotations: marks.annotations, endpoint: marks.endpoint, params: merged })
      continue
    }
    // As `trimPrefix` does: the mount path must end at a segment boundary.
    const mounted = m.path
    if (mounted.length !== 0) {
      if (mounted !== path.substring(0, mounted.length)) continue
      const next = path[mounted.length]
      if (next !== undefined && next !== '/') continue
    }
    const rest = path.slice(mounted.length)
    collect(node.children, rest.startsWith('/') ? rest : `/${rest}`, method, merged, pattern, out)
  }
}

function pathname(url: string): string {
  const q = url.indexOf('?')
  return q < 0 ? url : url.slice(0, q)
}

/** The path as the app's router matches it, at the guard. */
export function routerPath(req: Request, catalogue: Catalogue): string {
  const path = pathname(req.url)
  return catalogue.guardHasPath ? req.baseUrl + path : path
}

/**
 * Every route the request can reach. Throws `ERR_INVALID_PARAMETER` (400) for a parameter the
 * router cannot decode, as the router itself would fail it.
 */
export function routesFor(catalogue: Catalogue, path: string, method: string): RouteMatch<Request>[] {
  const out: RouteMatch<Request>[] = []
  try {
    collect(catalogue.nodes, path, method, {}, '', out)
  } catch (error) {
    if (error instanceof URIError || (error as { status?: unknown })?.status === 400) {
      throw new IamError('ERR_INVALID_PARAMETER', 'A path parameter is not valid percent-encoding.', { cause: error })
    }
    throw error
  }
  return out
}

function describeNodes(nodes: readonly Node[], prefixes: readonly string[] | undefined, resolved: ReturnType<typeof resolveOptions<Request>>, out: AppRoute[]): void {
  for (const node of nodes) {
    const own = rawPaths(node.layer)
    const full = prefixes === undefined || own === undefined ? undefined : prefixes.flatMap((p) => own.map((o) => p + o))
    if (node.kind === 'mount') {
      describeNodes(node.children, full, resolved, out)
      continue
    }
    const methods = Object.keys(node.route.methods).filter((m) => node.route.methods[m] === true).map((m) => (m === '_all' ? '*' : m.toUpperCase()))
    for (const method of methods) {
      const marks = marksFor(node, method)
      for (const pattern of full ?? [undefined]) {
        out.push(describeWith(method, pattern === undefined ? undefined : normalizePattern(pattern || '/'), marks, resolved))
      }
    }
  }
}

/**
 * Every route of an Express app, as `iamGuard(iam, options)` would decide it: annotated, in the
 * route table, public, a self-authorizing endpoint, or undeclared. For `iam.analyze()`, the
 * console and the CLI; sub-apps are not looked into.
 */
export function collectRoutes(app: Application, options: GuardOptions<Request> = {}): AppRoute[] {
  const router = (app as unknown as { router?: { stack?: unknown } }).router
  if (!Array.isArray(router?.stack)) throw new IamError('ERR_INVALID_OPTION', 'app: collectRoutes(app) needs an Express 5 app')
  const nodes = read(router.stack as LayerLike[], 0, [], new Set([router]))
  const out: AppRoute[] = []
  describeNodes(nodes, [''], resolveOptions(options), out)
  return out
}

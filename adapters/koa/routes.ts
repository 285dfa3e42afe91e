/**
 * The routes of a Koa 3 app that a request can reach, before any router runs: every
 * `@koa/router` router mounted after `iamGuard()` (`app.use(router.routes())`; routers nested with
 * `router.use()` are part of their parent), asked through its own `match(path, method)` in app
 * order, exactly the layers it would dispatch. Layers without methods (`router.use()`
 * middleware) are middleware, not routes. Parameters are decoded strictly: an invalid
 * percent-encoding is 400, as Express answers it (the router itself would keep the raw text).
 */
import type { Context } from 'koa'
import {
  annotationOf, describeWith, IamError, marksOf, missingPlaceholder, normalizePattern, resolveOptions, type AppRoute, type GuardOptions, type RouteMatch,
} from '../../src/index.js'

interface ParamName {
  name: string
  type?: string
}

interface LayerLike {
  path: unknown
  methods: string[]
  stack: unknown[]
  paramNames: ParamName[]
  opts: { ignoreWildcardParameter?: string }
  captures(path: string): string[]
}

interface RouterLike {
  stack?: unknown
  opts?: { routerPath?: string }
  match(path: string, method: string): { pathAndMethod: LayerLike[]; route: boolean }
  matchHost?(host: string): boolean
}

function misconfigured(message: string): IamError {
  return new IamError('ERR_INTERNAL', `iamGuard(): ${message}`)
}

/** Router → the stack length its annotations were checked at. */
const checked = new WeakMap<object, number>()

/**
 * Loud at start: an annotation whose template names a placeholder that is no parameter of its
 * route, no value resolver and not `{account}` fails every request, naming the route.
 */
function checkAnnotations(router: RouterLike): void {
  const stack = router.stack
  if (!Array.isArray(stack) || checked.get(router) === stack.length) return
  for (const layer of stack as LayerLike[]) {
    if (layer.methods.length === 0 || typeof layer.path !== 'string') continue
    const params = new Set(layer.paramNames.map((p) => p.name))
    for (const fn of layer.stack) {
      const annotation = annotationOf<Context>(fn)
      const missing = annotation === undefined ? undefined : missingPlaceholder(annotation, params)
      if (missing !== undefined) {
        throw new IamError('ERR_INVALID_OPTION', `authorize() on ${layer.path}: the resource template's placeholder {${missing}} is not a parameter of the route, a value resolver or {account}`)
      }
    }
  }
  checked.set(router, stack.length)
}

function routersAfter(ctx: Context, guard: unknown): RouterLike[] {
  const middleware = (ctx.app as unknown as { middleware?: unknown }).middleware
  if (!Array.isArray(middleware)) throw misconfigured('the app is not a Koa 3 app')
  const at = middleware.indexOf(guard)
  if (at < 0) throw misconfigured('mount it on the app itself: app.use(iamGuard(iam))')
  const routers: RouterLike[] = []
  for (let i = at + 1; i < middleware.length; i++) {
    const router = (middleware[i] as { router?: RouterLike } | undefined)?.router
    if (router === undefined || typeof router.match !== 'function') continue
    checkAnnotations(router)
    routers.push(router)
  }
  return routers
}

function decode(text: string, name: string): string {
  try {
    return decodeURIComponent(text)
  } catch (error) {
    throw new IamError('ERR_INVALID_PARAMETER', `The value of parameter "${name}" is not valid percent-encoding.`, { cause: error })
  }
}

/** As `Layer#params` computes them, but refusing what cannot be decoded. */
function paramsOf(layer: LayerLike, path: string): Record<string, string> {
  const params: Record<string, string> = {}
  const captures = layer.captures(path)
  for (let i = 0; i < captures.length; i++) {
    const definition = layer.paramNames[i]
    const value = captures[i]
    if (definition === undefined || value === undefined || value.length === 0) continue
    if (layer.opts.ignoreWildcardParameter === definition.name && definition.type === 'wildcard') continue
    Object.defineProperty(params, definition.name, { value: decode(value, definition.name), enumerable: true, configurable: true, writable: true })
  }
  return params
}

export function routesFor(ctx: Context, guard: unknown): RouteMatch<Context>[] {
  const out: RouteMatch<Context>[] = []
  const method = ctx.method.toUpperCase()
  for (const router of routersAfter(ctx, guard)) {
    if (typeof router.matchHost === 'function' && !router.matchHost(ctx.host)) continue
    const path = router.opts?.routerPath ?? ctx.path
    const matched = router.match(path, method)
    // A router with no route for this request passes it on without running any of its layers.
    if (!matched.route) continue
    for (const layer of matched.pathAndMethod) {
      if (layer.methods.length === 0) continue
      const marks = marksOf<Context>(layer.stack)
      out.push({
        pattern: typeof layer.path === 'string' ? normalizePattern(layer.path) : undefined,
        annotations: marks.annotations,
        endpoint: marks.endpoint,
        params: paramsOf(layer, path),
      })
    }
  }
  return out
}

/**
 * Every route of the `@koa/router` routers mounted on a Koa app, as `iamGuard(iam, options)`
 * would decide it: annotated, in the route table, public, a self-authorizing endpoint, or
 * undeclared. For `iam.analyze()`, the console and the CLI. (`HEAD` is left out where `GET`
 * serves it.)
 */
export function collectRoutes(app: { middleware?: unknown }, options: GuardOptions<Context> = {}): AppRoute[] {
  if (!Array.isArray(app?.middleware)) throw new IamError('ERR_INVALID_OPTION', 'app: collectRoutes(app) needs a Koa 3 app')
  const resolved = resolveOptions(options)
  const out: AppRoute[] = []
  for (const fn of app.middleware as unknown[]) {
    const stack = (fn as { router?: RouterLike } | undefined)?.router?.stack
    if (!Array.isArray(stack)) continue
    for (const layer of stack as LayerLike[]) {
      if (layer.methods.length === 0) continue
      const pattern = typeof layer.path === 'string' ? normalizePattern(layer.path) : undefined
      const marks = marksOf<Context>(layer.stack)
      for (const method of layer.methods) {
        if (method === 'HEAD' && layer.methods.includes('GET')) continue
        out.push(describeWith(method, pattern, marks, resolved))
      }
    }
  }
  return out
}

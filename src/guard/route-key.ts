/**
 * Route keys as users write them in `publicRoutes` and `routes`: `'GET /projects/:project'`.
 * The path part is compared with the pattern the framework's router matched (never with the
 * request's URL), after the same normalization on both sides.
 */
import { IamError } from '../errors.js'

export interface RouteKey {
  /** Upper-case method, or `'*'` for any method. */
  readonly method: string
  /** Normalized pattern. */
  readonly pattern: string
}

const METHOD = /^(?:[A-Z]+|\*)$/

/** Collapses repeated slashes and drops a trailing slash, so `/a//b/` and `/a/b` are one route. */
export function normalizePattern(pattern: string): string {
  let out = ''
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!
    if (c === '/' && out.endsWith('/')) continue
    out += c
  }
  if (out.length > 1 && out.endsWith('/')) out = out.slice(0, -1)
  return out === '' ? '/' : out
}

export function parseRouteKey(key: unknown, option: string): RouteKey {
  if (typeof key !== 'string') throw new IamError('ERR_INVALID_OPTION', `${option}: route keys must be strings like 'GET /health'`)
  const text = key.trim()
  const space = text.indexOf(' ')
  const method = space < 0 ? '' : text.slice(0, space).toUpperCase()
  const path = space < 0 ? '' : text.slice(space + 1).trim()
  if (!METHOD.test(method) || !path.startsWith('/')) {
    throw new IamError('ERR_INVALID_OPTION', `${option}: ${JSON.stringify(key)} is not a route like 'GET /health' (METHOD, one space, a path starting with /)`)
  }
  return { method, pattern: normalizePattern(path) }
}

/** Entries by method and pattern; `HEAD` falls back to `GET` as both routers do, then `*`. */
export class RouteTable<T> {
  readonly #entries = new Map<string, T>()

  get size(): number {
    return this.#entries.size
  }

  add(key: RouteKey, value: T, option: string): void {
    const id = `${key.method} ${key.pattern}`
    if (this.#entries.has(id)) throw new IamError('ERR_INVALID_OPTION', `${option}: the route '${id}' is listed twice`)
    this.#entries.set(id, value)
  }

  lookup(method: string, pattern: string): T | undefined {
    const p = normalizePattern(pattern)
    return (
      this.#entries.get(`${method} ${p}`) ??
      (method === 'HEAD' ? this.#entries.get(`GET ${p}`) : undefined) ??
      this.#entries.get(`* ${p}`)
    )
  }

  keys(): IterableIterator<string> {
    return this.#entries.keys()
  }
}

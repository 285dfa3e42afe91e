/**
 * A route's declaration (annotation or route-table entry), validated and compiled once, when
 * `authorize()` or `iamGuard()` is called: a bad declaration fails at start-up, naming the option.
 */
import type { ContextValue } from '../evaluate/types.js'
import { IamError } from '../errors.js'
import { compileResourceTemplate, type ResourceTemplate } from './resource-template.js'
import type { RouteAuthorization, RouteParams, TagsInput, ValueResolver } from './types.js'

export interface CompiledRoute<R = unknown> {
  readonly actions: readonly string[]
  readonly resource: ResourceTemplate
  readonly resourceAccount: string | ValueResolver<R> | undefined
  readonly values: ReadonlyMap<string, ValueResolver<R>>
  readonly multiSegment: ReadonlySet<string>
  /** Static custom keys, or a resolver. */
  readonly context:
    | ReadonlyMap<string, ContextValue>
    | ((req: R, params: RouteParams) => Readonly<Record<string, ContextValue>> | Promise<Readonly<Record<string, ContextValue>>>)
    | undefined
  readonly resourceTags: ((req: R, params: RouteParams) => TagsInput | undefined | Promise<TagsInput | undefined>) | undefined
  readonly requestTags: true | ((body: unknown, req: R) => TagsInput | undefined) | undefined
}

/** `service:Action` as AWS writes them; a route declares exact actions, never patterns. */
const ACTION = /^[A-Za-z0-9][A-Za-z0-9-]*:[A-Za-z0-9][A-Za-z0-9_-]*$/

function invalid(option: string, message: string): IamError {
  return new IamError('ERR_INVALID_OPTION', `${option}: ${message}`)
}

function actionsOf<R>(spec: RouteAuthorization<R>, option: string): string[] {
  const list = spec.actions !== undefined ? spec.actions : spec.action !== undefined ? [spec.action] : undefined
  if (spec.actions !== undefined && spec.action !== undefined) throw invalid(option, 'give either action or actions, not both')
  if (list === undefined || !Array.isArray(list) || list.length === 0) throw invalid(`${option}.action`, 'is required (service:Action)')
  for (const a of list) {
    if (typeof a !== 'string' || !ACTION.test(a)) throw invalid(`${option}.action`, `${JSON.stringify(a)} is not an action like docs:GetDocument`)
  }
  return [...list]
}

function isFunction(value: unknown): value is (...args: never[]) => unknown {
  return typeof value === 'function'
}

/** Custom keys are the route's own: `aws:` keys come from the request and the principal only. */
export function checkCustomKey(key: string, option: string): void {
  if (key.length === 0 || key.length > 256) throw invalid(option, `condition key ${JSON.stringify(key)} must be 1-256 characters`)
  if (key.toLowerCase().startsWith('aws:')) throw invalid(option, `condition key ${JSON.stringify(key)} is filled by iam-guard and cannot be set by a route`)
}

function staticContext(value: object, option: string): Map<string, ContextValue> {
  const map = new Map<string, ContextValue>()
  for (const [key, v] of Object.entries(value)) {
    checkCustomKey(key, option)
    const ok = ['string', 'number', 'boolean'].includes(typeof v) || (Array.isArray(v) && v.every((x) => ['string', 'number', 'boolean'].includes(typeof x)))
    if (!ok) throw invalid(option, `value of ${JSON.stringify(key)} must be a string, number, boolean or an array of them`)
    map.set(key, v as ContextValue)
  }
  return map
}

const KNOWN = new Set(['action', 'actions', 'resource', 'resourceAccount', 'values', 'multiSegment', 'context', 'resourceTags', 'requestTags'])

export function compileRoute<R>(spec: RouteAuthorization<R>, option: string, defaultMultiSegment: ReadonlySet<string>): CompiledRoute<R> {
  if (spec === null || typeof spec !== 'object') throw invalid(option, 'must be an object with action and resource')
  for (const key of Object.keys(spec)) if (!KNOWN.has(key)) throw invalid(`${option}.${key}`, 'is not a known option')
  const actions = actionsOf(spec, option)
  const resource = compileResourceTemplate(spec.resource, `${option}.resource`)
  const values = new Map<string, ValueResolver<R>>()
  if (spec.values !== undefined) {
    if (spec.values === null || typeof spec.values !== 'object') throw invalid(`${option}.values`, 'must be an object of functions')
    for (const [name, fn] of Object.entries(spec.values)) {
      if (!isFunction(fn)) throw invalid(`${option}.values.${name}`, 'must be a function (req, params) => string')
      values.set(name, fn)
    }
  }
  const multiSegment = new Set(defaultMultiSegment)
  if (spec.multiSegment !== undefined) {
    if (!Array.isArray(spec.multiSegment) || !spec.multiSegment.every((n) => typeof n === 'string')) throw invalid(`${option}.multiSegment`, 'must be an array of parameter names')
    for (const n of spec.multiSegment) multiSegment.add(n)
  }
  const ra = spec.resourceAccount
  if (ra !== undefined && typeof ra !== 'string' && !isFunction(ra)) throw invalid(`${option}.resourceAccount`, 'must be an account id or a function')
  const ctx = spec.context
  if (ctx !== undefined && (ctx === null || (typeof ctx !== 'object' && !isFunction(ctx)))) throw invalid(`${option}.context`, 'must be an object of condition keys or a function')
  if (spec.resourceTags !== undefined && !isFunction(spec.resourceTags)) throw invalid(`${option}.resourceTags`, 'must be a function (req, params) => tags')
  const rt = spec.requestTags
  if (rt !== undefined && rt !== true && !isFunction(rt)) throw invalid(`${option}.requestTags`, 'must be true or a function (body, req) => tags')
  return {
    actions,
    resource,
    resourceAccount: ra,
    values,
    multiSegment,
    context: ctx === undefined ? undefined : isFunction(ctx) ? ctx : staticContext(ctx, `${option}.context`),
    resourceTags: spec.resourceTags,
    requestTags: rt,
  }
}

/**
 * For route-table entries the route's parameters are known: every placeholder must be a
 * parameter, a value resolver or `{account}`.
 */
export function checkPlaceholders<R>(route: CompiledRoute<R>, pattern: string, option: string): void {
  const params = new Set(patternParameters(pattern))
  const missing = missingPlaceholder(route, params)
  if (missing !== undefined) throw invalid(`${option}.resource`, `placeholder {${missing}} is neither a parameter of the route nor one of its values`)
}

/** The parameter names of a route pattern in the routers' syntax (`:name`, `*name`, `:"quoted"`). */
export function patternParameters(pattern: string): string[] {
  const names: string[] = []
  for (const m of pattern.matchAll(/[:*](?:([A-Za-z_$][A-Za-z0-9_$]*)|"((?:[^"\\]|\\.)*)")/g)) names.push(m[1] ?? m[2]!.replace(/\\(.)/g, '$1'))
  return names
}

/** The first placeholder of `route`'s template that is no parameter, value resolver or `{account}`. */
export function missingPlaceholder<R>(route: CompiledRoute<R>, params: ReadonlySet<string>): string | undefined {
  for (const name of route.resource.names) {
    if (name !== 'account' && !params.has(name) && !route.values.has(name)) return name
  }
  return undefined
}

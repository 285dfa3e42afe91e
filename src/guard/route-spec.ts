/**
 * A route's declaration (annotation or route-table entry), validated and compiled once, when
 * `authorize()` or `iamGuard()` is called: a bad declaration fails at start-up, naming the option.
 */
import type { ContextValue } from '../evaluate/types.js'
import { IamError } from '../errors.js'
import { addCustomContext, multivaluedKeys } from './custom-context.js'
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
    | ((req: R, params: RouteParams) => Readonly<Record<string, unknown>> | Promise<Readonly<Record<string, unknown>>>)
    | undefined
  /** Lower-cased custom keys that may carry a list of values. */
  readonly multivalued: ReadonlySet<string>
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

function staticContext(value: object, multivalued: ReadonlySet<string>, option: string): Map<string, ContextValue> {
  const map = new Map<string, ContextValue>()
  addCustomContext(map, Object.entries(value), multivalued, 'ERR_INVALID_OPTION', option)
  return map
}

const KNOWN = new Set(['action', 'actions', 'resource', 'resourceAccount', 'values', 'multiSegment', 'context', 'multivalued', 'resourceTags', 'requestTags'])

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
  const multivalued = multivaluedKeys(spec.multivalued, option)
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
    context: ctx === undefined ? undefined : isFunction(ctx) ? ctx : staticContext(ctx, multivalued, `${option}.context`),
    multivalued,
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

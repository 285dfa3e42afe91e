/**
 * Everything asynchronous a route check needs, done BEFORE the synchronous evaluation: the
 * resource ARN from the template (placeholders from resolvers, route parameters or the
 * principal's account, each value checked for its place in the ARN), the owner account, and the
 * route's condition keys (request tags from the body, resource tags from a resolver, custom keys).
 */
import type { ContextValue } from '../evaluate/types.js'
import { IamError, isIamError } from '../errors.js'
import type { Principal } from '../identity/principal.js'
import { isAccountId } from '../principal-arn.js'
import { checkValue } from './parameter-value.js'
import { addTags } from './request-context.js'
import { renderTemplate } from './resource-template.js'
import { addCustomContext } from './custom-context.js'
import type { CompiledRoute } from './route-spec.js'
import { bodyTags, readTags } from './tags.js'
import type { RouteParams } from './types.js'

/** An error thrown by the app's own resolver: shown to the client only if it is an `IamError`. */
function fromResolver(error: unknown, what: string): IamError {
  return isIamError(error) ? error : new IamError('ERR_INTERNAL', `${what} failed`, { cause: error })
}

function missing(name: string): IamError {
  return new IamError(
    'ERR_INVALID_OPTION',
    `resource template placeholder {${name}} has no value: it is not a route parameter, a value resolver or {account}` +
      ' (a nested Express router needs mergeParams: true to see its parent\'s parameters)',
  )
}

export async function resolveResource<R>(
  route: CompiledRoute<R>, params: RouteParams, principal: Principal, raw: R, multiSegment: ReadonlySet<string>,
): Promise<string> {
  const values = new Map<string, string>()
  for (const piece of route.resource.pieces) {
    if (!('name' in piece)) continue
    const { name, slot } = piece
    let value: unknown
    const resolver = route.values.get(name)
    if (resolver !== undefined) {
      try {
        value = await resolver(raw, params)
      } catch (error) {
        throw fromResolver(error, `value resolver {${name}}`)
      }
    } else if (Object.hasOwn(params, name)) value = params[name]
    else if (name === 'account') value = principal.account
    else throw missing(name)
    // A value used in two places must fit both.
    values.set(name, checkValue(name, value, slot, route.multiSegment.has(name) || multiSegment.has(name)))
  }
  return renderTemplate(route.resource, values)
}

export async function resolveResourceAccount<R>(route: CompiledRoute<R>, fallback: string | undefined, params: RouteParams, raw: R): Promise<string | undefined> {
  const ra = route.resourceAccount
  if (ra === undefined) return fallback
  if (typeof ra === 'string') return ra
  let value: unknown
  try {
    value = await ra(raw, params)
  } catch (error) {
    throw fromResolver(error, 'resourceAccount resolver')
  }
  if (typeof value !== 'string' || !isAccountId(value)) throw new IamError('ERR_INTERNAL', 'resourceAccount resolver returned no account id')
  return value
}

export async function routeContext<R>(
  base: ReadonlyMap<string, ContextValue>, route: CompiledRoute<R>, params: RouteParams, raw: R, body: () => unknown,
): Promise<ReadonlyMap<string, ContextValue>> {
  // Most routes add nothing: share the request's own context instead of copying it.
  if (route.requestTags === undefined && route.resourceTags === undefined && route.context === undefined) return base
  const ctx = new Map(base)
  if (route.requestTags !== undefined) {
    const input = route.requestTags === true ? bodyTags(body()) : route.requestTags(body(), raw)
    if (input !== undefined) addTags(ctx, 'aws:RequestTag/', readTags(input, 'request tags'))
  }
  if (route.resourceTags !== undefined) {
    let tags: ReadonlyMap<string, string> | undefined
    try {
      const input = await route.resourceTags(raw, params)
      tags = input === undefined ? undefined : readTags(input, 'resource tags')
    } catch (error) {
      throw fromResolver(error, 'resourceTags resolver')
    }
    if (tags !== undefined) addTags(ctx, 'aws:ResourceTag/', tags)
  }
  if (route.context !== undefined) {
    if (route.context instanceof Map) {
      for (const [k, v] of route.context) ctx.set(k, v)
    } else {
      let custom: unknown
      try {
        custom = await (route.context as (req: R, params: RouteParams) => unknown)(raw, params)
      } catch (error) {
        throw fromResolver(error, 'context resolver')
      }
      if (custom === null || typeof custom !== 'object' || Array.isArray(custom)) throw new IamError('ERR_INTERNAL', 'context resolver must return an object of condition keys')
      // The values usually come from the request (query, body, headers): a bad one is the client's.
      addCustomContext(ctx, Object.entries(custom), route.multivalued, 'ERR_INVALID_REQUEST', 'context')
    }
  }
  return ctx
}

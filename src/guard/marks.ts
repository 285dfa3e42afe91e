/**
 * How an adapter recognises the guard's own functions among a route's handlers: an
 * `authorize()` annotation carries its compiled declaration, an `stsRouter`/`adminRouter`/
 * `jwksHandler` handler its endpoint mark. Marks are read, never written, by the route catalogue.
 */
import { IAM_ENDPOINT, type EndpointRouteMark } from './endpoints/routes.js'
import type { CompiledRoute } from './route-spec.js'
import type { EndpointAuth } from './types.js'

export const ANNOTATION: unique symbol = Symbol.for('iam-guard.annotation')

/** Marks `fn` as the `authorize()` annotation declaring `route`. */
export function markAnnotation<F extends object>(fn: F, route: CompiledRoute<never>): F {
  Object.defineProperty(fn, ANNOTATION, { value: route })
  return fn
}

export function annotationOf<R>(fn: unknown): CompiledRoute<R> | undefined {
  if (typeof fn !== 'function') return undefined
  return (fn as { [ANNOTATION]?: CompiledRoute<R> })[ANNOTATION]
}

export function endpointOf(fn: unknown): EndpointAuth | undefined {
  if (typeof fn !== 'function') return undefined
  return (fn as { [IAM_ENDPOINT]?: EndpointRouteMark })[IAM_ENDPOINT]?.route?.auth
}

/** What a route's handlers declare for one method: its annotations, in order, and its endpoint. */
export interface HandlerMarks<R> {
  readonly annotations: readonly CompiledRoute<R>[]
  readonly endpoint: EndpointAuth | undefined
}

const NONE: HandlerMarks<never> = Object.freeze({ annotations: Object.freeze([]) as readonly never[], endpoint: undefined })

export function marksOf<R>(handlers: Iterable<unknown>): HandlerMarks<R> {
  let annotations: CompiledRoute<R>[] | undefined
  let endpoint: EndpointAuth | undefined
  for (const fn of handlers) {
    const annotation = annotationOf<R>(fn)
    if (annotation !== undefined) (annotations ??= []).push(annotation)
    endpoint ??= endpointOf(fn)
  }
  return annotations === undefined && endpoint === undefined ? (NONE as HandlerMarks<R>) : { annotations: annotations ?? [], endpoint }
}

/**
 * What the guard knows about one request, from its decision until the response: who is calling,
 * the context keys fixed for the request, the routes it can reach and which of them were
 * decided. The guard owns it; adapters only hold the `RequestIam` (`req.iam`,
 * `ctx.state.iam`), through which the guard finds the state again.
 */
import type { ContextValue } from '../evaluate/types.js'
import type { IamError } from '../errors.js'
import type { AuthorizeResult } from '../iam-types.js'
import type { Principal } from '../identity/principal.js'
import type { AuthVia } from './authenticate.js'
import type { CompiledRoute } from './route-spec.js'
import type { AuditEvent, GuardOutcome, GuardRequest, RequestIam, RouteMatch } from './types.js'

/** The part of a guard a request's state points back to: deciding an annotation at dispatch. */
export interface GuardCore<R> {
  atAnnotation(state: RequestState<R>, annotation: CompiledRoute<R>, method: string): Promise<GuardOutcome> | undefined
}

export interface RequestState<R = unknown> {
  readonly core: GuardCore<R>
  /** The guard's audit hook, which the STS endpoints behind it use as well. */
  readonly onDecision: ((event: AuditEvent) => void | Promise<void>) | undefined
  readonly iam: RequestIam
  readonly requestId: string
  readonly request: GuardRequest<R>
  /** `performance.now()` when the guard saw the request (durations). */
  readonly startedAt: number
  readonly principal: Principal | undefined
  readonly via: AuthVia | undefined
  /** Why there is no principal, for the 401 a guarded route answers. */
  readonly authError: IamError | undefined
  /** `aws:SourceIp`, `aws:CurrentTime`… fixed once per request. */
  readonly context: ReadonlyMap<string, ContextValue>
  /** The routes the request can reach, in dispatch order. */
  matches: readonly RouteMatch<R>[]
  /** Indexes of `matches` already decided (allowed) before dispatch or at an annotation. */
  readonly decided: Set<number>
  /** The last route an annotation was found in, so that dispatch only moves forward. */
  cursor: number
  decisions: AuthorizeResult[]
  /** Set once an annotation reached at dispatch refused the request: its error answer must go out. */
  refused: boolean
  /** The pattern of the route being decided, for audit. */
  route: string | undefined
}

const states = new WeakMap<RequestIam, RequestState<unknown>>()

export function register<R>(iam: RequestIam, state: RequestState<R>): void {
  states.set(iam, state as RequestState<unknown>)
}

/** The state behind a `RequestIam` this guard issued; `undefined` for anything else. */
export function stateOf<R>(iam: unknown): RequestState<R> | undefined {
  if (iam === null || typeof iam !== 'object') return undefined
  return states.get(iam as RequestIam) as RequestState<R> | undefined
}

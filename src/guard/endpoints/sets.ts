/**
 * What an adapter mounts for `stsRouter`, `adminRouter` and `jwksHandler`: the endpoints with
 * their options and, for each, the mark its handler carries so that `iamGuard` recognises it as
 * self-authorizing wherever the router is mounted or nested.
 */
import { ADMIN_OPERATIONS } from '../../identity/admin.js'
import type { IamSts } from '../../sts/types.js'
import { createAdminEndpoints, type AdminIam } from './admin.js'
import type { AdminRouterOptions, ResolvedEndpointOptions, StsRouterOptions } from './options.js'
import { ADMIN_ROUTES, JWKS_ROUTE, STS_ROUTES, type EndpointMark, type EndpointRouteMark } from './routes.js'
import { createJwksEndpoint, createStsEndpoints } from './sts.js'
import type { Endpoint } from './types.js'

export interface MarkedEndpoint {
  readonly endpoint: Endpoint
  readonly mark: EndpointRouteMark
}

export interface EndpointSet {
  readonly options: ResolvedEndpointOptions
  readonly endpoints: readonly MarkedEndpoint[]
  /** The mark of the router as a whole. */
  readonly mark: EndpointMark
}

function marked(options: ResolvedEndpointOptions, endpoints: readonly Endpoint[], mark: EndpointMark): EndpointSet {
  return {
    options,
    mark,
    endpoints: endpoints.map((endpoint) => ({ endpoint, mark: { ...mark, route: { method: endpoint.method, path: endpoint.path, auth: endpoint.auth } } })),
  }
}

export function stsEndpointSet(sts: IamSts, options?: StsRouterOptions): EndpointSet {
  const { options: resolved, endpoints } = createStsEndpoints(sts, options)
  return marked(resolved, endpoints, { kind: 'sts', routes: STS_ROUTES })
}

export function jwksEndpointSet(sts: IamSts, options?: Pick<StsRouterOptions, 'jwksMaxAgeSeconds'>): EndpointSet {
  const { options: resolved, endpoints } = createJwksEndpoint(sts, options)
  return marked(resolved, endpoints, { kind: 'jwks', routes: [JWKS_ROUTE] })
}

export function adminEndpointSet(iam: AdminIam, options?: AdminRouterOptions): EndpointSet {
  const { options: resolved, endpoints } = createAdminEndpoints(iam, ADMIN_OPERATIONS, options)
  return marked(resolved, endpoints, { kind: 'admin', routes: ADMIN_ROUTES })
}

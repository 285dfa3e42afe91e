/**
 * `adminRouter(iam)` for Koa 3 with `@koa/router`: the admin API as `POST /<Operation>` (e.g.
 * `POST /CreateUser`), each request authorized by IAM itself as `iam:<Operation>` on the entity's
 * ARN. Translation only; the endpoint is `src/guard/endpoints/admin.ts`.
 */
import Router from '@koa/router'
import { ADMIN_OPERATIONS } from '../../src/index.js'
import {
  ADMIN_ROUTES,
  createAdminEndpoints,
  IAM_ENDPOINT,
  type AdminIam,
  type AdminRouterOptions,
  type EndpointMark,
} from '../../src/index.js'
import { koaEndpoint } from './sts-router.js'

/**
 * E.g. `app.use(adminRouter(iam, { prefix: '/iam' }).routes())`. Behind `iamGuard` it uses the
 * guard's principal; alone it authenticates the Bearer token or the server session itself. Either
 * way every operation is authorized by `iam.authorize` before the admin method runs.
 */
export function adminRouter(iam: AdminIam, options?: AdminRouterOptions & { prefix?: string }): Router {
  const { options: resolved, endpoints } = createAdminEndpoints(iam, ADMIN_OPERATIONS, options)
  const mark: EndpointMark = { kind: 'admin', routes: ADMIN_ROUTES }
  const router = options?.prefix === undefined ? new Router() : new Router({ prefix: options.prefix })
  for (const endpoint of endpoints) router.post(endpoint.path, koaEndpoint(endpoint, resolved, mark))
  Object.defineProperty(router, IAM_ENDPOINT, { value: mark })
  return router
}

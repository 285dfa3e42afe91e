/**
 * `stsRouter(iam)`, `adminRouter(iam)` and `jwksHandler(iam)` for Express 5. Only translation
 * lives here: `req` into the neutral `HttpInput`, the neutral `EndpointResult` back into `res`
 * and `req.session`. The endpoints themselves are in `src/guard/endpoints`.
 */
import { Router, type Request, type RequestHandler, type Response } from 'express'
import {
  adminEndpointSet, decisionHookOf, IAM_ENDPOINT, jwksEndpointSet, readSessionState, runEndpoint, sessionFailure, stsEndpointSet, writeSessionState,
  type AdminIam, type AdminRouterOptions, type EndpointResult, type EndpointSet, type HttpInput, type Iam, type MarkedEndpoint,
  type RequestIam, type StsRouterOptions,
} from '../../src/index.js'

/** `express-session`'s session object, as far as the routers use it. */
interface ExpressSession {
  regenerate(callback: (error?: unknown) => void): void
  destroy(callback: (error?: unknown) => void): void
  save(callback: (error?: unknown) => void): void
}

type SessionRequest = Request & { session?: ExpressSession & Record<string, unknown> }

function toInput(req: SessionRequest): HttpInput {
  // What `iamGuard` left on the request; the routers also work without it.
  const guard = req.iam as RequestIam | undefined
  // Express 5 leaves `req.body` undefined unless a body parser ran.
  const parsed = (req as { body?: unknown }).body
  return {
    method: req.method,
    headers: req.headersDistinct,
    origin: `${req.protocol}://${req.host ?? ''}`,
    sourceIp: req.ip,
    secure: req.secure,
    body: parsed === undefined ? { kind: 'stream', stream: req } : { kind: 'parsed', value: parsed },
    params: (req.params ?? {}) as Record<string, string>,
    principal: guard?.principal,
    requestId: guard?.requestId,
    onDecision: decisionHookOf(guard),
    session: req.session === undefined ? undefined : readSessionState(req.session),
  }
}

function call(fn: (callback: (error?: unknown) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => fn((error) => (error === undefined || error === null ? resolve() : reject(error))))
}

async function applySession(req: SessionRequest, result: EndpointResult): Promise<void> {
  const change = result.session
  const session = req.session
  if (change === undefined || session === undefined) return
  if (change.kind === 'destroy') {
    await call((done) => session.destroy(done))
    return
  }
  await call((done) => session.regenerate(done))
  // `regenerate` replaced `req.session` with a fresh session under a new id.
  const fresh = req.session as ExpressSession & Record<string, unknown>
  writeSessionState(fresh, change.state)
  await call((done) => fresh.save(done))
}

function handlerFor({ endpoint, mark }: MarkedEndpoint, set: EndpointSet): RequestHandler {
  const handler: RequestHandler = async (req, res: Response) => {
    let result = await runEndpoint(endpoint, toInput(req as SessionRequest), set.options)
    try {
      await applySession(req as SessionRequest, result)
    } catch (error) {
      result = sessionFailure(result, error, set.options.onError)
    }
    res.status(result.status).set(result.headers).json(result.body)
  }
  // iamGuard recognises these handlers as self-authorizing (see `IAM_ENDPOINT`).
  Object.defineProperty(handler, IAM_ENDPOINT, { value: mark })
  return handler
}

function routerFor(set: EndpointSet): Router {
  const router = Router()
  for (const marked of set.endpoints) router.route(marked.endpoint.path)[marked.endpoint.method === 'GET' ? 'get' : 'post'](handlerFor(marked, set))
  Object.defineProperty(router, IAM_ENDPOINT, { value: set.mark })
  return router
}

/**
 * The STS endpoints (see `STS_ROUTES`): `POST /login`, `/logout`, `/assume-role`,
 * `/assume-role-with-web-identity`, `/get-session-token`, `/switch-role`, `/switch-back`,
 * `GET /caller-identity` and `GET /.well-known/jwks.json`. Mount it after the session middleware,
 * e.g. `app.use('/sts', stsRouter(iam))`.
 */
export function stsRouter(iam: Pick<Iam, 'sts'>, options?: StsRouterOptions): Router {
  return routerFor(stsEndpointSet(iam?.sts, options))
}

/**
 * The admin API as `POST /<Operation>` (e.g. `POST /CreateUser`), each request authorized by IAM
 * itself as `iam:<Operation>` on the entity's ARN, e.g. `app.use('/iam', adminRouter(iam))`.
 * Behind `iamGuard` it uses the guard's principal; alone it authenticates the Bearer token or the
 * server session itself.
 */
export function adminRouter(iam: AdminIam, options?: AdminRouterOptions): Router {
  return routerFor(adminEndpointSet(iam, options))
}

/** `GET /.well-known/jwks.json` on its own, e.g. `app.get('/.well-known/jwks.json', jwksHandler(iam))`. */
export function jwksHandler(iam: Pick<Iam, 'sts'>, options?: Pick<StsRouterOptions, 'jwksMaxAgeSeconds'>): RequestHandler {
  const set = jwksEndpointSet(iam?.sts, options)
  return handlerFor(set.endpoints[0]!, set)
}

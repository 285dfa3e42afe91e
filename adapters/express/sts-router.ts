/**
 * `stsRouter(iam)` and `jwksHandler(iam)` for Express 5. Only translation lives here: `req` into
 * the neutral `HttpInput`, the neutral `EndpointResult` back into `res` and `req.session`. The
 * endpoints themselves are in `src/guard/endpoints`.
 */
import { Router, type Request, type RequestHandler, type Response } from 'express'
import type { Iam } from '../../src/index.js'
import {
  createJwksEndpoint,
  createStsEndpoints,
  IAM_ENDPOINT,
  JWKS_ROUTE,
  readSessionState,
  runEndpoint,
  sessionFailure,
  STS_ROUTES,
  writeSessionState,
  type Endpoint,
  type EndpointMark,
  type EndpointRouteMark,
  type EndpointResult,
  type HttpInput,
  type ResolvedEndpointOptions,
  type StsRouterOptions,
} from '../../src/index.js'
import type { Principal } from '../../src/index.js'

/** `express-session`'s session object, as far as the routers use it. */
interface ExpressSession {
  regenerate(callback: (error?: unknown) => void): void
  destroy(callback: (error?: unknown) => void): void
  save(callback: (error?: unknown) => void): void
}

type SessionRequest = Request & { session?: ExpressSession & Record<string, unknown> }

/** What `iamGuard` leaves on the request, read structurally so that the routers also work alone. */
function guardState(req: Request): { principal?: Principal; requestId?: string } | undefined {
  const iam = (req as { iam?: unknown }).iam
  return iam !== null && typeof iam === 'object' ? (iam as { principal?: Principal; requestId?: string }) : undefined
}

function toInput(req: SessionRequest): HttpInput {
  const guard = guardState(req)
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

function send(res: Response, result: EndpointResult): void {
  res.status(result.status).set(result.headers).json(result.body)
}

/** One Express handler per endpoint: mark the request, run the neutral pipeline, apply the answer. */
export function expressEndpoint(endpoint: Endpoint, options: ResolvedEndpointOptions, mark: EndpointMark): RequestHandler {
  const routeMark: EndpointRouteMark = { ...mark, route: { method: endpoint.method, path: endpoint.path, auth: endpoint.auth } }
  const handler: RequestHandler = async (req, res) => {
    ;(req as unknown as Record<symbol, unknown>)[IAM_ENDPOINT] = routeMark
    let result = await runEndpoint(endpoint, toInput(req as SessionRequest), options)
    try {
      await applySession(req as SessionRequest, result)
    } catch (error) {
      result = sessionFailure(result, error, options.onError)
    }
    send(res, result)
  }
  // iamGuard recognises these handlers as self-authorizing (see `IAM_ENDPOINT`).
  Object.defineProperty(handler, IAM_ENDPOINT, { value: routeMark })
  return handler
}

function mount(router: Router, endpoint: Endpoint, handler: RequestHandler): void {
  if (endpoint.method === 'GET') router.get(endpoint.path, handler)
  else router.post(endpoint.path, handler)
}

/**
 * The STS endpoints (see `STS_ROUTES`): `POST /login`, `/logout`, `/assume-role`,
 * `/assume-role-with-web-identity`, `/get-session-token`, `/switch-role`, `/switch-back`,
 * `GET /caller-identity` and `GET /.well-known/jwks.json`. Mount it after the session middleware,
 * e.g. `app.use('/sts', stsRouter(iam))`.
 */
export function stsRouter(iam: Pick<Iam, 'sts'>, options?: StsRouterOptions): Router {
  const { options: resolved, endpoints } = createStsEndpoints(iam?.sts, options)
  const mark: EndpointMark = { kind: 'sts', routes: STS_ROUTES }
  const router = Router()
  for (const endpoint of endpoints) mount(router, endpoint, expressEndpoint(endpoint, resolved, mark))
  Object.defineProperty(router, IAM_ENDPOINT, { value: mark })
  return router
}

/** `GET /.well-known/jwks.json` on its own, e.g. `app.get('/.well-known/jwks.json', jwksHandler(iam))`. */
export function jwksHandler(iam: Pick<Iam, 'sts'>, options?: Pick<StsRouterOptions, 'jwksMaxAgeSeconds'>): RequestHandler {
  const { options: resolved, endpoints } = createJwksEndpoint(iam?.sts, options)
  const mark: EndpointMark = { kind: 'jwks', routes: [JWKS_ROUTE] }
  return expressEndpoint(endpoints[0] as Endpoint, resolved, mark)
}

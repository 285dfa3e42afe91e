/**
 * A multi-tenant documents API on Express 5, guarded by iam-guard. Every route says which IAM
 * action it performs and on which resource ARN; the guard lets the handler run only after an
 * explicit Allow for exactly that request.
 *
 * In your own app the imports read:
 *   import { createIam, memoryStore, type Iam, type PolicyStore } from 'iam-guard'
 *   import { authorize, iamErrorHandler, iamGuard, stsRouter } from 'iam-guard/express'
 */
import express, { Router, type Express, type Request, type Response } from 'express'
import { authorize, iamErrorHandler, iamGuard, stsRouter, type ExpressGuardOptions } from '../../adapters/express/index.js'
import { createIam, IamError, memoryStore, type Iam, type PolicyStore } from '../../src/index.js'
import { demoTokenOptions } from '../shared/runtime.js'
import { demoDocuments, MAX_CONTENT_LENGTH, type DocumentTable } from './documents.js'

/** One document. `{account}` is the caller's own tenant unless the path names one (`/accounts/:account/…`). */
export const DOCUMENT_ARN = 'arn:app:docs::{account}:project/{project}/doc/{doc}'
/** A project, for listing its documents. */
export const PROJECT_ARN = 'arn:app:docs::{account}:project/{project}'

export interface DocsAppOptions {
  /** Where users, roles and policies live. Default: a fresh memory store. Ignored when `iam` is given. */
  store?: PolicyStore
  /** An `Iam` made elsewhere (the caller then closes it). Default: one made over `store`. */
  iam?: Iam
  /** The app's documents. Default: the demo documents. */
  documents?: DocumentTable
  /** Extra guard options, e.g. `onDecision` for an audit log. */
  guard?: Pick<ExpressGuardOptions, 'onDecision' | 'clock'>
}

export interface DocsApp {
  app: Express
  iam: Iam
  documents: DocumentTable
  /** Closes what `createApp` opened (the `Iam` and its store, unless they were given). */
  close(): Promise<void>
}

function params(req: Request): { account: string; project: string; doc: string } {
  // The guard has authorized exactly these values, so they are safe to use as keys.
  const p = req.params as Record<string, string>
  return { account: p['account'] ?? req.iam!.principal!.account, project: p['project']!, doc: p['doc'] ?? '' }
}

function notFound(what: string): IamError {
  return new IamError('ERR_NOT_FOUND', `${what} does not exist.`, { awsCode: 'NoSuchDocument' })
}

/** The document routes, mounted twice: for the caller's own tenant and for `/accounts/:account`. */
function documentRoutes(documents: DocumentTable): Router {
  const router = Router({ mergeParams: true })

  router.get('/projects/:project/docs', authorize('docs:ListDocuments', PROJECT_ARN), (req, res) => {
    const { account, project } = params(req)
    res.json({ account, project, documents: documents.list(account, project) })
  })

  router.get('/projects/:project/docs/:doc', authorize('docs:GetDocument', DOCUMENT_ARN), (req, res) => {
    const { account, project, doc } = params(req)
    const found = documents.get(account, project, doc)
    if (found === undefined) throw notFound(`Document ${project}/${doc}`)
    res.json({ account, project, doc, ...found })
  })

  router.put('/projects/:project/docs/:doc', authorize('docs:PutDocument', DOCUMENT_ARN), (req: Request, res: Response) => {
    const { account, project, doc } = params(req)
    const content = (req.body as { content?: unknown } | undefined)?.content
    if (typeof content !== 'string' || content.length > MAX_CONTENT_LENGTH) {
      throw new IamError('ERR_VALIDATION', `content must be a string of at most ${MAX_CONTENT_LENGTH} characters`)
    }
    const stored = { content, updatedBy: req.iam!.principal!.arn, updatedAt: new Date().toISOString() }
    documents.put(account, project, doc, stored)
    res.json({ account, project, doc, ...stored })
  })

  router.delete('/projects/:project/docs/:doc', authorize('docs:DeleteDocument', DOCUMENT_ARN), (req, res) => {
    const { account, project, doc } = params(req)
    if (!documents.delete(account, project, doc)) throw notFound(`Document ${project}/${doc}`)
    res.status(204).end()
  })

  return router
}

export async function createApp(options: DocsAppOptions = {}): Promise<DocsApp> {
  const ownIam = options.iam === undefined
  const iam = options.iam ?? (await createIam({ store: options.store ?? memoryStore(), tokens: demoTokenOptions('https://docs.example.test') }))
  const documents = options.documents ?? demoDocuments()

  const app = express()
  app.disable('x-powered-by')
  app.use(express.json({ limit: '64kb' }))
  // From here on, nothing runs without a principal and an Allow, except the public route.
  app.use(iamGuard(iam, { publicRoutes: ['GET /health'], ...options.guard }))
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' })
  })

  // POST /sts/login, /sts/assume-role, GET /sts/caller-identity …
  app.use('/sts', stsRouter(iam))

  const docs = documentRoutes(documents)
  app.use('/', docs)
  app.use('/accounts/:account', docs)

  // AWS's "Revoke active sessions" needs iam:PutRolePolicy on the role; so does this route.
  app.post('/roles/:role/revoke-sessions', authorize('iam:PutRolePolicy', 'arn:app:iam::{account}:role/{role}'), async (req, res) => {
    const roleArn = `arn:app:iam::${req.iam!.principal!.account}:role/${(req.params as Record<string, string>)['role']}`
    const issuedBefore = new Date()
    await iam.sts.revokeSessions({ roleArn, issuedBefore })
    res.json({ roleArn, revokedSessionsIssuedBefore: issuedBefore.toISOString() })
  })

  // AWS-style JSON for every error, 401/403 from the guard included; never a stack trace.
  app.use(iamErrorHandler())

  return {
    app,
    iam,
    documents,
    close: async () => {
      if (ownIam) await iam.close()
    },
  }
}

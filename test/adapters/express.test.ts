import { createServer } from 'node:http'
import express, { type NextFunction, type Request, type Response } from 'express'
import { authorize, iamErrorHandler, iamGuard } from '../../adapters/express/index.js'
import type { Iam } from '../../src/iam-types.js'
import { SESSION_KEY } from '../../src/guard/endpoints/session.js'
import {
  CAN_CANDIDATES, contractSuite, DOC_TEMPLATE, FILE_TEMPLATE, PROJECT_TEMPLATE, TEST_SESSION_HEADER, type BuiltApp, type Hits,
} from './contract.js'

function build(iam: Iam, options: Record<string, unknown>, hits: Hits): BuiltApp {
  const count = (name: string) => (req: Request, res: Response): void => {
    hits.set(name, (hits.get(name) ?? 0) + 1)
    res.json({ route: name, principal: req.iam?.principal?.arn })
  }
  const app = express()
  app.use(express.json())
  app.use((req: Request, _res: Response, next: NextFunction) => {
    const token = req.get(TEST_SESSION_HEADER)
    if (token !== undefined) (req as { session?: unknown }).session = { [SESSION_KEY]: { userToken: token } }
    next()
  })
  app.use(iamGuard(iam, options))
  app.get('/health', count('health'))
  app.get('/projects/:project/docs/:doc', authorize('docs:GetDocument', DOC_TEMPLATE), count('getDoc'))
  app.delete('/projects/:project/docs/:doc', authorize('docs:DeleteDocument', DOC_TEMPLATE), count('deleteDoc'))
  app.put('/projects/:project/docs/:doc', authorize(['docs:PutDocument', 'docs:TagResource'], DOC_TEMPLATE, { requestTags: true }), count('putDoc'))
  app.get('/projects/:project/files/*path', authorize('docs:GetFile', FILE_TEMPLATE, { multiSegment: ['path'] }), count('getFile'))
  app.get('/unannotated', count('unannotated'))
  app.get('/table/:project', count('table'))
  const nested = express.Router({ mergeParams: true })
  nested.get('/items/:item', authorize('docs:GetDocument', 'arn:app:docs::{account}:project/{project}/doc/{item}'), count('nested'))
  app.use('/nested/:project', nested)
  app.get('/can/:project', authorize('docs:ListDocuments', PROJECT_TEMPLATE), async (req: Request, res: Response) => {
    hits.set('can', (hits.get('can') ?? 0) + 1)
    const deletable: string[] = []
    for (const doc of CAN_CANDIDATES) {
      if (await req.iam!.can('docs:DeleteDocument', `arn:app:docs::${req.iam!.principal!.account}:project/${req.params.project}/doc/${doc}`)) deletable.push(doc)
    }
    res.json({ route: 'can', deletable })
  })
  app.all('/any/:doc', authorize('docs:GetDocument', 'arn:app:docs::{account}:project/p1/doc/{doc}'), count('any'))
  app.get('/accounts/:account/projects/:project/docs/:doc', authorize('docs:GetDocument', DOC_TEMPLATE), count('crossDoc'))
  // Routes added while the app serves go into a router mounted before the error handler, as an
  // app's own late routes would be.
  const late = express.Router()
  app.use(late)
  app.use(iamErrorHandler())
  return {
    server: createServer(app),
    addLateRoutes() {
      late.get('/later', count('later'))
      late.get('/later-annotated', authorize('docs:GetDocument', 'arn:app:docs::{account}:project/p1/doc/later'), count('laterAnnotated'))
    },
  }
}

contractSuite({ name: 'Express', build })

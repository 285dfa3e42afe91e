import { createServer } from 'node:http'
import Koa, { type Context, type Next } from 'koa'
import Router from '@koa/router'
import { bodyParser } from '@koa/bodyparser'
import { authorize, iamErrorHandler, iamGuard } from '../../adapters/koa/index.js'
import type { Iam } from '../../src/iam-types.js'
import { SESSION_KEY } from '../../src/guard/endpoints/session.js'
import {
  CAN_CANDIDATES, contractSuite, DOC_TEMPLATE, FILE_TEMPLATE, PROJECT_TEMPLATE, TEST_SESSION_HEADER, type BuiltApp, type Hits,
} from './contract.js'

function build(iam: Iam, options: Record<string, unknown>, hits: Hits): BuiltApp {
  const count = (name: string) => (ctx: Context): void => {
    hits.set(name, (hits.get(name) ?? 0) + 1)
    ctx.body = { route: name, principal: ctx.state.iam?.principal?.arn }
  }
  const app = new Koa()
  app.use(iamErrorHandler({ onError: () => undefined }))
  app.use(bodyParser())
  app.use(async (ctx: Context, next: Next) => {
    const token = ctx.get(TEST_SESSION_HEADER)
    if (token !== '') (ctx as { session?: unknown }).session = { [SESSION_KEY]: { userToken: token } }
    await next()
  })
  app.use(iamGuard(iam, options))
  const router = new Router()
  router.get('/health', count('health'))
  router.get('/projects/:project/docs/:doc', authorize('docs:GetDocument', DOC_TEMPLATE), count('getDoc'))
  router.delete('/projects/:project/docs/:doc', authorize('docs:DeleteDocument', DOC_TEMPLATE), count('deleteDoc'))
  router.put('/projects/:project/docs/:doc', authorize(['docs:PutDocument', 'docs:TagResource'], DOC_TEMPLATE, { requestTags: true }), count('putDoc'))
  router.get('/projects/:project/files/*path', authorize('docs:GetFile', FILE_TEMPLATE, { multiSegment: ['path'] }), count('getFile'))
  router.get('/unannotated', count('unannotated'))
  router.get('/table/:project', count('table'))
  const nested = new Router()
  nested.get('/items/:item', authorize('docs:GetDocument', 'arn:app:docs::{account}:project/{project}/doc/{item}'), count('nested'))
  router.use('/nested/:project', nested.routes())
  router.get('/can/:project', authorize('docs:ListDocuments', PROJECT_TEMPLATE), async (ctx: Context) => {
    hits.set('can', (hits.get('can') ?? 0) + 1)
    const deletable: string[] = []
    const iamState = ctx.state.iam!
    for (const doc of CAN_CANDIDATES) {
      if (await iamState.can('docs:DeleteDocument', `arn:app:docs::${iamState.principal!.account}:project/${(ctx as { params?: Record<string, string> }).params!.project}/doc/${doc}`)) deletable.push(doc)
    }
    ctx.body = { route: 'can', deletable }
  })
  router.all('/any/:doc', authorize('docs:GetDocument', 'arn:app:docs::{account}:project/p1/doc/{doc}'), count('any'))
  router.get('/accounts/:account/projects/:project/docs/:doc', authorize('docs:GetDocument', DOC_TEMPLATE), count('crossDoc'))
  app.use(router.routes())
  return {
    server: createServer(app.callback()),
    addLateRoutes() {
      router.get('/later', count('later'))
      router.get('/later-annotated', authorize('docs:GetDocument', 'arn:app:docs::{account}:project/p1/doc/later'), count('laterAnnotated'))
    },
  }
}

contractSuite({ name: 'Koa', build })

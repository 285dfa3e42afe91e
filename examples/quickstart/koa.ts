/**
 * The README's Koa quick start, runnable: `IAM_FILE=./iam.json tsx examples/quickstart/koa.ts`.
 * A user writes the same code with `from 'iam-guard'` and `from 'iam-guard/koa'`.
 */
// #region koa
import Koa from 'koa'
import Router from '@koa/router'
import session from 'koa-session'
import { bodyParser } from '@koa/bodyparser'
import { createIam, fileStore } from '../../src/index.js'
import { iamGuard, authorize, stsRouter, iamErrorHandler } from '../../adapters/koa/index.js'
import { privateKey, publicKey, secret } from './keys.js'

const iam = await createIam({ store: fileStore(process.env.IAM_FILE ?? './iam.json'), partition: 'app',
  tokens: { algorithm: 'ES256', privateKey, publicKey, issuer: 'https://api.example.com' } })

const app = new Koa()
app.keys = [secret]
app.use(iamErrorHandler())
app.use(bodyParser())
app.use(session({ httpOnly: true, sameSite: 'lax' }, app))
app.use(iamGuard(iam, { publicRoutes: ['GET /health'] }))
app.use(stsRouter(iam, { prefix: '/sts' }).routes())
const router = new Router()
router.get('/health', (ctx) => { ctx.body = { ok: true } })
router.get('/projects/:project/docs/:doc',
  authorize('docs:GetDocument', 'arn:app:docs::{account}:project/{project}/doc/{doc}'),
  (ctx) => { ctx.body = { doc: ctx.params.doc, by: ctx.state.iam?.principal?.arn } })
app.use(router.routes())
// #endregion

export { app, iam }

if (import.meta.url === `file://${process.argv[1]}`) {
  const server = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${(server.address() as { port: number }).port}`))
}

/**
 * The README's Express quick start, runnable: `IAM_FILE=./iam.json tsx examples/quickstart/express.ts`.
 * A user writes the same code with `from 'iam-guard'` and `from 'iam-guard/express'`.
 */
// #region express
import express from 'express'
import session from 'express-session'
import { createIam, fileStore } from '../../src/index.js'
import { iamGuard, authorize, stsRouter, iamErrorHandler } from '../../adapters/express/index.js'
import { privateKey, publicKey, secret } from './keys.js'

const iam = await createIam({ store: fileStore(process.env.IAM_FILE ?? './iam.json'), partition: 'app',
  tokens: { algorithm: 'ES256', privateKey, publicKey, issuer: 'https://api.example.com' } })

const app = express()
app.use(express.json())
app.use(session({ secret, resave: false, saveUninitialized: false,
  cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto' } }))
app.use(iamGuard(iam, { publicRoutes: ['GET /health'] }))
app.use('/sts', stsRouter(iam))
app.get('/health', (_req, res) => { res.json({ ok: true }) })
app.get('/projects/:project/docs/:doc',
  authorize('docs:GetDocument', 'arn:app:docs::{account}:project/{project}/doc/{doc}'),
  (req, res) => { res.json({ doc: req.params.doc, by: req.iam?.principal?.arn }) })
app.use(iamErrorHandler())
// #endregion

export { app, iam }

if (import.meta.url === `file://${process.argv[1]}`) {
  const server = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${(server.address() as { port: number }).port}`))
}

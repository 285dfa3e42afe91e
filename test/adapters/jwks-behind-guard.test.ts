/**
 * The JWKS must be reachable by anyone (other services verify our tokens with it), also when it is
 * mounted at the site root behind the guard, in both frameworks.
 */
import { generateKeyPairSync } from 'node:crypto'
import Router from '@koa/router'
import express from 'express'
import Koa from 'koa'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as expressAdapter from '../../adapters/express/index.js'
import * as koaAdapter from '../../adapters/koa/index.js'
import { createIam, memoryStore, type Iam } from '../../src/index.js'

let iam: Iam
beforeAll(async () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  iam = await createIam({ store: memoryStore(), tokens: { algorithm: 'ES256', privateKey, publicKey, issuer: 'https://iam.test' } })
})
afterAll(async () => { await iam.close() })

describe('the JWKS behind the guard', () => {
  it('is public on Express when mounted with jwksHandler at the root', async () => {
    const app = express()
    app.use(expressAdapter.iamGuard(iam, { publicRoutes: ['GET /.well-known/jwks.json'] }))
    app.get('/.well-known/jwks.json', expressAdapter.jwksHandler(iam))
    app.use(expressAdapter.iamErrorHandler())
    const res = await request(app).get('/.well-known/jwks.json')
    expect(res.status).toBe(200)
    expect(res.body.keys).toHaveLength(1)
    expect(res.body.keys[0]).not.toHaveProperty('d')
  })

  it('is public on Koa when mounted with jwksHandler at the root', async () => {
    const app = new Koa()
    app.use(koaAdapter.iamErrorHandler())
    app.use(koaAdapter.iamGuard(iam, { publicRoutes: ['GET /.well-known/jwks.json'] }))
    const router = new Router()
    router.get('/.well-known/jwks.json', koaAdapter.jwksHandler(iam))
    app.use(router.routes())
    const res = await request(app.callback()).get('/.well-known/jwks.json')
    expect(res.status).toBe(200)
    expect(res.body.keys).toHaveLength(1)
    expect(res.body.keys[0]).not.toHaveProperty('d')
  })

  it('is served by stsRouter without any publicRoutes entry', async () => {
    const app = express()
    app.use(expressAdapter.iamGuard(iam))
    app.use('/sts', expressAdapter.stsRouter(iam))
    app.use(expressAdapter.iamErrorHandler())
    const res = await request(app).get('/sts/.well-known/jwks.json')
    expect(res.status).toBe(200)
    expect(res.body.keys).toHaveLength(1)
  })
})

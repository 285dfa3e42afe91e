/**
 * The admin API over HTTP, attacked by a tenant administrator (alice: `iam:*` on `arn:app:iam::A:*`)
 * and by a user with no policies (bob): other tenants, the reserved `app` account, prototype
 * names, ARN injection through names and paths, oversized policies, leaks in error bodies.
 */
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminRouter, iamErrorHandler, iamGuard } from '../../adapters/express/index.js'
import { A, B, expectCleanError, httpWorld, listen, policy, quiet, type HttpWorld, type Running } from './http-helpers.js'
import request from 'supertest'

let world: HttpWorld
let running: Running
beforeAll(async () => {
  world = await httpWorld()
  const app = express()
  app.use(express.json({ limit: '5mb' }))
  app.use(iamGuard(world.iam, { logger: quiet }))
  app.use('/iam', adminRouter(world.iam))
  app.use(iamErrorHandler())
  running = await listen(app)
})
afterAll(async () => {
  await running.close()
  await world.close()
})

const as = (who: 'alice' | 'bob' | 'aliceB') => ({
  post: (op: string, body: unknown) => request(running.origin).post(`/iam/${op}`).set('Authorization', `Bearer ${world.tokens[who]}`).send(body as object),
})

async function userExists(account: string, userName: string): Promise<boolean> {
  try {
    await world.iam.admin.getUser({ account, userName })
    return true
  } catch {
    return false
  }
}

describe('the admin API cannot reach past the caller\'s own tenant', () => {
  it('refuses a tenant administrator acting on another tenant', async () => {
    const res = await as('alice').post('CreateUser', { account: B, userName: 'mallory' })
    expect(res.status).toBe(403)
    expectCleanError(res)
    expect(await userExists(B, 'mallory')).toBe(false)
    const put = await as('alice').post('PutUserPolicy', { account: B, userName: 'alice', policyName: 'pwn', policyDocument: policy({ Effect: 'Allow', Action: '*', Resource: '*' }) })
    expect(put.status).toBe(403)
    expect((await world.iam.admin.listUserPolicies({ account: B, userName: 'alice' } as never) as { policyNames: string[] }).policyNames).not.toContain('pwn')
  })

  it('refuses app-wide operations on the reserved app account, even to Resource "*" administrators', async () => {
    await world.iam.admin.putUserPolicy({ account: B, userName: 'alice', policyName: 'all', policyDocument: policy({ Effect: 'Allow', Action: '*', Resource: '*' }) } as never)
    for (const [op, body] of [
      ['CreateAccount', { account: 'evil-tenant' }],
      ['DeleteAccount', { account: A }],
      ['ListAccounts', {}],
      ['CreateUser', { account: 'app', userName: 'x' }],
      ['PutResourcePolicy', { account: 'app', resourceArn: 'arn:app:docs::app:x', policyDocument: policy({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }) }],
    ] as const) {
      const res = await as('aliceB').post(op, body)
      expect([400, 403], op).toContain(res.status)
      expectCleanError(res)
    }
    await expect(world.iam.admin.getAccount({ account: 'evil-tenant' } as never)).rejects.toThrow()
    await expect(world.iam.admin.getAccount({ account: A } as never)).resolves.toBeDefined()
  })

  it('refuses a resource policy that reaches another tenant through its ARN', async () => {
    for (const resourceArn of [`arn:app:docs::${B}:project/p9/*`, 'arn:app:docs::*:project/*', 'arn:app:*::111122223333:*']) {
      const res = await as('alice').post('PutResourcePolicy', {
        resourceArn, policyDocument: policy({ Effect: 'Allow', Principal: { AWS: `arn:app:iam::${A}:user/bob` }, Action: '*', Resource: '*' }),
      })
      expect([400, 403], resourceArn).toContain(res.status)
    }
  })

  it('gives nothing to a caller without iam permissions', async () => {
    for (const [op, body] of [['CreateUser', { userName: 'x1' }], ['AttachUserPolicy', { userName: 'bob', policyArn: `arn:app:iam::${A}:policy/any` }], ['ListUsers', {}]] as const) {
      const res = await as('bob').post(op, body)
      expect(res.status, op).toBe(403)
    }
    expect(await userExists(A, 'x1')).toBe(false)
  })
})

describe('names, operations and documents are data', () => {
  it('answers 404 to prototype names used as operations', async () => {
    for (const op of ['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'valueOf', 'exportDocument', 'importDocument', 'resourceArnFor']) {
      const res = await as('alice').post(op, {})
      expect([400, 404], op).toContain(res.status)
      expectCleanError(res)
    }
  })

  it('refuses ARN injection through names and keeps __proto__ names and tag keys as data', async () => {
    for (const userName of ['alice/../bob', 'a:b', 'a*', 'a?', '../root', 'x y', '']) {
      const res = await as('alice').post('CreateUser', { userName })
      expect(res.status, userName).toBe(400)
      expectCleanError(res)
    }
    for (const path of ['/a*/', '//', 'admins/', '/a\u0000/']) {
      expect((await as('alice').post('CreateUser', { userName: 'pathy', path })).status, path).toBe(400)
    }
    const res = await as('alice').post('CreateUser', { userName: '__proto__', tags: [{ key: '__proto__', value: 'x' }, { key: 'constructor', value: 'y' }] })
    expect([200, 400]).toContain(res.status)
    expect(({} as Record<string, unknown>)['x']).toBeUndefined()
    expect(Object.prototype).not.toHaveProperty('value')
  })

  it('refuses a policy with 10,000 statements with a clear 400 and stores nothing', async () => {
    const statements = Array.from({ length: 10_000 }, (_, i) => ({ Sid: `S${i}`, Effect: 'Allow', Action: 'docs:GetDocument', Resource: `arn:app:docs::${A}:d/${i}` }))
    const res = await as('alice').post('PutUserPolicy', { userName: 'bob', policyName: 'huge', policyDocument: policy(...statements) })
    expect(res.status).toBe(400)
    expectCleanError(res)
    const names = (await world.iam.admin.listUserPolicies({ account: A, userName: 'bob' } as never) as { policyNames: string[] }).policyNames
    expect(names).not.toContain('huge')
  })

  it('does not echo policy content or internal details in a refused policy write', async () => {
    const res = await as('alice').post('PutUserPolicy', { userName: 'bob', policyName: 'bad', policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'docs:Get', Resource: 'secret-resource-name', Condition: { Bogus: {} } }] } })
    expect(res.status).toBe(400)
    expect(res.text).not.toContain('    at ')
    expect(res.text).not.toContain('node_modules')
  })
})

/**
 * Identity changes seen through a guarded Express app: a user deleted and re-created under the
 * same name, group membership removed, a boundary whose policy is gone, the same user name in two
 * tenants sharing the cache, and a store outage in the middle of requests.
 */
import express from 'express'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { authorize, iamErrorHandler, iamGuard } from '../../adapters/express/index.js'
import { A, B, DOC_TEMPLATE, expectCleanError, Hits, httpWorld, listen, PASSWORD, policy, quiet, type HttpWorld, type Running } from './http-helpers.js'

let world: HttpWorld
let running: Running
const hits = new Hits()
beforeAll(async () => {
  world = await httpWorld()
  const app = express()
  app.use(iamGuard(world.iam, { logger: quiet }))
  app.get('/projects/:project/docs/:doc', authorize('docs:GetDocument', DOC_TEMPLATE), (req, res) => {
    hits.hit('doc')
    res.json({ by: req.iam?.principal?.arn })
  })
  app.use(iamErrorHandler())
  running = await listen(app)
})
afterAll(async () => {
  await running.close()
  await world.close()
})

const get = (path: string, token: string) => request(running.origin).get(path).set('Authorization', `Bearer ${token}`)
const login = async (account: string, userName: string) => (await world.iam.sts.login({ account, userName, password: PASSWORD })).credentials.sessionToken

describe('identity changes take effect on the next request', () => {
  it('never lets an old token act as a re-created namesake, nor the namesake inherit the old grants', async () => {
    const { admin } = world.iam
    await admin.createUser({ account: A, userName: 'temp' })
    await admin.createLoginProfile({ account: A, userName: 'temp', password: PASSWORD })
    await admin.putUserPolicy({ account: A, userName: 'temp', policyName: 'p', policyDocument: policy({ Effect: 'Allow', Action: 'docs:*', Resource: '*' }) } as never)
    const old = await login(A, 'temp')
    expect((await get('/projects/p5/docs/1', old)).status).toBe(200)
    await admin.deleteLoginProfile({ account: A, userName: 'temp' } as never)
    await admin.deleteUserPolicy({ account: A, userName: 'temp', policyName: 'p' } as never)
    await admin.deleteUser({ account: A, userName: 'temp' })
    await admin.createUser({ account: A, userName: 'temp' })
    await admin.createLoginProfile({ account: A, userName: 'temp', password: PASSWORD })
    const before = hits.of('doc')
    expect((await get('/projects/p5/docs/1', old)).status).toBe(401)
    expect((await get('/projects/p5/docs/1', await login(A, 'temp'))).status).toBe(403)
    expect(hits.of('doc')).toBe(before)
  })

  it('drops a group\'s grants as soon as the user leaves the group', async () => {
    const { admin } = world.iam
    await admin.createGroup({ account: A, groupName: 'readers' })
    await admin.putGroupPolicy({ account: A, groupName: 'readers', policyName: 'r', policyDocument: policy({ Effect: 'Allow', Action: 'docs:GetDocument', Resource: `arn:app:docs::${A}:project/team/*` }) } as never)
    await admin.addUserToGroup({ account: A, groupName: 'readers', userName: 'bob' })
    expect((await get('/projects/team/docs/1', world.tokens.bob)).status).toBe(200)
    await admin.removeUserFromGroup({ account: A, groupName: 'readers', userName: 'bob' })
    const before = hits.of('doc')
    expect((await get('/projects/team/docs/1', world.tokens.bob)).status).toBe(403)
    expect(hits.of('doc')).toBe(before)
  })

  it('denies when the permissions boundary policy is missing, never treating the boundary as absent', async () => {
    const { admin } = world.iam
    await admin.createUser({ account: A, userName: 'capped' })
    await admin.createLoginProfile({ account: A, userName: 'capped', password: PASSWORD })
    await admin.putUserPolicy({ account: A, userName: 'capped', policyName: 'all', policyDocument: policy({ Effect: 'Allow', Action: 'docs:*', Resource: '*' }) } as never)
    const created = await admin.createPolicy({ account: A, policyName: 'Cap', policyDocument: policy({ Effect: 'Allow', Action: 'docs:*', Resource: `arn:app:docs::${A}:project/capped/*` }) } as never) as { policy: { arn: string } }
    await admin.putUserPermissionsBoundary({ account: A, userName: 'capped', permissionsBoundary: created.policy.arn })
    const token = await login(A, 'capped')
    expect((await get('/projects/capped/docs/1', token)).status).toBe(200)
    // The boundary's record vanishes (another instance, a hand-edited file): the cap must not lift.
    world.hide('policy', A, 'Cap')
    await admin.tagUser({ account: A, userName: 'capped', tags: [{ key: 'bust', value: 'cache' }] } as never)
    const before = hits.of('doc')
    const res = await get('/projects/p1/docs/1', token)
    // Not the boundary's ordinary 403: the missing record itself is what refuses.
    expect(res.status).toBeGreaterThanOrEqual(500)
    expectCleanError(res)
    expect(hits.of('doc')).toBe(before)
  })

  it('keeps two tenants\' users of the same name apart in the cache', async () => {
    // alice@A may read project/p1 of A; alice@B may read project/p9 of B only.
    expect((await get('/projects/p1/docs/1', world.tokens.alice)).status).toBe(200)
    expect((await get('/projects/p9/docs/1', world.tokens.aliceB)).status).toBe(200)
    const before = hits.of('doc')
    expect((await get('/projects/p1/docs/1', world.tokens.aliceB)).status).toBe(403)
    expect((await get('/projects/p9/docs/1', world.tokens.alice)).status).toBe(403)
    expect(hits.of('doc')).toBe(before)
  })
})

describe('store outages', () => {
  it('answers 503 with a clean body and never runs the handler', async () => {
    const { admin } = world.iam
    await admin.createUser({ account: B, userName: 'fresh' })
    await admin.createLoginProfile({ account: B, userName: 'fresh', password: PASSWORD })
    await admin.putUserPolicy({ account: B, userName: 'fresh', policyName: 'p', policyDocument: policy({ Effect: 'Allow', Action: 'docs:*', Resource: '*' }) } as never)
    const token = await login(B, 'fresh')
    const before = hits.of('doc')
    world.setStoreDown(true)
    try {
      const res = await get('/projects/p1/docs/1', token)
      expect(res.status).toBe(503)
      expectCleanError(res)
    } finally {
      world.setStoreDown(false)
    }
    expect(hits.of('doc')).toBe(before)
  })
})

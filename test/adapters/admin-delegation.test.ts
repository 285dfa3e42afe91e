/**
 * Delegated administration over HTTP, as AWS documents it ("Permissions boundaries for IAM
 * entities": delegating responsibility to others): an administrator may create users only with a
 * given permissions boundary, and attach only given policies. This needs the IAM service's own
 * condition keys `iam:PermissionsBoundary` and `iam:PolicyARN` in the request context.
 */
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { PolicyDocument } from '../../src/index.js'
import { A, createWorld, FRAMEWORKS, PASSWORD, type TestApp, type World } from '../guard/endpoints/http-fixture.js'

const BOUNDARY = `arn:app:iam::${A}:policy/Boundary`
const READ_ONLY = `arn:app:iam::${A}:policy/ReadOnly`
const FULL = `arn:app:iam::${A}:policy/Full`
const doc = (action: string): PolicyDocument => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] })

describe.each(FRAMEWORKS)('delegated administration on $name', ({ start }) => {
  let world: World
  let app: TestApp
  let token: string

  beforeAll(async () => {
    world = await createWorld()
    const { admin } = world.iam
    for (const [name, action] of [['Boundary', 'docs:*'], ['ReadOnly', 'docs:Get*'], ['Full', '*']] as const) {
      await admin.createPolicy({ account: A, policyName: name, policyDocument: doc(action) })
    }
    await admin.createUser({ account: A, userName: 'delegate' })
    await admin.createLoginProfile({ account: A, userName: 'delegate', password: PASSWORD })
    await admin.putUserPolicy({
      account: A, userName: 'delegate', policyName: 'delegated',
      policyDocument: {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'CreateOnlyWithBoundary', Effect: 'Allow', Action: ['iam:CreateUser', 'iam:AttachUserPolicy'], Resource: `arn:app:iam::${A}:user/*`,
            Condition: { StringEquals: { 'iam:PermissionsBoundary': BOUNDARY } } },
          { Sid: 'AttachOnlyReadOnly', Effect: 'Deny', Action: 'iam:AttachUserPolicy', Resource: '*',
            Condition: { ArnNotEquals: { 'iam:PolicyARN': READ_ONLY } } },
        ],
      },
    })
    app = await start(world.iam)
    token = (await world.iam.sts.login({ account: A, userName: 'delegate', password: PASSWORD })).credentials.sessionToken
  })

  afterAll(async () => {
    await app?.close()
    await world?.iam.close()
  })

  const call = (operation: string, body: object) =>
    request(app.server).post(`/iam/${operation}`).set('Authorization', `Bearer ${token}`).send(body)

  it('creates a user when the request sets the required boundary', async () => {
    await call('CreateUser', { userName: 'withboundary', permissionsBoundary: BOUNDARY }).expect(200)
  })

  it('refuses a user without the boundary, and the admin method never runs', async () => {
    const spy = vi.spyOn(world.iam.admin, 'createUser')
    const res = await call('CreateUser', { userName: 'noboundary' })
    expect(res.status).toBe(403)
    expect(spy).not.toHaveBeenCalled()
    spy.mockRestore()
  })

  it('attaches the allowed policy to a user that has the boundary, and refuses any other policy', async () => {
    await call('AttachUserPolicy', { userName: 'withboundary', policyArn: READ_ONLY }).expect(200)
    const spy = vi.spyOn(world.iam.admin, 'attachUserPolicy')
    const res = await call('AttachUserPolicy', { userName: 'withboundary', policyArn: FULL })
    expect(res.status).toBe(403)
    expect(res.body.message).toContain('with an explicit deny in an identity-based policy')
    expect(spy).not.toHaveBeenCalled()
    spy.mockRestore()
  })

  it('refuses to attach even the allowed policy to a user without the boundary', async () => {
    await world.iam.admin.createUser({ account: A, userName: 'unbounded' })
    const res = await call('AttachUserPolicy', { userName: 'unbounded', policyArn: READ_ONLY })
    expect(res.status).toBe(403)
  })
})

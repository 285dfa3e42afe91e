/**
 * `stsRouter` and `adminRouter` behind `iamGuard`, as apps mount them: the guard recognises them
 * as self-authorizing (public where STS is public, e.g. login), hands them its principal, and the
 * answers are the same as without the guard.
 */
import request from 'supertest'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { A, arn, createWorld, GUARDED_FRAMEWORKS, PASSWORD, sessionCookie, type TestApp, type World } from '../guard/endpoints/http-fixture.js'

describe.each(GUARDED_FRAMEWORKS)('the routers behind iamGuard on $name', ({ start }) => {
  let world: World
  let app: TestApp

  beforeAll(async () => {
    world = await createWorld()
    app = await start(world.iam)
  })

  afterEach(() => {
    vi.restoreAllMocks()
  })

  afterAll(async () => {
    await app?.close()
    await world?.iam.close()
  })

  async function signedIn() {
    const agent = request.agent(app.server)
    const res = await agent.post('/sts/login').set('Origin', app.origin).send({ account: A, userName: 'alice', password: PASSWORD }).expect(200)
    return { agent, res }
  }

  it('lets an unauthenticated login through and signs in with a session cookie', async () => {
    const { agent, res } = await signedIn()
    expect(sessionCookie(res.headers['set-cookie'])).toBeDefined()
    expect((await agent.get('/sts/caller-identity').expect(200)).body.Arn).toBe(arn.user('alice'))
  })

  it('answers 401 for the authenticated STS routes without credentials', async () => {
    const res = await request(app.server).get('/sts/caller-identity')
    expect(res.status).toBe(401)
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/)
    expect(res.body).toMatchObject({ error: 'UnrecognizedClient', requestId: expect.any(String) })
  })

  it('switches role and back through the guard, the guard then acting as the role', async () => {
    const { agent } = await signedIn()
    await agent.post('/sts/switch-role').set('Origin', app.origin).send({ roleArn: arn.role('Ops') }).expect(200)
    expect((await agent.get('/sts/caller-identity').expect(200)).body.Arn).toBe(arn.session('Ops', 'alice'))
    await agent.post('/sts/switch-back').set('Origin', app.origin).send({}).expect(200)
    expect((await agent.get('/sts/caller-identity').expect(200)).body.Arn).toBe(arn.user('alice'))
  })

  it('refuses a cross-site switch riding on the session cookie', async () => {
    const { agent } = await signedIn()
    const res = await agent.post('/sts/switch-role').set('Origin', 'https://evil.test').send({ roleArn: arn.role('Ops') })
    expect(res.status).toBeGreaterThanOrEqual(401)
    expect(res.status).toBeLessThanOrEqual(403)
    expect((await agent.get('/sts/caller-identity').expect(200)).body.Arn).toBe(arn.user('alice'))
  })

  it('authorizes admin operations by IAM with the guard\'s principal, and never runs a denied one', async () => {
    const { res } = await signedIn()
    const token = res.body.Credentials.SessionToken as string
    await request(app.server).post('/iam/CreateUser').set('Authorization', `Bearer ${token}`).send({ userName: 'guarded' }).expect(200)
    const spy = vi.spyOn(world.iam.admin, 'deleteUser')
    const denied = await request(app.server).post('/iam/DeleteUser').set('Authorization', `Bearer ${token}`).send({ userName: 'guarded' })
    expect(denied.status).toBe(403)
    expect(denied.body.error).toBe('AccessDenied')
    expect(spy).not.toHaveBeenCalled()
  })
})

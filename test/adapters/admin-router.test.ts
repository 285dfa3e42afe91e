/**
 * `adminRouter` end to end on Express 5 and Koa 3: the admin API over HTTP, guarded by IAM
 * itself (`iam:<Operation>` on the entity's ARN), with the real `createIam` + `memoryStore`.
 */
import request from 'supertest'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { A, arn, B, createWorld, FRAMEWORKS, PASSWORD, type TestApp, type World } from '../guard/endpoints/http-fixture.js'

describe.each(FRAMEWORKS)('adminRouter on $name', ({ start }) => {
  let world: World
  let app: TestApp
  const tokens = new Map<string, string>()

  beforeAll(async () => {
    world = await createWorld()
    app = await start(world.iam)
    for (const [account, userName] of [[A, 'alice'], [A, 'bob'], [B, 'carol']] as const) {
      const { credentials } = await world.iam.sts.login({ account, userName, password: PASSWORD })
      tokens.set(userName, credentials.sessionToken)
    }
  })

  afterEach(() => {
    vi.restoreAllMocks()
  })

  afterAll(async () => {
    await app?.close()
    await world?.iam.close()
  })

  function call(as: string, operation: string, body: unknown) {
    return request(app.server).post(`/iam/${operation}`).set('Authorization', `Bearer ${tokens.get(as)}`).send(body as object)
  }

  it('runs an operation the caller\'s policy allows, in the caller\'s own account by default', async () => {
    const res = await call('alice', 'CreateUser', { userName: 'dave' }).expect(200)
    expect(res.body.user).toMatchObject({ userName: 'dave', arn: arn.user('dave') })
    expect(res.headers['cache-control']).toBe('no-store')
    await expect(world.iam.admin.getUser({ account: A, userName: 'dave' })).resolves.toBeDefined()
  })

  it('denies an operation no policy allows with AWS\'s AccessDenied, and never runs the admin method', async () => {
    const spy = vi.spyOn(world.iam.admin, 'createUser')
    const res = await call('bob', 'CreateUser', { userName: 'eve' })
    expect(res.status).toBe(403)
    expect(res.body).toEqual({
      error: 'AccessDenied',
      message: `User: ${arn.user('bob')} is not authorized to perform: iam:CreateUser on resource: ${arn.user('eve')} because no identity-based policy allows the iam:CreateUser action`,
      requestId: expect.any(String),
    })
    expect(spy).not.toHaveBeenCalled()
  })

  it('denies an action outside the allowed ones even on an allowed resource', async () => {
    const spy = vi.spyOn(world.iam.admin, 'deleteUser')
    const res = await call('alice', 'DeleteUser', { userName: 'bob' })
    expect(res.status).toBe(403)
    expect(spy).not.toHaveBeenCalled()
  })

  it('keeps an administrator of tenant B out of tenant A, while she administers her own tenant', async () => {
    const spy = vi.spyOn(world.iam.admin, 'createUser')
    const other = await call('carol', 'CreateUser', { account: A, userName: 'intruder' })
    expect(other.status).toBe(403)
    expect(other.body.message).toContain(`on resource: ${arn.user('intruder')}`)
    expect(spy).not.toHaveBeenCalled()
    await expect(world.iam.admin.getUser({ account: A, userName: 'intruder' })).rejects.toMatchObject({ code: 'ERR_NO_SUCH_ENTITY' })
    spy.mockRestore()
    await call('carol', 'CreateUser', { userName: 'frank' }).expect(200)
    await expect(world.iam.admin.getUser({ account: B, userName: 'frank' })).resolves.toBeDefined()
  })

  it('answers 404 InvalidAction for an unknown operation, even one named like an object property', async () => {
    for (const operation of ['DropEverything', 'createUser', '__proto__', 'constructor']) {
      const res = await call('carol', operation, {})
      expect(res.status).toBe(404)
      expect(res.body).toMatchObject({ error: 'InvalidAction', requestId: expect.any(String) })
    }
  })

  it('refuses an invalid input with 400 and the issues, before anything is authorized or written', async () => {
    const authorize = vi.spyOn(world.iam, 'authorize')
    const res = await call('alice', 'CreateUser', { userName: 'no spaces allowed' })
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ error: 'ValidationError', issues: [expect.objectContaining({ path: ['userName'] })] })
    expect(authorize).not.toHaveBeenCalled()
  })

  it('passes the admin API\'s own refusals through with AWS\'s codes', async () => {
    const res = await call('alice', 'CreateUser', { userName: 'bob' })
    expect(res.status).toBe(409)
    expect(res.body.error).toBe('EntityAlreadyExists')
  })

  it('answers 401 without credentials', async () => {
    const res = await request(app.server).post('/iam/CreateUser').send({ userName: 'x' })
    expect(res.status).toBe(401)
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/)
  })

  it('refuses a cross-site form post riding on a session cookie', async () => {
    const agent = request.agent(app.server)
    await agent.post('/sts/login').set('Origin', app.origin).send({ account: B, userName: 'carol', password: PASSWORD }).expect(200)
    const spy = vi.spyOn(world.iam.admin, 'createUser')
    const form = await agent.post('/iam/CreateUser').set('Origin', 'https://evil.test').type('form').send({ userName: 'csrf' })
    expect(form.status).toBe(403)
    const json = await agent.post('/iam/CreateUser').set('Sec-Fetch-Site', 'cross-site').send({ userName: 'csrf' })
    expect(json.status).toBe(403)
    expect(spy).not.toHaveBeenCalled()
    await agent.post('/iam/CreateUser').set('Origin', app.origin).send({ userName: 'samesite' }).expect(200)
  })
})

/**
 * The restaurant example on Koa: staff in groups, a part-time chef who assumes the Chef role only
 * during the shift (a time window on aws:CurrentTime) for a one-hour session, and customers whose
 * role opens the seating area, the restroom with the day's code, and never the kitchen.
 */
import request from 'supertest'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { postgresStore } from '../../adapters/postgres/index.js'
import { createApp, type RestaurantApp } from '../../examples/koa-restaurant/app.js'
import { DEMO, seed } from '../../examples/koa-restaurant/seed.js'
import { demoTokenOptions } from '../../examples/shared/runtime.js'
import { createIam, memoryStore, type StoreSnapshotRecord } from '../../src/index.js'
import { assumeRole, bearer, DATABASE_URL, expectAwsError, freshSchema, login, seededRecords } from './helpers.js'

const { walter, carla, cody, mia, pat, cleo } = DEMO.users
const account = DEMO.account
const SHIFT = { start: new Date('2025-06-06T16:00:00Z'), end: new Date('2025-06-06T23:00:00Z') }
const HOUR = 3_600_000
const chef = { roleArn: DEMO.chefRoleArn, roleSessionName: 'pat-shift', durationSeconds: 3600 }
const visit = { roleArn: DEMO.customerRoleArn, roleSessionName: 'cleo' }

let bistro: RestaurantApp
let server: ReturnType<RestaurantApp['app']['callback']>
let records: StoreSnapshotRecord[]

beforeAll(async () => {
  records = await seededRecords((iam) => seed(iam, { shift: SHIFT }))
})

beforeEach(async () => {
  // Only Date is faked: the shift and the session's expiry follow the test's clock.
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date('2025-06-06T15:00:00Z'))
  bistro = await createApp({ store: memoryStore(structuredClone(records)) })
  server = bistro.app.callback()
})

afterEach(async () => {
  await bistro.close()
  vi.useRealTimers()
})

const staff = (user: { userName: string; password: string }): Promise<string> => login(server, { account, ...user })

describe('koa-restaurant: full-time staff in groups', () => {
  it('lets each group do its own job', async () => {
    const w = await staff(walter)
    expect((await request(server).get('/areas/seating').set(...bearer(w))).status).toBe(200)
    expect((await request(server).post('/tables/7/orders').set(...bearer(w)).send({ dish: 'soup' })).status).toBe(201)
    const c = await staff(carla)
    expect((await request(server).post('/kitchen/dishes').set(...bearer(c)).send({ dish: 'soup' })).status).toBe(201)
    const k = await staff(cody)
    expect((await request(server).post('/areas/storage/clean').set(...bearer(k))).status).toBe(200)
    expect(bistro.restaurant.log.map((a) => `${a.by} ${a.what}`)).toEqual([
      'arn:app:iam::bistro:user/walter entered',
      'arn:app:iam::bistro:user/walter took an order',
      'arn:app:iam::bistro:user/carla cooked',
      'arn:app:iam::bistro:user/cody cleaned',
    ])
  })

  it('denies what no group policy allows, and the route never runs', async () => {
    const w = await staff(walter)
    expectAwsError(await request(server).post('/kitchen/dishes').set(...bearer(w)).send({ dish: 'soup' }), 403, 'AccessDenied',
      'User: arn:app:iam::bistro:user/walter is not authorized to perform: restaurant:CookDish on resource: arn:app:restaurant::bistro:area/kitchen because no identity-based policy allows the restaurant:CookDish action')
    const k = await staff(cody)
    expectAwsError(await request(server).post('/tables/7/orders').set(...bearer(k)).send({ dish: 'soup' }), 403, 'AccessDenied', /restaurant:TakeOrder/)
    expect(bistro.restaurant.log).toEqual([])
  })

  it('answers 401 without credentials and keeps the health route public', async () => {
    expectAwsError(await request(server).get('/areas/seating'), 401, 'UnrecognizedClient', /no valid credentials/)
    expect((await request(server).get('/health')).status).toBe(200)
  })
})

describe('koa-restaurant: the part-time chef', () => {
  it('gives pat nothing as a user, and refuses the Chef role before the shift starts', async () => {
    const token = await staff(pat)
    expectAwsError(await request(server).get('/areas/kitchen').set(...bearer(token)), 403, 'AccessDenied', /restaurant:EnterArea/)
    expectAwsError(await request(server).post('/sts/assume-role').set(...bearer(token)).send(chef), 403, 'AccessDenied', /sts:AssumeRole on resource: arn:app:iam::bistro:role\/Chef/)
  })

  it('lets pat cook during the shift, for a one-hour session, then asks for the role again', async () => {
    vi.setSystemTime(new Date('2025-06-06T18:00:00Z'))
    const session = await assumeRole(server, await staff(pat), chef)
    const cooked = await request(server).post('/kitchen/dishes').set(...bearer(session)).send({ dish: 'risotto' })
    expect(cooked.status).toBe(201)
    expect(cooked.body.by).toBe('arn:app:sts::bistro:assumed-role/Chef/pat-shift')

    vi.setSystemTime(Date.now() + HOUR + 60_000)
    expectAwsError(await request(server).post('/kitchen/dishes').set(...bearer(session)).send({ dish: 'risotto' }), 401, 'ExpiredToken', /.+/)
    const next = await assumeRole(server, await staff(pat), chef)
    expect((await request(server).post('/kitchen/dishes').set(...bearer(next)).send({ dish: 'tiramisu' })).status).toBe(201)
  })

  it('refuses a session longer than the role allows, never shortening it silently', async () => {
    vi.setSystemTime(new Date('2025-06-06T18:00:00Z'))
    const res = await request(server).post('/sts/assume-role').set(...bearer(await staff(pat))).send({ ...chef, durationSeconds: 4 * 3600 })
    expect(res.status).toBe(400)
  })

  it('refuses the Chef role after the shift ends', async () => {
    vi.setSystemTime(new Date('2025-06-06T23:00:01Z'))
    expectAwsError(await request(server).post('/sts/assume-role').set(...bearer(await staff(pat))).send(chef), 403, 'AccessDenied', /sts:AssumeRole/)
  })

  it('refuses the Chef role to anyone but pat, even during the shift', async () => {
    vi.setSystemTime(new Date('2025-06-06T18:00:00Z'))
    expectAwsError(await request(server).post('/sts/assume-role').set(...bearer(await staff(walter))).send(chef), 403, 'AccessDenied', /sts:AssumeRole/)
  })
})

describe('koa-restaurant: customers', () => {
  it('seats the customer and keeps the kitchen implicitly denied', async () => {
    const token = await assumeRole(server, await staff(cleo), visit)
    expect((await request(server).get('/areas/seating').set(...bearer(token))).status).toBe(200)
    expectAwsError(await request(server).get('/areas/kitchen').set(...bearer(token)), 403, 'AccessDenied',
      'User: arn:app:sts::bistro:assumed-role/Customer/cleo is not authorized to perform: restaurant:EnterArea on resource: arn:app:restaurant::bistro:area/kitchen because no identity-based policy allows the restaurant:EnterArea action')
    expect(bistro.restaurant.log.map((a) => a.where)).toEqual(['seating'])
  })

  it("opens the restroom only with the day's code", async () => {
    const token = await assumeRole(server, await staff(cleo), visit)
    expectAwsError(await request(server).get('/areas/restroom').set(...bearer(token)), 403, 'AccessDenied', /area\/restroom/)
    expectAwsError(await request(server).get('/areas/restroom').set(...bearer(token)).set('x-day-code', 'guess'), 403, 'AccessDenied', /area\/restroom/)
    expect((await request(server).get('/areas/restroom').set(...bearer(token)).set('x-day-code', DEMO.firstDayCode)).status).toBe(200)
  })

  it("enforces a new day's code from the manager at once", async () => {
    const token = await assumeRole(server, await staff(cleo), visit)
    expectAwsError(await request(server).put('/day-code').set(...bearer(await staff(walter))).send({ code: 'walter-was-here' }), 403, 'AccessDenied', /restaurant:SetDayCode/)
    expect((await request(server).put('/day-code').set(...bearer(await staff(mia))).send({ code: 'basil-7' })).status).toBe(200)
    expect((await request(server).get('/areas/restroom').set(...bearer(token)).set('x-day-code', DEMO.firstDayCode)).status).toBe(403)
    expect((await request(server).get('/areas/restroom').set(...bearer(token)).set('x-day-code', 'basil-7')).status).toBe(200)
  })

  it('admits to the Customer role only users tagged as customers, and gives cleo nothing without it', async () => {
    expectAwsError(await request(server).post('/sts/assume-role').set(...bearer(await staff(walter))).send(visit), 403, 'AccessDenied', /sts:AssumeRole/)
    expectAwsError(await request(server).get('/areas/seating').set(...bearer(await staff(cleo))), 403, 'AccessDenied', /arn:app:iam::bistro:user\/cleo/)
  })
})

describe('koa-restaurant: stores', () => {
  it('runs on PostgreSQL', async () => {
    vi.useRealTimers()
    const schema = freshSchema('koa-restaurant')
    const iam = await createIam({ store: postgresStore({ connectionString: DATABASE_URL, schema: schema.name }), tokens: demoTokenOptions('https://bistro.example.test') })
    try {
      await seed(iam)
      const app = (await createApp({ iam })).app.callback()
      const token = await assumeRole(app, await login(app, { account, ...cleo }), visit)
      expect((await request(app).get('/areas/seating').set(...bearer(token))).status).toBe(200)
      expect((await request(app).get('/areas/kitchen').set(...bearer(token))).status).toBe(403)
    } finally {
      await iam.close()
      await schema.drop()
    }
  })
})

/**
 * The restaurant from the IAM primers as a Koa 3 API. Each route names the action it performs
 * and the area (resource) it touches; the guard runs the route only after an explicit Allow.
 *
 * In your own app the imports read:
 *   import { createIam, memoryStore, type Iam, type PolicyStore } from 'iam-guard'
 *   import { authorize, iamErrorHandler, iamGuard, stsRouter } from 'iam-guard/koa'
 */
import { bodyParser } from '@koa/bodyparser'
import Router from '@koa/router'
import Koa, { type Context } from 'koa'
import { authorize, iamErrorHandler, iamGuard, stsRouter, type KoaGuardOptions } from '../../adapters/koa/index.js'
import { createIam, IamError, memoryStore, type Iam, type PolicyStore } from '../../src/index.js'
import { demoTokenOptions } from '../shared/runtime.js'
import { Restaurant } from './restaurant.js'
import { ACCOUNT, setDayCode } from './seed.js'

const AREA_ARN = 'arn:app:restaurant::{account}:area/{area}'
const KITCHEN_ARN = 'arn:app:restaurant::{account}:area/kitchen'

export interface RestaurantAppOptions {
  /** Where staff, roles and policies live. Default: a fresh memory store. Ignored when `iam` is given. */
  store?: PolicyStore
  /** An `Iam` made elsewhere (the caller then closes it). Default: one made over `store`. */
  iam?: Iam
  /** Extra guard options, e.g. `onDecision` for an audit log. */
  guard?: Pick<KoaGuardOptions, 'onDecision' | 'clock'>
}

export interface RestaurantApp {
  app: Koa
  iam: Iam
  restaurant: Restaurant
  /** Closes what `createApp` opened (the `Iam` and its store, unless they were given). */
  close(): Promise<void>
}

function caller(ctx: Context): string {
  return ctx.state.iam!.principal!.arn
}

function text(body: unknown, field: string, max: number): string {
  const value = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[field] : undefined
  if (typeof value !== 'string' || value.length === 0 || value.length > max) {
    throw new IamError('ERR_VALIDATION', `${field} must be a string of 1 to ${max} characters`)
  }
  return value
}

/**
 * The day's code travels in a header and becomes the condition key `restaurant:DayCode`. When the
 * header is missing the key is missing too, and a policy that asks for it does not match.
 */
function dayCodeContext(ctx: Context): Record<string, string> {
  const code = ctx.get('x-day-code')
  return code === '' ? {} : { 'restaurant:DayCode': code }
}

export async function createApp(options: RestaurantAppOptions = {}): Promise<RestaurantApp> {
  const ownIam = options.iam === undefined
  const iam = options.iam ?? (await createIam({ store: options.store ?? memoryStore(), tokens: demoTokenOptions('https://bistro.example.test') }))
  const restaurant = new Restaurant()
  const router = new Router()

  router.get('/health', (ctx) => {
    ctx.body = { status: 'open' }
  })

  router.get('/areas/:area', authorize('restaurant:EnterArea', AREA_ARN, { context: dayCodeContext }), (ctx) => {
    const area = ctx.params['area']!
    if (!restaurant.isArea(area)) throw new IamError('ERR_NOT_FOUND', `There is no area called ${area}.`)
    ctx.body = restaurant.record({ by: caller(ctx), what: 'entered', where: area })
  })

  router.post('/tables/:table/orders', authorize('restaurant:TakeOrder', 'arn:app:restaurant::{account}:table/{table}'), (ctx) => {
    const dish = text(ctx.request.body, 'dish', 100)
    ctx.status = 201
    ctx.body = restaurant.record({ by: caller(ctx), what: 'took an order', where: `table ${ctx.params['table']}`, detail: dish })
  })

  router.post('/kitchen/dishes', authorize('restaurant:CookDish', KITCHEN_ARN), (ctx) => {
    const dish = text(ctx.request.body, 'dish', 100)
    ctx.status = 201
    ctx.body = restaurant.record({ by: caller(ctx), what: 'cooked', where: 'kitchen', detail: dish })
  })

  router.post('/areas/:area/clean', authorize('restaurant:CleanArea', AREA_ARN), (ctx) => {
    const area = ctx.params['area']!
    if (!restaurant.isArea(area)) throw new IamError('ERR_NOT_FOUND', `There is no area called ${area}.`)
    ctx.body = restaurant.record({ by: caller(ctx), what: 'cleaned', where: area })
  })

  // The manager changes the Customer role's policy; the next request already sees the new code.
  router.put('/day-code', authorize('restaurant:SetDayCode', 'arn:app:restaurant::{account}:day-code'), async (ctx) => {
    const code = text(ctx.request.body, 'code', 64)
    await setDayCode(iam, code)
    ctx.body = { account: ACCOUNT, dayCodeChanged: true }
  })

  const app = new Koa()
  // Renders every refusal and error as AWS-style JSON; mounted first so that it sees them all.
  app.use(iamErrorHandler())
  app.use(bodyParser({ jsonLimit: '16kb', enableTypes: ['json'] }))
  // From here on, nothing runs without a principal and an Allow, except the public route.
  app.use(iamGuard(iam, { publicRoutes: ['GET /health'], ...options.guard }))
  app.use(stsRouter(iam, { prefix: '/sts' }).routes())
  app.use(router.routes())

  return {
    app,
    iam,
    restaurant,
    close: async () => {
      if (ownIam) await iam.close()
    },
  }
}

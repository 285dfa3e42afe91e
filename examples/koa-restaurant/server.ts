/**
 * Runs the restaurant: `npx tsx examples/koa-restaurant/server.ts`. A JSON file under
 * `examples/koa-restaurant/.data/` by default, PostgreSQL when `DATABASE_URL` is set; the staff
 * and roles are created on the first run. Listens on 127.0.0.1:$PORT (default 3000).
 */
import type { Server } from 'node:http'
import { createIam } from '../../src/index.js'
import { baseUrl, demoTokenOptions, exampleStore, isMain, listen, shutdownOnSignals, stopServer, type ListenOptions } from '../shared/runtime.js'
import { createApp, type RestaurantApp } from './app.js'
import { isSeeded, seed } from './seed.js'

export async function startServer(options: ListenOptions & { env?: NodeJS.ProcessEnv; log?: (line: string) => void } = {}): Promise<{ server: Server; restaurant: RestaurantApp; close(): Promise<void> }> {
  const log = options.log ?? console.log
  const { store, where } = exampleStore('koa-restaurant', options.env)
  const iam = await createIam({ store, tokens: demoTokenOptions('https://bistro.example.test') })
  try {
    if (!(await isSeeded(iam))) {
      const { shift } = await seed(iam)
      log(`Created the bistro's staff and roles in ${where}. pat's shift: ${shift.start.toISOString()} to ${shift.end.toISOString()}.`)
    } else {
      log(`Using the bistro's staff and roles in ${where}.`)
    }
    const restaurant = await createApp({ iam })
    const server = await listen(restaurant.app.callback(), options)
    log(`The bistro is open on ${baseUrl(server)} (see examples/koa-restaurant/README.md for curl lines)`)
    const close = async (): Promise<void> => {
      await stopServer(server)
      await iam.close()
    }
    return { server, restaurant, close }
  } catch (error) {
    await iam.close()
    throw error
  }
}

if (isMain(import.meta.url)) {
  const { server, restaurant } = await startServer()
  shutdownOnSignals(server, () => restaurant.iam.close())
}

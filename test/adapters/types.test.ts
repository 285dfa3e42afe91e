import type { Request } from 'express'
import type { Context } from 'koa'
import { describe, expectTypeOf, it } from 'vitest'
import type { RequestIam } from '../../adapters/express/index.js'
import '../../adapters/koa/index.js'

describe('typed request state', () => {
  it('types req.iam (Express) and ctx.state.iam (Koa) by declaration merging', () => {
    expectTypeOf<Request['iam']>().toEqualTypeOf<RequestIam | undefined>()
    expectTypeOf<NonNullable<Context['state']['iam']>['can']>().returns.toEqualTypeOf<Promise<boolean>>()
  })
})

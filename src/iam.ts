/**
 * `createIam`: the whole system over one store — the admin API, STS, the compiled-policy
 * cache, `authorize` and `simulate`. Options are checked once (see `identity/options.ts` for
 * every default and its unit); a bad option throws `ERR_INVALID_OPTION` naming it.
 */
import type { CreateIamOptions, Iam } from './iam-types.js'
import { createAdmin } from './identity/admin.js'
import { createAuthorize } from './identity/authorize.js'
import { resolveOptions } from './identity/options.js'
import { principalContext } from './identity/principal-context.js'
import { Resolver } from './identity/resolver.js'
import { createSimulate } from './identity/simulate.js'
import { PolicyCache } from './store/cache.js'
import { createSts } from './sts/index.js'

export type { CreateIamOptions, Iam } from './iam-types.js'

/**
 * Builds the system and initialises the store (`store.init()`).
 *
 * Staleness: a change made through `iam.admin` is enforced by this instance's `authorize` as soon
 * as the admin call returns; other instances sharing the store enforce it within the store's
 * event latency, and at most `cache.ttlSeconds` (default 30 seconds) if events are lost.
 */
export async function createIam(options: CreateIamOptions): Promise<Iam> {
  const o = resolveOptions(options)
  await o.store.init()
  const cache = new PolicyCache({ max: o.cache.max, ttlSeconds: o.cache.ttlSeconds }).attach(o.store)
  const resolver = new Resolver({ store: o.store, partition: o.partition, cache, catalogue: o.managedPolicies, guardrails: o.guardrails })
  const admin = createAdmin({
    store: o.store,
    partition: o.partition,
    quotas: o.quotas,
    clock: o.clock,
    catalogue: o.managedPolicies,
    onCommit: (accounts) => cache.invalidateAccounts(accounts),
    dangerouslyAllowLocalJwks: o.dangerouslyAllowLocalJwks,
  })
  let sts: ReturnType<typeof createSts>
  try {
    sts = createSts({
      store: o.store,
      partition: o.partition,
      tokens: o.tokens,
      clock: o.clock,
      logger: o.logger,
      throttle: o.throttle,
      dangerouslyAllowLocalJwks: o.dangerouslyAllowLocalJwks,
      degradedReloadMs: Math.min(5000, o.cache.ttlSeconds * 1000),
      policySetFor: (principal) => resolver.policySetFor(principal),
      principalContext: (principal) => principalContext(principal, o.clock()),
      putRolePolicy: (input) => admin.putRolePolicy(input),
    })
    await sts.ready()
  } catch (error) {
    cache.close()
    throw error
  }
  let closed = false
  return {
    partition: o.partition,
    store: o.store,
    admin,
    sts,
    authorize: createAuthorize(resolver, o.clock),
    simulate: createSimulate(resolver, o.store, o.partition, o.clock),
    async close() {
      if (closed) return
      closed = true
      sts.close()
      cache.close()
      await o.store.close()
    },
  }
}

/**
 * `iam-guard/postgres`: the policy store for several app instances sharing one PostgreSQL.
 *
 * ```ts
 * import { postgresStore } from 'iam-guard/postgres'
 * const iam = await createIam({ store: postgresStore({ connectionString: process.env.DATABASE_URL }), … })
 * ```
 */
import type { PolicyStore } from './deps.js'
import { resolveOptions } from './options.js'
import type { PostgresStoreOptions } from './options.js'
import { PostgresStore } from './store.js'

export type { PostgresStoreOptions } from './options.js'

/**
 * A store in PostgreSQL. `init()` creates or migrates its schema (safe with several instances
 * starting at once); transactions never lose an update across instances; change events from
 * every instance arrive through LISTEN/NOTIFY, and after a lost connection the store reports
 * itself degraded until it has reconnected and caught up.
 */
export function postgresStore(options: PostgresStoreOptions): PolicyStore {
  return new PostgresStore(resolveOptions(options))
}

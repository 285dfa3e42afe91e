import { fileStore } from '../../src/store/file.js'
import type { PolicyStore } from '../../src/store/types.js'

export function isDatabaseUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location)
}

/** A file path or a PostgreSQL URL. The file store is opened without watching: the CLI is short-lived. */
export async function openStore(location: string, options: { schema?: string } = {}): Promise<PolicyStore> {
  let store: PolicyStore
  if (isDatabaseUrl(location)) {
    // Loaded only when asked for, so that `pg` stays an optional peer.
    const { postgresStore } = await import('../../adapters/postgres/index.js')
    store = postgresStore({ connectionString: location, ...(options.schema === undefined ? {} : { schema: options.schema }) })
  } else {
    store = fileStore(location, { watch: false })
  }
  await store.init()
  return store
}

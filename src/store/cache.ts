/**
 * The compiled-policy cache: lru-cache semantics (always bounded by count, a TTL as a safety
 * net, an injectable clock), one shared load per key for concurrent misses, and invalidation
 * driven by the store's change events.
 *
 * Every entry is tagged with the accounts whose records it was built from. A change in account
 * A drops the entries tagged A and the loads in flight for A; a change that is not tied to one
 * account (an import, a degraded store) drops everything.
 *
 * Versioning: a load in flight is marked stale when one of its accounts is invalidated (or the
 * cache cleared) before it finishes, and a stale load's value is never cached, so a load that
 * started before a change and finished after it can never put stale data back. Callers arriving
 * after the change start a fresh load instead of joining the stale one.
 *
 * Bounded memory: at most `max` entries (least recently used evicted first; an evicted entry is
 * only loaded again, never wrong), an index of accounts → keys holding only the cached keys, and
 * the loads in flight. Nothing is kept per account once its entries are gone, however many
 * accounts come and go.
 *
 * Staleness bound:
 * - on the instance that made a change: none. The admin API awaits `invalidateAccounts` before
 *   its write returns, and the store also emits the change synchronously after commit;
 * - on other instances sharing the store: the store's event latency (PostgreSQL LISTEN/NOTIFY,
 *   the file watcher);
 * - if events are lost: at most the TTL (`ttlSeconds`). When the store reports it is degraded
 *   (`onDegraded(true)`), the cache is flushed and entries live at most `degradedTtlSeconds`
 *   until it recovers; on recovery it is flushed again, since events may have been missed.
 */
import { LRUCache } from 'lru-cache'
import type { PolicyStore } from './types.js'

export interface PolicyCacheOptions {
  /** Entries kept. Default: 10,000. */
  max?: number
  /** Lifetime of an entry, the safety net when change events are missed. Default: 30 seconds. */
  ttlSeconds?: number
  /** Lifetime of an entry while the store is degraded. Default: 1 second (or `ttlSeconds` if shorter). */
  degradedTtlSeconds?: number
  /** Milliseconds, monotonic enough for ages. Default: `performance.now`. */
  clock?: () => number
}

interface Entry {
  value: unknown
  accounts: readonly string[]
}

interface Inflight {
  promise: Promise<unknown>
  accounts: readonly string[]
  /** Set when an account of this load was invalidated (or the cache cleared) while it ran. */
  stale: boolean
}

export class PolicyCache {
  readonly #lru: LRUCache<string, Entry>
  readonly #inflight = new Map<string, Inflight>()
  readonly #byAccount = new Map<string, Set<string>>()
  #degraded = false
  readonly #ttl: number
  readonly #degradedTtl: number
  readonly #unsubscribe: (() => void)[] = []

  constructor(options: PolicyCacheOptions = {}) {
    const clock = options.clock ?? (() => performance.now())
    this.#ttl = Math.round((options.ttlSeconds ?? 30) * 1000)
    this.#degradedTtl = Math.min(this.#ttl, Math.round((options.degradedTtlSeconds ?? 1) * 1000))
    this.#lru = new LRUCache<string, Entry>({
      max: options.max ?? 10_000,
      ttl: this.#ttl,
      ttlResolution: 0,
      perf: { now: clock },
      dispose: (entry, key) => this.#unindex(key, entry.accounts),
    })
  }

  /** Listens to `store`'s change and degradation events; `close()` stops listening. */
  attach(store: Pick<PolicyStore, 'subscribe' | 'onDegraded'>): this {
    this.#unsubscribe.push(store.subscribe((event) => {
      // Global records (access keys, revoked tokens, service identities) are in no policy set.
      if (event.account !== '') this.invalidateAccounts([event.account])
    }))
    if (store.onDegraded !== undefined) {
      this.#unsubscribe.push(store.onDegraded((degraded) => {
        this.#degraded = degraded
        this.clear()
      }))
    }
    return this
  }

  get size(): number {
    return this.#lru.size
  }

  /** Everything held, for diagnostics and tests: entries, indexed accounts, loads in flight. */
  stats(): { entries: number; accounts: number; inflight: number } {
    return { entries: this.#lru.size, accounts: this.#byAccount.size, inflight: this.#inflight.size }
  }

  get degraded(): boolean {
    return this.#degraded
  }

  /**
   * The value for `key`, loaded with `load` on a miss. Concurrent misses share one load; a
   * failed load is not cached and its error reaches every caller that shared it.
   *
   * @param accounts the accounts whose records the value is built from
   */
  async get<V>(key: string, accounts: readonly string[], load: () => Promise<V>): Promise<V> {
    const hit = this.#lru.get(key)
    if (hit !== undefined) return hit.value as V
    const pending = this.#inflight.get(key)
    if (pending !== undefined) return pending.promise as Promise<V>
    const self: Inflight = { promise: Promise.resolve(), accounts, stale: false }
    const promise: Promise<V> = (async () => {
      // Yield first, so that the in-flight entry exists before `load` can settle.
      await null
      try {
        const value = await load()
        if (!self.stale) {
          this.#lru.set(key, { value, accounts }, this.#degraded ? { ttl: this.#degradedTtl } : {})
          for (const account of accounts) {
            let keys = this.#byAccount.get(account)
            if (keys === undefined) this.#byAccount.set(account, (keys = new Set()))
            keys.add(key)
          }
        }
        return value
      } finally {
        if (this.#inflight.get(key) === self) this.#inflight.delete(key)
      }
    })()
    self.promise = promise
    this.#inflight.set(key, self)
    return promise
  }

  /** Drops every entry and in-flight load built from any of `accounts`. */
  invalidateAccounts(accounts: Iterable<string>): void {
    for (const account of accounts) {
      const keys = this.#byAccount.get(account)
      if (keys !== undefined) for (const key of [...keys]) this.#lru.delete(key)
      for (const [key, pending] of this.#inflight) {
        if (!pending.accounts.includes(account)) continue
        pending.stale = true
        this.#inflight.delete(key)
      }
    }
  }

  /** Drops everything, including loads in flight. */
  clear(): void {
    for (const pending of this.#inflight.values()) pending.stale = true
    this.#lru.clear()
    this.#inflight.clear()
    this.#byAccount.clear()
  }

  close(): void {
    for (const stop of this.#unsubscribe.splice(0)) stop()
    this.clear()
  }

  #unindex(key: string, accounts: readonly string[]): void {
    for (const account of accounts) {
      const keys = this.#byAccount.get(account)
      if (keys === undefined) continue
      keys.delete(key)
      if (keys.size === 0) this.#byAccount.delete(account)
    }
  }
}

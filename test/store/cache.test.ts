import { describe, expect, it, vi } from 'vitest'
import { PolicyCache } from '../../src/store/cache.js'
import type { ChangeEvent } from '../../src/store/types.js'

function deferred<T>() {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej })
  return { promise, resolve, reject }
}

function fakeStore() {
  const listeners: ((e: ChangeEvent) => void)[] = []
  const degraded: ((d: boolean) => void)[] = []
  let seq = 0
  return {
    subscribe(l: (e: ChangeEvent) => void) { listeners.push(l); return () => listeners.splice(listeners.indexOf(l), 1) },
    onDegraded(l: (d: boolean) => void) { degraded.push(l); return () => degraded.splice(degraded.indexOf(l), 1) },
    change(account: string) { for (const l of listeners) l({ seq: ++seq, kind: 'user', account, id: 'x' }) },
    degrade(d: boolean) { for (const l of degraded) l(d) },
    get listenerCount() { return listeners.length },
  }
}

describe('PolicyCache', () => {
  it('shares one load between concurrent misses of a key', async () => {
    const cache = new PolicyCache()
    const gate = deferred<string>()
    const load = vi.fn(() => gate.promise)
    const a = cache.get('k', ['A'], load)
    const b = cache.get('k', ['A'], load)
    gate.resolve('v')
    expect(await Promise.all([a, b])).toEqual(['v', 'v'])
    expect(load).toHaveBeenCalledTimes(1)
    expect(await cache.get('k', ['A'], load)).toBe('v')
    expect(load).toHaveBeenCalledTimes(1)
  })

  it('does not cache a failed load, and every sharer sees the error', async () => {
    const cache = new PolicyCache()
    const load = vi.fn(async () => { throw new Error('down') })
    const results = await Promise.allSettled([cache.get('k', ['A'], load), cache.get('k', ['A'], load)])
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected'])
    expect(load).toHaveBeenCalledTimes(1)
    await expect(cache.get('k', ['A'], async () => 'ok')).resolves.toBe('ok')
  })

  it('drops the entries of an account when a change event for it arrives, and only those', async () => {
    const store = fakeStore()
    const cache = new PolicyCache().attach(store)
    await cache.get('a', ['A'], async () => 1)
    await cache.get('b', ['B'], async () => 2)
    store.change('A')
    expect(await cache.get('a', ['A'], async () => 10)).toBe(10)
    expect(await cache.get('b', ['B'], async () => 20)).toBe(2)
  })

  it('never caches a load that started before a change and finished after it', async () => {
    const store = fakeStore()
    const cache = new PolicyCache().attach(store)
    const gate = deferred<string>()
    const stale = cache.get('k', ['A'], () => gate.promise)
    await Promise.resolve()
    store.change('A')
    // A caller arriving after the change starts its own load instead of joining the stale one.
    const fresh = cache.get('k', ['A'], async () => 'new')
    gate.resolve('old')
    expect(await stale).toBe('old')
    expect(await fresh).toBe('new')
    expect(await cache.get('k', ['A'], async () => 'again')).toBe('new')
  })

  it('does not let the stale load overwrite the entry when it finishes last', async () => {
    const store = fakeStore()
    const cache = new PolicyCache().attach(store)
    const gate = deferred<string>()
    const stale = cache.get('k', ['A'], () => gate.promise)
    await Promise.resolve()
    cache.invalidateAccounts(['A'])
    expect(await cache.get('k', ['A'], async () => 'new')).toBe('new')
    gate.resolve('old')
    await stale
    expect(await cache.get('k', ['A'], async () => 'unused')).toBe('new')
  })

  it('expires entries after the TTL on an injected clock', async () => {
    vi.useFakeTimers()
    try {
      const cache = new PolicyCache({ ttlSeconds: 30, clock: () => Date.now() })
      await cache.get('k', ['A'], async () => 'first')
      vi.advanceTimersByTime(29_000)
      expect(await cache.get('k', ['A'], async () => 'second')).toBe('first')
      vi.advanceTimersByTime(2_000)
      expect(await cache.get('k', ['A'], async () => 'second')).toBe('second')
    } finally {
      vi.useRealTimers()
    }
  })

  it('flushes when the store degrades, uses a short TTL until it recovers, and flushes again on recovery', async () => {
    vi.useFakeTimers()
    try {
      const store = fakeStore()
      const cache = new PolicyCache({ ttlSeconds: 30, degradedTtlSeconds: 1, clock: () => Date.now() }).attach(store)
      await cache.get('k', ['A'], async () => 'before')
      store.degrade(true)
      expect(cache.degraded).toBe(true)
      expect(await cache.get('k', ['A'], async () => 'during')).toBe('during')
      vi.advanceTimersByTime(1_500)
      expect(await cache.get('k', ['A'], async () => 'later')).toBe('later')
      store.degrade(false)
      expect(await cache.get('k', ['A'], async () => 'recovered')).toBe('recovered')
      vi.advanceTimersByTime(1_500)
      expect(await cache.get('k', ['A'], async () => 'unused')).toBe('recovered')
    } finally {
      vi.useRealTimers()
    }
  })

  it('is bounded by count', async () => {
    const cache = new PolicyCache({ max: 2 })
    for (const k of ['a', 'b', 'c']) await cache.get(k, ['A'], async () => k)
    expect(cache.size).toBe(2)
    expect(await cache.get('a', ['A'], async () => 'reloaded')).toBe('reloaded')
  })

  it('ignores change events of global records and stops listening on close', async () => {
    const store = fakeStore()
    const cache = new PolicyCache().attach(store)
    await cache.get('k', ['A'], async () => 1)
    store.change('')
    expect(await cache.get('k', ['A'], async () => 2)).toBe(1)
    cache.close()
    expect(store.listenerCount).toBe(0)
  })

  // Issue 10: bounded everything. Cycling far more principals and accounts than the bound keeps
  // every structure of the cache at the bound: entries, the account index, and no per-account
  // bookkeeping left behind by invalidations (accounts come and go in a multi-tenant app).
  it('holds at most max entries and indexes no more accounts than they use, however many keys and accounts cycle through', async () => {
    const cache = new PolicyCache({ max: 10 })
    for (let i = 0; i < 2_000; i++) {
      const account = `acct-${i}`
      await cache.get(`k${i}`, [account], async () => i)
      cache.invalidateAccounts([`gone-${i}`])
      if (i % 3 === 0) cache.invalidateAccounts([account])
    }
    expect(cache.size).toBe(10)
    expect(cache.stats()).toEqual({ entries: 10, accounts: 10, inflight: 0 })
  })

  it('still never caches a load that an invalidation overtook, with no per-account counters', async () => {
    const cache = new PolicyCache({ max: 10 })
    const gate = deferred<string>()
    const stale = cache.get('k', ['A', 'B'], () => gate.promise)
    cache.invalidateAccounts(['B'])
    const fresh = cache.get('k', ['A', 'B'], async () => 'fresh')
    gate.resolve('stale')
    expect(await stale).toBe('stale')
    expect(await fresh).toBe('fresh')
    expect(await cache.get('k', ['A', 'B'], async () => 'reloaded')).toBe('fresh')
    const cleared = deferred<string>()
    const overtaken = cache.get('c', ['C'], () => cleared.promise)
    cache.clear()
    cleared.resolve('old')
    await overtaken
    expect(await cache.get('c', ['C'], async () => 'new')).toBe('new')
  })
})


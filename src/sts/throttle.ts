/**
 * Failed-login throttling per user and per source: after `maxFailures` failures within
 * `windowSeconds`, further attempts are refused (`ERR_THROTTLED`, with `retryAfterSeconds`)
 * until the window has passed. In memory and per instance, which is the usual trade-off (a shared
 * store would put a write on every failure).
 *
 * An attempt takes its slot when it starts, before the slow scrypt work: counting only finished
 * failures would let a burst of concurrent guesses all pass the check. In-flight attempts count
 * against the limit until they end; a success gives its slot back.
 *
 * Bounded memory, never a way out of the limit. At most `maxTrackedKeys` keys have their own
 * window. A window that holds nothing (no failure, no attempt in flight) is dropped at once, and
 * one whose time has passed when room is needed; a live window is NEVER evicted, so flooding the
 * table with made-up user names cannot reset the count of the user being guessed. When the table
 * is full of live windows, a new key is counted in one of `OVERFLOW_BUCKETS` windows shared by all
 * such keys (by a hash of the key): shared counts reach the limit sooner, so the bound makes
 * throttling stricter, never looser. The price, during such a flood, is that users who were not
 * already tracked may be throttled after fewer failures of their own; the per-source keys make a
 * flood from few sources stop early, so filling the table takes many sources.
 */
import { createHash } from 'node:crypto'
import { IamError } from '../errors.js'

interface Window {
  /** Epoch ms the window started. */
  start: number
  failures: number
  /** Attempts begun and not yet ended. */
  pending: number
}

export interface ThrottleOptions {
  maxFailures: number
  windowSeconds: number
  /** Keys with a window of their own. Default: 100,000. */
  maxTrackedKeys?: number
}

/** One attempt holding a slot on each of its keys. Ending it twice does nothing. */
export interface ThrottleAttempt {
  /** The attempt failed: its slots become failures. */
  fail(): void
  /** The attempt succeeded: its slots are given back and `clearKey`'s failures are forgotten. */
  succeed(clearKey?: string): void
  /** The attempt ended without a verdict (an error, an MFA prompt): its slots are given back. */
  release(): void
}

export const DEFAULT_MAX_TRACKED_KEYS = 100_000

export class Throttle {
  /** Windows shared by keys that found the table full. */
  static readonly OVERFLOW_BUCKETS = 64

  readonly #windows = new Map<string, Window>()
  readonly #overflow = new Map<number, Window>()
  readonly #windowMs: number
  readonly #max: number
  /** No tracked window can have passed before this time (epoch ms): sweeping earlier finds nothing. */
  #nextExpiry = 0

  constructor(
    private readonly options: ThrottleOptions,
    private readonly clock: () => number,
  ) {
    if (!Number.isInteger(options.maxFailures) || options.maxFailures < 1) throw new IamError('ERR_INVALID_OPTION', 'throttle.maxFailures: must be an integer of at least 1')
    if (!(options.windowSeconds > 0)) throw new IamError('ERR_INVALID_OPTION', 'throttle.windowSeconds: must be a positive number')
    const max = options.maxTrackedKeys ?? DEFAULT_MAX_TRACKED_KEYS
    if (!Number.isInteger(max) || max < 1) throw new IamError('ERR_INVALID_OPTION', 'throttle.maxTrackedKeys: must be an integer of at least 1')
    this.#windowMs = options.windowSeconds * 1000
    this.#max = max
  }

  /** Windows held (own and shared), for diagnostics and tests. */
  get size(): number {
    return this.#windows.size + this.#overflow.size
  }

  /** Keys with a window of their own (at most `maxTrackedKeys`). */
  get trackedKeys(): number {
    return this.#windows.size
  }

  /** The window in force for `window` now: a passed one starts afresh (in place, for attempts in flight). */
  #fresh(window: Window, now: number): Window {
    if (now - window.start >= this.#windowMs) {
      window.start = now
      window.failures = 0
    }
    return window
  }

  #existing(key: string, now: number): Window | undefined {
    const own = this.#windows.get(key)
    if (own !== undefined) return this.#fresh(own, now)
    const shared = this.#overflow.get(bucketOf(key))
    return shared === undefined ? undefined : this.#fresh(shared, now)
  }

  /** Drops the windows that hold nothing any more; called only when room is needed. */
  #sweep(now: number): void {
    if (now < this.#nextExpiry) return
    let next = Number.POSITIVE_INFINITY
    for (const [key, window] of this.#windows) {
      if (window.pending === 0 && now - window.start >= this.#windowMs) this.#windows.delete(key)
      else next = Math.min(next, window.start + this.#windowMs)
    }
    this.#nextExpiry = next
  }

  /** The window `key` is counted in from now on: its own, or a shared one when the table is full. */
  #windowFor(key: string, now: number): Window {
    const existing = this.#existing(key, now)
    if (existing !== undefined) return existing
    if (this.#windows.size >= this.#max) this.#sweep(now)
    const window: Window = { start: now, failures: 0, pending: 0 }
    if (this.#windows.size < this.#max) {
      this.#windows.set(key, window)
      this.#nextExpiry = Math.min(this.#nextExpiry, now + this.#windowMs)
    } else {
      this.#overflow.set(bucketOf(key), window)
    }
    return window
  }

  /**
   * Starts an attempt on all `keys` at once; throws `ERR_THROTTLED` (and takes nothing) when any
   * key's failures plus attempts in flight have reached `maxFailures`.
   */
  begin(keys: readonly string[]): ThrottleAttempt {
    const now = this.clock()
    for (const key of keys) {
      const window = this.#existing(key, now)
      if (window !== undefined && window.failures + window.pending >= this.options.maxFailures) {
        const retryAfterSeconds = Math.max(1, Math.ceil((window.start + this.#windowMs - now) / 1000))
        throw new IamError('ERR_THROTTLED', 'Rate exceeded', { details: { reason: 'throttled', retryAfterSeconds } })
      }
    }
    const held = keys.map((key) => {
      const window = this.#windowFor(key, now)
      window.pending++
      return { key, window }
    })
    return this.#attempt(held)
  }

  /** Forgets a window that holds nothing: it says no more than an absent one. */
  #dropIfEmpty(key: string, window: Window): void {
    if (window.failures !== 0 || window.pending !== 0) return
    if (this.#windows.get(key) === window) this.#windows.delete(key)
    else if (this.#overflow.get(bucketOf(key)) === window) this.#overflow.delete(bucketOf(key))
  }

  #attempt(held: { key: string; window: Window }[]): ThrottleAttempt {
    let ended = false
    const end = (failed: boolean): boolean => {
      if (ended) return false
      ended = true
      for (const { window } of held) {
        window.pending--
        if (failed) window.failures++
      }
      return true
    }
    const tidy = (): void => {
      for (const { key, window } of held) this.#dropIfEmpty(key, window)
    }
    return {
      fail: () => void end(true),
      // A success clears the user's count, never the source's: one valid account must not reset a
      // guessing source. A shared window is never cleared: other keys' failures are in it.
      succeed: (clearKey) => {
        if (!end(false)) return
        const own = clearKey === undefined ? undefined : this.#windows.get(clearKey)
        if (own !== undefined && held.some((h) => h.window === own)) own.failures = 0
        tidy()
      },
      release: () => {
        if (end(false)) tidy()
      },
    }
  }
}

function bucketOf(key: string): number {
  return createHash('sha256').update(key).digest().readUInt32BE(0) % Throttle.OVERFLOW_BUCKETS
}

/**
 * Failed-login throttling per user and per source: after `maxFailures` failures within
 * `windowSeconds`, further attempts are refused (`ERR_THROTTLED`) until the window has passed.
 * In memory and bounded (lru-cache), so a flood of made-up user names cannot exhaust memory;
 * per instance, which is the usual trade-off (a shared store would put a write on every failure).
 *
 * An attempt takes its slot when it starts, before the slow scrypt work: counting only finished
 * failures would let a burst of concurrent guesses all pass the check. In-flight attempts count
 * against the limit until they end; a success gives its slot back.
 */
import { LRUCache } from 'lru-cache'
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
  /** Keys tracked per kind. Default: 100,000. */
  max?: number
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

export class Throttle {
  readonly #windows: LRUCache<string, Window>

  constructor(
    private readonly options: ThrottleOptions,
    private readonly clock: () => number,
  ) {
    if (!Number.isInteger(options.maxFailures) || options.maxFailures < 1) throw new IamError('ERR_INVALID_OPTION', 'throttle.maxFailures: must be an integer of at least 1')
    if (!(options.windowSeconds > 0)) throw new IamError('ERR_INVALID_OPTION', 'throttle.windowSeconds: must be a positive number')
    this.#windows = new LRUCache<string, Window>({ max: options.max ?? 100_000 })
  }

  #current(key: string, now: number): Window | undefined {
    const window = this.#windows.get(key)
    if (window === undefined) return undefined
    if (now - window.start >= this.options.windowSeconds * 1000) {
      if (window.pending === 0) {
        this.#windows.delete(key)
        return undefined
      }
      // Attempts in flight keep this object; a new window starts in place so they still land in it.
      window.start = now
      window.failures = 0
    }
    return window
  }

  /**
   * Starts an attempt on all `keys` at once; throws `ERR_THROTTLED` (and takes nothing) when any
   * key's failures plus attempts in flight have reached `maxFailures`.
   */
  begin(keys: readonly string[]): ThrottleAttempt {
    const now = this.clock()
    const windows: Window[] = []
    for (const key of keys) {
      const window = this.#current(key, now)
      if (window !== undefined && window.failures + window.pending >= this.options.maxFailures) {
        const retryAfter = Math.max(1, Math.ceil((window.start + this.options.windowSeconds * 1000 - now) / 1000))
        throw new IamError('ERR_THROTTLED', 'Rate exceeded', { details: { retryAfterSeconds: retryAfter } })
      }
    }
    for (const key of keys) {
      let window = this.#current(key, now)
      if (window === undefined) {
        window = { start: now, failures: 0, pending: 0 }
        this.#windows.set(key, window)
      }
      window.pending++
      windows.push(window)
    }
    return this.#attempt(windows)
  }

  #attempt(windows: Window[]): ThrottleAttempt {
    let ended = false
    const end = (failed: boolean): boolean => {
      if (ended) return false
      ended = true
      for (const window of windows) {
        window.pending--
        if (failed) window.failures++
      }
      return true
    }
    return {
      fail: () => void end(true),
      // A success clears the user's count, never the source's: one valid account must not reset a guessing source.
      succeed: (clearKey) => {
        if (!end(false) || clearKey === undefined) return
        const window = this.#windows.get(clearKey)
        if (window !== undefined) window.failures = 0
      },
      release: () => void end(false),
    }
  }
}

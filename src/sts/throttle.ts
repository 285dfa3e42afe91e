/**
 * Failed-login throttling per user and per source: after `maxFailures` failures within
 * `windowSeconds`, further attempts are refused (`ERR_THROTTLED`) until the window has passed.
 * In memory and bounded (lru-cache), so a flood of made-up user names cannot exhaust memory;
 * per instance, which is the usual trade-off (a shared store would put a write on every failure).
 */
import { LRUCache } from 'lru-cache'
import { IamError } from '../errors.js'

interface Window {
  /** Epoch ms the window started. */
  start: number
  failures: number
}

export interface ThrottleOptions {
  maxFailures: number
  windowSeconds: number
  /** Keys tracked per kind. Default: 100,000. */
  max?: number
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

  #current(key: string): Window | undefined {
    const window = this.#windows.get(key)
    if (window === undefined) return undefined
    if (this.clock() - window.start >= this.options.windowSeconds * 1000) {
      this.#windows.delete(key)
      return undefined
    }
    return window
  }

  /** Throws `ERR_THROTTLED` when any of the keys has used up its failures. */
  check(keys: readonly string[]): void {
    for (const key of keys) {
      const window = this.#current(key)
      if (window !== undefined && window.failures >= this.options.maxFailures) {
        const retryAfter = Math.max(1, Math.ceil((window.start + this.options.windowSeconds * 1000 - this.clock()) / 1000))
        throw new IamError('ERR_THROTTLED', 'Rate exceeded', { details: { retryAfterSeconds: retryAfter } })
      }
    }
  }

  fail(keys: readonly string[]): void {
    for (const key of keys) {
      const window = this.#current(key)
      if (window === undefined) this.#windows.set(key, { start: this.clock(), failures: 1 })
      else window.failures++
    }
  }

  /** A success clears the user's count, never the source's: one valid account must not reset a guessing source. */
  succeed(key: string): void {
    this.#windows.delete(key)
  }
}

/**
 * Revoked token ids (`jti`), held in memory so that verification stays synchronous. Loaded
 * from the store at start, kept in sync from its change events (so a revocation made on another
 * instance is enforced within the store's staleness bound), and reloaded whole when the store
 * says events may have been missed: every `degradedReloadMs` while it is degraded (the same
 * bound as the policy cache's TTL), and once more when it recovers.
 *
 * Bounded (`maxEntries`), and never open because of the bound. An entry is dropped only once its
 * token has expired (past `exp` and the clock tolerance), when verification refuses the token
 * anyway. When the list is full of live entries:
 * - a revocation made on this instance is refused (`ERR_LIMIT_EXCEEDED`) before anything is
 *   written, so the caller knows the token still works (and can revoke the role's sessions, or
 *   disable the user, instead);
 * - a revocation made elsewhere (a store event, a reload) cannot be refused: this instance then
 *   revokes EVERY token issued until now (a cutoff on `iat`) and forgets the entries, which the
 *   cutoff covers. Everyone signs in again once; nothing revoked becomes valid. The cutoff ends by
 *   itself when every token it covers has expired.
 */
import { IamError } from '../errors.js'
import type { RevokedTokenData } from '../identity/model.js'
import type { Logger } from '../iam-types.js'
import type { PolicyStore } from '../store/types.js'
import { MAX_SESSION_SECONDS } from './durations.js'

/** How many additions between sweeps of entries whose tokens have expired anyway. */
const SWEEP_EVERY = 1024
export const DEFAULT_MAX_REVOKED_TOKENS = 100_000

export interface DenylistOptions {
  /** While the store is degraded, reload this often (ms). */
  degradedReloadMs: number
  /** Entries held. */
  maxEntries: number
  /** Seconds a token stays accepted past its `exp`. */
  clockToleranceSeconds: number
}

export class Denylist {
  /** jti → epoch seconds after which the entry is useless (the token has expired). */
  readonly #entries = new Map<string, number>()
  /** Tokens issued at or before this time (epoch seconds) are revoked; set only on overflow. */
  #revokedBefore: number | undefined
  /** No entry can have become useless before this time (epoch seconds): sweeping earlier finds nothing. */
  #nextExpiry = 0
  #loaded = false
  #failed: unknown
  #additions = 0
  #loading = false
  readonly #ready: Promise<void>
  readonly #unsubscribe: (() => void)[] = []
  #degradedTimer: ReturnType<typeof setInterval> | undefined
  private readonly degradedReloadMs: number

  constructor(
    private readonly store: PolicyStore,
    private readonly clock: () => number,
    private readonly logger: Logger,
    private readonly options: DenylistOptions,
  ) {
    this.degradedReloadMs = options.degradedReloadMs
    this.#unsubscribe.push(
      store.subscribe((event) => {
        if (event.kind === 'revokedToken') void this.#refresh(event.id)
      }),
    )
    if (store.onDegraded !== undefined) {
      this.#unsubscribe.push(
        store.onDegraded((degraded) => {
          this.#stopReloading()
          if (degraded) {
            this.#degradedTimer = setInterval(() => void this.#load(), this.degradedReloadMs)
            this.#degradedTimer.unref?.()
          } else {
            void this.#load()
          }
        }),
      )
    }
    this.#ready = this.#load()
    // Awaited by `ready()`; a failure is also logged and retried, never an unhandled rejection.
    this.#ready.catch(() => undefined)
  }

  /** Resolves once the list is loaded; rejects when the first load failed. */
  ready(): Promise<void> {
    return this.#ready
  }

  /** False until the first load finished: callers must fail closed until then. */
  get loaded(): boolean {
    return this.#loaded
  }

  /** After a failed first load, tries again (at most one load in flight). */
  retry(): void {
    if (this.#loaded || this.#loading) return
    this.#loading = true
    this.#load().catch(() => undefined).finally(() => { this.#loading = false })
  }

  /** Whether the token `jti`, issued at `issuedAt` (epoch seconds), is revoked. */
  isRevoked(jti: string | undefined, issuedAt: number | undefined): boolean {
    if (jti !== undefined && this.#entries.has(jti)) return true
    const cutoff = this.#revokedBefore
    if (cutoff === undefined) return false
    if (cutoff + MAX_SESSION_SECONDS + this.options.clockToleranceSeconds < this.clock() / 1000) {
      // Every token the cutoff covered has expired: it can go.
      this.#revokedBefore = undefined
      return false
    }
    return issuedAt === undefined || issuedAt <= cutoff
  }

  /** Entries held, for diagnostics and tests. */
  get size(): number {
    return this.#entries.size
  }

  /**
   * A revocation made on this instance, enforced at once (before the store write is even seen as
   * an event). Throws `ERR_LIMIT_EXCEEDED`, and adds nothing, when the list is full of live entries.
   */
  add(jti: string, expiresAt: number): void {
    if (!this.#put(jti, expiresAt)) {
      throw new IamError('ERR_LIMIT_EXCEEDED', `Too many revoked tokens are still unexpired (tokens.maxRevokedTokens, ${this.options.maxEntries}): the token was not revoked. Revoke the role's sessions or disable the user instead.`, { details: { reason: 'denylist-full' } })
    }
  }

  /** A revocation made elsewhere: it cannot be refused, so a full list falls back to the cutoff. */
  #addRemote(jti: string, expiresAt: number): void {
    if (this.#put(jti, expiresAt)) return
    const now = Math.ceil(this.clock() / 1000)
    this.#revokedBefore = Math.max(this.#revokedBefore ?? 0, now)
    // Every entry is a token issued before now, which the cutoff revokes anyway.
    this.#entries.clear()
    this.#nextExpiry = 0
    this.#entries.set(jti, expiresAt)
    this.logger.error('iam-guard: the revoked-token list is full (tokens.maxRevokedTokens); every token issued until now is revoked on this instance', { maxEntries: this.options.maxEntries, revokedBefore: new Date(now * 1000).toISOString() })
  }

  /** Adds or extends an entry; false when there is no room even after dropping useless entries. */
  #put(jti: string, expiresAt: number): boolean {
    const known = this.#entries.get(jti)
    if (known !== undefined) {
      this.#entries.set(jti, Math.max(known, expiresAt))
      return true
    }
    if (this.#entries.size >= this.options.maxEntries) this.#sweep()
    if (this.#entries.size >= this.options.maxEntries) return false
    this.#entries.set(jti, expiresAt)
    this.#nextExpiry = Math.min(this.#nextExpiry, expiresAt + this.options.clockToleranceSeconds)
    if (++this.#additions % SWEEP_EVERY === 0) this.#sweep()
    return true
  }

  close(): void {
    this.#stopReloading()
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe()
  }

  #stopReloading(): void {
    if (this.#degradedTimer !== undefined) clearInterval(this.#degradedTimer)
    this.#degradedTimer = undefined
  }

  async #load(): Promise<void> {
    try {
      const records = await this.store.list<RevokedTokenData>('revokedToken', '')
      const now = this.clock() / 1000
      for (const record of records) {
        if (record.data.expiresAt > now) this.#addRemote(record.id, record.data.expiresAt)
      }
      this.#loaded = true
      this.#failed = undefined
    } catch (error) {
      this.#failed = error
      this.logger.error('iam-guard: could not load the revoked token list', { error: String(error) })
      if (!this.#loaded) throw error
    }
  }

  async #refresh(jti: string): Promise<void> {
    try {
      const record = await this.store.get<RevokedTokenData>('revokedToken', '', jti)
      // A deleted record only means the token expired and was swept: keeping it costs nothing until our own sweep.
      if (record !== undefined) this.#addRemote(jti, record.data.expiresAt)
    } catch (error) {
      this.logger.error('iam-guard: could not read a revoked token record', { jti, error: String(error) })
    }
  }

  /** Drops the entries of tokens that have expired (past `exp` and the clock tolerance). */
  #sweep(): void {
    const now = this.clock() / 1000
    if (now < this.#nextExpiry) return
    const tolerance = this.options.clockToleranceSeconds
    let next = Number.POSITIVE_INFINITY
    for (const [jti, expiresAt] of this.#entries) {
      if (expiresAt + tolerance <= now) this.#entries.delete(jti)
      else next = Math.min(next, expiresAt + tolerance)
    }
    this.#nextExpiry = next
  }

  /** For diagnostics. */
  get lastError(): unknown {
    return this.#failed
  }
}

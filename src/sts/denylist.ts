/**
 * Revoked token ids (`jti`), held in memory so that verification stays synchronous. Loaded
 * from the store at start, kept in sync from its change events (so a revocation made on another
 * instance is enforced within the store's staleness bound), and reloaded whole when the store
 * says events may have been missed: every `degradedReloadMs` while it is degraded (the same
 * bound as the policy cache's TTL), and once more when it recovers.
 */
import type { RevokedTokenData } from '../identity/model.js'
import type { Logger } from '../iam-types.js'
import type { PolicyStore } from '../store/types.js'

/** How many additions between sweeps of entries whose tokens have expired anyway. */
const SWEEP_EVERY = 1024

export class Denylist {
  /** jti → epoch seconds after which the entry is useless (the token has expired). */
  readonly #entries = new Map<string, number>()
  #loaded = false
  #failed: unknown
  #additions = 0
  #loading = false
  readonly #ready: Promise<void>
  readonly #unsubscribe: (() => void)[] = []
  #degradedTimer: ReturnType<typeof setInterval> | undefined

  constructor(
    private readonly store: PolicyStore,
    private readonly clock: () => number,
    private readonly logger: Logger,
    private readonly degradedReloadMs: number,
  ) {
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

  has(jti: string): boolean {
    return this.#entries.has(jti)
  }

  /** Enforced at once on this instance, before the store write is even seen as an event. */
  add(jti: string, expiresAt: number): void {
    const known = this.#entries.get(jti)
    this.#entries.set(jti, known === undefined ? expiresAt : Math.max(known, expiresAt))
    if (++this.#additions % SWEEP_EVERY === 0) this.#sweep()
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
        if (record.data.expiresAt > now) this.add(record.id, record.data.expiresAt)
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
      if (record !== undefined) this.add(jti, record.data.expiresAt)
    } catch (error) {
      this.logger.error('iam-guard: could not read a revoked token record', { jti, error: String(error) })
    }
  }

  #sweep(): void {
    const now = this.clock() / 1000
    for (const [jti, expiresAt] of this.#entries) if (expiresAt < now - 3600) this.#entries.delete(jti)
  }

  /** For diagnostics. */
  get lastError(): unknown {
    return this.#failed
  }
}

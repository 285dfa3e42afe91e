/**
 * Delivers change events in sequence order, each exactly once per instance: whatever the trigger
 * (a notification, this instance's own commit, the safety-net poll, a reconnection), it reads
 * the changes table after the last sequence number seen. Sequence numbers are handed out under
 * a lock held until commit, so they are in commit order and "after the last seen" misses nothing.
 */
import type pg from 'pg'
import type { ChangeEvent, EntityKind, ListenerSet } from './deps.js'
import type { SchemaNames } from './schema.js'

const PAGE = 1_000

interface ChangeRow {
  seq: string
  kind: EntityKind
  account: string
  id: string
}

export class ChangeFeed {
  #lastSeen = 0
  #running: Promise<void> | undefined
  #again = false
  /** Own changes delivered directly while the table could not be read; skipped when read later. */
  readonly #deliveredAhead = new Set<number>()

  constructor(
    private readonly pool: pg.Pool,
    private readonly names: SchemaNames,
    private readonly listeners: ListenerSet<ChangeEvent>,
  ) {}

  /** Starts after everything already committed: a new instance does not replay history. */
  async start(): Promise<void> {
    const { rows } = await this.pool.query<{ seq: string | null }>(`SELECT max(seq) AS seq FROM ${this.names.changes}`)
    this.#lastSeen = Number(rows[0]?.seq ?? 0)
  }

  /** Reads and delivers everything new; concurrent calls share one reader, which goes round again if asked meanwhile. */
  fetch(): Promise<void> {
    if (this.#running !== undefined) {
      this.#again = true
      return this.#running
    }
    this.#running = this.#loop().finally(() => { this.#running = undefined })
    return this.#running
  }

  /**
   * After this instance committed changes up to `seq`: delivers them (and any earlier ones) before
   * `transact` returns. If the table cannot be read now, delivers the commit's own events directly.
   */
  async deliverThrough(seq: number, own: readonly ChangeEvent[]): Promise<void> {
    try {
      // Two rounds always suffice for a committed change; more means its row is gone (pruned by hand).
      for (let round = 0; this.#lastSeen < seq; round++) {
        if (round === 3) throw new Error('change rows missing')
        await this.fetch()
      }
    } catch {
      for (const event of own) {
        if (event.seq <= this.#lastSeen || this.#deliveredAhead.has(event.seq)) continue
        this.#deliveredAhead.add(event.seq)
        this.listeners.emit(event)
      }
    }
  }

  /**
   * After the notification connection came back. When this instance fell so far behind that the
   * changes it missed were pruned, it reports every record as changed instead.
   */
  async catchUp(): Promise<void> {
    const { rows } = await this.pool.query<{ value: string }>(`SELECT value FROM ${this.names.meta} WHERE key = 'pruned_through'`)
    const prunedThrough = Number(rows[0]?.value ?? 0)
    if (this.#lastSeen < prunedThrough) await this.#resync(prunedThrough)
    await this.fetch()
  }

  async #loop(): Promise<void> {
    do {
      this.#again = false
      for (;;) {
        const { rows } = await this.pool.query<ChangeRow>(
          `SELECT seq, kind, account, id FROM ${this.names.changes} WHERE seq > $1 ORDER BY seq LIMIT ${PAGE}`,
          [this.#lastSeen],
        )
        for (const row of rows) this.#deliver({ seq: Number(row.seq), kind: row.kind, account: row.account, id: row.id })
        if (rows.length < PAGE) break
      }
    } while (this.#again)
  }

  #deliver(event: ChangeEvent): void {
    if (event.seq <= this.#lastSeen) return
    this.#lastSeen = event.seq
    if (this.#deliveredAhead.delete(event.seq)) return
    this.listeners.emit(event)
  }

  async #resync(prunedThrough: number): Promise<void> {
    const { rows } = await this.pool.query<{ kind: EntityKind; account: string; id: string }>(`SELECT kind, account, id FROM ${this.names.records}`)
    for (const row of rows) this.listeners.emit({ seq: prunedThrough, ...row })
    this.#lastSeen = prunedThrough
    for (const seq of this.#deliveredAhead) if (seq <= prunedThrough) this.#deliveredAhead.delete(seq)
  }
}

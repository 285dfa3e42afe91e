/** Test helpers for the stores: a trivial codec, a recording logger, bounded waits for events. */
import type { ChangeEvent, EntityKind, PolicyStore, StoreCodec, StoreSnapshotRecord } from '../../src/store/types.js'
import { ENTITY_KINDS } from '../../src/store/types.js'

/** The document `{ records: [{ kind, account, id, data }] }`, reporting every bad record. */
export const recordsCodec: StoreCodec = {
  decode(document) {
    if (document === null || typeof document !== 'object' || !Array.isArray((document as { records?: unknown }).records)) {
      return { ok: false, issues: [{ path: ['records'], message: 'Expected an array of records' }] }
    }
    const issues: { path: (string | number)[]; message: string }[] = []
    const records: StoreSnapshotRecord[] = []
    ;(document as { records: unknown[] }).records.forEach((item, index) => {
      const record = item as Partial<StoreSnapshotRecord> | null
      if (record === null || typeof record !== 'object') {
        issues.push({ path: ['records', index], message: 'Expected an object' })
        return
      }
      if (!ENTITY_KINDS.includes(record.kind as EntityKind)) issues.push({ path: ['records', index, 'kind'], message: 'Unknown kind' })
      if (typeof record.account !== 'string') issues.push({ path: ['records', index, 'account'], message: 'Expected a string' })
      if (typeof record.id !== 'string') issues.push({ path: ['records', index, 'id'], message: 'Expected a string' })
      records.push({ kind: record.kind!, account: record.account!, id: record.id!, data: record.data })
    })
    return issues.length > 0 ? { ok: false, issues } : { ok: true, records }
  },
  encode(records) {
    return { records }
  },
}

type Level = 'info' | 'warn' | 'error'

export class RecordingLogger {
  readonly entries: { level: Level; message: string; meta?: Record<string, unknown> }[] = []
  readonly #waiting: { level: Level; resolve: (entry: RecordingLogger['entries'][number]) => void }[] = []

  info = (message: string, meta?: Record<string, unknown>): void => this.#log('info', message, meta)
  warn = (message: string, meta?: Record<string, unknown>): void => this.#log('warn', message, meta)
  error = (message: string, meta?: Record<string, unknown>): void => this.#log('error', message, meta)

  count(level: Level): number {
    return this.entries.filter((entry) => entry.level === level).length
  }

  /** The next entry at this level; rejects after `timeoutMs` so that a missing log fails the test. */
  next(level: Level, timeoutMs = 5_000): Promise<RecordingLogger['entries'][number]> {
    return withTimeout(new Promise((resolve) => this.#waiting.push({ level, resolve })), timeoutMs, `no ${level} log`)
  }

  #log(level: Level, message: string, meta?: Record<string, unknown>): void {
    const entry = { level, message, meta }
    this.entries.push(entry)
    for (const waiter of this.#waiting.splice(0)) {
      if (waiter.level === level) waiter.resolve(entry)
      else this.#waiting.push(waiter)
    }
  }
}

export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${timeoutMs} ms: ${what}`)), timeoutMs)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/** The first change event matching `predicate`, waited for at most `timeoutMs`. Subscribe before causing the change. */
export function nextChange(store: PolicyStore, predicate: (event: ChangeEvent) => boolean = () => true, timeoutMs = 5_000): Promise<ChangeEvent> {
  let unsubscribe = (): void => {}
  const found = new Promise<ChangeEvent>((resolve) => {
    unsubscribe = store.subscribe((event) => {
      if (predicate(event)) resolve(event)
    })
  })
  return withTimeout(found, timeoutMs, 'no matching change event').finally(() => unsubscribe())
}

/** Collects change events until `stop()`. */
export function collectChanges(store: PolicyStore): { events: ChangeEvent[]; stop: () => void } {
  const events: ChangeEvent[] = []
  const stop = store.subscribe((event) => events.push(event))
  return { events, stop }
}

/**
 * A store kept in one JSON or YAML file: validated on load, watched for edits (an invalid edit
 * keeps the last good version), written atomically. Built on the memory store, which keeps the
 * transaction logic; each commit is written to disk before it becomes visible.
 */
import { mkdir, readFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { IamError } from '../errors.js'
import type { Logger } from '../iam-types.js'
import { writeFileAtomic } from './atomic-write.js'
import { ListenerSet } from './events.js'
import { FileWatcher } from './file-watch.js'
import { formatOf, parseDocument, serializeDocument } from './file-format.js'
import type { FileFormat, FormatIssue } from './file-format.js'
import { MemoryStore } from './memory.js'
import { checkSnapshot } from './records.js'
import type { ChangeEvent, EntityKind, EntityRecord, ListOptions, PolicyStore, StoreCodec, StoreSnapshotRecord, StoreWriter } from './types.js'

export interface FileStoreOptions {
  /** Turns the file's document into records and back. Default: the iam-guard store document format. */
  codec?: StoreCodec
  /** Reload when the file changes on disk. Default: true. */
  watch?: boolean
  /** Where reload problems are reported. Default: `console`. */
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>
  /** Quiet time after the last change on disk before reloading. Default: 100 ms. */
  debounceMs?: number
}

type Loaded = { ok: true; checked: ReturnType<typeof checkSnapshot>; text: string | undefined } | { ok: false; issues: FormatIssue[] }

class FileStore implements PolicyStore {
  readonly name = 'file'
  readonly #path: string
  readonly #format: FileFormat
  readonly #options: FileStoreOptions
  readonly #logger: Pick<Logger, 'info' | 'warn' | 'error'>
  readonly #core: MemoryStore
  readonly #degraded = new ListenerSet<boolean>()
  #codec: StoreCodec | undefined
  /** The file's text as last loaded or written by us: a watch event showing this text is no change. */
  #knownText: string | undefined
  #watcher: FileWatcher | undefined
  #initialized: Promise<void> | undefined
  #ready = false
  #closed = false
  #isDegraded = false

  constructor(path: string, options: FileStoreOptions) {
    if (typeof path !== 'string' || path.length === 0) throw new IamError('ERR_INVALID_OPTION', 'fileStore: path must be a non-empty string')
    if (options.debounceMs !== undefined && !(Number.isFinite(options.debounceMs) && options.debounceMs >= 0)) {
      throw new IamError('ERR_INVALID_OPTION', 'fileStore: debounceMs must be a non-negative number of milliseconds')
    }
    this.#path = path
    this.#format = formatOf(path)
    this.#options = options
    this.#codec = options.codec
    this.#logger = options.logger ?? console
    this.#core = new MemoryStore({
      name: 'file',
      persist: (records) => this.#persist(records),
      onListenerError: (error) => this.#logger.error('iam-guard file store: a change listener threw', { error }),
    })
  }

  init(): Promise<void> {
    this.#initialized ??= this.#init()
    return this.#initialized
  }

  async get<T>(kind: EntityKind, account: string, id: string): Promise<EntityRecord<T> | undefined> {
    this.#checkReady()
    return this.#core.get<T>(kind, account, id)
  }

  async list<T>(kind: EntityKind, account: string | undefined, options?: ListOptions): Promise<EntityRecord<T>[]> {
    this.#checkReady()
    return this.#core.list<T>(kind, account, options)
  }

  async transact<T>(fn: (tx: StoreWriter) => Promise<T>): Promise<T> {
    this.#checkReady()
    return this.#core.transact(fn)
  }

  subscribe(listener: (event: ChangeEvent) => void): () => void {
    return this.#core.subscribe(listener)
  }

  onDegraded(listener: (degraded: boolean) => void): () => void {
    return this.#degraded.add(listener)
  }

  async exportRecords(): Promise<StoreSnapshotRecord[]> {
    this.#checkReady()
    return this.#core.exportRecords()
  }

  async importRecords(records: readonly StoreSnapshotRecord[]): Promise<void> {
    this.#checkReady()
    return this.#core.importRecords(records)
  }

  async close(): Promise<void> {
    this.#closed = true
    this.#watcher?.close()
    this.#watcher = undefined
    // Lets a reload or a write already under way finish before the store goes away.
    await this.#core.exclusive(async () => {})
    await this.#core.close()
    this.#degraded.clear()
  }

  async #init(): Promise<void> {
    this.#codec ??= await loadDefaultCodec()
    await this.#core.exclusive(async () => {
      const loaded = await this.#load(true)
      if (!loaded.ok) {
        const list = loaded.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`).join('; ')
        throw new IamError('ERR_STORE_INVALID', `The store file ${this.#path} is invalid: ${list}`, { details: { issues: loaded.issues } })
      }
      await this.#core.replaceLocked(loaded.checked, false)
      this.#knownText = loaded.text
    })
    if (this.#options.watch ?? true) {
      await mkdir(dirname(this.#path), { recursive: true })
      this.#watcher = new FileWatcher(this.#path, {
        debounceMs: this.#options.debounceMs ?? 100,
        retryMs: 1_000,
        onSettled: () => { void this.#reload() },
        onStatus: (watching, error) => this.#setDegraded(!watching, error),
      })
      this.#watcher.start()
    }
    this.#ready = true
    // An edit made between reading the file and starting the watch is not missed.
    if (this.#watcher !== undefined) void this.#reload()
  }

  /** Reads, parses and decodes the file. A missing file is an empty store; on reload, so is nothing else. */
  async #load(initial: boolean): Promise<Loaded> {
    let text: string | undefined
    try {
      text = await readFile(this.#path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return { ok: false, issues: [{ path: [], message: `Cannot read the file: ${(error as Error).message}` }] }
    }
    if (text === undefined || (initial && text.trim() === '')) return { ok: true, checked: [], text }
    const parsed = parseDocument(text, this.#format)
    if (!parsed.ok) return parsed
    try {
      const decoded = this.#codec!.decode(parsed.document)
      if (!decoded.ok) return { ok: false, issues: decoded.issues }
      return { ok: true, checked: checkSnapshot(decoded.records), text }
    } catch (error) {
      return { ok: false, issues: [{ path: [], message: (error as Error).message }] }
    }
  }

  async #reload(): Promise<void> {
    try {
      await this.#core.exclusive(async () => {
        if (this.#closed) return
        const text = await readFile(this.#path, 'utf8').catch((error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') return undefined
          throw error
        })
        if (text === this.#knownText) return
        if (text === undefined) {
          this.#logger.warn(`iam-guard file store: ${this.#path} was removed; keeping the last good version`)
          return
        }
        const loaded = text.trim() === '' ? { ok: false as const, issues: [{ path: [], message: 'The file is empty' }] } : await this.#load(false)
        if (!loaded.ok) {
          this.#logger.warn(`iam-guard file store: ignoring an invalid edit of ${this.#path}; keeping the last good version`, { issues: loaded.issues })
          return
        }
        await this.#core.replaceLocked(loaded.checked, false)
        this.#knownText = loaded.text
        this.#logger.info(`iam-guard file store: reloaded ${this.#path}`, { records: loaded.checked.length })
      })
    } catch (error) {
      this.#logger.error(`iam-guard file store: reloading ${this.#path} failed; keeping the last good version`, { error })
    }
  }

  /** Runs inside the transaction lock, before the commit becomes visible: a throw aborts the commit. */
  async #persist(records: StoreSnapshotRecord[]): Promise<void> {
    const onDisk = await readFile(this.#path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined
      throw new IamError('ERR_STORE_UNAVAILABLE', `Cannot read the store file ${this.#path}`, { cause: error })
    })
    if (onDisk !== this.#knownText) {
      // Writing now would silently discard an edit made on disk that we have not loaded yet.
      // The reload waits for the lock this commit holds, so it runs right after the refusal.
      void this.#reload()
      throw new IamError('ERR_CONCURRENT_MODIFICATION', `The store file ${this.#path} was changed on disk; retry once it has been reloaded`)
    }
    const text = serializeDocument(this.#codec!.encode(records), this.#format)
    try {
      await writeFileAtomic(this.#path, text)
    } catch (error) {
      throw new IamError('ERR_STORE_UNAVAILABLE', `Cannot write the store file ${this.#path}`, { cause: error })
    }
    this.#knownText = text
  }

  #setDegraded(degraded: boolean, error?: unknown): void {
    if (degraded) this.#logger.error(`iam-guard file store: cannot watch ${this.#path}; edits on disk are not picked up`, { error })
    if (degraded === this.#isDegraded) return
    this.#isDegraded = degraded
    this.#degraded.emit(degraded)
  }

  #checkReady(): void {
    if (!this.#ready) throw new IamError('ERR_INTERNAL', 'fileStore: await store.init() before using the store')
  }
}

function formatPath(path: readonly (string | number)[]): string {
  return path.length === 0 ? '(document)' : path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${part}`)).join('')
}

/** Loaded on first use so that the store module does not pull in the identity layer until needed. */
async function loadDefaultCodec(): Promise<StoreCodec> {
  return (await import('../identity/document.js')).defaultCodec
}

/**
 * A store kept in a JSON (`.json`) or YAML (`.yaml`, `.yml`) file. `init()` refuses an invalid
 * file with every issue; a missing file is an empty store, created on the first write.
 */
export function fileStore(path: string, options: FileStoreOptions = {}): PolicyStore {
  return new FileStore(path, options)
}

/**
 * Watches one file through its directory, so that editors that save by writing a new file and
 * renaming it over the old one are followed, and reports once changes have settled.
 */
import { watch } from 'node:fs'
import type { FSWatcher } from 'node:fs'
import { basename, dirname } from 'node:path'

export interface FileWatcherOptions {
  /** Quiet time after the last event before `onSettled` runs. */
  debounceMs: number
  /** Delay before watching again after the watch failed. */
  retryMs: number
  onSettled(): void
  /** `false` with the error when watching failed; `true` when watching again. */
  onStatus(watching: boolean, error?: unknown): void
}

export class FileWatcher {
  readonly #directory: string
  readonly #name: string
  readonly #options: FileWatcherOptions
  #watcher: FSWatcher | undefined
  #debounce: NodeJS.Timeout | undefined
  #retry: NodeJS.Timeout | undefined
  #closed = false

  constructor(path: string, options: FileWatcherOptions) {
    this.#directory = dirname(path)
    this.#name = basename(path)
    this.#options = options
  }

  /** Throws when the directory cannot be watched at all. */
  start(): void {
    const watcher = watch(this.#directory, { persistent: false }, (_event, filename) => {
      // Some platforms do not say which file changed; then any change may be ours.
      if (filename === null || filename.toString() === this.#name) this.#schedule()
    })
    watcher.on('error', (error) => this.#fail(error))
    this.#watcher = watcher
  }

  close(): void {
    this.#closed = true
    this.#watcher?.close()
    clearTimeout(this.#debounce)
    clearTimeout(this.#retry)
  }

  #schedule(): void {
    if (this.#closed) return
    clearTimeout(this.#debounce)
    this.#debounce = setTimeout(() => {
      this.#debounce = undefined
      this.#options.onSettled()
    }, this.#options.debounceMs)
    this.#debounce.unref()
  }

  #fail(error: unknown): void {
    this.#watcher?.close()
    this.#watcher = undefined
    if (this.#closed) return
    this.#options.onStatus(false, error)
    this.#retry = setTimeout(() => this.#restart(), this.#options.retryMs)
    this.#retry.unref()
  }

  #restart(): void {
    if (this.#closed) return
    try {
      this.start()
    } catch (error) {
      this.#fail(error)
      return
    }
    this.#options.onStatus(true)
    // Whatever changed while nobody was watching is picked up now.
    this.#schedule()
  }
}

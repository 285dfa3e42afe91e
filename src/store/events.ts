/**
 * A set of listeners. A listener that throws must not keep the others (a cache, an audit hook)
 * from hearing about a change, so errors are reported to `onError` and delivery goes on.
 */
export class ListenerSet<T> {
  readonly #listeners = new Set<(value: T) => void>()
  readonly #onError: (error: unknown) => void

  constructor(onError: (error: unknown) => void = () => {}) {
    this.#onError = onError
  }

  get size(): number {
    return this.#listeners.size
  }

  add(listener: (value: T) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function')
    // Wrapped so that subscribing the same function twice gives two independent subscriptions.
    const entry = (value: T): void => listener(value)
    this.#listeners.add(entry)
    return () => { this.#listeners.delete(entry) }
  }

  emit(value: T): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(value)
      } catch (error) {
        this.#onError(error)
      }
    }
  }

  clear(): void {
    this.#listeners.clear()
  }
}

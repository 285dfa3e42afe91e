/**
 * The dedicated LISTEN connection. When it drops (network, server restart, a terminated
 * backend) it reports the loss at once and connects again with a growing delay.
 */
import type pg from 'pg'

export interface NotificationListenerOptions {
  channel: string
  /** Shown in pg_stat_activity, so an operator can tell the listener apart. */
  applicationName: string
  /** First reconnection delay; doubles up to `maxRetryMs`. */
  retryMs: number
  maxRetryMs: number
  onNotification(payload: string | undefined): void
  /** `false` with the cause as soon as the connection is lost; `true` once listening again. */
  onConnection(connected: boolean, error?: unknown): void
}

interface Connection {
  client: pg.PoolClient
  /** Released to the pool already: every later 'error' or 'end' of this client is ignored. */
  released: boolean
}

function release(connection: Connection, error: unknown): void {
  if (connection.released) return
  connection.released = true
  // Destroyed, not returned: a connection in LISTEN state must not serve queries from the pool.
  connection.client.release(error instanceof Error ? error : true)
}

export class NotificationListener {
  #connection: Connection | undefined
  #timer: NodeJS.Timeout | undefined
  #delay: number
  #closed = false

  constructor(private readonly pool: pg.Pool, private readonly options: NotificationListenerOptions) {
    this.#delay = options.retryMs
  }

  get connected(): boolean {
    return this.#connection !== undefined
  }

  /** The first connection; a failure here is the caller's to report. */
  async start(): Promise<void> {
    await this.#connect()
  }

  close(): void {
    this.#closed = true
    clearTimeout(this.#timer)
    if (this.#connection !== undefined) release(this.#connection, true)
    this.#connection = undefined
  }

  async #connect(): Promise<void> {
    const client = await this.pool.connect()
    const connection: Connection = { client, released: false }
    const onLost = (error: unknown): void => {
      if (connection.released) return
      release(connection, error)
      // Lost while still setting up: the failing setup query reports it to whoever is connecting.
      if (this.#connection !== connection) return
      this.#connection = undefined
      if (this.#closed) return
      this.options.onConnection(false, error)
      this.#schedule()
    }
    client.on('error', onLost)
    client.on('end', () => onLost(new Error('The notification connection ended')))
    try {
      await client.query(`SET application_name = '${this.options.applicationName.replace(/'/g, "''")}'`)
      await client.query(`LISTEN "${this.options.channel}"`)
    } catch (error) {
      release(connection, error)
      throw error
    }
    if (this.#closed) {
      release(connection, true)
      return
    }
    client.on('notification', (message) => {
      if (message.channel === this.options.channel) this.options.onNotification(message.payload)
    })
    this.#connection = connection
    this.#delay = this.options.retryMs
  }

  #schedule(): void {
    this.#timer = setTimeout(() => {
      this.#connect().then(
        () => { if (!this.#closed) this.options.onConnection(true) },
        () => {
          if (this.#closed) return
          this.#delay = Math.min(this.#delay * 2, this.options.maxRetryMs)
          this.#schedule()
        },
      )
    }, this.#delay)
    this.#timer.unref()
  }
}

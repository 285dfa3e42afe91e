/**
 * Fetching an identity provider's JSON Web Key Set, cached with a TTL. Only `https:` URLs (and
 * `http://127.0.0.1` for tests), no redirects, a timeout and a size cap: the URL comes from the
 * store, but the answer comes from the network.
 */
import { createPublicKey, type KeyObject } from 'node:crypto'
import { LRUCache } from 'lru-cache'
import { IamError } from '../errors.js'

const MAX_BYTES = 256 * 1024
const TIMEOUT_MS = 5000
/** Keys kept this long. Default: 10 minutes. */
const TTL_MS = 10 * 60 * 1000
/** An unknown `kid` may trigger a refetch (key rotation at the provider) at most this often. */
const REFETCH_MIN_MS = 60 * 1000

export type Jwk = Record<string, unknown>

export function isAllowedJwksUrl(uri: string): boolean {
  let url: URL
  try {
    url = new URL(uri)
  } catch {
    return false
  }
  if (url.username !== '' || url.password !== '') return false
  return url.protocol === 'https:' || (url.protocol === 'http:' && url.hostname === '127.0.0.1')
}

function unavailable(message: string, cause?: unknown): IamError {
  return new IamError('ERR_TOKEN_INVALID', message, { awsCode: 'IDPCommunicationError', ...(cause === undefined ? {} : { cause }) })
}

async function readLimited(response: Response): Promise<string> {
  const reader = response.body?.getReader()
  if (reader === undefined) return ''
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > MAX_BYTES) {
      await reader.cancel()
      throw unavailable('The identity provider key set is too large')
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

export async function fetchJwks(uri: string): Promise<Jwk[]> {
  if (!isAllowedJwksUrl(uri)) throw unavailable('The identity provider key set URL must use https')
  let response: Response
  try {
    response = await fetch(uri, { redirect: 'error', signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept: 'application/json' } })
  } catch (cause) {
    throw unavailable('Could not fetch the identity provider key set', cause)
  }
  if (!response.ok) throw unavailable(`The identity provider key set answered ${response.status}`)
  const text = await readLimited(response)
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (cause) {
    throw unavailable('The identity provider key set is not JSON', cause)
  }
  const keys = (parsed as { keys?: unknown } | null)?.keys
  if (!Array.isArray(keys)) throw unavailable('The identity provider key set has no keys')
  return keys.filter((k): k is Jwk => typeof k === 'object' && k !== null && !Array.isArray(k))
}

interface Entry {
  keys: Jwk[]
  fetchedAt: number
}

export class JwksCache {
  readonly #entries = new LRUCache<string, Entry>({ max: 256 })
  readonly #inflight = new Map<string, Promise<Entry>>()

  constructor(private readonly clock: () => number) {}

  /** The keys at `uri`; `refresh` asks for a refetch when the cached set lacks the wanted key. */
  async get(uri: string, refresh = false): Promise<Jwk[]> {
    const now = this.clock()
    const entry = this.#entries.get(uri)
    const fresh = entry !== undefined && now - entry.fetchedAt < TTL_MS
    const mayRefetch = entry === undefined || now - entry.fetchedAt >= REFETCH_MIN_MS
    if (entry !== undefined && fresh && !(refresh && mayRefetch)) return entry.keys
    let pending = this.#inflight.get(uri)
    if (pending === undefined) {
      pending = fetchJwks(uri).then((keys) => {
        const next = { keys, fetchedAt: this.clock() }
        this.#entries.set(uri, next)
        return next
      })
      this.#inflight.set(uri, pending)
      void pending.finally(() => this.#inflight.delete(uri)).catch(() => undefined)
    }
    return (await pending).keys
  }
}

/** Imports one public JWK (RSA or EC only: a symmetric `oct` key is never a provider key). */
export function importJwk(jwk: Jwk): KeyObject | undefined {
  if (jwk.kty !== 'RSA' && jwk.kty !== 'EC') return undefined
  if ('d' in jwk) return undefined
  try {
    return createPublicKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' })
  } catch {
    return undefined
  }
}

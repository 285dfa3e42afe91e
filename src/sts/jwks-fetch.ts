/**
 * Fetching an identity provider's JSON Web Key Set, cached with a TTL. The URL is written by an
 * account administrator, who in a multi-tenant app is a customer, so it must not point the
 * server inside its own network (SSRF): only `https:`, never to loopback, private, link-local,
 * unique-local, CGNAT or other special addresses, whether written as an IP literal or reached
 * through a DNS name (every resolved address is checked when connecting, which also defeats
 * DNS rebinding). No redirects, a timeout, a size cap, and one error message for every failure,
 * so that the answer cannot be used to scan the network.
 *
 * `dangerouslyAllowLocal` also admits `http://127.0.0.1` and loopback addresses: for tests and
 * local development only.
 */
import { createPublicKey, type KeyObject } from 'node:crypto'
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns'
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { createRequire } from 'node:module'
import type { LookupFunction } from 'node:net'
import { LRUCache } from 'lru-cache'
import { IamError } from '../errors.js'

// ipaddr.js is CommonJS with `export =`; loaded as src/conditions/ip.ts does (no esModuleInterop).
type IpAddr = typeof import('ipaddr.js')
const ipaddr = createRequire(import.meta.url)('ipaddr.js') as IpAddr

const MAX_BYTES = 256 * 1024
const TIMEOUT_MS = 5000
/** Keys kept this long. Default: 10 minutes. */
const TTL_MS = 10 * 60 * 1000
/** An unknown `kid` may trigger a refetch (key rotation at the provider) at most this often. */
const REFETCH_MIN_MS = 60 * 1000

export type Jwk = Record<string, unknown>

export interface JwksFetchOptions {
  /** Also admit loopback addresses, and plain `http:` to them. Never in production. Default: false. */
  dangerouslyAllowLocal?: boolean
}

/**
 * ipaddr.js's range of an IP literal; an IPv4-mapped IPv6 address is judged as the IPv4 address
 * it maps. Only `unicast` is public: every special-purpose range is refused without listing them.
 */
function rangeOf(address: string): string | undefined {
  if (!ipaddr.isValid(address)) return undefined
  let parsed = ipaddr.parse(address)
  if (parsed.kind() === 'ipv6' && (parsed as InstanceType<IpAddr['IPv6']>).isIPv4MappedAddress()) {
    parsed = (parsed as InstanceType<IpAddr['IPv6']>).toIPv4Address()
  }
  return parsed.range()
}

/** True when a key set may be fetched from `address` (an IP literal). */
export function isPublicAddress(address: string, allowLoopback = false): boolean {
  const range = rangeOf(address)
  return range === 'unicast' || (allowLoopback && range === 'loopback')
}

export function isAllowedJwksUrl(uri: string, options: JwksFetchOptions = {}): boolean {
  let url: URL
  try {
    url = new URL(uri)
  } catch {
    return false
  }
  if (url.username !== '' || url.password !== '') return false
  const local = options.dangerouslyAllowLocal === true
  if (url.protocol !== 'https:' && !(local && url.protocol === 'http:')) return false
  // The URL parser has already turned decimal, hex and octal IPv4 forms (https://2130706433/) into dotted quads.
  const host = url.hostname
  const literal = host.startsWith('[') ? host.slice(1, -1) : ipaddr.IPv4.isValidFourPartDecimal(host) ? host : undefined
  if (literal !== undefined) {
    if (rangeOf(literal) === 'loopback') return local
    return url.protocol === 'https:' && isPublicAddress(literal)
  }
  if (url.protocol !== 'https:') return false
  const name = host.endsWith('.') ? host.slice(0, -1) : host
  return name !== 'localhost' && !name.endsWith('.localhost')
}

/** `dns.lookup` that refuses a name when any of its addresses is not public. */
export function guardedLookup(allowLoopback: boolean, resolve: typeof dnsLookup = dnsLookup): LookupFunction {
  return (hostname: string, options: LookupOptions, callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error !== null) return callback(error, '')
      const list = addresses as LookupAddress[]
      if (list.length === 0 || !list.every((a) => isPublicAddress(a.address, allowLoopback))) {
        return callback(Object.assign(new Error(`${hostname} resolves to an address that is not public`), { code: 'EADDRNOTPUBLIC' }), '')
      }
      if (options.all === true) return callback(null, list)
      callback(null, list[0]!.address, list[0]!.family)
    })
  }
}

function unavailable(reason: string, cause?: unknown): IamError {
  // One message whatever went wrong: "answered 404" or "connection refused" would turn key-set URLs into a port scanner. The reason goes to logs.
  return new IamError('ERR_TOKEN_INVALID', 'Could not fetch the identity provider key set', { awsCode: 'IDPCommunicationError', details: { reason }, ...(cause === undefined ? {} : { cause }) })
}

function get(url: URL, options: JwksFetchOptions): Promise<string> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'GET',
      headers: { accept: 'application/json' },
      lookup: guardedLookup(options.dangerouslyAllowLocal === true),
      // A fresh connection: a pooled socket might have been opened by other code without the address check.
      agent: false,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
    req.on('error', (error) => reject(unavailable('request', error)))
    req.on('response', (res: IncomingMessage) => {
      // Redirects are refused: following one would leave the checked URL.
      if (res.statusCode === undefined || res.statusCode < 200 || res.statusCode > 299) {
        res.resume()
        reject(unavailable(`status ${res.statusCode}`))
        return
      }
      const chunks: Buffer[] = []
      let total = 0
      res.on('data', (chunk: Buffer) => {
        total += chunk.byteLength
        if (total > MAX_BYTES) {
          req.destroy()
          reject(unavailable('too large'))
          return
        }
        chunks.push(chunk)
      })
      res.on('error', (error) => reject(unavailable('response', error)))
      res.on('aborted', () => reject(unavailable('aborted')))
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    })
    req.end()
  })
}

export async function fetchJwks(uri: string, options: JwksFetchOptions = {}): Promise<Jwk[]> {
  if (!isAllowedJwksUrl(uri, options)) throw unavailable('url not allowed')
  const text = await get(new URL(uri), options)
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (cause) {
    throw unavailable('not JSON', cause)
  }
  const keys = (parsed as { keys?: unknown } | null)?.keys
  if (!Array.isArray(keys)) throw unavailable('no keys')
  return keys.filter((k): k is Jwk => typeof k === 'object' && k !== null && !Array.isArray(k))
}

interface Entry {
  keys: Jwk[]
  fetchedAt: number
}

export class JwksCache {
  readonly #entries = new LRUCache<string, Entry>({ max: 256 })
  readonly #inflight = new Map<string, Promise<Entry>>()

  constructor(
    private readonly clock: () => number,
    private readonly options: JwksFetchOptions = {},
  ) {}

  /** The keys at `uri`; `refresh` asks for a refetch when the cached set lacks the wanted key. */
  async get(uri: string, refresh = false): Promise<Jwk[]> {
    const now = this.clock()
    const entry = this.#entries.get(uri)
    const fresh = entry !== undefined && now - entry.fetchedAt < TTL_MS
    const mayRefetch = entry === undefined || now - entry.fetchedAt >= REFETCH_MIN_MS
    if (entry !== undefined && fresh && !(refresh && mayRefetch)) return entry.keys
    let pending = this.#inflight.get(uri)
    if (pending === undefined) {
      pending = fetchJwks(uri, this.options).then((keys) => {
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

/**
 * Session tokens: signing, and the synchronous verification on every request.
 *
 * Verification pins everything before trusting anything: the size, the shape, the `kid` that
 * selects exactly one configured key (never "try the others"), and that key's one algorithm
 * (so `alg: none` and HS/RS confusion cannot pass), then `iss`, `aud`, `exp`/`nbf`.
 */
import jwt from 'jsonwebtoken'
import { LRUCache } from 'lru-cache'
import { IamError } from '../errors.js'
import type { Principal } from '../identity/principal.js'
import { claimsToPrincipal, principalToClaims, type SessionClaims } from './claims.js'
import type { Denylist } from './denylist.js'
import { hasCrit } from './foreign-jwt.js'
import { freezePrincipal } from './frozen-principal.js'
import type { ResolvedKey, ResolvedTokenOptions } from './options.js'
import { generateTokenId } from './secrets.js'

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/

export interface SignedToken {
  token: string
  jti: string
  /** Epoch seconds. */
  iat: number
  exp: number
  principal: Principal
}

function invalidToken(reason: string, cause?: unknown): IamError {
  // The reason goes to logs through `details`; the message stays the same for every failure so it tells an attacker nothing.
  return new IamError('ERR_TOKEN_INVALID', 'The security token included in the request is invalid', cause === undefined ? { details: { reason } } : { cause, details: { reason } })
}

function expiredToken(): IamError {
  return new IamError('ERR_TOKEN_EXPIRED', 'The security token included in the request is expired')
}

/** Decodes the header without trusting it; only to learn which key to use. */
export function decodeHeader(token: string): Record<string, unknown> | undefined {
  const dot = token.indexOf('.')
  if (dot <= 0) return undefined
  try {
    const header: unknown = JSON.parse(Buffer.from(token.slice(0, dot), 'base64url').toString('utf8'))
    return typeof header === 'object' && header !== null && !Array.isArray(header) ? (header as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

export class TokenService {
  readonly #cache: LRUCache<string, Principal> | undefined

  constructor(
    private readonly options: ResolvedTokenOptions,
    private readonly denylist: Denylist,
    private readonly clock: () => number,
  ) {
    this.#cache = options.cacheMax > 0 ? new LRUCache<string, Principal>({ max: options.cacheMax }) : undefined
  }

  get issuer(): string {
    return this.options.issuer
  }

  /**
   * Signs a token for `principal` (its `jti`, `tokenIssueTime`, `expiresAt` are set here) and
   * returns the principal as verification will reproduce it.
   */
  sign(principal: Principal, durationSeconds: number): SignedToken {
    const iat = Math.floor(this.clock() / 1000)
    const exp = iat + durationSeconds
    const jti = generateTokenId()
    const payload: SessionClaims = { ...principalToClaims(principal), iss: this.options.issuer, aud: this.options.audience, iat, nbf: iat, exp, jti }
    const token = jwt.sign(payload, this.options.signingKey, { algorithm: this.options.algorithm, keyid: this.options.kid, header: { alg: this.options.algorithm, typ: 'JWT', kid: this.options.kid } })
    if (token.length > this.options.maxTokenBytes) {
      throw new IamError('ERR_PACKED_POLICY_TOO_LARGE', `The session token would be ${token.length} bytes, over tokens.maxTokenBytes (${this.options.maxTokenBytes}): pass fewer session tags or a smaller session policy`)
    }
    const verified = claimsToPrincipal(payload as unknown as Record<string, unknown>)
    if (verified === undefined) throw new IamError('ERR_INTERNAL', 'could not represent the principal as token claims')
    return { token, jti, iat, exp, principal: freezePrincipal(verified) }
  }

  /** Synchronous; cached (bounded, never past `exp`, revocations checked on every hit). */
  verify(token: string): Principal {
    const principal = this.#verifyUncachedOrCached(token)
    if (principal.jti !== undefined && this.denylist.has(principal.jti)) throw invalidToken('revoked')
    return principal
  }

  /** Verifies the signature and issuer but not the times: to learn what to revoke. */
  inspect(token: string): { jti: string; exp: number } {
    const payload = this.#verifySignature(token, true)
    if (typeof payload.jti !== 'string' || typeof payload.exp !== 'number') throw invalidToken('claims')
    return { jti: payload.jti, exp: payload.exp }
  }

  #verifyUncachedOrCached(token: string): Principal {
    if (!this.denylist.loaded) {
      this.denylist.retry()
      throw new IamError('ERR_STORE_UNAVAILABLE', 'The token revocation list is not loaded yet')
    }
    if (typeof token !== 'string' || token.length === 0 || token.length > this.options.maxTokenBytes) throw invalidToken('size')
    const now = this.clock() / 1000
    const cached = this.#cache?.get(token)
    if (cached !== undefined) {
      if (cached.expiresAt === undefined || cached.expiresAt + this.options.clockTolerance <= now) {
        this.#cache!.delete(token)
        throw expiredToken()
      }
      return cached
    }
    const payload = this.#verifySignature(token, false)
    if (typeof payload.iat !== 'number' || payload.iat > now + this.options.clockTolerance) throw invalidToken('iat')
    if (typeof payload.exp !== 'number' || typeof payload.nbf !== 'number') throw invalidToken('exp')
    const principal = claimsToPrincipal(payload)
    if (principal === undefined) throw invalidToken('claims')
    freezePrincipal(principal)
    this.#cache?.set(token, principal)
    return principal
  }

  #verifySignature(token: string, ignoreExpiration: boolean): Record<string, unknown> {
    if (typeof token !== 'string' || token.length === 0 || token.length > this.options.maxTokenBytes) throw invalidToken('size')
    if (!JWT_SHAPE.test(token)) throw invalidToken('shape')
    const header = decodeHeader(token)
    if (header === undefined || typeof header.kid !== 'string') throw invalidToken('kid')
    if (hasCrit(header)) throw invalidToken('crit')
    const key: ResolvedKey | undefined = this.options.keys.get(header.kid)
    if (key === undefined || header.alg !== key.algorithm) throw invalidToken('kid')
    let payload: unknown
    try {
      payload = jwt.verify(token, key.key, {
        algorithms: [key.algorithm],
        issuer: this.options.issuer,
        audience: this.options.audience,
        clockTolerance: this.options.clockTolerance,
        clockTimestamp: Math.floor(this.clock() / 1000),
        ignoreExpiration,
      })
    } catch (error) {
      if (error instanceof jwt.TokenExpiredError) throw expiredToken()
      throw invalidToken(error instanceof Error ? error.message : 'verify', error)
    }
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw invalidToken('payload')
    return payload as Record<string, unknown>
  }
}

/**
 * Session tokens: signing, and the synchronous verification on every request.
 *
 * Verification pins everything before trusting anything: the size, the shape, the `kid` that
 * selects exactly one configured key (never "try the others"), and that key's one algorithm
 * (so `alg: none` and HS/RS confusion cannot pass), then `iss`, `aud`, `exp`/`nbf`. The payload
 * must be a JSON object and its time claims whole seconds no further apart than the longest
 * session STS issues (36 hours; 12 for a role session), whatever the signature says.
 */
import jwt from 'jsonwebtoken'
import { LRUCache } from 'lru-cache'
import { IamError } from '../errors.js'
import type { Principal } from '../identity/principal.js'
import { claimsToPrincipal, principalToClaims, type SessionClaims } from './claims.js'
import type { Denylist } from './denylist.js'
import { MAX_ROLE_SESSION_SECONDS, MAX_SESSION_SECONDS } from './durations.js'
import { hasCrit } from './foreign-jwt.js'
import { freezePrincipal } from './frozen-principal.js'
import type { ResolvedKey, ResolvedTokenOptions } from './options.js'
import { generateTokenId } from './secrets.js'
import { timeClaimProblem } from './time-claims.js'

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
  return decodeObject(token.slice(0, dot))
}

/**
 * One base64url JSON segment, only when it is a JSON object. jsonwebtoken would also take a
 * payload that is a JSON string holding JSON (it parses twice); we do not.
 */
function decodeObject(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'))
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

/** The longest life a token of this principal type can have been given. */
function maxLifetime(typ: unknown): number {
  return typ === 'assumedRole' ? MAX_ROLE_SESSION_SECONDS : MAX_SESSION_SECONDS
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

  /** Verified tokens cached, for diagnostics and tests. */
  get cacheSize(): number {
    return this.#cache?.size ?? 0
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
    if (this.denylist.isRevoked(principal.jti, principal.tokenIssueTime)) throw invalidToken('revoked')
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
    // Our tokens always carry all three (sign() sets nbf = iat).
    if (payload.iat === undefined) throw invalidToken('iat')
    if (payload.nbf === undefined) throw invalidToken('nbf')
    const principal = claimsToPrincipal(payload)
    if (principal === undefined) throw invalidToken('claims')
    freezePrincipal(principal)
    this.#cache?.set(token, principal)
    return principal
  }

  #verifySignature(token: string, ignoreExpiration: boolean): Record<string, unknown> {
    if (typeof token !== 'string' || token.length === 0 || token.length > this.options.maxTokenBytes) throw invalidToken('size')
    if (!JWT_SHAPE.test(token)) throw invalidToken('shape')
    const [headerPart, payloadPart] = token.split('.', 2) as [string, string]
    const header = decodeObject(headerPart)
    if (header === undefined || typeof header.kid !== 'string') throw invalidToken('kid')
    if (hasCrit(header)) throw invalidToken('crit')
    const key: ResolvedKey | undefined = this.options.keys.get(header.kid)
    if (key === undefined || header.alg !== key.algorithm) throw invalidToken('kid')
    const payload = decodeObject(payloadPart)
    if (payload === undefined) throw invalidToken('payload')
    // Unsound times are refused before the signature is even checked: they are wrong either way.
    const nowSeconds = Math.floor(this.clock() / 1000)
    const problem = timeClaimProblem(payload, { nowSeconds, clockTolerance: this.options.clockTolerance, maxLifetimeSeconds: maxLifetime(payload.typ), requireIat: true })
    if (problem !== undefined) throw invalidToken(problem)
    try {
      jwt.verify(token, key.key, {
        algorithms: [key.algorithm],
        issuer: this.options.issuer,
        audience: this.options.audience,
        clockTolerance: this.options.clockTolerance,
        clockTimestamp: nowSeconds,
        ignoreExpiration,
      })
    } catch (error) {
      if (error instanceof jwt.TokenExpiredError) throw expiredToken()
      throw invalidToken(error instanceof Error ? error.message : 'verify', error)
    }
    // The same bytes jsonwebtoken verified, parsed once by us.
    return payload
  }
}

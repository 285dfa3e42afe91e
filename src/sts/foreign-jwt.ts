/**
 * Verifying JWTs we did not sign (OIDC ID tokens, service assertions): the key decides the
 * algorithm family, the header may only pick within it, and symmetric algorithms never apply,
 * so `alg: none` and HS/RS confusion are refused here too.
 */
import type { KeyObject } from 'node:crypto'
import jwt from 'jsonwebtoken'
import { IamError } from '../errors.js'
import { timeClaimProblem } from './time-claims.js'

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/
const RSA_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'] as const
const EC_ALGORITHM: Record<string, jwt.Algorithm> = { 'prime256v1': 'ES256', 'secp384r1': 'ES384', 'secp521r1': 'ES512' }

export type ForeignError = (reason: string, cause?: unknown) => IamError

export function algorithmsForKey(key: KeyObject): readonly jwt.Algorithm[] {
  if (key.type !== 'public') return []
  if (key.asymmetricKeyType === 'rsa') return (key.asymmetricKeyDetails?.modulusLength ?? 0) >= 2048 ? RSA_ALGORITHMS : []
  if (key.asymmetricKeyType === 'ec') {
    const alg = EC_ALGORITHM[key.asymmetricKeyDetails?.namedCurve ?? '']
    return alg === undefined ? [] : [alg]
  }
  return []
}

function decodePart(part: string | undefined): Record<string, unknown> | undefined {
  if (part === undefined) return undefined
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

/** Header and payload, unverified: only to find the issuer and the key. */
export function decodeUnverified(token: unknown, maxLength: number, fail: ForeignError): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  if (typeof token !== 'string' || token.length > maxLength || !JWT_SHAPE.test(token)) throw fail('shape')
  const [h, p] = token.split('.')
  const header = decodePart(h)
  const payload = decodePart(p)
  if (header === undefined || payload === undefined) throw fail('shape')
  return { header, payload }
}

export interface ForeignVerifyOptions {
  issuer: string
  audience?: string
  clockTolerance: number
  nowSeconds: number
  /** The JWK's own `alg`, when it names one: then only that. */
  keyAlgorithm?: unknown
  /** Longest `exp - iat` accepted, in seconds (also the longest `exp - now`). */
  maxLifetimeSeconds: number
}

/**
 * RFC 7515 section 4.1.11: a recipient MUST reject a JWS whose `crit` lists an extension it does
 * not understand. We understand none, and jsonwebtoken ignores `crit`, so any `crit` is refused.
 */
export function hasCrit(header: Record<string, unknown>): boolean {
  return Object.hasOwn(header, 'crit')
}

/**
 * Verifies `token` (whose `header` and `payload` came from `decodeUnverified`) with `key`. The
 * time claims are checked first, on the unverified payload: `exp` and `iat` whole seconds, `iat`
 * not in the future, `exp - iat` at most `maxLifetimeSeconds`. They are wrong whether or not the
 * signature holds.
 */
export function verifyForeign(token: string, header: Record<string, unknown>, payload: Record<string, unknown>, key: KeyObject, options: ForeignVerifyOptions, fail: ForeignError): Record<string, unknown> {
  if (hasCrit(header)) throw fail('crit')
  const problem = timeClaimProblem(payload, { nowSeconds: options.nowSeconds, clockTolerance: options.clockTolerance, maxLifetimeSeconds: options.maxLifetimeSeconds, requireIat: true })
  if (problem !== undefined) throw fail(problem)
  const allowed = algorithmsForKey(key)
  const alg = header.alg
  if (typeof alg !== 'string' || !(allowed as readonly string[]).includes(alg)) throw fail('algorithm')
  if (options.keyAlgorithm !== undefined && options.keyAlgorithm !== alg) throw fail('algorithm')
  let verified: unknown
  try {
    verified = jwt.verify(token, key, {
      algorithms: [alg as jwt.Algorithm],
      issuer: options.issuer,
      ...(options.audience === undefined ? {} : { audience: options.audience }),
      clockTolerance: options.clockTolerance,
      clockTimestamp: options.nowSeconds,
    })
  } catch (error) {
    if (error instanceof jwt.TokenExpiredError) throw new IamError('ERR_TOKEN_EXPIRED', 'Token is expired', { cause: error, awsCode: 'ExpiredTokenException' })
    throw fail(error instanceof Error ? error.message : 'verify', error)
  }
  if (typeof verified !== 'object' || verified === null || Array.isArray(verified)) throw fail('payload')
  return payload
}

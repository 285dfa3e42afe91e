/**
 * Token options, checked once at start-up (express-jwt, lru-cache): a bad or missing option
 * throws `ERR_INVALID_OPTION` naming it. Keys are imported here, once, as `KeyObject`s:
 * jsonwebtoken re-imports PEM strings on every call (DESIGN.md: 0.5 ms against 20 µs).
 */
import { createHash, createHmac, createPrivateKey, createPublicKey, createSecretKey, type KeyObject } from 'node:crypto'
import { IamError } from '../errors.js'
import type { SigningAlgorithm, TokenOptions } from './types.js'

const HMAC = new Set<SigningAlgorithm>(['HS256', 'HS384', 'HS512'])
const RSA = new Set<SigningAlgorithm>(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'])
const EC_CURVE: Partial<Record<SigningAlgorithm, string>> = { ES256: 'prime256v1', ES384: 'secp384r1', ES512: 'secp521r1' }
const MIN_SECRET_BYTES = 32
const MIN_RSA_BITS = 2048

/** A key that verifies tokens carrying its `kid`, with that one algorithm and no other. */
export interface ResolvedKey {
  kid: string
  algorithm: SigningAlgorithm
  /** Public key or HMAC secret. */
  key: KeyObject
}

export interface ResolvedTokenOptions {
  algorithm: SigningAlgorithm
  /** The key tokens are signed with (private key, or the HMAC secret). */
  signingKey: KeyObject
  kid: string
  /** Every verification key by `kid`, the signing key's public half included. */
  keys: ReadonlyMap<string, ResolvedKey>
  issuer: string
  audience: string
  /** Seconds. */
  clockTolerance: number
  maxTokenBytes: number
  cacheMax: number
  maxRevokedTokens: number
  maxServiceAssertions: number
}

function invalid(option: string, message: string, cause?: unknown): IamError {
  return new IamError('ERR_INVALID_OPTION', `tokens.${option}: ${message}`, cause === undefined ? {} : { cause })
}

export function isHmac(algorithm: SigningAlgorithm): boolean {
  return HMAC.has(algorithm)
}

function checkAlgorithm(option: string, value: unknown): SigningAlgorithm {
  if (typeof value !== 'string' || !(HMAC.has(value as SigningAlgorithm) || RSA.has(value as SigningAlgorithm) || value in EC_CURVE)) {
    throw invalid(option, 'required, one of ES256, ES384, ES512, RS256…RS512, PS256…PS512, HS256…HS512 (no default)')
  }
  return value as SigningAlgorithm
}

function importSecret(option: string, value: unknown): KeyObject {
  let key: KeyObject
  if (isKeyObject(value)) {
    if (value.type !== 'secret') throw invalid(option, 'an HS* algorithm needs a secret key, not an asymmetric key')
    key = value
  } else if (typeof value === 'string' || Buffer.isBuffer(value)) {
    const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value
    // A PEM handed to an HS* algorithm is the classic key-confusion mistake.
    if (bytes.includes('-----BEGIN')) throw invalid(option, 'looks like a PEM key; an HS* algorithm needs a random secret')
    key = createSecretKey(Buffer.from(bytes))
  } else {
    throw invalid(option, 'required for HS* algorithms (at least 32 bytes)')
  }
  if ((key.symmetricKeySize ?? 0) < MIN_SECRET_BYTES) throw invalid(option, `must be at least ${MIN_SECRET_BYTES} bytes`)
  return key
}

function isKeyObject(value: unknown): value is KeyObject {
  return typeof value === 'object' && value !== null && typeof (value as KeyObject).type === 'string' && typeof (value as KeyObject).export === 'function'
}

function checkAsymmetric(option: string, key: KeyObject, algorithm: SigningAlgorithm): void {
  const type = key.asymmetricKeyType
  if (RSA.has(algorithm)) {
    if (type !== 'rsa' && !(type === 'rsa-pss' && algorithm.startsWith('PS'))) throw invalid(option, `${algorithm} needs an RSA key, got ${type ?? key.type}`)
    if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_RSA_BITS) throw invalid(option, `RSA keys must have at least ${MIN_RSA_BITS} bits`)
    return
  }
  const curve = EC_CURVE[algorithm]
  if (type !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== curve) throw invalid(option, `${algorithm} needs an EC key on curve ${curve}`)
}

function importPrivate(option: string, value: unknown, algorithm: SigningAlgorithm): KeyObject {
  let key: KeyObject
  try {
    key = isKeyObject(value) ? value : createPrivateKey(value as string)
  } catch (cause) {
    throw invalid(option, 'could not be imported as a private key', cause)
  }
  if (key.type !== 'private') throw invalid(option, `must be a private key, got a ${key.type} key`)
  checkAsymmetric(option, key, algorithm)
  return key
}

function importPublic(option: string, value: unknown, algorithm: SigningAlgorithm): KeyObject {
  let key: KeyObject
  try {
    if (isKeyObject(value)) key = value.type === 'private' ? createPublicKey(value) : value
    else key = createPublicKey(value as string)
  } catch (cause) {
    throw invalid(option, 'could not be imported as a public key', cause)
  }
  if (key.type !== 'public') throw invalid(option, `must be a public key, got a ${key.type} key`)
  checkAsymmetric(option, key, algorithm)
  return key
}

function sameKey(a: KeyObject, b: KeyObject): boolean {
  return a.export({ format: 'der', type: 'spki' }).equals(b.export({ format: 'der', type: 'spki' }))
}

/** RFC 7638 thumbprint for public keys; for secrets, an HMAC of a fixed label (never a hash of the secret alone). */
function defaultKid(key: KeyObject): string {
  if (key.type === 'secret') return createHmac('sha256', key).update('iam-guard key id').digest('base64url').slice(0, 22)
  const jwk = key.export({ format: 'jwk' }) as Record<string, string>
  const members = jwk.kty === 'EC' ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y } : { e: jwk.e, kty: jwk.kty, n: jwk.n }
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url')
}

function checkKid(option: string, kid: unknown): string {
  if (typeof kid !== 'string' || kid.length === 0 || kid.length > 128 || !/^[\x21-\x7e]+$/.test(kid)) {
    throw invalid(option, 'a key id is 1–128 printable ASCII characters')
  }
  return kid
}

function positiveInteger(option: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) throw invalid(option, `must be an integer from ${min} to ${max}`)
  return value
}

/** Checks every option and imports every key once. Throws `ERR_INVALID_OPTION` naming the option. */
export function resolveTokenOptions(tokens: TokenOptions): ResolvedTokenOptions {
  if (typeof tokens !== 'object' || tokens === null) throw invalid('', 'the token options are required')
  const algorithm = checkAlgorithm('algorithm', tokens.algorithm)
  if (typeof tokens.issuer !== 'string' || tokens.issuer.length === 0) throw invalid('issuer', 'required (no default)')
  const audience = tokens.audience ?? tokens.issuer
  if (typeof audience !== 'string' || audience.length === 0) throw invalid('audience', 'must be a non-empty string')

  let signingKey: KeyObject
  let verifyKey: KeyObject
  if (isHmac(algorithm)) {
    if (tokens.privateKey !== undefined || tokens.publicKey !== undefined) throw invalid('privateKey', 'HS* algorithms take a secret, not privateKey/publicKey')
    signingKey = verifyKey = importSecret('secret', tokens.secret)
  } else {
    if (tokens.secret !== undefined) throw invalid('secret', `${algorithm} takes privateKey and publicKey, not a secret`)
    if (tokens.privateKey === undefined) throw invalid('privateKey', `required for ${algorithm}`)
    if (tokens.publicKey === undefined) throw invalid('publicKey', `required for ${algorithm}`)
    signingKey = importPrivate('privateKey', tokens.privateKey, algorithm)
    verifyKey = importPublic('publicKey', tokens.publicKey, algorithm)
    if (!sameKey(createPublicKey(signingKey), verifyKey)) throw invalid('publicKey', 'does not match privateKey')
  }
  const kid = tokens.kid === undefined ? defaultKid(verifyKey) : checkKid('kid', tokens.kid)
  const keys = new Map<string, ResolvedKey>([[kid, { kid, algorithm, key: verifyKey }]])

  const extra = tokens.verificationKeys ?? []
  if (!Array.isArray(extra)) throw invalid('verificationKeys', 'must be an array')
  extra.forEach((entry, i) => {
    const option = `verificationKeys[${i}]`
    if (typeof entry !== 'object' || entry === null) throw invalid(option, 'must be { kid, algorithm, key }')
    const entryKid = checkKid(`${option}.kid`, entry.kid)
    const entryAlgorithm = checkAlgorithm(`${option}.algorithm`, entry.algorithm)
    const key = isHmac(entryAlgorithm) ? importSecret(`${option}.key`, entry.key) : importPublic(`${option}.key`, entry.key, entryAlgorithm)
    if (keys.has(entryKid)) throw invalid(`${option}.kid`, `duplicate key id '${entryKid}'`)
    keys.set(entryKid, { kid: entryKid, algorithm: entryAlgorithm, key })
  })

  return {
    algorithm,
    signingKey,
    kid,
    keys,
    issuer: tokens.issuer,
    audience,
    clockTolerance: positiveInteger('clockToleranceSeconds', tokens.clockToleranceSeconds, 5, 0, 300),
    maxTokenBytes: positiveInteger('maxTokenBytes', tokens.maxTokenBytes, 8192, 512, 1024 * 1024),
    cacheMax: positiveInteger('cacheMax', tokens.cacheMax, 10_000, 0, 10_000_000),
    maxRevokedTokens: positiveInteger('maxRevokedTokens', tokens.maxRevokedTokens, 100_000, 1, 10_000_000),
    maxServiceAssertions: positiveInteger('maxServiceAssertions', tokens.maxServiceAssertions, 100_000, 1, 10_000_000),
  }
}

/** `createIam` calls this at start-up so that a misconfiguration fails before the first request. */
export function validateTokenOptions(tokens: TokenOptions): void {
  resolveTokenOptions(tokens)
}

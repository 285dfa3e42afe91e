/**
 * Secret hashing and AWS-style identifiers.
 *
 * Passwords and access-key secrets are hashed with scrypt (node:crypto, no extra dependency):
 * a random salt per secret, and the cost parameters stored in the hash string
 * (`scrypt$N$r$p$salt$hash`, base64url) so they can be raised later without breaking old hashes.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'

export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  N: number
  r: number
  p: number
}

/**
 * OWASP's equivalent of N=2^17,r=8,p=1 that needs 32 MiB instead of 128 MiB per hash, so a
 * burst of logins cannot exhaust memory (Password Storage Cheat Sheet, scrypt).
 */
export const DEFAULT_SCRYPT_PARAMS: Readonly<ScryptParams> = Object.freeze({ N: 2 ** 15, r: 8, p: 3 })

const KEY_LENGTH = 32
const SALT_LENGTH = 16
/** A stored hash asking for more than this is refused rather than run (it could be a memory bomb). */
const MAX_N = 2 ** 20
const MAX_R = 32
const MAX_P = 16

/**
 * Hash of a random secret nobody knows, with the default parameters: verified against when a
 * user does not exist, so that an unknown user costs the same time as a wrong password.
 */
export const DUMMY_HASH =
  'scrypt$32768$8$3$70DnP8RrALP3iEqdFPfFOg$_yjKMR6Uw6CHDkjjXR2B1NMzUuyWQsxtzjI0MToC2GM'

function scryptAsync(secret: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // 128 * N * r bytes, with room for the implementation's own overhead.
    const maxmem = 256 * params.N * params.r + 1024 * 1024
    scrypt(secret.normalize('NFC'), salt, KEY_LENGTH, { N: params.N, r: params.r, p: params.p, maxmem }, (err, key) => {
      if (err) reject(err)
      else resolve(key)
    })
  })
}

/** scrypt hash with a fresh random salt. `params` exists for tests that need cheap hashes. */
export async function hashSecret(secret: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_LENGTH)
  const key = await scryptAsync(secret, salt, params)
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64url')}$${key.toString('base64url')}`
}

function parseHash(hash: string): { params: ScryptParams; salt: Buffer; key: Buffer } | undefined {
  if (typeof hash !== 'string' || hash.length > 512) return undefined
  const parts = hash.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined
  const [N, r, p] = [parts[1], parts[2], parts[3]].map((part) => (/^[1-9][0-9]{0,8}$/.test(part!) ? Number(part) : NaN)) as [number, number, number]
  if (!(N >= 2 && N <= MAX_N && (N & (N - 1)) === 0)) return undefined
  if (!(r >= 1 && r <= MAX_R && p >= 1 && p <= MAX_P)) return undefined
  const salt = Buffer.from(parts[4]!, 'base64url')
  const key = Buffer.from(parts[5]!, 'base64url')
  if (salt.length < 8 || key.length !== KEY_LENGTH) return undefined
  return { params: { N, r, p }, salt, key }
}

/** Timing-safe check of a secret against a hash from `hashSecret`. A malformed hash is `false`, never an error. */
export async function verifySecret(secret: string, hash: string): Promise<boolean> {
  if (typeof secret !== 'string') return false
  const parsed = parseHash(hash)
  if (parsed === undefined) return false
  try {
    const key = await scryptAsync(secret, parsed.salt, parsed.params)
    return timingSafeEqual(key, parsed.key)
  } catch {
    return false
  }
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
const BASE62_PLUS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** Uniform random characters: 32 and 64 divide 256, so masking a byte has no bias. */
function randomChars(alphabet: string, length: number): string {
  const bytes = randomBytes(length)
  const mask = alphabet.length - 1
  let out = ''
  for (let i = 0; i < length; i++) out += alphabet[bytes[i]! & mask]
  return out
}

/** `AKIA` + 16 upper-case base32 characters, as AWS access key ids look. */
export function generateAccessKeyId(): string {
  return 'AKIA' + randomChars(BASE32, 16)
}

/** 40 characters of `[A-Za-z0-9+/]` (240 bits), as AWS secret access keys look. */
export function generateSecretAccessKey(): string {
  return randomChars(BASE62_PLUS, 40)
}

export type UniqueIdPrefix = 'AIDA' | 'AROA' | 'AGPA' | 'ANPA' | 'ASIA'

/** AWS unique ids: a prefix naming the kind (user, role, group, policy, temporary key) + 17 characters. */
export function generateUniqueId(prefix: UniqueIdPrefix): string {
  return prefix + randomChars(BASE32, 17)
}

/** A random id for tokens (`jti`): 128 bits, base64url. */
export function generateTokenId(): string {
  return randomBytes(16).toString('base64url')
}


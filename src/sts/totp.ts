/**
 * TOTP (RFC 6238: SHA-1, 6 digits, 30-second steps), as AWS virtual MFA devices use.
 * `otpauth` does the HOTP arithmetic; the step bookkeeping that refuses a code twice is ours.
 */
import { timingSafeEqual } from 'node:crypto'
import { HOTP, Secret } from 'otpauth'

const PERIOD_MS = 30_000
const DIGITS = 6
const CODE = /^[0-9]{6}$/
const BASE32_SECRET = /^[A-Z2-7]{16,128}=*$/

/** A new random 160-bit secret, base32 (what authenticator apps scan from the QR code). */
export function generateTotpSecret(): string {
  return new Secret({ size: 20 }).base32
}

/** The time step (counter) that `atMs` falls in. */
export function totpStep(atMs: number): number {
  return Math.floor(atMs / PERIOD_MS)
}

function codeAtStep(secret: Secret, step: number): string {
  return HOTP.generate({ secret, algorithm: 'SHA1', digits: DIGITS, counter: step })
}

function toSecret(secret: string): Secret | undefined {
  if (typeof secret !== 'string') return undefined
  const upper = secret.toUpperCase()
  if (!BASE32_SECRET.test(upper)) return undefined
  try {
    return Secret.fromBase32(upper)
  } catch {
    return undefined
  }
}

/** The code an authenticator shows at `atMs`. */
export function totpCode(secret: string, atMs: number): string {
  const parsed = toSecret(secret)
  if (parsed === undefined) throw new TypeError('invalid TOTP secret')
  return codeAtStep(parsed, totpStep(atMs))
}

export interface VerifyTotpOptions {
  /** Steps accepted either side of the current one, for clock drift. Default: 1. */
  window?: number
  /** Steps at or before this one are refused: pass the device's `lastUsedStep` so a code is never accepted twice. */
  notAfterStep?: number
}

/**
 * Checks a code and returns the time step it matched (store it as the device's `lastUsedStep`),
 * or `undefined`. Every step in the window is compared (timing-safe), whatever matches first.
 */
export function verifyTotp(secret: string, code: string, atMs: number, options: VerifyTotpOptions = {}): number | undefined {
  if (typeof code !== 'string' || !CODE.test(code)) return undefined
  const parsed = toSecret(secret)
  if (parsed === undefined) return undefined
  const window = Math.max(0, Math.min(10, Math.floor(options.window ?? 1)))
  const current = totpStep(atMs)
  const given = Buffer.from(code)
  let matched: number | undefined
  for (let step = current - window; step <= current + window; step++) {
    const equal = timingSafeEqual(Buffer.from(codeAtStep(parsed, step)), given)
    if (equal && matched === undefined && (options.notAfterStep === undefined || step > options.notAfterStep)) matched = step
  }
  return matched
}

/**
 * AWS's EnableMFADevice check: two consecutive codes from the device. Returns the step of the
 * second code (the device's first `lastUsedStep`), or `undefined`.
 */
export function verifyConsecutiveTotp(secret: string, code1: string, code2: string, atMs: number, window = 2): number | undefined {
  if (typeof code1 !== 'string' || typeof code2 !== 'string' || !CODE.test(code1) || !CODE.test(code2)) return undefined
  const parsed = toSecret(secret)
  if (parsed === undefined) return undefined
  const current = totpStep(atMs)
  const w = Math.max(0, Math.min(10, Math.floor(window)))
  let matched: number | undefined
  for (let step = current - w; step <= current + w; step++) {
    const first = timingSafeEqual(Buffer.from(codeAtStep(parsed, step - 1)), Buffer.from(code1))
    const second = timingSafeEqual(Buffer.from(codeAtStep(parsed, step)), Buffer.from(code2))
    if (first && second && matched === undefined) matched = step
  }
  return matched
}

import { Secret, TOTP } from 'otpauth'
import { describe, expect, it } from 'vitest'
import { generateTotpSecret, totpCode, totpStep, verifyConsecutiveTotp, verifyTotp } from '../../src/sts/totp.js'

const T = Date.UTC(2024, 0, 1, 12, 0, 10)

describe('TOTP (RFC 6238)', () => {
  it('matches the RFC 6238 SHA-1 test vector (59 s → 94287082, last 6 digits)', () => {
    // RFC 6238 Appendix B: the secret is ASCII "12345678901234567890".
    const secret = Secret.fromLatin1('12345678901234567890').base32
    expect(totpCode(secret, 59_000)).toBe('287082')
  })

  it('produces the codes authenticator apps show', () => {
    const secret = generateTotpSecret()
    expect(secret).toMatch(/^[A-Z2-7]{32}$/)
    expect(totpCode(secret, T)).toBe(TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: T }))
  })

  it('returns the matched step, within one step of drift either side', () => {
    const secret = generateTotpSecret()
    const step = totpStep(T)
    expect(verifyTotp(secret, totpCode(secret, T), T)).toBe(step)
    expect(verifyTotp(secret, totpCode(secret, T - 30_000), T)).toBe(step - 1)
    expect(verifyTotp(secret, totpCode(secret, T + 30_000), T)).toBe(step + 1)
    expect(verifyTotp(secret, totpCode(secret, T - 60_000), T)).toBeUndefined()
  })

  it('refuses a code whose step was already used', () => {
    const secret = generateTotpSecret()
    const code = totpCode(secret, T)
    const step = verifyTotp(secret, code, T)!
    expect(verifyTotp(secret, code, T, { notAfterStep: step })).toBeUndefined()
    expect(verifyTotp(secret, code, T, { notAfterStep: step - 1 })).toBe(step)
  })

  it('refuses codes that are not six digits and secrets that are not base32', () => {
    const secret = generateTotpSecret()
    expect(verifyTotp(secret, '12345', T)).toBeUndefined()
    expect(verifyTotp(secret, '1234567', T)).toBeUndefined()
    expect(verifyTotp(secret, 'abcdef', T)).toBeUndefined()
    expect(verifyTotp('not base32!', '123456', T)).toBeUndefined()
  })

  it('enables a device only with two consecutive codes', () => {
    const secret = generateTotpSecret()
    const first = totpCode(secret, T - 30_000)
    const second = totpCode(secret, T)
    expect(verifyConsecutiveTotp(secret, first, second, T)).toBe(totpStep(T))
    expect(verifyConsecutiveTotp(secret, second, first, T)).toBeUndefined()
    expect(verifyConsecutiveTotp(secret, second, second, T)).toBeUndefined()
  })
})

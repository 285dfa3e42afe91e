import { describe, expect, it } from 'vitest'
import { DUMMY_HASH, generateAccessKeyId, generateSecretAccessKey, generateUniqueId, hashSecret, verifySecret } from '../../src/sts/secrets.js'
import { CHEAP } from './helpers.js'

describe('hashSecret / verifySecret', () => {
  it('stores the scrypt parameters and a per-secret salt in the hash', async () => {
    const a = await hashSecret('pw', CHEAP)
    const b = await hashSecret('pw', CHEAP)
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]{43}$/)
    expect(a).not.toBe(b)
  })

  it('accepts the right secret and refuses a wrong one', async () => {
    const hash = await hashSecret('s3cret', CHEAP)
    expect(await verifySecret('s3cret', hash)).toBe(true)
    expect(await verifySecret('s3cret ', hash)).toBe(false)
  })

  it('uses the default parameters when none are given', async () => {
    expect(await hashSecret('pw')).toMatch(/^scrypt\$32768\$8\$3\$/)
  })

  it('answers false, never throws, for malformed hashes', async () => {
    for (const bad of ['', 'scrypt$1024$8$1$salt', 'bcrypt$1$2$3$4$5', 'scrypt$1000$8$1$c2FsdHNhbHQ$aGFzaA', 'scrypt$4194304$8$1$c2FsdHNhbHQ$' + 'A'.repeat(43)]) {
      expect(await verifySecret('pw', bad)).toBe(false)
    }
    expect(await verifySecret(undefined as unknown as string, await hashSecret('pw', CHEAP))).toBe(false)
  })

  it('has a well-formed dummy hash that no guess matches', async () => {
    expect(DUMMY_HASH).toMatch(/^scrypt\$32768\$8\$3\$/)
    expect(await verifySecret('', DUMMY_HASH)).toBe(false)
  })
})

describe('identifiers', () => {
  it('makes AWS-shaped access key ids, secrets and unique ids', () => {
    expect(generateAccessKeyId()).toMatch(/^AKIA[A-Z2-7]{16}$/)
    expect(generateSecretAccessKey()).toMatch(/^[A-Za-z0-9+/]{40}$/)
    for (const prefix of ['AIDA', 'AROA', 'AGPA', 'ANPA', 'ASIA'] as const) expect(generateUniqueId(prefix)).toMatch(new RegExp(`^${prefix}[A-Z2-7]{17}$`))
    expect(new Set(Array.from({ length: 100 }, () => generateAccessKeyId())).size).toBe(100)
  })
})

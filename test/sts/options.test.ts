import { createSecretKey, generateKeyPairSync, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { resolveTokenOptions, validateTokenOptions } from '../../src/sts/options.js'
import type { TokenOptions } from '../../src/sts/types.js'
import { ecKeys, ISSUER, rsaKeys } from './helpers.js'

function refused(options: unknown, option: string): void {
  expect(() => validateTokenOptions(options as TokenOptions)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTION', message: expect.stringContaining(`tokens.${option}`) }))
}

describe('validateTokenOptions', () => {
  const ec = ecKeys()
  const secret = randomBytes(32)

  it('accepts ES256 with a matching key pair and HS256 with a long secret', () => {
    expect(() => validateTokenOptions({ algorithm: 'ES256', ...ec, issuer: ISSUER })).not.toThrow()
    expect(() => validateTokenOptions({ algorithm: 'HS256', secret, issuer: ISSUER })).not.toThrow()
  })

  it('has no default algorithm or issuer', () => {
    refused({ privateKey: ec.privateKey, publicKey: ec.publicKey, issuer: ISSUER }, 'algorithm')
    refused({ algorithm: 'none', issuer: ISSUER }, 'algorithm')
    refused({ algorithm: 'ES256', ...ec }, 'issuer')
  })

  it('refuses HS* without a secret of at least 32 bytes, or with asymmetric keys', () => {
    refused({ algorithm: 'HS256', issuer: ISSUER }, 'secret')
    refused({ algorithm: 'HS256', secret: 'short', issuer: ISSUER }, 'secret')
    refused({ algorithm: 'HS256', secret, privateKey: ec.privateKey, issuer: ISSUER }, 'privateKey')
    refused({ algorithm: 'HS256', secret: ec.publicKey, issuer: ISSUER }, 'secret')
    refused({ algorithm: 'HS256', secret: ec.publicKey.export({ format: 'pem', type: 'spki' }), issuer: ISSUER }, 'secret')
  })

  it('refuses asymmetric algorithms with missing, mismatched or wrong-type keys', () => {
    const other = ecKeys()
    const rsa = rsaKeys()
    refused({ algorithm: 'ES256', publicKey: ec.publicKey, issuer: ISSUER }, 'privateKey')
    refused({ algorithm: 'ES256', privateKey: ec.privateKey, issuer: ISSUER }, 'publicKey')
    refused({ algorithm: 'ES256', privateKey: ec.privateKey, publicKey: other.publicKey, issuer: ISSUER }, 'publicKey')
    refused({ algorithm: 'ES256', ...rsa, issuer: ISSUER }, 'privateKey')
    refused({ algorithm: 'RS256', ...ec, issuer: ISSUER }, 'privateKey')
    refused({ algorithm: 'ES384', ...ec, issuer: ISSUER }, 'privateKey')
    refused({ algorithm: 'ES256', ...ec, secret, issuer: ISSUER }, 'secret')
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 })
    refused({ algorithm: 'RS256', ...small, issuer: ISSUER }, 'privateKey')
  })

  it('requires a kid and an algorithm on every verification key, and unique kids', () => {
    const old = ecKeys()
    refused({ algorithm: 'ES256', ...ec, issuer: ISSUER, verificationKeys: [{ algorithm: 'ES256', key: old.publicKey }] }, 'verificationKeys[0].kid')
    refused({ algorithm: 'ES256', ...ec, issuer: ISSUER, verificationKeys: [{ kid: 'old', key: old.publicKey }] }, 'verificationKeys[0].algorithm')
    refused({ algorithm: 'ES256', ...ec, issuer: ISSUER, kid: 'k', verificationKeys: [{ kid: 'k', algorithm: 'ES256', key: old.publicKey }] }, 'verificationKeys[0].kid')
    refused({ algorithm: 'ES256', ...ec, issuer: ISSUER, verificationKeys: [{ kid: 'old', algorithm: 'HS256', key: 'short' }] }, 'verificationKeys[0].key')
  })

  it('refuses out-of-range numeric options', () => {
    refused({ algorithm: 'ES256', ...ec, issuer: ISSUER, clockToleranceSeconds: -1 }, 'clockToleranceSeconds')
    refused({ algorithm: 'ES256', ...ec, issuer: ISSUER, maxTokenBytes: 10 }, 'maxTokenBytes')
    refused({ algorithm: 'ES256', ...ec, issuer: ISSUER, cacheMax: -1 }, 'cacheMax')
    refused({ algorithm: 'ES256', ...ec, issuer: ISSUER, maxRevokedTokens: 0 }, 'maxRevokedTokens')
    refused({ algorithm: 'ES256', ...ec, issuer: ISSUER, maxRevokedTokens: 1.5 }, 'maxRevokedTokens')
    refused({ algorithm: 'ES256', ...ec, issuer: ISSUER, maxServiceAssertions: 0 }, 'maxServiceAssertions')
    refused({ algorithm: 'ES256', ...ec, issuer: ISSUER, maxServiceAssertions: Number.POSITIVE_INFINITY }, 'maxServiceAssertions')
  })

  it('bounds the in-memory structures by default: 10,000 cached tokens, 100,000 revoked ids and assertion ids', () => {
    const resolved = resolveTokenOptions({ algorithm: 'ES256', ...ec, issuer: ISSUER })
    expect([resolved.cacheMax, resolved.maxRevokedTokens, resolved.maxServiceAssertions]).toEqual([10_000, 100_000, 100_000])
  })

  it('imports PEM strings once and defaults the kid to the key thumbprint and the audience to the issuer', () => {
    const resolved = resolveTokenOptions({
      algorithm: 'ES256',
      privateKey: ec.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
      publicKey: ec.publicKey.export({ format: 'pem', type: 'spki' }) as string,
      issuer: ISSUER,
    })
    expect(resolved.kid).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(resolved.audience).toBe(ISSUER)
    expect(resolved.keys.get(resolved.kid)!.key.type).toBe('public')
    expect(resolveTokenOptions({ algorithm: 'HS256', secret: createSecretKey(secret), issuer: ISSUER }).keys.size).toBe(1)
  })
})

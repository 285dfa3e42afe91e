/**
 * Service principals, as AWS lets a service assume a role: a trust policy with
 * `Principal: { Service: 'worker.app' }` admits a configured service (a `serviceIdentity`
 * record holding its public key) that proves itself with a short-lived assertion it signed:
 * `iss` = its name, `aud` = our issuer, `exp` at most 5 minutes after `iat`, a unique `jti`.
 */
import { createPublicKey, type KeyObject } from 'node:crypto'
import { LRUCache } from 'lru-cache'
import { IamError } from '../errors.js'
import type { ServiceIdentityData } from '../identity/model.js'
import { isServicePrincipalName } from '../principal-arn.js'
import { decodeUnverified, verifyForeign } from './foreign-jwt.js'
import type { StsInternals } from './internals.js'
import { ASSUME_ROLE_DURATION, firstHopSession, issueRoleSession } from './role-session.js'
import { loadRole, parseRoleArn, requireTrust, timeKeys, TrustContext } from './trust.js'
import type { AssumeRoleOutput } from './types.js'
import { checkDuration, checkSessionName } from './validate.js'

export const MAX_ASSERTION_LIFETIME_SECONDS = 300
const MAX_ASSERTION_LENGTH = 8192

function badAssertion(reason: string, cause?: unknown): IamError {
  return new IamError('ERR_INVALID_CREDENTIALS', 'The service assertion is invalid', { details: { reason }, ...(cause === undefined ? {} : { cause }) })
}

function importServiceKey(publicKey: string): KeyObject | undefined {
  try {
    const text = publicKey.trim()
    return text.startsWith('{') ? createPublicKey({ key: JSON.parse(text), format: 'jwk' }) : createPublicKey(text)
  } catch {
    return undefined
  }
}

export class ServiceAuthenticator {
  /** Imported keys by their text (a key changed in the store is a different entry). */
  readonly #keys = new LRUCache<string, KeyObject>({ max: 1024 })
  /**
   * Assertion ids seen → epoch seconds after which the assertion is refused as expired anyway: an
   * assertion is good for one AssumeRole. Per instance. Bounded by `maxSeen`; an entry is dropped
   * only once its assertion has expired, so a full set refuses new assertions rather than forget
   * one that could still be replayed.
   */
  readonly #seen = new Map<string, number>()
  /** No entry can have expired before this time (epoch seconds). */
  #nextExpiry = 0

  constructor(
    private readonly sts: StsInternals,
    private readonly maxSeen: number,
  ) {}

  /** Assertion ids remembered, for diagnostics and tests. */
  get size(): number {
    return this.#seen.size
  }

  /** Records `key` as used until `until`; throws `ERR_THROTTLED` when the set is full of live entries. */
  #remember(key: string, until: number, nowSeconds: number): void {
    if (this.#seen.size >= this.maxSeen && nowSeconds >= this.#nextExpiry) {
      let next = Number.POSITIVE_INFINITY
      for (const [k, expiry] of this.#seen) {
        if (expiry <= nowSeconds) this.#seen.delete(k)
        else next = Math.min(next, expiry)
      }
      this.#nextExpiry = next
    }
    if (this.#seen.size >= this.maxSeen) {
      const retryAfterSeconds = Math.max(1, Math.ceil(this.#nextExpiry - nowSeconds))
      throw new IamError('ERR_THROTTLED', 'Rate exceeded', { details: { reason: 'replay-set-full', retryAfterSeconds } })
    }
    this.#seen.set(key, until)
    this.#nextExpiry = Math.min(this.#nextExpiry, until)
  }

  #key(publicKey: string): KeyObject | undefined {
    let key = this.#keys.get(publicKey)
    if (key === undefined) {
      key = importServiceKey(publicKey)
      if (key !== undefined) this.#keys.set(publicKey, key)
    }
    return key
  }

  async assumeRole(input: { assertion: string; roleArn: string; roleSessionName: string; durationSeconds?: number }): Promise<AssumeRoleOutput> {
    const sts = this.sts
    if (typeof input !== 'object' || input === null) throw new IamError('ERR_VALIDATION', 'input is required')
    if (parseRoleArn(input.roleArn) === undefined) throw new IamError('ERR_VALIDATION', "1 validation error detected: Value at 'roleArn' failed to satisfy constraint: Member must be a role ARN")
    const sessionName = checkSessionName(input.roleSessionName)
    const durationSeconds = checkDuration(input.durationSeconds, ASSUME_ROLE_DURATION)

    const { header, payload } = decodeUnverified(input.assertion, MAX_ASSERTION_LENGTH, badAssertion)
    const service = payload.iss
    if (typeof service !== 'string' || !isServicePrincipalName(service)) throw badAssertion('iss')
    const record = await sts.deps.store.get<ServiceIdentityData>('serviceIdentity', '', service)
    const key = record === undefined || typeof record.data.publicKey !== 'string' ? undefined : this.#key(record.data.publicKey)
    if (key === undefined) throw badAssertion('service')
    const nowMs = sts.deps.clock()
    const nowSeconds = Math.floor(nowMs / 1000)
    const claims = verifyForeign(input.assertion, header, payload, key, {
      issuer: service, audience: sts.tokens.issuer, clockTolerance: sts.clockTolerance, nowSeconds, maxLifetimeSeconds: MAX_ASSERTION_LIFETIME_SECONDS,
    }, badAssertion)
    const { exp, jti } = claims
    if (typeof jti !== 'string' || jti.length === 0 || jti.length > 256) throw badAssertion('jti')
    const seenKey = `${service}\0${jti}`
    if (this.#seen.has(seenKey)) throw badAssertion('replay')
    this.#remember(seenKey, (exp as number) + sts.clockTolerance, nowSeconds)

    const ctx = new TrustContext()
    timeKeys(ctx, nowMs)
    ctx.set('aws:PrincipalServiceName', service)
    ctx.set('sts:RoleSessionName', sessionName)
    const role = await loadRole(sts, input.roleArn)
    requireTrust(sts, service, ['sts:AssumeRole'], role, {}, ctx, input.roleArn)

    return issueRoleSession(sts, {
      ...firstHopSession(role),
      sessionName,
      durationSeconds,
      sessionPolicy: undefined,
      sessionPolicyArns: undefined,
      packedPolicySize: 0,
    })
  }
}

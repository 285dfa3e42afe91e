/**
 * The time claims of a JWT, checked before anything trusts them. JSON lets a signed payload say
 * `"exp":1e309` (Infinity once parsed), `-1e300`, `0.5` or a string; jsonwebtoken only compares
 * such values, so a token "valid until Infinity" passes it, and an absurd `iat` later breaks the
 * code that turns it into a date. RFC 7519 section 2 defines a NumericDate as seconds since the
 * epoch; we accept whole seconds in a sane range only, and bound how long a token may live
 * whatever its signature says.
 */

/** 9999-12-31T23:59:59Z: later "times" are not times any clock of ours will reach. */
const LAST_SECOND = 253_402_300_799

/** Whole seconds since the epoch, up to the year 9999. */
export function isEpochSeconds(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= LAST_SECOND
}

export interface TimeClaimRules {
  /** Seconds. */
  nowSeconds: number
  /** Seconds of clock skew allowed on `iat`. */
  clockTolerance: number
  /** Longest `exp - iat` accepted, in seconds. */
  maxLifetimeSeconds: number
  /** Whether `iat` must be present (OIDC ID tokens and our own tokens: yes). */
  requireIat: boolean
}

/**
 * The reason the time claims are unacceptable (`'exp'`, `'iat'`, `'nbf'`, `'lifetime'`), or
 * `undefined` when they are sound. Expiry itself (`exp` in the past) and `nbf` in the future are
 * left to jsonwebtoken, which reports them with their own errors.
 */
export function timeClaimProblem(claims: Readonly<Record<string, unknown>>, rules: TimeClaimRules): string | undefined {
  const { iat, nbf, exp } = claims
  if (!isEpochSeconds(exp)) return 'exp'
  if (iat === undefined) {
    if (rules.requireIat) return 'iat'
  } else {
    if (!isEpochSeconds(iat) || iat > rules.nowSeconds + rules.clockTolerance) return 'iat'
    if (exp <= iat || exp - iat > rules.maxLifetimeSeconds) return 'lifetime'
  }
  if (nbf !== undefined && (!isEpochSeconds(nbf) || nbf > exp || (isEpochSeconds(iat) && nbf < iat))) return 'nbf'
  // Without `iat`, the lifetime still counts from now: a token may not be valid for longer.
  if (exp > rules.nowSeconds + rules.maxLifetimeSeconds + rules.clockTolerance) return 'lifetime'
  return undefined
}

/**
 * `createSts`: the STS of one `Iam` (exposed as `iam.sts`). Options are checked and keys
 * imported once here; the revoked-token list starts loading at once (await `ready()`).
 */
import { IamError } from '../errors.js'
import type { Principal } from '../identity/principal.js'
import { assumeRole } from './assume-role.js'
import { authenticate, authenticateAccessKey, getSessionToken, login } from './authenticate.js'
import { Denylist } from './denylist.js'
import type { StsDeps, StsInternals } from './internals.js'
import { JwksCache } from './jwks-fetch.js'
import { resolveTokenOptions, type ResolvedTokenOptions } from './options.js'
import { revokeSessions, revokeToken } from './revoke.js'
import { ServiceAuthenticator } from './service.js'
import { switchBack, switchRole } from './switch-role.js'
import { Throttle } from './throttle.js'
import { TokenService } from './tokens.js'
import type { IamSts } from './types.js'
import { assumeRoleWithWebIdentity } from './web-identity.js'

export type { StsDeps } from './internals.js'
export { validateTokenOptions } from './options.js'
export { REVOKE_POLICY_NAME, revokePolicy } from './revoke.js'

/** `IamSts` plus the lifecycle `createIam` needs. */
export interface StsInstance extends IamSts {
  /** Resolves once the revoked-token list is loaded; until then `verifySessionToken` fails closed (503). */
  ready(): Promise<void>
  /** Stops listening to the store. */
  close(): void
  /** How much each bounded in-memory structure holds now: for diagnostics and tests. */
  stats(): StsStats
}

export interface StsStats {
  /** Verified tokens cached (bound: `tokens.cacheMax`). */
  cachedTokens: number
  /** Revoked token ids held (bound: `tokens.maxRevokedTokens`). */
  revokedTokens: number
  /** Users and sources with a login throttle window of their own (bound: `throttle.maxTrackedKeys`). */
  throttledKeys: number
  /** All login throttle windows: the own ones plus at most 64 shared by keys that found the table full. */
  throttleWindows: number
  /** Service assertion ids remembered against replay (bound: `tokens.maxServiceAssertions`). */
  serviceAssertions: number
}

/** The public halves of the asymmetric keys, as JWKs with `kid`, `alg` and `use`. HMAC secrets are never published. */
function publicJwks(options: ResolvedTokenOptions): { keys: Record<string, unknown>[] } {
  const keys: Record<string, unknown>[] = []
  for (const key of options.keys.values()) {
    if (key.key.type !== 'public') continue
    keys.push({ ...(key.key.export({ format: 'jwk' }) as Record<string, unknown>), kid: key.kid, alg: key.algorithm, use: 'sig' })
  }
  return { keys }
}

function checkPrincipal(principal: Principal): Principal {
  if (typeof principal !== 'object' || principal === null || typeof principal.arn !== 'string' || typeof principal.account !== 'string' || typeof principal.userId !== 'string') {
    throw new IamError('ERR_UNAUTHENTICATED', 'No authenticated principal')
  }
  return principal
}

export function createSts(deps: StsDeps): StsInstance {
  const options = resolveTokenOptions(deps.tokens)
  const clock = deps.clock
  const denylist = new Denylist(deps.store, clock, deps.logger, {
    degradedReloadMs: deps.degradedReloadMs ?? 5000,
    maxEntries: options.maxRevokedTokens,
    clockToleranceSeconds: options.clockTolerance,
  })
  const sts: StsInternals = {
    deps,
    tokens: new TokenService(options, denylist, clock),
    throttle: new Throttle(deps.throttle, clock),
    denylist,
    clockTolerance: options.clockTolerance,
    now: clock,
  }
  const jwksCache = new JwksCache(clock, { dangerouslyAllowLocal: deps.dangerouslyAllowLocalJwks === true })
  const services = new ServiceAuthenticator(sts, options.maxServiceAssertions)
  const published = publicJwks(options)

  return {
    ready: () => denylist.ready(),
    close: () => denylist.close(),
    stats: () => ({ cachedTokens: sts.tokens.cacheSize, revokedTokens: denylist.size, throttledKeys: sts.throttle.trackedKeys, throttleWindows: sts.throttle.size, serviceAssertions: services.size }),
    authenticate: (input) => authenticate(sts, input),
    login: (input) => login(sts, input),
    authenticateAccessKey: (input) => authenticateAccessKey(sts, input),
    getSessionToken: (input) => getSessionToken(sts, input),
    assumeRole: (input) => assumeRole(sts, input),
    assumeRoleWithWebIdentity: (input) => assumeRoleWithWebIdentity(sts, jwksCache, input),
    assumeRoleAsService: (input) => services.assumeRole(input),
    verifySessionToken: (token) => sts.tokens.verify(token),
    switchRole: (state, input) => switchRole(sts, state, input),
    switchBack: (state) => switchBack(state),
    getCallerIdentity: (principal) => {
      const p = checkPrincipal(principal)
      return { account: p.account, arn: p.arn, userId: p.userId }
    },
    revokeSessions: (input) => revokeSessions(sts, input),
    revokeToken: (input) => revokeToken(sts, input),
    jwks: () => structuredClone(published),
  }
}

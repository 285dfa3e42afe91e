/**
 * AssumeRoleWithWebIdentity (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html):
 * an OpenID Connect ID token, from a provider registered in the role's account, for a role
 * whose trust policy names `Principal: { Federated: <provider ARN> }`. The condition keys are
 * named after the provider URL without `https://` (`<provider>:sub`, `:aud`, `:amr`), as AWS does
 * ("Available keys for AWS OIDC federation").
 */
import { IamError } from '../errors.js'
import type { OidcProviderData } from '../identity/model.js'
import { algorithmsForKey, decodeUnverified, verifyForeign } from './foreign-jwt.js'
import type { StsInternals } from './internals.js'
import { importJwk, type Jwk, type JwksCache } from './jwks-fetch.js'
import { issuerProviderId } from './oidc-issuer.js'
import { ASSUME_ROLE_DURATION, firstHopSession, issueRoleSession } from './role-session.js'
import { callerContext, loadRole, parseRoleArn, requireTrust, timeKeys, TrustContext } from './trust.js'
import type { AssumeRoleOutput, AssumeRoleWithWebIdentityInput } from './types.js'
import { checkDuration, checkSessionName, packSessionPolicy } from './validate.js'

/** AWS's WebIdentityToken limit. */
const MAX_ID_TOKEN = 20_000
/**
 * The longest ID token accepted (`exp - iat`): 24 hours. Providers issue them for minutes to an
 * hour; the longest in common use with AWS are EKS service-account tokens, valid for 24 hours.
 * An ID token claiming a longer life is refused as invalid, whatever its signature.
 */
export const MAX_ID_TOKEN_LIFETIME_SECONDS = 86_400
const ACTION = 'sts:AssumeRoleWithWebIdentity'

/** `details.reason` is `id-token:<what>` (`id-token:kid`, `id-token:iss`, `id-token:lifetime`…), for the audit log. */
function invalidIdentityToken(reason: string, cause?: unknown): IamError {
  return new IamError('ERR_TOKEN_INVALID', 'The ID token is invalid', { awsCode: 'InvalidIdentityToken', details: { reason: `id-token:${reason}` }, ...(cause === undefined ? {} : { cause }) })
}

/** Exactly one key: the one named by `kid`, or the only key when the token names none. Never "try them all". */
function pickKey(keys: Jwk[], kid: unknown): Jwk | undefined {
  const signing = keys.filter((k) => k.use === undefined || k.use === 'sig')
  if (typeof kid === 'string') {
    const named = signing.filter((k) => k.kid === kid)
    return named.length === 1 ? named[0] : undefined
  }
  return kid === undefined && signing.length === 1 ? signing[0] : undefined
}

async function providerKey(sts: StsInternals, jwks: JwksCache, provider: OidcProviderData, kid: unknown): Promise<Jwk | undefined> {
  if (provider.jwks !== undefined) return pickKey(provider.jwks.keys, kid)
  if (provider.jwksUri === undefined) return undefined
  const key = pickKey(await jwks.get(provider.jwksUri), kid)
  if (key !== undefined) return key
  // The provider may have rotated its keys since we cached them.
  sts.deps.logger.info('iam-guard: refreshing an identity provider key set for an unknown kid', { provider: provider.arn })
  return pickKey(await jwks.get(provider.jwksUri, true), kid)
}

export async function assumeRoleWithWebIdentity(sts: StsInternals, jwks: JwksCache, input: AssumeRoleWithWebIdentityInput): Promise<AssumeRoleOutput> {
  if (typeof input !== 'object' || input === null) throw new IamError('ERR_VALIDATION', 'AssumeRoleWithWebIdentity input is required')
  const ref = parseRoleArn(input.roleArn)
  if (ref === undefined) throw new IamError('ERR_VALIDATION', "1 validation error detected: Value at 'roleArn' failed to satisfy constraint: Member must be a role ARN")
  const sessionName = checkSessionName(input.roleSessionName)
  const durationSeconds = checkDuration(input.durationSeconds, ASSUME_ROLE_DURATION)
  const packed = packSessionPolicy(input.policy, input.policyArns, [])
  const extra = callerContext(input.context)

  const { header, payload } = decodeUnverified(input.webIdentityToken, MAX_ID_TOKEN, invalidIdentityToken)
  const id = issuerProviderId(payload.iss, sts.deps.dangerouslyAllowLocalJwks === true)
  if (id === undefined) throw invalidIdentityToken('iss')
  const record = await sts.deps.store.get<OidcProviderData>('oidcProvider', ref.account, id)
  if (record === undefined) {
    throw new IamError('ERR_TOKEN_INVALID', `No OpenIDConnect provider found in your account for ${payload.iss as string}`, { awsCode: 'InvalidIdentityToken', details: { reason: 'provider-not-found' } })
  }
  const provider = record.data
  const jwk = await providerKey(sts, jwks, provider, header.kid)
  const key = jwk === undefined ? undefined : importJwk(jwk)
  if (jwk === undefined || key === undefined || algorithmsForKey(key).length === 0) throw invalidIdentityToken('kid')
  const nowMs = sts.deps.clock()
  const claims = verifyForeign(input.webIdentityToken, header, payload, key, {
    issuer: payload.iss as string, clockTolerance: sts.clockTolerance, nowSeconds: Math.floor(nowMs / 1000), keyAlgorithm: jwk.alg, maxLifetimeSeconds: MAX_ID_TOKEN_LIFETIME_SECONDS,
  }, invalidIdentityToken)

  if (typeof claims.sub !== 'string' || claims.sub.length === 0 || claims.sub.length > 255) throw invalidIdentityToken('sub')
  const audiences = typeof claims.aud === 'string' ? [claims.aud] : Array.isArray(claims.aud) ? claims.aud.filter((a): a is string => typeof a === 'string') : []
  const aud = audiences.find((a) => provider.clientIdList.includes(a))
  if (aud === undefined) throw new IamError('ERR_TOKEN_INVALID', 'Incorrect token audience', { awsCode: 'InvalidIdentityToken', details: { reason: 'audience', principalArn: provider.arn } })
  const amr = typeof claims.amr === 'string' ? [claims.amr] : Array.isArray(claims.amr) ? claims.amr.filter((a): a is string => typeof a === 'string') : undefined

  const ctx = new TrustContext()
  // Keys named after this provider are set from the verified token only.
  const prefix = `${id.toLowerCase()}:`
  ctx.setAll(extra.filter(([k]) => !k.toLowerCase().startsWith(prefix)))
  timeKeys(ctx, nowMs)
  ctx.set('aws:FederatedProvider', provider.arn)
  ctx.set('sts:RoleSessionName', sessionName)
  ctx.set(`${id}:sub`, claims.sub)
  ctx.set(`${id}:aud`, aud)
  if (amr !== undefined) ctx.set(`${id}:amr`, amr)

  const role = await loadRole(sts, input.roleArn)
  requireTrust(sts, provider.arn, [ACTION], role, {}, ctx, input.roleArn)

  const webIdentityClaims: Record<string, string | string[]> = Object.create(null)
  webIdentityClaims.sub = claims.sub
  webIdentityClaims.aud = aud
  if (amr !== undefined) webIdentityClaims.amr = amr
  return issueRoleSession(sts, {
    ...firstHopSession(role),
    sessionName,
    durationSeconds,
    sessionPolicy: packed.document,
    sessionPolicyArns: packed.arns,
    packedPolicySize: packed.packedPolicySize,
    federatedProvider: provider.arn,
    webIdentityClaims,
  })
}

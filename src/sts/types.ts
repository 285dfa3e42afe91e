/**
 * The STS contract: how callers become principals and how role sessions are issued.
 * Implemented by `createSts` in `src/sts/`; exposed as `iam.sts`.
 */
import type { KeyObject } from 'node:crypto'
import type { Principal } from '../identity/principal.js'
import type { PolicyDocument } from '../policy/types.js'

export type SigningAlgorithm = 'ES256' | 'ES384' | 'ES512' | 'RS256' | 'RS384' | 'RS512' | 'PS256' | 'PS384' | 'PS512' | 'HS256' | 'HS384' | 'HS512'

export interface VerificationKey {
  kid: string
  algorithm: SigningAlgorithm
  /** Public key (asymmetric) or secret (HS*). PEM strings are imported once into a `KeyObject`. */
  key: KeyObject | string | Buffer
}

export interface TokenOptions {
  /** No default: ES256 or RS256 recommended; HS* only with an explicit `secret`. */
  algorithm: SigningAlgorithm
  /** Asymmetric algorithms: the signing key. */
  privateKey?: KeyObject | string
  /** Asymmetric algorithms: the matching public key (published in the JWKS). */
  publicKey?: KeyObject | string
  /** HS* algorithms only. At least 32 bytes. */
  secret?: KeyObject | string | Buffer
  /** Key id put in every token header. Default: a thumbprint of the public key. */
  kid?: string
  /** Older keys still accepted, for rotation. A token's `kid` selects exactly one key. */
  verificationKeys?: VerificationKey[]
  /** `iss`, required. */
  issuer: string
  /** `aud`. Default: the issuer. */
  audience?: string
  /** Default: 5 seconds. */
  clockToleranceSeconds?: number
  /** Longer tokens are refused before any parsing. Default: 8,192 bytes. */
  maxTokenBytes?: number
  /**
   * Verified tokens cached in memory (an LRU; never past `exp`, revocations checked on every hit;
   * 0 turns the cache off). Default: 10,000 tokens.
   */
  cacheMax?: number
  /**
   * Revoked token ids (`revokeToken`, logout) held in memory for synchronous verification. An
   * entry is dropped only once its token has expired. When this many are still live, a new
   * revocation on this instance is refused (`ERR_LIMIT_EXCEEDED`); one arriving from another
   * instance revokes every token issued until then instead. Never fails open. Default: 100,000.
   */
  maxRevokedTokens?: number
  /**
   * Service assertion ids remembered until they expire, so that each is used once. When this many
   * are still live, further assertions are refused (`ERR_THROTTLED`, 429) until some expire; none
   * is forgotten early. Default: 100,000.
   */
  maxServiceAssertions?: number
}

export interface Credentials {
  sessionToken: string
  /** ISO 8601. */
  expiration: string
}

export interface AuthenticateInput {
  account: string
  userName: string
  password: string
  mfaCode?: string
  /** For throttling per source. */
  sourceIp?: string
}

export interface AssumeRoleInput {
  caller: Principal
  roleArn: string
  roleSessionName: string
  /** Default: 3,600 seconds. */
  durationSeconds?: number
  externalId?: string
  serialNumber?: string
  tokenCode?: string
  /** Inline session policy (JSON text or document). */
  policy?: string | PolicyDocument
  policyArns?: { arn: string }[]
  tags?: { key: string; value: string }[]
  transitiveTagKeys?: string[]
  sourceIdentity?: string
  /** Extra request context (e.g. `aws:SourceIp`) for the trust-policy evaluation. */
  context?: Record<string, string | string[] | number | boolean>
}

export interface AssumeRoleOutput {
  credentials: Credentials
  assumedRoleUser: { arn: string; assumedRoleId: string }
  /** Percentage of the packed session-policy quota used, as AWS reports it. */
  packedPolicySize: number
  sourceIdentity?: string
  /** The principal the token stands for (not in AWS's answer; convenient for servers). */
  principal: Principal
}

export interface AssumeRoleWithWebIdentityInput {
  roleArn: string
  roleSessionName: string
  webIdentityToken: string
  durationSeconds?: number
  policy?: string | PolicyDocument
  policyArns?: { arn: string }[]
  context?: Record<string, string | string[] | number | boolean>
}

/** What a server session (express-session / koa-session) stores: tokens, never principals. */
export interface SessionState {
  /** The user's own session token, from login. */
  userToken?: string
  /** The active role's session token after a console-style switch. */
  roleToken?: string
  /** Most recent first, at most 5. */
  recentRoles?: { roleArn: string; displayName?: string }[]
}

export interface IamSts {
  authenticate(input: AuthenticateInput): Promise<Principal>
  /** Login for server sessions and `POST /login`: authenticate, then issue a user session token. */
  login(input: AuthenticateInput & { durationSeconds?: number }): Promise<{ credentials: Credentials; principal: Principal }>
  authenticateAccessKey(input: { accessKeyId: string; secretAccessKey: string }): Promise<Principal>
  getSessionToken(input: { accessKeyId: string; secretAccessKey: string; durationSeconds?: number; serialNumber?: string; tokenCode?: string }): Promise<{ credentials: Credentials; principal: Principal }>
  assumeRole(input: AssumeRoleInput): Promise<AssumeRoleOutput>
  assumeRoleWithWebIdentity(input: AssumeRoleWithWebIdentityInput): Promise<AssumeRoleOutput>
  /** A configured service (`Principal: { Service: 'worker.app' }`) proves itself with a signed assertion. */
  assumeRoleAsService(input: { assertion: string; roleArn: string; roleSessionName: string; durationSeconds?: number }): Promise<AssumeRoleOutput>
  /**
   * Synchronous and cached: the hot path. Throws `IamError` `ERR_TOKEN_INVALID` / `ERR_TOKEN_EXPIRED`.
   * Revoked `jti`s are refused (the denylist is kept in memory, synced from store events).
   */
  verifySessionToken(token: string): Principal
  switchRole(state: SessionState, input: { roleArn: string; displayName?: string; roleSessionName?: string }): Promise<SessionState>
  switchBack(state: SessionState): SessionState
  getCallerIdentity(principal: Principal): { account: string; arn: string; userId: string }
  /** AWS's "revoke active sessions": an inline deny on `aws:TokenIssueTime` attached to the role. */
  revokeSessions(input: { roleArn: string; issuedBefore?: Date }): Promise<void>
  /** Per-token denylist by `jti` (or by the token itself). */
  revokeToken(input: { jti: string; expiresAt?: number } | { token: string }): Promise<void>
  /** The public verification keys as a JWKS document (`/.well-known/jwks.json`). */
  jwks(): { keys: Record<string, unknown>[] }
}

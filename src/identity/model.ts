/**
 * The data model, with AWS IAM's fields. These are the `data` of store records
 * (see `src/store/types.ts`); record ids are given next to each type.
 */
import type { PolicyDocument } from '../policy/types.js'

export interface Tag {
  key: string
  value: string
}

/** kind `account`, account = id = the account id. */
export interface AccountData {
  accountId: string
  alias?: string
  tags: Tag[]
  /** Inline guardrail policies (the SCP analogue) by name: together one level (an Allow in any of them suffices, as for SCPs attached to one node), below the app-wide level. */
  guardrails: Record<string, PolicyDocument>
  createDate: string
}

/** A managed policy attachment by ARN (account policy or app catalogue policy). */
export type PolicyArn = string

/** kind `user`, id = userName. */
export interface UserData {
  userName: string
  /** `AIDA…`: never reused, so a user created again under the same name is a different principal. */
  userId: string
  path: string
  arn: string
  createDate: string
  tags: Tag[]
  permissionsBoundary?: PolicyArn
  attachedPolicies: PolicyArn[]
  inlinePolicies: Record<string, PolicyDocument>
  groups: string[]
  loginProfile?: { passwordHash: string; passwordResetRequired: boolean; createDate: string }
  mfaDevices: MfaDevice[]
}

export interface MfaDevice {
  /** `arn:P:iam::ACCT:mfa/NAME`. */
  serialNumber: string
  /** Base32 TOTP secret. Secret material: never returned by the admin API after enabling. */
  secret: string
  enableDate: string
  /** Last accepted TOTP time step, so that a code is never accepted twice. */
  lastUsedStep?: number
}

/** kind `group`, id = groupName. */
export interface GroupData {
  groupName: string
  groupId: string
  path: string
  arn: string
  createDate: string
  attachedPolicies: PolicyArn[]
  inlinePolicies: Record<string, PolicyDocument>
}

/** kind `role`, id = roleName. */
export interface RoleData {
  roleName: string
  /** `AROA…`: never reused. */
  roleId: string
  path: string
  arn: string
  createDate: string
  description?: string
  /** Seconds, 3,600–43,200. Default: 3,600. */
  maxSessionDuration: number
  assumeRolePolicyDocument: PolicyDocument
  tags: Tag[]
  permissionsBoundary?: PolicyArn
  attachedPolicies: PolicyArn[]
  inlinePolicies: Record<string, PolicyDocument>
}

export interface PolicyVersionData {
  versionId: string
  document: PolicyDocument
  isDefaultVersion: boolean
  createDate: string
}

/** kind `policy`, id = policyName (unique per account, whatever the path). */
export interface ManagedPolicyData {
  policyName: string
  policyId: string
  path: string
  arn: string
  description?: string
  defaultVersionId: string
  /** At most 5 (AWS quota). */
  versions: PolicyVersionData[]
  /** Next version number to hand out (`v${nextVersion}`); versions are never renumbered. */
  nextVersion: number
  createDate: string
  updateDate: string
}

/** kind `resourcePolicy`, id = the resource ARN or ARN pattern it protects. */
export interface ResourcePolicyData {
  resourceArn: string
  policyDocument: PolicyDocument
  updateDate: string
}

/** kind `oidcProvider`, id = the provider URL without `https://` (as in the AWS provider ARN). */
export interface OidcProviderData {
  arn: string
  url: string
  clientIdList: string[]
  /** Inline JSON Web Key Set. */
  jwks?: { keys: Record<string, unknown>[] }
  /** Fetched when no inline keys are given (https, or http on 127.0.0.1 in tests). */
  jwksUri?: string
  tags: Tag[]
  createDate: string
}

/** kind `accessKey`, account `''`, id = accessKeyId. */
export interface AccessKeyData {
  accessKeyId: string
  account: string
  userName: string
  userId: string
  /** scrypt hash of the secret; the secret itself is returned once, at creation. */
  secretHash: string
  status: 'Active' | 'Inactive'
  createDate: string
}

/** kind `revokedToken`, account `''`, id = the token's `jti`. */
export interface RevokedTokenData {
  jti: string
  /** Epoch seconds after which the record may be forgotten (the token's own expiry). */
  expiresAt: number
}

/** kind `serviceIdentity`, account `''`, id = service name such as `worker.app`. */
export interface ServiceIdentityData {
  service: string
  /** PEM public key (or JWK) the service signs its assertions with. */
  publicKey: string
  createDate: string
}

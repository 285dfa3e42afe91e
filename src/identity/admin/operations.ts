/**
 * The admin operations by AWS name (`CreateUser`…), with the resource each one acts on, so that
 * the HTTP admin endpoint can guard every call as `iam:<Operation>` on that ARN (IAM guarding
 * itself, as AWS's own IAM API is authorized).
 *
 * Resources: the entity's ARN for user, group, role, policy, MFA and OIDC operations (AWS's
 * resource types); the account's `arn:P:iam::ACCT:root` for account-wide operations (listing,
 * guardrails, resource policies without an account segment); and the reserved `app` account for
 * app-wide operations (accounts, service identities), which no tenant principal can reach.
 */
import type { PolicyStore } from '../../store/types.js'
import { CATALOGUE_ACCOUNT, checkAccount, checkName, checkPath, iamArn, oidcProviderArn, rootArn, type IamResourceType } from '../arn.js'
import { validation } from './context.js'
import { providerId } from './federation.js'
import { field, type Input } from './input.js'

export interface AdminOperation {
  /** The `IamAdmin` method. */
  readonly method: string
  /**
   * The ARN the operation acts on, from the input alone. The path of an existing entity is not in
   * the input; `resourceArnFor` (async) reads it from the store and is what the endpoint should use.
   */
  resourceArn(input: Readonly<Record<string, unknown>>, partition: string): string
}

type Kind = 'user' | 'group' | 'role' | 'newUser' | 'newGroup' | 'newRole' | 'policyArn' | 'newPolicy' | 'account' | 'app' | 'resource' | 'mfa' | 'oidc' | 'newOidc'

const NAME_FIELD = { user: 'userName', group: 'groupName', role: 'roleName' } as const

function entityArn(type: IamResourceType, nameField: string, input: Input, partition: string, path = '/'): string {
  return iamArn(partition, checkAccount(field(input, 'account')), type, path, checkName(field(input, nameField), nameField))
}

function arnFor(kind: Kind, input: Input, partition: string): string {
  switch (kind) {
    // An existing entity's path is never taken from the input: a caller could otherwise pick a
    // path that some Allow covers. Without the store it is '/'; `resourceArnFor` reads the real one.
    case 'user':
    case 'group':
    case 'role':
      return entityArn(kind, NAME_FIELD[kind], input, partition)
    case 'newUser':
      return entityArn('user', 'userName', input, partition, checkPath(field(input, 'path')))
    case 'newGroup':
      return entityArn('group', 'groupName', input, partition, checkPath(field(input, 'path')))
    case 'newRole':
      return entityArn('role', 'roleName', input, partition, checkPath(field(input, 'path')))
    case 'policyArn': {
      const arn = field(input, 'policyArn')
      if (typeof arn !== 'string' || arn.length > 2048) throw validation('policyArn must be a policy ARN', 'policyArn')
      return arn
    }
    case 'newPolicy':
      return entityArn('policy', 'policyName', input, partition, checkPath(field(input, 'path')))
    case 'mfa':
      return entityArn('mfa', 'virtualMfaDeviceName', input, partition, checkPath(field(input, 'path')))
    case 'oidc': {
      const arn = field(input, 'openIdConnectProviderArn')
      if (typeof arn !== 'string' || arn.length > 2048) throw validation('openIdConnectProviderArn must be an ARN', 'openIdConnectProviderArn')
      return arn
    }
    case 'newOidc': {
      const url = field(input, 'url')
      if (typeof url !== 'string' || url.length > 255) throw validation('url must be a URL', 'url')
      return oidcProviderArn(partition, checkAccount(field(input, 'account')), providerId(url))
    }
    case 'resource': {
      const account = checkAccount(field(input, 'account'))
      const arn = field(input, 'resourceArn')
      if (typeof arn === 'string' && arn.length <= 2048 && arn.split(':')[4] === account) return arn
      return rootArn(partition, account)
    }
    case 'account':
      return rootArn(partition, checkAccount(field(input, 'account')))
    case 'app':
      return rootArn(partition, CATALOGUE_ACCOUNT)
  }
}

const TABLE: Record<string, Kind> = {
  createAccount: 'app', getAccount: 'account', listAccounts: 'app', deleteAccount: 'app',
  putAccountGuardrail: 'account', getAccountGuardrail: 'account', deleteAccountGuardrail: 'account', listAccountGuardrails: 'account',
  createUser: 'newUser', getUser: 'user', listUsers: 'account', updateUser: 'user', deleteUser: 'user',
  tagUser: 'user', untagUser: 'user', listUserTags: 'user',
  createGroup: 'newGroup', getGroup: 'group', listGroups: 'account', updateGroup: 'group', deleteGroup: 'group',
  addUserToGroup: 'group', removeUserFromGroup: 'group', listGroupsForUser: 'user',
  createRole: 'newRole', getRole: 'role', listRoles: 'account', updateRole: 'role', updateAssumeRolePolicy: 'role', deleteRole: 'role',
  tagRole: 'role', untagRole: 'role', listRoleTags: 'role',
  createPolicy: 'newPolicy', getPolicy: 'policyArn', listPolicies: 'account', deletePolicy: 'policyArn',
  createPolicyVersion: 'policyArn', getPolicyVersion: 'policyArn', listPolicyVersions: 'policyArn',
  setDefaultPolicyVersion: 'policyArn', deletePolicyVersion: 'policyArn',
  attachUserPolicy: 'user', detachUserPolicy: 'user', listAttachedUserPolicies: 'user',
  attachGroupPolicy: 'group', detachGroupPolicy: 'group', listAttachedGroupPolicies: 'group',
  attachRolePolicy: 'role', detachRolePolicy: 'role', listAttachedRolePolicies: 'role',
  putUserPolicy: 'user', getUserPolicy: 'user', deleteUserPolicy: 'user', listUserPolicies: 'user',
  putGroupPolicy: 'group', getGroupPolicy: 'group', deleteGroupPolicy: 'group', listGroupPolicies: 'group',
  putRolePolicy: 'role', getRolePolicy: 'role', deleteRolePolicy: 'role', listRolePolicies: 'role',
  putUserPermissionsBoundary: 'user', deleteUserPermissionsBoundary: 'user',
  putRolePermissionsBoundary: 'role', deleteRolePermissionsBoundary: 'role',
  putResourcePolicy: 'resource', getResourcePolicy: 'resource', deleteResourcePolicy: 'resource', listResourcePolicies: 'account',
  createAccessKey: 'user', updateAccessKey: 'user', deleteAccessKey: 'user', listAccessKeys: 'user',
  createLoginProfile: 'user', getLoginProfile: 'user', updateLoginProfile: 'user', deleteLoginProfile: 'user',
  createVirtualMfaDevice: 'mfa', enableMfaDevice: 'user', deactivateMfaDevice: 'user', listMfaDevices: 'user',
  createOpenIdConnectProvider: 'newOidc', getOpenIdConnectProvider: 'oidc', deleteOpenIdConnectProvider: 'oidc',
  listOpenIdConnectProviders: 'account', addClientIdToOpenIdConnectProvider: 'oidc', removeClientIdFromOpenIdConnectProvider: 'oidc',
  putServiceIdentity: 'app', getServiceIdentity: 'app', deleteServiceIdentity: 'app', listServiceIdentities: 'app',
}

/** AWS's spelling of acronyms in operation names. */
function operationName(method: string): string {
  return (method[0]!.toUpperCase() + method.slice(1))
    .replace('Mfa', 'MFA')
    .replace('OpenIdConnect', 'OpenIDConnect')
    .replace('ClientId', 'ClientID')
}

/** Operation name (`CreateUser`) → the `IamAdmin` method and the ARN it acts on. */
export const ADMIN_OPERATIONS: Readonly<Record<string, AdminOperation>> = Object.freeze(Object.fromEntries(
  Object.entries(TABLE).map(([method, kind]) => [operationName(method), Object.freeze({
    method,
    resourceArn: (input: Readonly<Record<string, unknown>>, partition: string) => arnFor(kind, input, partition),
  })]),
))

/**
 * The ARN an operation acts on, with the real path of an existing user, group or role read from
 * the store (a policy scoped to `user/admins/*` must see that path even when the input only
 * names the user). Falls back to the input's path for entities that do not exist yet.
 */
export async function resourceArnFor(store: Pick<PolicyStore, 'get'>, partition: string, operation: string, input: Readonly<Record<string, unknown>>): Promise<string> {
  const spec = Object.hasOwn(ADMIN_OPERATIONS, operation) ? ADMIN_OPERATIONS[operation]! : undefined
  if (spec === undefined) throw validation(`Unknown admin operation ${operation.slice(0, 64)}`)
  const kind = TABLE[spec.method]!
  if (kind === 'user' || kind === 'group' || kind === 'role') {
    const account = checkAccount(field(input, 'account'))
    const name = checkName(field(input, NAME_FIELD[kind]), NAME_FIELD[kind])
    const record = await store.get<{ arn: string }>(kind, account, name)
    if (record !== undefined) return record.data.arn
  }
  return spec.resourceArn(input, partition)
}

/**
 * The admin API over HTTP, in the form of AWS's Query API: `POST /<Operation>` with the
 * operation's camelCase input as JSON (`POST /CreateUser {"userName":"bob"}`).
 *
 * IAM guards itself: every request is the action `iam:<Operation>` on the entity's ARN and runs
 * only after `iam.authorize` allowed exactly that. The input's `account` defaults to the
 * caller's; naming another tenant's account makes the request cross-account, which AWS's logic
 * denies unless a policy there allows it. The admin method is never called on a deny.
 */
import { IamError, isIamError } from '../../errors.js'
import type { ContextValue } from '../../evaluate/types.js'
import type { Iam } from '../../iam-types.js'
import type { Principal } from '../../identity/principal.js'
import { accessDenied } from '../denial.js'
import { addTags } from '../request-context.js'
import { resolveCaller } from './caller.js'
import { httpContextMap } from './context.js'
import { resolveEndpointOptions, type AdminRouterOptions, type ResolvedEndpointOptions } from './options.js'
import { ok } from './respond.js'
import { ADMIN_ROUTES } from './routes.js'
import type { Endpoint, EndpointRequest, EndpointResult } from './types.js'

/** One row of `ADMIN_OPERATIONS` (`src/identity/admin.ts`), as this endpoint uses it. */
export interface AdminOperationSpec {
  readonly method: string
  resourceArn(input: Readonly<Record<string, unknown>>, partition: string): string
}

export type AdminOperationTable = Readonly<Record<string, AdminOperationSpec>>

type Input = Record<string, unknown>

/** The parts of `Iam` the admin endpoint uses. */
export type AdminIam = Pick<Iam, 'admin' | 'authorize' | 'partition' | 'sts'>

function unknownOperation(operation: string): IamError {
  const shown = operation.length > 64 ? `${operation.slice(0, 64)}…` : operation
  return new IamError('ERR_NOT_FOUND', `Could not find operation ${shown}.`, { awsCode: 'InvalidAction' })
}

/**
 * `aws:RequestTag/*` and `aws:TagKeys` from the tags an operation sets (CreateUser, TagRole…) or
 * `aws:TagKeys` from the keys it removes (UntagUser…), as AWS fills them for IAM's tagging actions.
 * Malformed tags are skipped here: the admin API refuses them after authorization anyway.
 */
function addTagContext(input: Input, context: Map<string, ContextValue>): void {
  const tags = Object.hasOwn(input, 'tags') ? input['tags'] : undefined
  const requestTags = new Map<string, string>()
  if (Array.isArray(tags)) {
    for (const tag of tags) {
      if (tag === null || typeof tag !== 'object') continue
      const key: unknown = Object.hasOwn(tag, 'key') ? (tag as Input)['key'] : (tag as Input)['Key']
      const value: unknown = Object.hasOwn(tag, 'value') ? (tag as Input)['value'] : (tag as Input)['Value']
      if (typeof key === 'string' && typeof value === 'string') requestTags.set(key, value)
    }
  }
  if (requestTags.size > 0) addTags(context, 'aws:RequestTag/', requestTags)
  const removed = Object.hasOwn(input, 'tagKeys') ? input['tagKeys'] : undefined
  if (Array.isArray(removed)) {
    const keys = removed.filter((key): key is string => typeof key === 'string')
    if (keys.length > 0) context.set('aws:TagKeys', keys)
  }
}

/** Operations whose `permissionsBoundary` input is the boundary being set (AWS: `iam:PermissionsBoundary`). */
const SETS_BOUNDARY = new Set(['CreateUser', 'CreateRole', 'PutUserPermissionsBoundary', 'PutRolePermissionsBoundary'])
/** The other actions AWS documents `iam:PermissionsBoundary` for: it is the boundary the user or role has. */
const READS_BOUNDARY = new Set([
  'AttachUserPolicy', 'DetachUserPolicy', 'PutUserPolicy', 'DeleteUserPolicy', 'DeleteUserPermissionsBoundary',
  'AttachRolePolicy', 'DetachRolePolicy', 'PutRolePolicy', 'DeleteRolePolicy', 'DeleteRolePermissionsBoundary',
])

/**
 * The IAM service's own condition keys, as AWS fills them, so that the delegated-administration
 * pattern ("may create users only with this boundary, attach only these policies") can be written:
 * `iam:PolicyARN` for the policy an operation attaches or detaches, and `iam:PermissionsBoundary`
 * for the boundary being set, or else the boundary the named user or role already has.
 */
async function addIamContext(iam: AdminIam, operation: string, input: Input, context: Map<string, ContextValue>): Promise<void> {
  const policyArn = input['policyArn']
  if (typeof policyArn === 'string') context.set('iam:PolicyARN', policyArn)
  if (SETS_BOUNDARY.has(operation)) {
    const boundary = input['permissionsBoundary']
    if (typeof boundary === 'string') context.set('iam:PermissionsBoundary', boundary)
    if (operation.startsWith('Create')) return
  } else if (!READS_BOUNDARY.has(operation)) {
    return
  }
  const account = input['account'] as string
  const existing = await existingBoundary(iam, account, input)
  if (existing !== undefined && !context.has('iam:PermissionsBoundary')) context.set('iam:PermissionsBoundary', existing)
}

async function existingBoundary(iam: AdminIam, account: string, input: Input): Promise<string | undefined> {
  const admin = iam.admin
  try {
    if (typeof input['userName'] === 'string' && typeof admin.getUser === 'function') {
      return (await admin.getUser({ account, userName: input['userName'] })).user.permissionsBoundary?.permissionsBoundaryArn
    }
    if (typeof input['roleName'] === 'string' && typeof admin.getRole === 'function') {
      return (await admin.getRole({ account, roleName: input['roleName'] })).role.permissionsBoundary?.permissionsBoundaryArn
    }
  } catch (error) {
    // A user or role that does not exist has no boundary; anything else must not be guessed.
    if (isIamError(error) && error.code === 'ERR_NO_SUCH_ENTITY') return undefined
    throw error
  }
  return undefined
}

function operationInput(body: Readonly<Record<string, unknown>>, caller: Principal): Input {
  const input: Input = { ...body }
  if (input['account'] === undefined) input['account'] = caller.account
  if (typeof input['account'] !== 'string') {
    throw new IamError('ERR_VALIDATION', 'account must be a string', {
      details: { issues: [{ code: 'invalid-field', path: ['account'], message: 'account must be a string' }] },
    })
  }
  return input
}

/**
 * The entity's ARN. `iam.admin.resourceArnFor` reads the real path of an existing user, group or
 * role from the store (a policy on `user/admins/*` must see it even though the input only names
 * the user); the table's `resourceArn` alone is the fallback for admin objects without it.
 */
async function resourceOf(iam: AdminIam, operation: string, spec: AdminOperationSpec, input: Input): Promise<string> {
  const admin = iam.admin as { resourceArnFor?: (operation: string, input: Input) => Promise<string> }
  try {
    return typeof admin.resourceArnFor === 'function' ? await admin.resourceArnFor(operation, input) : spec.resourceArn(input, iam.partition)
  } catch (error) {
    // Without a resource there is nothing to authorize: refuse the input, never guess.
    if (isIamError(error)) throw error
    throw new IamError('ERR_VALIDATION', 'The input does not name a valid entity.', { cause: error })
  }
}

export function adminHandler(iam: AdminIam, operations: AdminOperationTable) {
  return async (request: EndpointRequest): Promise<EndpointResult> => {
    const operation = request.params['operation'] ?? ''
    const spec = Object.hasOwn(operations, operation) ? operations[operation] : undefined
    if (spec === undefined) throw unknownOperation(operation)
    const caller = resolveCaller(iam.sts, request)
    const input = operationInput(request.body, caller)
    const action = `iam:${operation}`
    const resource = await resourceOf(iam, operation, spec, input)
    const context = httpContextMap(request)
    addTagContext(input, context)
    await addIamContext(iam, operation, input, context)
    const decision = await iam.authorize({ principal: caller, action, resource, context })
    if (decision.decision !== 'allowed') {
      throw accessDenied({ principalArn: caller.arn, action, resource, decision: decision.decision, decidedBy: decision.decidedBy })
    }
    const method = (iam.admin as unknown as Record<string, unknown>)[spec.method]
    if (typeof method !== 'function') throw new IamError('ERR_INTERNAL', `admin method ${spec.method} is missing`)
    const result: unknown = await (method as (input: Input) => Promise<unknown>).call(iam.admin, input)
    return ok(request.requestId, result ?? {})
  }
}

export interface AdminEndpoints {
  readonly options: ResolvedEndpointOptions
  readonly endpoints: readonly Endpoint[]
}

/** Builds the admin endpoint over an operation table (the routers pass `ADMIN_OPERATIONS`). */
export function createAdminEndpoints(iam: AdminIam, operations: AdminOperationTable, options?: AdminRouterOptions): AdminEndpoints {
  if (iam === null || typeof iam !== 'object' || typeof iam.authorize !== 'function' || typeof iam.sts?.verifySessionToken !== 'function') {
    throw new IamError('ERR_INVALID_OPTION', 'iam: expected the object returned by createIam()')
  }
  const resolved = resolveEndpointOptions(options)
  const handle = adminHandler(iam, operations)
  return { options: resolved, endpoints: ADMIN_ROUTES.map((route) => ({ ...route, handle })) }
}

/**
 * Becoming a role: `POST /assume-role` and `POST /assume-role-with-web-identity` (tokens for
 * API clients), `POST /switch-role` and `POST /switch-back` (console-style, server session only).
 * Whether the caller may become the role is decided by STS (trust policy and identity policy);
 * these handlers only read the request and shape the answer.
 */
import { MAX_RECENT_ROLES } from '../../sts/switch-role.js'
import type { IamSts, SessionState } from '../../sts/types.js'
import { requireSessionUser, resolveCaller } from './caller.js'
import { httpContext } from './context.js'
import { FieldReader } from './fields.js'
import { ok } from './respond.js'
import { noteAudit } from './sts-audit.js'
import { assumeRoleBody, identityBody, recentRolesBody } from './shapes.js'
import type { EndpointRequest, EndpointResult } from './types.js'

export function assumeRoleEndpoint(sts: IamSts) {
  return async (request: EndpointRequest): Promise<EndpointResult> => {
    const roleArnField = request.body['roleArn']
    if (typeof roleArnField === 'string') noteAudit(request, { resource: roleArnField.slice(0, 2048) })
    const caller = resolveCaller(sts, request)
    noteAudit(request, { principal: caller.arn, ...(caller.sourceIdentity === undefined ? {} : { sourceIdentity: caller.sourceIdentity }) })
    const fields = new FieldReader(request.body)
    const input = {
      caller,
      roleArn: fields.string('roleArn', true),
      roleSessionName: fields.string('roleSessionName', true),
      durationSeconds: fields.integer('durationSeconds'),
      externalId: fields.string('externalId'),
      serialNumber: fields.string('serialNumber'),
      tokenCode: fields.string('tokenCode'),
      policy: fields.policy('policy'),
      policyArns: fields.policyArns('policyArns'),
      tags: fields.tags('tags'),
      transitiveTagKeys: fields.stringList('transitiveTagKeys'),
      sourceIdentity: fields.string('sourceIdentity'),
      context: httpContext(request),
    }
    fields.done()
    const out = await sts.assumeRole(input)
    noteAudit(request, { issued: out.assumedRoleUser.arn, ...(out.sourceIdentity === undefined ? {} : { sourceIdentity: out.sourceIdentity }) })
    return ok(request.requestId, assumeRoleBody(out))
  }
}

export function assumeRoleWithWebIdentityEndpoint(sts: IamSts) {
  return async (request: EndpointRequest): Promise<EndpointResult> => {
    const fields = new FieldReader(request.body)
    const input = {
      roleArn: fields.string('roleArn', true),
      roleSessionName: fields.string('roleSessionName', true),
      webIdentityToken: fields.string('webIdentityToken', true),
      durationSeconds: fields.integer('durationSeconds'),
      policy: fields.policy('policy'),
      policyArns: fields.policyArns('policyArns'),
      context: httpContext(request),
    }
    fields.done()
    noteAudit(request, { resource: input.roleArn })
    const out = await sts.assumeRoleWithWebIdentity(input)
    noteAudit(request, { issued: out.assumedRoleUser.arn, ...(out.principal.federatedProvider === undefined ? {} : { principal: out.principal.federatedProvider }) })
    return ok(request.requestId, assumeRoleBody(out))
  }
}

/**
 * Only the fields iam-guard owns go into the session, the signed-in user never changes by a
 * switch, and the recent-roles list stays bounded.
 */
function sessionState(state: SessionState, userToken: string): SessionState {
  const next: SessionState = { userToken }
  if (state.roleToken !== undefined) next.roleToken = state.roleToken
  if (state.recentRoles !== undefined) next.recentRoles = state.recentRoles.slice(0, MAX_RECENT_ROLES)
  return next
}

export function switchRoleEndpoint(sts: IamSts) {
  return async (request: EndpointRequest): Promise<EndpointResult> => {
    const user = requireSessionUser(sts, request)
    noteAudit(request, { principal: user.arn })
    const fields = new FieldReader(request.body)
    const roleArn = fields.string('roleArn', true)
    const displayName = fields.string('displayName')
    const roleSessionName = fields.string('roleSessionName')
    fields.done()
    noteAudit(request, { resource: roleArn })
    // STS re-authorizes the original user against the role's trust policy on every switch, so
    // switching from one role to another is never role chaining.
    const current = request.session as SessionState
    const state = sessionState(
      await sts.switchRole(current, {
        roleArn,
        ...(displayName === undefined ? {} : { displayName }),
        ...(roleSessionName === undefined ? {} : { roleSessionName }),
      }),
      current.userToken as string,
    )
    const active = state.roleToken === undefined ? user : sts.verifySessionToken(state.roleToken)
    noteAudit(request, { issued: active.arn })
    const body = { ...identityBody(sts, active), SwitchedFrom: user.arn, RecentRoles: recentRolesBody(state) }
    // A privilege change: new session id, as at login.
    return ok(request.requestId, body, { kind: 'regenerate', state })
  }
}

export function switchBackEndpoint(sts: IamSts) {
  return async (request: EndpointRequest): Promise<EndpointResult> => {
    const user = requireSessionUser(sts, request)
    const current = request.session as SessionState
    const state = sessionState(sts.switchBack(current), current.userToken as string)
    delete state.roleToken
    const body = { ...identityBody(sts, user), RecentRoles: recentRolesBody(state) }
    return ok(request.requestId, body, { kind: 'regenerate', state })
  }
}

export function callerIdentityEndpoint(sts: IamSts) {
  return async (request: EndpointRequest): Promise<EndpointResult> => ok(request.requestId, identityBody(sts, resolveCaller(sts, request)))
}

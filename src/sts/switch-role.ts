/**
 * Console-style role switching for server sessions (express-session / koa-session). The session
 * keeps tokens, never principals; every switch is authorized against the ORIGINAL user's token,
 * never chained from the role currently active, exactly as the AWS console switches roles.
 */
import { IamError } from '../errors.js'
import { assumeRole } from './assume-role.js'
import type { StsInternals } from './internals.js'
import type { SessionState } from './types.js'

/** The AWS console remembers this many recently used roles. */
export const MAX_RECENT_ROLES = 5
const MAX_DISPLAY_NAME = 64

/**
 * The console names the session after the user, but a session name needs 2 to 64 characters
 * where a user name may have 1: such a user gets `<name>-session`. User names and session names
 * allow the same characters, so nothing else needs changing.
 */
export function defaultSessionName(userName: string): string {
  return userName.length >= 2 ? userName : `${userName}-session`
}

export async function switchRole(sts: StsInternals, state: SessionState, input: { roleArn: string; displayName?: string; roleSessionName?: string }): Promise<SessionState> {
  if (typeof state !== 'object' || state === null || typeof state.userToken !== 'string') {
    throw new IamError('ERR_UNAUTHENTICATED', 'Sign in before switching roles', { details: { reason: 'not-signed-in' } })
  }
  if (typeof input !== 'object' || input === null) throw new IamError('ERR_VALIDATION', 'roleArn is required')
  const { roleArn, displayName } = input
  if (displayName !== undefined && (typeof displayName !== 'string' || displayName.length === 0 || displayName.length > MAX_DISPLAY_NAME)) {
    throw new IamError('ERR_VALIDATION', `displayName must be 1 to ${MAX_DISPLAY_NAME} characters`)
  }
  const user = sts.tokens.verify(state.userToken)
  if (user.type !== 'user') throw new IamError('ERR_ACCESS_DENIED', 'Only a signed-in user can switch roles', { details: { reason: 'not-a-user', principalArn: user.arn } })
  const out = await assumeRole(sts, { caller: user, roleArn, roleSessionName: input.roleSessionName ?? defaultSessionName(user.userName ?? '') }, { switchedFrom: user.arn })
  const entry: { roleArn: string; displayName?: string } = displayName === undefined ? { roleArn } : { roleArn, displayName }
  const recentRoles = [entry, ...(Array.isArray(state.recentRoles) ? state.recentRoles : []).filter((r) => r?.roleArn !== roleArn)].slice(0, MAX_RECENT_ROLES)
  return { ...state, userToken: state.userToken, roleToken: out.credentials.sessionToken, recentRoles }
}

/** Back to the user: the role token is dropped, the recent roles are kept. */
export function switchBack(state: SessionState): SessionState {
  if (typeof state !== 'object' || state === null) return {}
  const { roleToken: _dropped, ...rest } = state
  return rest
}

/**
 * Where the iam-guard state lives inside a server session (express-session's `req.session`,
 * koa-session's `ctx.session`): one property holding tokens, never principal objects, so that a
 * revoked or expired token stops working even though the session cookie lives on. The guard and
 * these endpoints both read it through `readSessionState`, defensively: only well-typed values
 * count, so a corrupted session record signs nobody in.
 */
import type { SessionState } from '../../sts/types.js'

/** The session property holding the `SessionState`; the rest of the session belongs to the app. */
export const SESSION_KEY = 'iam'

function isToken(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0
}

/**
 * The state of a mounted session: `{}` for a session that is not signed in, `undefined` when
 * there is no session object at all (no session middleware).
 */
export function readSessionState(session: unknown): SessionState | undefined {
  if (session === null || typeof session !== 'object') return undefined
  const raw: unknown = Object.hasOwn(session, SESSION_KEY) ? (session as Record<string, unknown>)[SESSION_KEY] : undefined
  const state: SessionState = {}
  if (raw === null || typeof raw !== 'object') return state
  const { userToken, roleToken, recentRoles } = raw as Record<string, unknown>
  if (isToken(userToken)) state.userToken = userToken
  if (isToken(roleToken)) state.roleToken = roleToken
  if (Array.isArray(recentRoles)) {
    state.recentRoles = recentRoles.flatMap((role: unknown) => {
      if (role === null || typeof role !== 'object') return []
      const { roleArn, displayName } = role as Record<string, unknown>
      if (typeof roleArn !== 'string') return []
      return typeof displayName === 'string' ? [{ roleArn, displayName }] : [{ roleArn }]
    })
  }
  return state
}

/** Stores a state in a (fresh) framework session object, as plain JSON data. */
export function writeSessionState(session: Record<string, unknown>, state: SessionState): void {
  session[SESSION_KEY] = JSON.parse(JSON.stringify(state)) as unknown
}

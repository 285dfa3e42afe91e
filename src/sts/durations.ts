/**
 * How long the sessions STS issues may last, in seconds (AWS "Requesting temporary security
 * credentials", "Compare AWS STS credentials"). Token verification uses the same numbers to
 * refuse a token claiming a longer life than any operation grants, whatever its signature.
 */

/** `login` sessions: 15 minutes to 12 hours, default 1 hour. */
export const LOGIN_DURATION = { default: 3600, min: 900, max: 43_200 }
/** AWS GetSessionToken: 900 seconds to 36 hours, default 12 hours. */
export const SESSION_TOKEN_DURATION = { default: 43_200, min: 900, max: 129_600 }
/** AssumeRole accepts 900 s to 12 hours before the role's own maximum applies. */
export const ASSUME_ROLE_DURATION = { default: 3600, min: 900, max: 43_200 }

/** The longest session of any kind: GetSessionToken's 36 hours. */
export const MAX_SESSION_SECONDS = Math.max(LOGIN_DURATION.max, SESSION_TOKEN_DURATION.max, ASSUME_ROLE_DURATION.max)
/** The longest role session: 12 hours, AWS's maximum role session duration. */
export const MAX_ROLE_SESSION_SECONDS = ASSUME_ROLE_DURATION.max

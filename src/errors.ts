/**
 * The one error family of iam-guard. Every failure the library reports is an `IamError` with a
 * stable `code`; `status` and `expose` are the fields Express and Koa error handlers already
 * understand (as in http-errors). `awsCode` is the error name AWS would answer with.
 *
 * Codes are part of the public contract: they are listed in the README, a test checks that
 * every code below is documented there, and a retired code is never reused.
 */
export const ERROR_CODES = {
  ERR_ACCESS_DENIED: { status: 403, awsCode: 'AccessDenied' },
  ERR_UNAUTHENTICATED: { status: 401, awsCode: 'UnrecognizedClient' },
  ERR_INVALID_CREDENTIALS: { status: 401, awsCode: 'InvalidClientTokenId' },
  ERR_MFA_REQUIRED: { status: 401, awsCode: 'AccessDenied' },
  ERR_TOKEN_INVALID: { status: 401, awsCode: 'InvalidToken' },
  ERR_TOKEN_EXPIRED: { status: 401, awsCode: 'ExpiredToken' },
  ERR_THROTTLED: { status: 429, awsCode: 'Throttling' },
  ERR_POLICY_INVALID: { status: 400, awsCode: 'MalformedPolicyDocument' },
  ERR_PACKED_POLICY_TOO_LARGE: { status: 400, awsCode: 'PackedPolicyTooLarge' },
  ERR_INVALID_REQUEST: { status: 400, awsCode: 'InvalidRequest' },
  ERR_VALIDATION: { status: 400, awsCode: 'ValidationError' },
  ERR_INVALID_PARAMETER: { status: 400, awsCode: 'InvalidParameterValue' },
  ERR_NO_SUCH_ENTITY: { status: 404, awsCode: 'NoSuchEntity' },
  ERR_ENTITY_ALREADY_EXISTS: { status: 409, awsCode: 'EntityAlreadyExists' },
  ERR_DELETE_CONFLICT: { status: 409, awsCode: 'DeleteConflict' },
  ERR_LIMIT_EXCEEDED: { status: 409, awsCode: 'LimitExceeded' },
  ERR_CONCURRENT_MODIFICATION: { status: 409, awsCode: 'ConcurrentModification' },
  ERR_UNMODIFIABLE_ENTITY: { status: 400, awsCode: 'UnmodifiableEntity' },
  ERR_CSRF: { status: 403, awsCode: 'AccessDenied' },
  ERR_NOT_FOUND: { status: 404, awsCode: 'NotFound' },
  ERR_STORE_UNAVAILABLE: { status: 503, awsCode: 'ServiceUnavailable' },
  ERR_STORE_INVALID: { status: 500, awsCode: 'ServiceFailure' },
  ERR_INVALID_OPTION: { status: 500, awsCode: 'ServiceFailure' },
  ERR_INTERNAL: { status: 500, awsCode: 'ServiceFailure' },
} as const satisfies Record<string, { status: number; awsCode: string }>

export type IamErrorCode = keyof typeof ERROR_CODES

export interface IamErrorOptions {
  cause?: unknown
  /** Override the AWS error name (e.g. `NoSuchEntity` for a specific admin failure). */
  awsCode?: string
  /** Structured detail, e.g. the validation issues of a refused policy. Never a policy's content in a 403. */
  details?: Record<string, unknown>
  /** Override the HTTP status (rare; the code's default is almost always right). */
  status?: number
}

export class IamError extends Error {
  override readonly name = 'IamError'
  readonly code: IamErrorCode
  readonly status: number
  readonly statusCode: number
  /** Whether the message may be shown to the client (http-errors semantics: true below 500). */
  readonly expose: boolean
  readonly awsCode: string
  readonly details: Record<string, unknown> | undefined

  constructor(code: IamErrorCode, message: string, options: IamErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    const known = ERROR_CODES[code] ?? ERROR_CODES.ERR_INTERNAL
    this.code = code
    this.status = options.status ?? known.status
    this.statusCode = this.status
    this.expose = this.status < 500
    this.awsCode = options.awsCode ?? known.awsCode
    this.details = options.details
  }
}

export function isIamError(value: unknown): value is IamError {
  return value instanceof IamError
}

/**
 * Shared fixtures of the adversarial review: a caller, policies in two lines, and `outcome()`,
 * which turns "evaluate threw" into a value so that a test can assert "never allowed" whichever
 * way the engine refuses (a decision or an `IamError`).
 */
import { createSign, type KeyObject } from 'node:crypto'
import { evaluate } from '../../src/evaluate/index.js'
import type { AuthzRequest, PolicySet } from '../../src/evaluate/types.js'
import { isIamError } from '../../src/errors.js'
import type { PolicyDocument, RawStatement } from '../../src/policy/types.js'

export const A = '111122223333'
export const B = '444455556666'
export const ALICE = `arn:app:iam::${A}:user/alice`
export const DOC = `arn:app:docs::${A}:project/p1/doc/42`

export function doc(...statements: RawStatement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements }
}

export const ALLOW_ALL: RawStatement = { Effect: 'Allow', Action: '*', Resource: '*' }

export function request(overrides: Partial<AuthzRequest> = {}): AuthzRequest {
  return { principal: ALICE, action: 'docs:GetDocument', resource: DOC, ...overrides }
}

/** The decision, or `threw:<code>` when the engine refused the request or the policies. */
export function outcome(req: AuthzRequest, set: PolicySet): string {
  try {
    return evaluate(req, set).decision
  } catch (error) {
    return `threw:${isIamError(error) ? error.code : 'non-IamError'}`
  }
}

const b64 = (value: unknown): string => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')

/**
 * A JWT signed with ES256 by hand, so that claims jsonwebtoken's `sign` would refuse (an `exp`
 * string, a missing `nbf`) can still be put to the verifier. `payload` may be raw JSON text.
 */
export function signEs256(header: Record<string, unknown>, payload: Record<string, unknown> | string, key: KeyObject): string {
  const input = `${b64(header)}.${b64(payload)}`
  const signature = createSign('sha256').update(input).sign({ key, dsaEncoding: 'ieee-p1363' })
  return `${input}.${signature.toString('base64url')}`
}

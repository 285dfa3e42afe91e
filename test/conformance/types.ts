/**
 * The shape of one conformance case: a request, the policies that apply to it, and the decision
 * AWS documents for it. Every case names the AWS page (or its title) that justifies the expectation.
 */
import type { AuthzRequest, DecisionKind, PolicySet } from '../../src/evaluate/types.js'

/**
 * `error`: `evaluate` must throw an `IamError` (an invalid policy or a malformed request).
 * `notAllowed`: anything but `allowed` (a deny, or an `IamError`), for inputs AWS never sends.
 */
export type Expected = DecisionKind | 'error' | 'notAllowed'

export interface ConformanceCase {
  name: string
  source: string
  request: AuthzRequest
  policies: PolicySet
  expected: Expected
}

/**
 * Decision reasons in AWS's words (the AccessDenied message ends "with an explicit deny in an
 * identity-based policy", "because no identity-based policy allows the … action"; AWS
 * "Troubleshoot access denied error messages", docs.aws.amazon.com/IAM/latest/UserGuide/
 * troubleshoot_access-denied.html). Guardrails are the SCP analogue and are named as such.
 */
import type { PolicyType } from './types.js'

export const EXPLICIT_DENY_REASON: Readonly<Record<PolicyType, string>> = Object.freeze({
  guardrail: 'explicit deny in a guardrail policy',
  resource: 'explicit deny in a resource-based policy',
  boundary: 'explicit deny in a permissions boundary',
  session: 'explicit deny in a session policy',
  identity: 'explicit deny in an identity-based policy',
})

export const IMPLICIT_DENY_REASON: Readonly<Record<PolicyType, string>> = Object.freeze({
  guardrail: 'no guardrail policy allows the action',
  resource: 'no resource-based policy allows the action',
  boundary: 'no permissions boundary allows the action',
  session: 'no session policy allows the action',
  identity: 'no identity-based policy allows the action',
})

export const ALLOWED_BY_IDENTITY = 'allowed by an identity-based policy'
export const ALLOWED_BY_RESOURCE = 'allowed by a resource-based policy'
export const ALLOWED_CROSS_ACCOUNT = 'allowed by a resource-based policy and an identity-based policy'
export const ALLOWED_ROOT = 'allowed because the account root user has full access to its own account'

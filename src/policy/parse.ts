/** `parsePolicy`: a valid policy, normalized and deep-frozen, or an `IamError` with every issue. */
import { IamError } from '../errors.js'
import { formatPath } from './issues.js'
import { validatePolicy } from './validate.js'
import type { PolicyDocument, ValidateOptions } from './types.js'

/**
 * Validates `doc` (policy text or a parsed value) and returns a fresh, deep-frozen copy.
 * Throws `IamError` `ERR_POLICY_INVALID` (status 400, AWS `MalformedPolicyDocument`) whose
 * `details.issues` lists every issue with its JSON path.
 *
 * @example
 * ```ts
 * import { isIamError, parsePolicy } from 'iam-guard'
 *
 * const policy = parsePolicy('{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"docs:*","Resource":"*"}}')
 * Object.isFrozen(policy) // true
 * let code
 * try {
 *   parsePolicy({ Statement: [{ Effect: 'Permit', Action: 'docs:*', Resource: '*' }] })
 * } catch (error) {
 *   code = isIamError(error) ? error.code : undefined
 * }
 * code // 'ERR_POLICY_INVALID'
 * ```
 */
export function parsePolicy(doc: unknown, options?: ValidateOptions): PolicyDocument {
  const result = validatePolicy(doc, options)
  if (result.ok) return result.policy
  const { issues } = result
  const shown = issues
    .slice(0, 3)
    .map((i) => `${formatPath(i.path)}: ${i.message}`)
    .join('; ')
  const more = issues.length > 3 ? `; and ${issues.length - 3} more` : ''
  throw new IamError('ERR_POLICY_INVALID', `Invalid policy (${issues.length} issue${issues.length === 1 ? '' : 's'}): ${shown}${more}`, {
    details: { issues },
  })
}

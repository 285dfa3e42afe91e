/**
 * AWS STS parameter limits, refused with AWS's errors and never clamped
 * (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
 * Messages never echo the refused value: it is the caller's input and may be anything.
 */
import { IamError } from '../errors.js'
import { parsePolicy } from '../policy/parse.js'
import type { PolicyDocument } from '../policy/types.js'

const SESSION_NAME = /^[\w+=,.@-]{2,64}$/
const SOURCE_IDENTITY = /^[\w+=,.@-]{2,64}$/
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/
// Unicode letters, separators and numbers plus _.:/=+-@ (AWS's tag pattern); no quantifier nesting.
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u
const POLICY_ARN = /^arn:[^:\s]+:iam::[^:\s]*:policy\/\S{1,2000}$/

export const MAX_SESSION_TAGS = 50
export const MAX_POLICY_ARNS = 10
/** Characters of the packed session policy, ARNs and tags (AWS's plaintext limit for session policies). */
export const PACKED_POLICY_LIMIT = 2048

function validation(member: string, constraint: string): IamError {
  return new IamError('ERR_VALIDATION', `1 validation error detected: Value at '${member}' failed to satisfy constraint: ${constraint}`)
}

export function checkDuration(value: unknown, limits: { default: number; min: number; max: number }, member = 'durationSeconds'): number {
  if (value === undefined) return limits.default
  if (typeof value !== 'number' || !Number.isInteger(value)) throw validation(member, 'Member must be an integer')
  if (value < limits.min) throw validation(member, `Member must have value greater than or equal to ${limits.min}`)
  if (value > limits.max) throw validation(member, `Member must have value less than or equal to ${limits.max}`)
  return value
}

export function checkSessionName(value: unknown): string {
  if (typeof value !== 'string' || !SESSION_NAME.test(value)) {
    throw validation('roleSessionName', 'Member must have length between 2 and 64 and satisfy regular expression pattern: [\\w+=,.@-]*')
  }
  return value
}

export function checkSourceIdentity(value: unknown): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || !SOURCE_IDENTITY.test(value)) {
    throw validation('sourceIdentity', 'Member must have length between 2 and 64 and satisfy regular expression pattern: [\\w+=,.@-]*')
  }
  if (value.toLowerCase().startsWith('aws:')) throw new IamError('ERR_INVALID_PARAMETER', "The source identity cannot start with the reserved prefix 'aws:'")
  return value
}

export function checkExternalId(value: unknown): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || !EXTERNAL_ID.test(value)) {
    throw validation('externalId', 'Member must have length between 2 and 1224 and satisfy regular expression pattern: [\\w+=,.@:\\/-]*')
  }
  return value
}

export interface SessionTags {
  /** In request order, keys as given. */
  tags: { key: string; value: string }[]
  transitiveTagKeys: string[]
}

export function checkTags(tags: unknown, transitiveTagKeys: unknown): SessionTags {
  if (tags === undefined && transitiveTagKeys === undefined) return { tags: [], transitiveTagKeys: [] }
  const list = tags ?? []
  if (!Array.isArray(list)) throw validation('tags', 'Member must be a list of { key, value }')
  if (list.length > MAX_SESSION_TAGS) throw validation('tags', `Member must have length less than or equal to ${MAX_SESSION_TAGS}`)
  const seen = new Set<string>()
  const out: { key: string; value: string }[] = []
  for (const [i, tag] of list.entries()) {
    if (typeof tag !== 'object' || tag === null) throw validation(`tags.${i + 1}`, 'Member must be { key, value }')
    const { key, value } = tag as { key: unknown; value: unknown }
    if (typeof key !== 'string' || !TAG_KEY.test(key)) throw validation(`tags.${i + 1}.member.key`, 'Member must have length between 1 and 128 and satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+')
    if (typeof value !== 'string' || !TAG_VALUE.test(value)) throw validation(`tags.${i + 1}.member.value`, 'Member must have length less than or equal to 256 and satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*')
    if (key.toLowerCase().startsWith('aws:')) throw new IamError('ERR_INVALID_PARAMETER', "Tag keys cannot start with the reserved prefix 'aws:'")
    const folded = key.toLowerCase()
    if (seen.has(folded)) throw new IamError('ERR_INVALID_PARAMETER', 'Duplicate tag keys found. Please note that Tag keys are case insensitive.')
    seen.add(folded)
    out.push({ key, value })
  }
  const transitive = transitiveTagKeys ?? []
  if (!Array.isArray(transitive)) throw validation('transitiveTagKeys', 'Member must be a list of strings')
  if (transitive.length > MAX_SESSION_TAGS) throw validation('transitiveTagKeys', `Member must have length less than or equal to ${MAX_SESSION_TAGS}`)
  const transitiveOut: string[] = []
  for (const key of transitive) {
    if (typeof key !== 'string' || !seen.has(key.toLowerCase())) {
      throw new IamError('ERR_INVALID_PARAMETER', 'The specified transitive tag key must be included in the requested tags.')
    }
    // Keep the case the tag was given with, so the key names the tag exactly.
    transitiveOut.push(out.find((t) => t.key.toLowerCase() === key.toLowerCase())!.key)
  }
  return { tags: out, transitiveTagKeys: [...new Set(transitiveOut)] }
}

export interface PackedSessionPolicy {
  document: PolicyDocument | undefined
  arns: string[] | undefined
  /** Percentage of the quota used, as AWS reports `PackedPolicySize`. */
  packedPolicySize: number
}

function minified(policy: string | PolicyDocument): string {
  if (typeof policy !== 'string') return JSON.stringify(policy)
  try {
    return JSON.stringify(JSON.parse(policy))
  } catch {
    // parsePolicy reports the syntax error with its position.
    return policy
  }
}

/**
 * The inline session policy (validated as a session policy), the managed session policy ARNs and
 * the session tags, packed: together they must fit AWS's 2,048-character quota.
 */
export function packSessionPolicy(policy: unknown, policyArns: unknown, tags: readonly { key: string; value: string }[]): PackedSessionPolicy {
  let size = 0
  let document: PolicyDocument | undefined
  if (policy !== undefined) {
    if (typeof policy !== 'string' && (typeof policy !== 'object' || policy === null)) throw validation('policy', 'Member must be a JSON policy document')
    // Refuse absurd input before parsing it at all.
    if (typeof policy === 'string' && policy.length > PACKED_POLICY_LIMIT * 8) throw validation('policy', `Member must have length less than or equal to ${PACKED_POLICY_LIMIT}`)
    size += minified(policy as string | PolicyDocument).length
    if (size <= PACKED_POLICY_LIMIT) document = parsePolicy(policy, { kind: 'session' })
  }
  let arns: string[] | undefined
  if (policyArns !== undefined) {
    if (!Array.isArray(policyArns)) throw validation('policyArns', 'Member must be a list of { arn }')
    if (policyArns.length > MAX_POLICY_ARNS) throw validation('policyArns', `Member must have length less than or equal to ${MAX_POLICY_ARNS}`)
    arns = policyArns.map((entry: unknown, i) => {
      const arn = typeof entry === 'object' && entry !== null ? (entry as { arn?: unknown }).arn : undefined
      if (typeof arn !== 'string' || arn.length < 20 || arn.length > 2048 || !POLICY_ARN.test(arn)) throw validation(`policyArns.${i + 1}.member.arn`, 'Member must be the ARN of a managed policy')
      return arn
    })
    for (const arn of arns) size += arn.length
    if (arns.length === 0) arns = undefined
  }
  for (const tag of tags) size += tag.key.length + tag.value.length
  const packedPolicySize = Math.ceil((size * 100) / PACKED_POLICY_LIMIT)
  if (size > PACKED_POLICY_LIMIT) {
    throw new IamError('ERR_PACKED_POLICY_TOO_LARGE', `Packed policy consumes ${packedPolicySize}% of allotted space, please use smaller policy for this request.`, { details: { packedPolicySize } })
  }
  return { document, arns, packedPolicySize }
}

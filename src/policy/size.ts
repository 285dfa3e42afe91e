/**
 * Policy size as AWS counts it for its quotas: characters, not counting white space outside
 * quoted strings ("you can delete any white space, such as space characters and line breaks
 * that are outside quotation marks" — Organizations SCP syntax; IAM and STS quotas count the
 * same way: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
 */
import { DEFAULT_SIZE_QUOTAS, type PolicyKind } from './types.js'
import { IamError } from '../errors.js'

/** Size of policy text: its length less JSON white space outside strings. Linear, no allocation. */
export function textSize(text: string): number {
  let size = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      size++
      if (c === 0x5c) {
        if (i + 1 < text.length) size++
        i++
      } else if (c === 0x22) inString = false
    } else if (c === 0x22) {
      inString = true
      size++
    } else if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) size++
  }
  return size
}

/**
 * Size of a parsed document as compact JSON. Iterative, and it stops once the count passes
 * `limit`: every value adds at least one character, so the work is bounded by `limit` even for
 * a cyclic or enormous object. Returns `limit + 1` or more when the document is too large.
 */
export function valueSize(value: unknown, limit: number): number {
  let size = 0
  const pending: unknown[] = [value]
  while (pending.length > 0 && size <= limit) {
    const v = pending.pop()
    if (typeof v === 'string') size += JSON.stringify(v).length
    else if (typeof v === 'number') size += Number.isFinite(v) ? String(v).length : 4
    else if (typeof v === 'boolean') size += v ? 4 : 5
    else if (Array.isArray(v)) {
      size += v.length === 0 ? 2 : v.length + 1 // brackets and commas
      for (let i = v.length - 1; i >= 0 && size <= limit; i--) pending.push(v[i])
    } else if (typeof v === 'object' && v !== null) {
      const keys = Object.keys(v)
      size += keys.length === 0 ? 2 : keys.length + 1
      for (const k of keys) {
        size += JSON.stringify(k).length + 1
        if (size > limit) break
        pending.push((v as Record<string, unknown>)[k])
      }
    } else size += 4 // null, or what JSON.stringify would turn into null
  }
  return size
}

/** The quota of `kind`, from `overrides` when given. Throws on a nonsensical override. */
export function sizeQuota(kind: PolicyKind, overrides?: Partial<Record<PolicyKind, number>>): number {
  const override = overrides === undefined ? undefined : overrides[kind]
  if (override === undefined) return DEFAULT_SIZE_QUOTAS[kind]
  if (typeof override !== 'number' || !Number.isInteger(override) || override <= 0) {
    throw new IamError('ERR_INVALID_OPTION', `sizeQuotas.${kind} must be a positive integer (characters)`)
  }
  return override
}

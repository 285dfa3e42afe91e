/**
 * Reading admin inputs, which may come straight from an HTTP body: own properties only, every
 * field type-checked, policies validated with their kind (every issue listed), tags with AWS's
 * rules. A refused input throws before anything is read from or written to the store.
 */
import { IamError } from '../../errors.js'
import { validatePolicy } from '../../policy/validate.js'
import type { PolicyDocument, PolicyKind } from '../../policy/types.js'
import type { Tag } from '../model.js'
import { checkAccount, checkName, checkPath } from '../arn.js'
import { validation } from './context.js'

export type Input = Readonly<Record<string, unknown>>

export function asInput(value: unknown): Input {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw validation('The request must be an object of parameters')
  }
  return value as Input
}

export function field(input: Input, name: string): unknown {
  return Object.hasOwn(input, name) ? input[name] : undefined
}

export function account(input: Input): string {
  return checkAccount(field(input, 'account'))
}

export function name(input: Input, key: string): string {
  return checkName(field(input, key), key)
}

export function optionalName(input: Input, key: string): string | undefined {
  const value = field(input, key)
  return value === undefined ? undefined : checkName(value, key)
}

export function path(input: Input, key = 'path'): string {
  return checkPath(field(input, key), key)
}

export function optionalPath(input: Input, key: string): string | undefined {
  const value = field(input, key)
  return value === undefined ? undefined : checkPath(value, key)
}

export function string(input: Input, key: string, max = 2048): string {
  const value = field(input, key)
  if (typeof value !== 'string' || value.length === 0 || value.length > max) {
    throw validation(`${key} must be a string of 1 to ${max} characters`, key)
  }
  return value
}

export function optionalString(input: Input, key: string, max = 2048, min = 0): string | undefined {
  const value = field(input, key)
  if (value === undefined) return undefined
  if (typeof value !== 'string' || value.length < min || value.length > max) {
    throw validation(`${key} must be a string of ${min} to ${max} characters`, key)
  }
  return value
}

export function optionalBoolean(input: Input, key: string): boolean | undefined {
  const value = field(input, key)
  if (value === undefined) return undefined
  if (typeof value !== 'boolean') throw validation(`${key} must be true or false`, key)
  return value
}

export function optionalInteger(input: Input, key: string, min: number, max: number): number | undefined {
  const value = field(input, key)
  if (value === undefined) return undefined
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw validation(`${key} must be an integer from ${min} to ${max}`, key)
  }
  return value
}

export function stringList(input: Input, key: string, maxItems: number, maxLength: number): string[] {
  const value = field(input, key)
  if (!Array.isArray(value) || value.length > maxItems || value.some((v) => typeof v !== 'string' || v.length === 0 || v.length > maxLength)) {
    throw validation(`${key} must be a list of at most ${maxItems} strings of 1 to ${maxLength} characters`, key)
  }
  return [...new Set(value as string[])]
}

/**
 * A policy given as a document or as JSON text, validated as `kind`. Refused with every issue
 * (`ERR_POLICY_INVALID`, AWS's `MalformedPolicyDocument`).
 */
export function policy(input: Input, key: string, kind: PolicyKind): PolicyDocument {
  const value = field(input, key)
  if (value === undefined) throw validation(`${key} is required`, key)
  return checkPolicy(value, kind, key)
}

export function checkPolicy(value: unknown, kind: PolicyKind, key = 'policyDocument'): PolicyDocument {
  const result = validatePolicy(value, { kind })
  if (result.ok) return result.policy
  const first = result.issues[0]
  throw new IamError('ERR_POLICY_INVALID', `${key} is not a valid ${kind} policy: ${result.issues.length} issue(s)${first ? `, first: ${first.message}` : ''}`, {
    details: { field: key, issues: result.issues },
  })
}

const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u

/** AWS tag rules: key 1–128, value 0–256 of letters, digits, spaces and `_.:/=+-@`; no `aws:` keys. */
export function tagList(value: unknown, key = 'tags'): Tag[] {
  if (value === undefined) return []
  if (!Array.isArray(value)) throw validation(`${key} must be a list of { key, value }`, key)
  const seen = new Set<string>()
  const tags: Tag[] = []
  value.forEach((tag: unknown, i) => {
    if (typeof tag !== 'object' || tag === null) throw validation(`${key}[${i}] must be { key, value }`, key)
    const k = Object.hasOwn(tag, 'key') ? (tag as { key: unknown }).key : undefined
    const v = Object.hasOwn(tag, 'value') ? (tag as { value: unknown }).value : undefined
    if (typeof k !== 'string' || k.length === 0 || k.length > 128 || !TAG_TEXT.test(k)) {
      throw validation(`${key}[${i}].key must be 1 to 128 letters, digits, spaces or _.:/=+-@`, key)
    }
    if (k.toLowerCase().startsWith('aws:')) throw validation(`${key}[${i}].key: the prefix "aws:" is reserved`, key)
    if (typeof v !== 'string' || v.length > 256 || !TAG_TEXT.test(v)) {
      throw validation(`${key}[${i}].value must be 0 to 256 letters, digits, spaces or _.:/=+-@`, key)
    }
    // IAM tag keys are unique regardless of case (CostCenter and costcenter are one tag).
    const folded = k.toLowerCase()
    if (seen.has(folded)) throw validation(`${key}: duplicate tag key ${JSON.stringify(k)} (tag keys are case-insensitive)`, key)
    seen.add(folded)
    tags.push({ key: k, value: v })
  })
  return tags
}

/** Tags after adding `added` to `current`: a key already present (in any case) gets the new spelling and value. */
export function mergeTags(current: readonly Tag[], added: readonly Tag[], quota: number): Tag[] {
  const byKey = new Map<string, Tag>()
  for (const tag of current) byKey.set(tag.key.toLowerCase(), tag)
  for (const tag of added) byKey.set(tag.key.toLowerCase(), tag)
  if (byKey.size > quota) {
    throw new IamError('ERR_LIMIT_EXCEEDED', `An entity can have at most ${quota} tags`)
  }
  return [...byKey.values()]
}

export interface Page {
  marker: string | undefined
  maxItems: number
}

export function page(input: Input): Page {
  const marker = optionalString(input, 'marker', 2048, 1)
  const maxItems = optionalInteger(input, 'maxItems', 1, 1000) ?? 100
  return { marker, maxItems }
}

export interface Paged<T> {
  items: T[]
  isTruncated: boolean
  marker: string | undefined
}

/**
 * One page of `items` (sorted by `idOf`). The marker is the last id returned, encoded, so that a
 * page boundary is stable while records are added or removed.
 */
export function paginate<T>(items: readonly T[], idOf: (item: T) => string, p: Page): Paged<T> {
  let start = 0
  if (p.marker !== undefined) {
    const after = Buffer.from(p.marker, 'base64url').toString('utf8')
    while (start < items.length && idOf(items[start]!) <= after) start++
  }
  const slice = items.slice(start, start + p.maxItems)
  const isTruncated = start + p.maxItems < items.length
  return {
    items: slice,
    isTruncated,
    marker: isTruncated ? Buffer.from(idOf(slice[slice.length - 1]!), 'utf8').toString('base64url') : undefined,
  }
}

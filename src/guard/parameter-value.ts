/**
 * Checks one placeholder value before it becomes part of a resource ARN. The engine compares
 * request values literally, so `*` and `?` are plain data here; what is refused is anything that
 * would change the SHAPE of the ARN: a `/` (an extra path segment, e.g. from an encoded `%2F`), a
 * `.`/`..` segment, a `:` in the ARN's header fields, control characters, or nothing at all.
 */
import { IamError } from '../errors.js'
import { isAccountId } from '../principal-arn.js'

/** Where in the ARN a placeholder sits. */
export type Slot = 'header' | 'account' | 'resource'

/** Longest value accepted for one placeholder. */
export const MAX_VALUE_LENGTH = 1024

function refuse(name: string, why: string): IamError {
  return new IamError('ERR_INVALID_PARAMETER', `The value of parameter "${name}" ${why}.`)
}

function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x20 || c === 0x7f) return true
  }
  return false
}

/**
 * Returns the text to put in the ARN or throws `ERR_INVALID_PARAMETER` (400). Arrays (Express 5
 * wildcard parameters) are accepted for multi-segment parameters only and joined with `/`.
 */
export function checkValue(name: string, value: unknown, slot: Slot, multiSegment: boolean): string {
  let text: string
  if (typeof value === 'string') text = value
  else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
    if (!multiSegment) throw refuse(name, 'spans several path segments, which this route does not allow')
    text = value.join('/')
  } else throw refuse(name, 'is missing')
  if (text.length === 0) throw refuse(name, 'is empty')
  if (text.length > MAX_VALUE_LENGTH) throw refuse(name, `is longer than ${MAX_VALUE_LENGTH} characters`)
  if (hasControl(text)) throw refuse(name, 'contains control characters')
  if (slot === 'account') {
    if (!isAccountId(text)) throw refuse(name, 'is not an account id (1-64 of A-Z a-z 0-9 _ -)')
    return text
  }
  if (slot === 'header') {
    if (text.includes(':') || text.includes('/')) throw refuse(name, 'contains ":" or "/", which would change the shape of the ARN')
    return text
  }
  if (text.includes('/')) {
    if (!multiSegment) throw refuse(name, 'contains "/", which would change the shape of the ARN')
    for (const segment of text.split('/')) {
      if (segment === '' || segment === '.' || segment === '..') throw refuse(name, 'contains an empty, "." or ".." segment')
    }
    return text
  }
  if (text === '.' || text === '..') throw refuse(name, 'is "." or ".."')
  return text
}

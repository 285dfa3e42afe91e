/** What the validators of one document share, and the helpers they all use. */
import { describe, type IssueList } from './issues.js'
import type { KindRules } from './elements.js'
import type { JsonPath, PolicyKind, PolicyVersion } from './types.js'

export interface ValidationContext {
  readonly issues: IssueList
  readonly kind: PolicyKind
  readonly rules: KindRules
  /** The version in force: `2008-10-17` when the document has none (AWS's default). */
  readonly version: PolicyVersion
  /** Whether `${…}` are policy variables (only with `2012-10-17`); otherwise literal text. */
  readonly variables: boolean
}

/** An entry of a string-or-array element with its own path. */
export interface Entry {
  readonly value: string
  readonly path: JsonPath
}

/**
 * Reads an element that is a string or a non-empty array of strings (`Action`, `Resource`, a
 * principal type's values). Reports wrong types and empty values, and passes each string entry
 * to `check` in document order.
 */
export function stringEntries(
  value: unknown,
  path: JsonPath,
  element: string,
  ctx: ValidationContext,
  check: (entry: Entry) => void,
): void {
  if (typeof value === 'string') {
    if (value !== '') return check({ value, path })
    ctx.issues.add('empty-value', path, `${element} must not be an empty string`)
    return
  }
  if (!Array.isArray(value)) {
    ctx.issues.add('invalid-type', path, `${element} must be a string or an array of strings, not ${describe(value)}`)
    return
  }
  if (value.length === 0) {
    ctx.issues.add('empty-value', path, `${element} must not be an empty array`)
    return
  }
  for (let i = 0; i < value.length; i++) {
    // A hole in a sparse array would read an inherited index; it is an invalid entry instead.
    const item: unknown = Object.hasOwn(value, i) ? value[i] : undefined
    const itemPath = [...path, i]
    if (typeof item !== 'string') {
      ctx.issues.add('invalid-type', itemPath, `${element} entries must be strings, not ${describe(item)}`)
    } else if (item === '') {
      ctx.issues.add('empty-value', itemPath, `${element} entries must not be empty strings`)
    } else check({ value: item, path: itemPath })
  }
}

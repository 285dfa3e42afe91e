/**
 * Collects validation issues up to a cap, so that a hostile document (100,000 bad entries)
 * yields a bounded answer: the first `limit` issues, then one `too-many-issues` issue.
 */
import type { JsonPath, ValidationIssue } from './types.js'

/** Issues kept before the rest are summarised by one `too-many-issues` issue. */
export const MAX_ISSUES = 1000

export class IssueList {
  readonly items: ValidationIssue[] = []
  private dropped = 0

  constructor(private readonly limit: number = MAX_ISSUES) {}

  add(code: string, path: JsonPath, message: string): void {
    if (this.items.length < this.limit) this.items.push({ code, path: path.slice(), message })
    else this.dropped++
  }

  get count(): number {
    return this.items.length + this.dropped
  }

  /** The issues, with the summary issue appended when some were dropped. */
  finish(): ValidationIssue[] {
    if (this.dropped === 0) return this.items
    return [
      ...this.items,
      {
        code: 'too-many-issues',
        path: [],
        message: `${this.dropped} more issue(s) not listed; only the first ${this.limit} are reported`,
      },
    ]
  }
}

/** Renders a path for messages: `Statement[2].Condition.StringLike`. */
export function formatPath(path: JsonPath): string {
  let out = ''
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`
    else out += out === '' ? part : `.${part}`
  }
  return out === '' ? '(document)' : out
}

/** Quotes a value for a message without echoing unbounded input. */
export function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value)
    case 'number':
    case 'boolean':
      return String(value)
    case 'object':
      return 'an object'
    default:
      return typeof value
  }
}

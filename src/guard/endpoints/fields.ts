/**
 * Reads the typed fields of an endpoint's JSON body, collecting every problem with its path
 * (zod-style issues) before anything is called. Only own properties are read, so `__proto__`
 * or `constructor` in a body are never mistaken for fields.
 */
import { IamError } from '../../errors.js'
import type { PolicyDocument, ValidationIssue } from '../../policy/types.js'

type Body = Readonly<Record<string, unknown>>

export class FieldReader {
  private readonly issues: ValidationIssue[] = []

  constructor(private readonly body: Body) {}

  private value(name: string): unknown {
    return Object.hasOwn(this.body, name) ? this.body[name] : undefined
  }

  private problem(name: string, message: string): undefined {
    this.issues.push({ code: 'invalid-field', path: [name], message: `${name} ${message}` })
    return undefined
  }

  string(name: string, required: true): string
  string(name: string, required?: false): string | undefined
  string(name: string, required = false): string | undefined {
    const value = this.value(name)
    if (value === undefined || value === null) return required ? this.problem(name, 'is required') : undefined
    if (typeof value !== 'string') return this.problem(name, 'must be a string')
    if (required && value === '') return this.problem(name, 'must not be empty')
    return value
  }

  integer(name: string): number | undefined {
    const value = this.value(name)
    if (value === undefined || value === null) return undefined
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) return this.problem(name, 'must be an integer')
    return value
  }

  stringList(name: string): string[] | undefined {
    const value = this.value(name)
    if (value === undefined || value === null) return undefined
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) return this.problem(name, 'must be an array of strings')
    return value as string[]
  }

  /** `[{ key, value }]`, AWS's tag list (also accepted as `Key`/`Value`). */
  tags(name: string): { key: string; value: string }[] | undefined {
    const value = this.value(name)
    if (value === undefined || value === null) return undefined
    if (!Array.isArray(value)) return this.problem(name, 'must be an array of { key, value }')
    const tags: { key: string; value: string }[] = []
    for (const item of value) {
      const key = pick(item, 'key', 'Key')
      const tagValue = pick(item, 'value', 'Value')
      if (typeof key !== 'string' || typeof tagValue !== 'string') return this.problem(name, 'must be an array of { key, value } strings')
      tags.push({ key, value: tagValue })
    }
    return tags
  }

  /** `[{ arn }]`, AWS's PolicyArns list. */
  policyArns(name: string): { arn: string }[] | undefined {
    const value = this.value(name)
    if (value === undefined || value === null) return undefined
    if (!Array.isArray(value)) return this.problem(name, 'must be an array of { arn }')
    const arns: { arn: string }[] = []
    for (const item of value) {
      const arn = pick(item, 'arn', 'Arn')
      if (typeof arn !== 'string') return this.problem(name, 'must be an array of { arn } strings')
      arns.push({ arn })
    }
    return arns
  }

  /** A session policy: JSON text, as AWS takes it, or the document itself. STS validates it. */
  policy(name: string): string | PolicyDocument | undefined {
    const value = this.value(name)
    if (value === undefined || value === null) return undefined
    if (typeof value === 'string') return value
    if (typeof value === 'object' && !Array.isArray(value)) return value as PolicyDocument
    return this.problem(name, 'must be a policy document or its JSON text')
  }

  /** Throws one `ERR_VALIDATION` listing every problem found so far. */
  done(): void {
    if (this.issues.length === 0) return
    throw new IamError('ERR_VALIDATION', this.issues.map((issue) => issue.message).join('; '), { details: { issues: this.issues } })
  }
}

function pick(item: unknown, lower: string, upper: string): unknown {
  if (item === null || typeof item !== 'object') return undefined
  if (Object.hasOwn(item, lower)) return (item as Record<string, unknown>)[lower]
  if (Object.hasOwn(item, upper)) return (item as Record<string, unknown>)[upper]
  return undefined
}

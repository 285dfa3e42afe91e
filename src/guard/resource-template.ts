/**
 * Resource templates: `arn:app:docs::{account}:project/{project}/doc/{doc}`, compiled once per
 * route. Each placeholder knows which ARN field it fills, so that a value can be checked for
 * that field (a `:` is fine inside the resource part, never in the account).
 */
import { IamError } from '../errors.js'
import type { Slot } from './parameter-value.js'

export type TemplatePiece = { readonly text: string } | { readonly name: string; readonly slot: Slot }

export interface ResourceTemplate {
  readonly source: string
  readonly pieces: readonly TemplatePiece[]
  /** Placeholder names, without duplicates. */
  readonly names: readonly string[]
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

function invalid(option: string, message: string): IamError {
  return new IamError('ERR_INVALID_OPTION', `${option}: ${message}`)
}

function slotFor(colonsBefore: number): Slot {
  if (colonsBefore === 4) return 'account'
  return colonsBefore < 5 ? 'header' : 'resource'
}

export function compileResourceTemplate(source: unknown, option: string): ResourceTemplate {
  if (typeof source !== 'string' || source.length === 0) throw invalid(option, 'must be a resource ARN template like arn:app:docs::{account}:doc/{doc}')
  if (source === '*') return { source, pieces: [{ text: '*' }], names: [] }
  if (!source.startsWith('arn:')) throw invalid(option, `${JSON.stringify(source)} must start with "arn:" (or be "*")`)
  const pieces: TemplatePiece[] = []
  const names: string[] = []
  let colons = 0
  let literal = ''
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!
    if (c === '}') throw invalid(option, `unmatched "}" in ${JSON.stringify(source)}`)
    if (c !== '{') {
      if (c === ':') colons++
      literal += c
      continue
    }
    const end = source.indexOf('}', i + 1)
    const name = end < 0 ? '' : source.slice(i + 1, end)
    if (end < 0 || !NAME.test(name)) throw invalid(option, `bad placeholder in ${JSON.stringify(source)}: use {name} with letters, digits and _`)
    if (literal !== '') pieces.push({ text: literal })
    literal = ''
    pieces.push({ name, slot: slotFor(colons) })
    if (!names.includes(name)) names.push(name)
    i = end
  }
  if (literal !== '') pieces.push({ text: literal })
  // The six ARN fields must come from the template itself: values can never add a field.
  if (colons < 5) throw invalid(option, `${JSON.stringify(source)} is not an ARN: it needs arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`)
  return { source, pieces, names }
}

/** Concatenates the pieces with already-checked values. */
export function renderTemplate(template: ResourceTemplate, values: ReadonlyMap<string, string>): string {
  let out = ''
  for (const piece of template.pieces) out += 'text' in piece ? piece.text : values.get(piece.name)!
  return out
}

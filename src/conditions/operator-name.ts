/**
 * `[ForAllValues:|ForAnyValue:]Base[IfExists]`. Operator names are matched exactly as AWS
 * spells them (case-sensitive); condition KEYS are the case-insensitive part.
 */
import { operatorSpec } from './registry.js'
import type { ParsedOperator } from './types.js'

const SETS = ['ForAllValues', 'ForAnyValue'] as const
const IF_EXISTS = 'IfExists'

export function parseOperatorName(name: string): ParsedOperator | undefined {
  if (typeof name !== 'string') return undefined
  let rest = name
  let set: ParsedOperator['set']
  for (const candidate of SETS) {
    if (rest.startsWith(`${candidate}:`)) {
      set = candidate
      rest = rest.slice(candidate.length + 1)
      break
    }
  }
  let spec = operatorSpec(rest)
  let ifExists = false
  if (spec === undefined && rest.endsWith(IF_EXISTS)) {
    spec = operatorSpec(rest.slice(0, -IF_EXISTS.length))
    ifExists = true
  }
  if (spec === undefined) return undefined
  return { name, base: spec.base, family: spec.family, ifExists, set, negated: spec.negated, like: spec.like }
}

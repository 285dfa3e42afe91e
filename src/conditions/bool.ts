/**
 * Bool (AWS "Condition operators", Boolean section): `true`/`false`, as JSON booleans or strings
 * in any case. Policy variables are supported in the value. A context value counts when it is a
 * boolean or the string `true`/`false` (any case); anything else matches nothing.
 */
import { equalsFolded, parseTemplate, resolveGlob, type Template } from '../match/index.js'
import type { RawConditionValue } from '../policy/types.js'
import { type CompiledValues, describe, NO_KEYS, type OperatorSpec, policyText, uniqueKeys } from './family.js'
import type { ContextScalar, EvalContext } from './types.js'

export function parseBool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value
  if (typeof value !== 'string') return undefined
  if (equalsFolded(value, 'true')) return true
  if (equalsFolded(value, 'false')) return false
  return undefined
}

function checkValue(value: RawConditionValue, variables: boolean): string[] {
  const template = parseTemplate(policyText(value), { variables })
  if (template.errors.length > 0) return [...template.errors]
  if (template.hasVariables || parseBool(value) !== undefined) return []
  return [`Bool value ${describe(value)} is not true or false`]
}

function compile(values: readonly RawConditionValue[], variables: boolean): CompiledValues {
  let acceptTrue = false
  let acceptFalse = false
  const dynamic: Template[] = []
  for (const v of values) {
    const template = parseTemplate(policyText(v), { variables })
    if (template.hasVariables) dynamic.push(template)
    else if (parseBool(v) === true) acceptTrue = true
    else acceptFalse = true
  }
  const test = (value: ContextScalar, ctx: EvalContext): boolean => {
    const b = parseBool(value)
    if (b === undefined) return false
    if (b ? acceptTrue : acceptFalse) return true
    for (let i = 0; i < dynamic.length; i++) {
      const resolved = resolveGlob(dynamic[i]!, ctx)
      if (resolved !== undefined && parseBool(resolved.text) === b) return true
    }
    return false
  }
  if (dynamic.length === 0) return { test, keys: NO_KEYS }
  return { test, keys: uniqueKeys(dynamic.map((t) => t.keys)) }
}

export const BOOL_OPERATORS: readonly OperatorSpec[] = [
  { base: 'Bool', family: 'Bool', negated: false, like: false, variables: true, checkValue, compile },
]

/**
 * One operator × one key of a Condition block: checked (for the validator) and compiled (for
 * the evaluator). `compileCondition` refuses exactly what `checkConditionValues` reports, so a
 * policy that validates always compiles and an unknown operator can never make a Deny inert.
 */
import { IamError } from '../errors.js'
import type { RawConditionValue } from '../policy/types.js'
import { describe } from './family.js'
import { applyModifiers, applyNull } from './modifiers.js'
import { compileNull } from './null.js'
import { parseOperatorName } from './operator-name.js'
import { operatorSpec } from './registry.js'
import type { CompileConditionOptions, CompiledCondition, ParsedOperator } from './types.js'

function variablesOn(options: Pick<CompileConditionOptions, 'version'>): boolean {
  return options.version === '2012-10-17'
}

function asList(values: unknown): readonly unknown[] {
  return Array.isArray(values) ? values : [values]
}

function operatorMessages(parsed: ParsedOperator): string[] {
  if (parsed.family !== 'Null') return []
  const messages: string[] = []
  if (parsed.ifExists) messages.push('Null cannot be combined with IfExists')
  if (parsed.set !== undefined) messages.push(`Null cannot be combined with ${parsed.set}`)
  return messages
}

/**
 * Human messages for everything wrong with one operator/key/values entry; empty when it
 * compiles. Accepts raw JSON (a single value or an array) so the validator can pass it as found.
 */
export function checkConditionValues(
  operator: string,
  key: string,
  values: RawConditionValue[] | RawConditionValue,
  options: Pick<CompileConditionOptions, 'version'>,
): string[] {
  const parsed = parseOperatorName(operator)
  if (parsed === undefined) return [`unknown condition operator "${operator}"`]
  const messages = operatorMessages(parsed)
  if (typeof key !== 'string' || key.trim() === '') messages.push('condition key must be a non-empty string')
  else if (key.includes('${')) messages.push(`condition key "${key}" cannot contain a policy variable`)
  const list = asList(values)
  if (list.length === 0) messages.push(`${operator} for "${key}" has no values`)
  const spec = operatorSpec(parsed.base)!
  const variables = spec.variables && variablesOn(options)
  for (const value of list) {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      messages.push(`${operator} value ${describe(value)} for "${key}" must be a string, number or boolean`)
      continue
    }
    for (const message of spec.checkValue(value, variables)) messages.push(`${message} (${operator}, key "${key}")`)
  }
  return messages
}

/** Compiles one operator/key/values entry; throws `IamError` `ERR_POLICY_INVALID` when invalid. */
export function compileCondition(
  operator: string,
  key: string,
  values: RawConditionValue[] | RawConditionValue,
  options: CompileConditionOptions,
): CompiledCondition {
  const messages = checkConditionValues(operator, key, values, options)
  if (messages.length > 0) {
    throw new IamError('ERR_POLICY_INVALID', `invalid condition: ${messages.join('; ')}`, {
      details: { operator, key, messages },
    })
  }
  const parsed = parseOperatorName(operator)!
  const spec = operatorSpec(parsed.base)!
  const list = asList(values) as readonly RawConditionValue[]
  const lowerCaseKey = key.toLowerCase()
  if (parsed.family === 'Null') {
    return Object.freeze({ operator, key, keys: Object.freeze([lowerCaseKey]), test: applyNull(lowerCaseKey, compileNull(list)) })
  }
  const compiled = spec.compile(list, spec.variables && variablesOn(options))
  const keys = [lowerCaseKey]
  for (const k of compiled.keys) if (!keys.includes(k)) keys.push(k)
  return Object.freeze({ operator, key, keys: Object.freeze(keys), test: applyModifiers(parsed, lowerCaseKey, compiled, options.effect) })
}

/**
 * The `Condition` element: `{ operator: { key: scalar | scalar[] } }`. An operator this library
 * does not know is an error, never skipped: skipping it would make a Deny that relies on it
 * inert (or an Allow broader than written).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
 */
import { checkConditionValues, parseOperatorName } from '../conditions/index.js'
import { describe } from './issues.js'
import { isObject } from './elements.js'
import type { ValidationContext } from './validate-context.js'
import type { JsonPath, RawConditionValue } from './types.js'

function isScalar(value: unknown): value is RawConditionValue {
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))
}

export function validateCondition(condition: unknown, path: JsonPath, ctx: ValidationContext): void {
  if (!isObject(condition)) {
    ctx.issues.add('invalid-type', path, `Condition must be an object of operators, not ${describe(condition)}`)
    return
  }
  for (const operator of Object.keys(condition)) {
    const operatorPath = [...path, operator]
    const parsed = parseOperatorName(operator)
    if (parsed === undefined) {
      ctx.issues.add(
        'unknown-operator',
        operatorPath,
        `Unknown condition operator ${describe(operator)}: the policy is refused rather than the condition ignored`,
      )
    }
    // IfExists and the set qualifiers cannot be combined with Null ("You can add IfExists to the
    // end of any condition operator name except the Null condition"): reported once per operator.
    let checkedName = operator
    if (parsed !== undefined && parsed.family === 'Null' && (parsed.ifExists || parsed.set !== undefined)) {
      if (parsed.ifExists) ctx.issues.add('null-with-if-exists', operatorPath, `${operator}: IfExists cannot be used with Null, which already tests whether the key exists`)
      if (parsed.set !== undefined) ctx.issues.add('null-with-qualifier', operatorPath, `${operator}: ${parsed.set} cannot be used with Null`)
      checkedName = 'Null'
    }
    const block: unknown = condition[operator]
    if (!isObject(block)) {
      ctx.issues.add('invalid-type', operatorPath, `Condition operator ${describe(operator)} must map to an object of condition keys, not ${describe(block)}`)
      continue
    }
    const seenKeys = new Map<string, string>()
    for (const key of Object.keys(block)) {
      const keyPath = [...operatorPath, key]
      if (key === '') {
        ctx.issues.add('empty-value', keyPath, 'A condition key must not be empty')
        continue
      }
      // Condition key names are case-insensitive in AWS, so two spellings are one key twice.
      const lower = key.toLowerCase()
      const earlier = seenKeys.get(lower)
      if (earlier !== undefined) {
        ctx.issues.add('duplicate-condition-key', keyPath, `Condition key ${describe(key)} repeats ${describe(earlier)} under ${operator} (keys are case-insensitive)`)
      } else seenKeys.set(lower, key)

      const values = conditionValues(block[key], keyPath, ctx)
      if (values === undefined || parsed === undefined) continue
      // Checks the values (and their policy variables) as the operator will compile them.
      for (const message of checkConditionValues(checkedName, key, values, { version: ctx.version })) {
        ctx.issues.add('invalid-condition-value', keyPath, message)
      }
    }
  }
}

/** A scalar or a non-empty array of scalars; undefined (after reporting) otherwise. */
function conditionValues(value: unknown, path: JsonPath, ctx: ValidationContext): RawConditionValue[] | undefined {
  if (isScalar(value)) return [value]
  if (!Array.isArray(value)) {
    ctx.issues.add('invalid-type', path, `A condition value must be a string, number, boolean or an array of them, not ${describe(value)}`)
    return undefined
  }
  if (value.length === 0) {
    ctx.issues.add('empty-value', path, 'A condition value list must not be empty')
    return undefined
  }
  let ok = true
  for (let i = 0; i < value.length; i++) {
    const item: unknown = Object.hasOwn(value, i) ? value[i] : undefined
    if (!isScalar(item)) {
      ctx.issues.add('invalid-type', [...path, i], `Condition values must be strings, numbers or booleans, not ${describe(item)}`)
      ok = false
    }
  }
  return ok ? (value as RawConditionValue[]) : undefined
}

/**
 * ARN operators (AWS "Condition operators", ARN section): ArnEquals and ArnLike behave alike —
 * each of the six colon-separated segments is compared on its own, case-sensitively, and may
 * hold `*`/`?`. ArnNotEquals/ArnNotLike are their negations. Policy variables are supported.
 */
import { checkArnPattern, compileArnLike, parseTemplate } from '../match/index.js'
import type { RawConditionValue } from '../policy/types.js'
import { type CompiledValues, type OperatorSpec, policyText, uniqueKeys } from './family.js'
import type { ContextScalar, EvalContext } from './types.js'

function checkValue(value: RawConditionValue, variables: boolean): string[] {
  if (typeof value !== 'string') return [`ARN condition value ${String(value)} is not a string`]
  return checkArnPattern(value, { variables })
}

function compile(values: readonly RawConditionValue[], variables: boolean): CompiledValues {
  const matchers = values.map((v) => compileArnLike(policyText(v), { variables }))
  const templates = values.map((v) => parseTemplate(policyText(v), { variables }))
  const test = (value: ContextScalar, ctx: EvalContext): boolean => {
    if (typeof value !== 'string') return false
    for (let i = 0; i < matchers.length; i++) if (matchers[i]!.matches(value, ctx)) return true
    return false
  }
  return { test, keys: uniqueKeys(templates.map((t) => t.keys)) }
}

function spec(base: string, negated: boolean, like: boolean): OperatorSpec {
  return { base, family: 'Arn', negated, like, variables: true, checkValue, compile }
}

export const ARN_OPERATORS: readonly OperatorSpec[] = [
  spec('ArnEquals', false, false),
  spec('ArnLike', false, true),
  spec('ArnNotEquals', true, false),
  spec('ArnNotLike', true, true),
]

/**
 * String operators. AWS "IAM JSON policy elements: Condition operators", String section:
 * StringEquals/StringNotEquals are exact and case-sensitive (a `*` is an ordinary character),
 * …IgnoreCase ignores case, StringLike/StringNotLike take `*` and `?`. Policy variables are
 * supported in the values.
 */
import { compileStringEquals, compileStringLike, parseTemplate, staticGlob } from '../match/index.js'
import type { RawConditionValue } from '../policy/types.js'
import { type CompiledValues, contextText, type OperatorSpec, policyText, uniqueKeys } from './family.js'
import type { ContextScalar, EvalContext } from './types.js'

function checkValue(value: RawConditionValue, variables: boolean): string[] {
  return [...parseTemplate(policyText(value), { variables }).errors]
}

function compiler(like: boolean, ignoreCase: boolean) {
  return (values: readonly RawConditionValue[], variables: boolean): CompiledValues => {
    const options = { variables, ignoreCase }
    const matchers = values.map((v) => (like ? compileStringLike : compileStringEquals)(policyText(v), options))
    const templates = values.map((v) => parseTemplate(policyText(v), { variables }))
    const keys = uniqueKeys(templates.map((t) => t.keys))
    if (!like && !ignoreCase && keys.length === 0) {
      // The common case: a set lookup, whatever the number of values.
      const set = new Set(templates.map((t) => staticGlob(t).text))
      return { test: (value) => set.has(contextText(value)), keys }
    }
    const test = (value: ContextScalar, ctx: EvalContext): boolean => {
      const text = contextText(value)
      for (let i = 0; i < matchers.length; i++) if (matchers[i]!.matches(text, ctx)) return true
      return false
    }
    return { test, keys }
  }
}

function spec(base: string, negated: boolean, like: boolean, ignoreCase: boolean): OperatorSpec {
  return { base, family: 'String', negated, like, variables: true, checkValue, compile: compiler(like, ignoreCase) }
}

export const STRING_OPERATORS: readonly OperatorSpec[] = [
  spec('StringEquals', false, false, false),
  spec('StringNotEquals', true, false, false),
  spec('StringEqualsIgnoreCase', false, false, true),
  spec('StringNotEqualsIgnoreCase', true, false, true),
  spec('StringLike', false, true, false),
  spec('StringNotLike', true, true, false),
]

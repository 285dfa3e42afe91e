/**
 * Numeric operators (AWS "Condition operators", Numeric section). Policy values are parsed once;
 * context values may be numbers or numeric strings. No policy variables, no wildcards.
 */
import type { RawConditionValue } from '../policy/types.js'
import { type CompiledValues, describe, NO_KEYS, type OperatorSpec } from './family.js'
import type { ContextScalar } from './types.js'

// Plain decimal notation, as AWS documents it: optional sign, digits, optional fraction.
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/

export function parseNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined
  if (typeof value !== 'string' || value.length > 400 || !NUMBER.test(value)) return undefined
  const n = Number(value)
  return Number.isFinite(n) ? n : undefined
}

type Compare = (context: number, policy: number) => boolean

export function comparisonSpec(
  family: 'Numeric' | 'Date',
  base: string,
  negated: boolean,
  compare: Compare,
  parse: (value: unknown) => number | undefined,
  expected: string,
): OperatorSpec {
  return {
    base,
    family,
    negated,
    like: false,
    variables: false,
    checkValue(value: RawConditionValue): string[] {
      return parse(value) === undefined ? [`${base} value ${describe(value)} is not ${expected}`] : []
    },
    compile(values: readonly RawConditionValue[]): CompiledValues {
      const policy = Float64Array.from(values, (v) => parse(v) ?? Number.NaN)
      const test = (value: ContextScalar): boolean => {
        const n = parse(value)
        if (n === undefined) return false
        for (let i = 0; i < policy.length; i++) if (compare(n, policy[i]!)) return true
        return false
      }
      return { test, keys: NO_KEYS }
    },
  }
}

const eq: Compare = (a, b) => a === b
const lt: Compare = (a, b) => a < b
const lte: Compare = (a, b) => a <= b
const gt: Compare = (a, b) => a > b
const gte: Compare = (a, b) => a >= b

export const COMPARISONS: ReadonlyArray<[suffix: string, negated: boolean, compare: Compare]> = [
  ['Equals', false, eq],
  ['NotEquals', true, eq],
  ['LessThan', false, lt],
  ['LessThanEquals', false, lte],
  ['GreaterThan', false, gt],
  ['GreaterThanEquals', false, gte],
]

export const NUMERIC_OPERATORS: readonly OperatorSpec[] = COMPARISONS.map(([suffix, negated, compare]) =>
  comparisonSpec('Numeric', `Numeric${suffix}`, negated, compare, parseNumber, 'a number'),
)

/**
 * BinaryEquals (AWS "Condition operators", Binary section): the policy holds the base64 form of
 * the bytes; the context value is base64 text too. Compared byte for byte, i.e. on the canonical
 * base64 of the decoded bytes. AWS has no BinaryNotEquals.
 */
import type { RawConditionValue } from '../policy/types.js'
import { type CompiledValues, describe, NO_KEYS, type OperatorSpec } from './family.js'
import type { ContextScalar } from './types.js'

// Strict base64 with padding; no white space. Unambiguous, so linear.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/** Canonical base64 of the bytes `value` encodes, or `undefined` when it is not base64. */
export function canonicalBase64(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '' || !BASE64.test(value)) return undefined
  return Buffer.from(value, 'base64').toString('base64')
}

function checkValue(value: RawConditionValue): string[] {
  return canonicalBase64(value) === undefined ? [`BinaryEquals value ${describe(value)} is not base64`] : []
}

function compile(values: readonly RawConditionValue[]): CompiledValues {
  const accepted = new Set(values.map((v) => canonicalBase64(v)))
  const test = (value: ContextScalar): boolean => {
    const canonical = canonicalBase64(value)
    return canonical !== undefined && accepted.has(canonical)
  }
  return { test, keys: NO_KEYS }
}

export const BINARY_OPERATORS: readonly OperatorSpec[] = [
  { base: 'BinaryEquals', family: 'Binary', negated: false, like: false, variables: false, checkValue, compile },
]

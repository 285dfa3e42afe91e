/**
 * A validated document rebuilt from fresh objects and deep-frozen, so that nothing the caller
 * still holds (or a prototype it set) can change a policy after it was checked. The shape is
 * kept as written (a string stays a string, one statement object stays an object). Every object
 * built here — the document, each statement, each principal, `Condition` and each operator's
 * keys — has no prototype: an element the author did not write (`NotResource`, `Condition`…)
 * reads as `undefined` even when a bug elsewhere in the app polluted `Object.prototype`, and a
 * condition key named `__proto__` or `constructor` is plain data.
 */
import { hasOwn, isObject } from './elements.js'
import type { PolicyDocument, RawConditionBlock, RawConditionValue, RawPrincipal, RawStatement } from './types.js'

const STRING_LIST_ELEMENTS = ['Action', 'NotAction', 'Resource', 'NotResource'] as const

function bare(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>
}

/** Call only on a document that `validatePolicy` accepted. */
export function normalizePolicy(doc: Record<string, unknown>): PolicyDocument {
  const out = bare()
  if (hasOwn(doc, 'Version')) out['Version'] = doc['Version']
  if (hasOwn(doc, 'Id')) out['Id'] = doc['Id']
  const statement = doc['Statement']
  out['Statement'] = Array.isArray(statement)
    ? Object.freeze(statement.map((s) => normalizeStatement(s as Record<string, unknown>)))
    : normalizeStatement(statement as Record<string, unknown>)
  return Object.freeze(out) as unknown as PolicyDocument
}

function normalizeStatement(s: Record<string, unknown>): RawStatement {
  const out = bare()
  if (hasOwn(s, 'Sid')) out['Sid'] = s['Sid']
  out['Effect'] = s['Effect']
  if (hasOwn(s, 'Principal')) out['Principal'] = normalizePrincipal(s['Principal'])
  if (hasOwn(s, 'NotPrincipal')) out['NotPrincipal'] = normalizePrincipal(s['NotPrincipal'])
  for (const element of STRING_LIST_ELEMENTS) {
    if (hasOwn(s, element)) out[element] = copyStrings(s[element])
  }
  if (hasOwn(s, 'Condition')) out['Condition'] = normalizeCondition(s['Condition'] as Record<string, unknown>)
  return Object.freeze(out) as unknown as RawStatement
}

function copyStrings(value: unknown): string | readonly string[] {
  return typeof value === 'string' ? value : Object.freeze((value as string[]).slice())
}

function normalizePrincipal(value: unknown): RawPrincipal {
  if (!isObject(value)) return '*'
  const out = bare() as Record<string, string | readonly string[]>
  // Keys were checked to be AWS, Federated, Service or CanonicalUser.
  for (const type of Object.keys(value)) out[type] = copyStrings(value[type])
  return Object.freeze(out) as RawPrincipal
}

function normalizeCondition(condition: Record<string, unknown>): RawConditionBlock {
  const out = Object.create(null) as Record<string, unknown>
  for (const operator of Object.keys(condition)) {
    const block = condition[operator] as Record<string, unknown>
    const keys = Object.create(null) as Record<string, RawConditionValue | readonly RawConditionValue[]>
    for (const key of Object.keys(block)) {
      const v = block[key]
      keys[key] = Array.isArray(v) ? Object.freeze(v.slice() as RawConditionValue[]) : (v as RawConditionValue)
    }
    out[operator] = Object.freeze(keys)
  }
  return Object.freeze(out) as RawConditionBlock
}

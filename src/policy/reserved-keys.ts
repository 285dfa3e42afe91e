/**
 * `__proto__`, `constructor` and `prototype` are refused as keys anywhere in a policy document.
 *
 * The engine keeps every name from a policy as data (Maps, prototype-less objects), but a policy
 * travels further: stores, caches, audit logs, an app's own code reading a condition or a tag key
 * into a plain object. A key that names an object-prototype member is a pollution vector there and
 * is never a meaningful policy element, condition key or tag key, so the validator refuses it with
 * its JSON path, whether the document came as text (the duplicate-key parser) or as an object.
 * Condition keys are case-insensitive (AWS "IAM JSON policy elements: Condition": "Condition key
 * names are not case-sensitive"), so there `Constructor` is refused too, and so is any part of
 * the key between `:` and `/` (`aws:RequestTag/__proto__`, `aws:PrincipalTag/constructor`).
 */
import type { IssueList } from './issues.js'
import type { JsonPath } from './types.js'

const RESERVED: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype'])

/** Whether a condition key names, in any case or in any `:`/`/`-separated part, a prototype member. */
export function isReservedConditionKey(key: string): boolean {
  const lower = key.toLowerCase()
  if (RESERVED.has(lower)) return true
  let from = 0
  for (let i = 0; i <= lower.length; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : 0x3a
    if (c !== 0x3a /* : */ && c !== 0x2f /* / */) continue
    if (RESERVED.has(lower.slice(from, i))) return true
    from = i + 1
  }
  return false
}

type Role = 'document' | 'statements' | 'statement' | 'condition' | 'operator' | 'other'

interface Node {
  readonly value: unknown
  readonly role: Role
  readonly parent: Node | undefined
  readonly key: string | number
}

function pathOf(node: Node | undefined, key: string): JsonPath {
  const path: JsonPath = [key]
  for (let n = node; n !== undefined && n.parent !== undefined; n = n.parent) path.unshift(n.key)
  return path
}

function childRole(role: Role, key: string, value: unknown): Role {
  switch (role) {
    case 'document':
      return key === 'Statement' ? (Array.isArray(value) ? 'statements' : 'statement') : 'other'
    case 'statements':
      return 'statement'
    case 'statement':
      return key === 'Condition' ? 'condition' : 'other'
    case 'condition':
      return 'operator'
    default:
      return 'other'
  }
}

/**
 * Adds a `forbidden-key` issue for every such key of `doc`, at any depth. Iterative, and each
 * object is visited once (a cyclic object ends); the path is built only for a key it reports.
 */
export function checkReservedKeys(doc: unknown, issues: IssueList): void {
  const seen = new Set<object>()
  const stack: Node[] = [{ value: doc, role: 'document', parent: undefined, key: '' }]
  while (stack.length > 0) {
    const node = stack.pop()!
    const { value } = node
    if (typeof value !== 'object' || value === null || seen.has(value)) continue
    seen.add(value)
    if (Array.isArray(value)) {
      const role = node.role === 'statements' ? 'statement' : 'other'
      for (let i = value.length - 1; i >= 0; i--) {
        if (Object.hasOwn(value, i)) stack.push({ value: value[i], role, parent: node, key: i })
      }
      continue
    }
    const keys = Object.keys(value)
    for (const key of keys) {
      if (node.role === 'operator' ? isReservedConditionKey(key) : RESERVED.has(key)) {
        const what = node.role === 'operator' ? `Condition key ${JSON.stringify(key)}` : `Key ${JSON.stringify(key)}`
        issues.add('forbidden-key', pathOf(node, key), `${what} is refused: __proto__, constructor and prototype name object-prototype members and are never accepted as a key, condition key or tag key of a policy`)
      }
    }
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!
      const child = (value as Record<string, unknown>)[key]
      stack.push({ value: child, role: childRole(node.role, key, child), parent: node, key })
    }
  }
}

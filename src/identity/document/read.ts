/** Small readers for the store document: each records an issue with its path instead of throwing. */
import { createHash, scryptSync } from 'node:crypto'
import { validatePolicy } from '../../policy/validate.js'
import type { PolicyDocument, PolicyKind } from '../../policy/types.js'
import { DEFAULT_SCRYPT_PARAMS } from '../../sts/secrets.js'
import type { Tag } from '../model.js'

export type Path = (string | number)[]
export interface DocIssue { path: Path; message: string }

/** Issues kept; a hostile document cannot make the answer unbounded. */
const MAX_ISSUES = 1000

export class Issues {
  readonly list: DocIssue[] = []
  add(path: Path, message: string): void {
    if (this.list.length < MAX_ISSUES) this.list.push({ path: [...path], message })
  }
}

export type Obj = Readonly<Record<string, unknown>>

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

export function get(o: Obj, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined
}

/** An optional object; an issue when present and not an object. */
export function objAt(o: Obj, key: string, path: Path, issues: Issues): Obj | undefined {
  const v = get(o, key)
  if (v === undefined) return undefined
  if (!isObj(v)) {
    issues.add([...path, key], 'must be an object')
    return undefined
  }
  return v
}

/** Only `allowed` keys may appear: a typo such as `attachedPolicy` would otherwise be silently ignored. */
export function onlyKeys(o: Obj, allowed: readonly string[], path: Path, issues: Issues): void {
  for (const key of Object.keys(o)) if (!allowed.includes(key)) issues.add([...path, key], `unknown field (expected one of ${allowed.join(', ')})`)
}

export function str(o: Obj, key: string, path: Path, issues: Issues, check?: (v: string) => boolean, hint = 'a string'): string | undefined {
  const v = get(o, key)
  if (v === undefined) return undefined
  if (typeof v !== 'string' || (check !== undefined && !check(v))) {
    issues.add([...path, key], `must be ${hint}`)
    return undefined
  }
  return v
}

export function strList(o: Obj, key: string, path: Path, issues: Issues, check?: (v: string) => boolean, hint = 'a string'): string[] {
  const v = get(o, key)
  if (v === undefined) return []
  if (!Array.isArray(v)) {
    issues.add([...path, key], `must be a list of ${hint}s`)
    return []
  }
  const out: string[] = []
  v.forEach((x: unknown, i) => {
    if (typeof x !== 'string' || (check !== undefined && !check(x))) issues.add([...path, key, i], `must be ${hint}`)
    else if (!out.includes(x)) out.push(x)
  })
  return out
}

export function policyAt(value: unknown, kind: PolicyKind, path: Path, issues: Issues): PolicyDocument | undefined {
  const result = validatePolicy(value, { kind })
  if (result.ok) return result.policy
  for (const issue of result.issues) issues.add([...path, ...issue.path], `${issue.message} (${kind} policy)`)
  return undefined
}

export function policyMap(o: Obj, key: string, kind: PolicyKind, path: Path, issues: Issues, checkName: (n: string) => boolean): Record<string, PolicyDocument> {
  const out: Record<string, PolicyDocument> = Object.create(null)
  const m = objAt(o, key, path, issues)
  if (m === undefined) return {}
  for (const name of Object.keys(m)) {
    if (!checkName(name)) issues.add([...path, key, name], 'is not a valid policy name (1 to 128 of [A-Za-z0-9+=,.@_-])')
    const doc = policyAt(m[name], kind, [...path, key, name], issues)
    if (doc !== undefined) out[name] = doc
  }
  return { ...out }
}

const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u

/** Tags as a `{ key: value }` map (how humans write them) or AWS's list of `{ key, value }`. */
export function tagsAt(o: Obj, key: string, path: Path, issues: Issues): Tag[] {
  const v = get(o, key)
  if (v === undefined) return []
  const pairs: [string, unknown, Path][] = []
  if (Array.isArray(v)) {
    v.forEach((t: unknown, i) => {
      if (isObj(t)) pairs.push([get(t, 'key') as string, get(t, 'value'), [...path, key, i]])
      else issues.add([...path, key, i], 'must be { key, value }')
    })
  } else if (isObj(v)) {
    for (const k of Object.keys(v)) pairs.push([k, v[k], [...path, key, k]])
  } else {
    issues.add([...path, key], 'must be a map of tag key to value')
    return []
  }
  const seen = new Set<string>()
  const tags: Tag[] = []
  for (const [k, value, p] of pairs) {
    if (typeof k !== 'string' || k.length === 0 || k.length > 128 || !TAG_TEXT.test(k) || k.toLowerCase().startsWith('aws:')) {
      issues.add(p, 'tag key must be 1 to 128 letters, digits, spaces or _.:/=+-@, not starting with aws:')
      continue
    }
    if (typeof value !== 'string' || value.length > 256 || !TAG_TEXT.test(value)) {
      issues.add(p, 'tag value must be 0 to 256 letters, digits, spaces or _.:/=+-@')
      continue
    }
    if (seen.has(k.toLowerCase())) issues.add(p, 'duplicate tag key (tag keys are case-insensitive)')
    seen.add(k.toLowerCase())
    tags.push({ key: k, value })
  }
  return tags
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/**
 * A unique id derived from what the entity is, for documents that do not give one: the same
 * file yields the same ids on every start, so tokens and caches stay valid across restarts.
 */
export function derivedId(prefix: string, ...parts: string[]): string {
  const digest = createHash('sha256').update(parts.join('\u0000')).digest()
  let out = prefix
  for (let i = 0; i < 17; i++) out += BASE32[digest[i]! & 31]
  return out
}

/**
 * A plain-text demo password turned into the scrypt hash format of `src/sts/secrets.ts`. The
 * salt is derived from the user so that the same file gives the same hash on every load (a demo
 * convenience: real deployments store `passwordHash`).
 */
export function hashDemoSecret(secret: string, ...owner: string[]): string {
  const { N, r, p } = DEFAULT_SCRYPT_PARAMS
  const salt = createHash('sha256').update(['iam-guard demo secret', ...owner].join('\u0000')).digest().subarray(0, 16)
  const key = scryptSync(secret.normalize('NFC'), salt, 32, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 })
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`
}

export function isIsoDate(v: string): boolean {
  return v.length <= 40 && !Number.isNaN(Date.parse(v))
}

export const EPOCH = '1970-01-01T00:00:00.000Z'

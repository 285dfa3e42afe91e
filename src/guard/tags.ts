/**
 * Tags a route hands over (`aws:RequestTag/*` from the body, `aws:ResourceTag/*` from a
 * resolver), checked against AWS's tag rules and read into a `Map`, so a tag named
 * `__proto__` is data.
 */
import { IamError } from '../errors.js'
import type { TagsInput } from './types.js'

/** AWS: tag keys are 1-128 characters, values 0-256 ("Tagging AWS resources", tag naming limits). */
const MAX_KEY = 128
const MAX_VALUE = 256
const MAX_TAGS = 50

function bad(what: string, message: string): IamError {
  return new IamError('ERR_INVALID_PARAMETER', `${what}: ${message}`)
}

function put(map: Map<string, string>, key: unknown, value: unknown, what: string): void {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY) throw bad(what, `tag keys must be 1-${MAX_KEY} characters`)
  if (typeof value !== 'string' || value.length > MAX_VALUE) throw bad(what, `tag values must be strings of at most ${MAX_VALUE} characters`)
  if (map.has(key)) throw bad(what, `tag key ${JSON.stringify(key)} is given twice`)
  map.set(key, value)
}

/** Reads tags in any accepted form; throws `ERR_INVALID_PARAMETER` (400) for anything else. */
export function readTags(input: unknown, what: string): Map<string, string> {
  const map = new Map<string, string>()
  if (input instanceof Map) {
    for (const [k, v] of input) put(map, k, v, what)
  } else if (Array.isArray(input)) {
    for (const tag of input) {
      if (tag === null || typeof tag !== 'object') throw bad(what, 'tags must be { Key, Value } objects')
      const t = tag as Record<string, unknown>
      put(map, Object.hasOwn(t, 'Key') ? t.Key : t.key, Object.hasOwn(t, 'Value') ? t.Value : t.value, what)
    }
  } else if (input !== null && typeof input === 'object') {
    for (const key of Object.keys(input)) put(map, key, (input as Record<string, unknown>)[key], what)
  } else {
    throw bad(what, 'tags must be an object, a Map or an array of { Key, Value }')
  }
  if (map.size > MAX_TAGS) throw bad(what, `at most ${MAX_TAGS} tags`)
  return map
}

/** `requestTags: true`: AWS's `Tags: [{ Key, Value }]` or a `tags` object in the JSON body. */
export function bodyTags(body: unknown): TagsInput | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined
  const b = body as Record<string, unknown>
  const tags = Object.hasOwn(b, 'Tags') ? b.Tags : Object.hasOwn(b, 'tags') ? b.tags : undefined
  return tags as TagsInput | undefined
}

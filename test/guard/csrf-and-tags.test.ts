import { describe, expect, it } from 'vitest'
import { checkCsrf } from '../../src/guard/csrf.js'
import { readTags, bodyTags } from '../../src/guard/tags.js'
import type { GuardRequest } from '../../src/guard/types.js'

function req(method: string, headers: Record<string, string>): GuardRequest {
  return { raw: undefined, method, header: (n) => headers[n], authorization: () => [], origin: 'https://app.example', sourceIp: undefined, secure: true, session: undefined, body: () => undefined }
}
const csrf = { allowedOrigins: new Set(['https://admin.example']), header: 'x-requested-with' }

describe('checkCsrf', () => {
  it('lets safe methods through', () => {
    expect(() => checkCsrf(req('GET', { origin: 'https://evil.example' }), csrf)).not.toThrow()
  })
  it('accepts same-origin or allowed origins, Sec-Fetch-Site same-origin, or the custom header', () => {
    for (const h of <Record<string, string>[]>[{ origin: 'https://app.example' }, { origin: 'https://admin.example' }, { 'sec-fetch-site': 'same-origin' }, { 'x-requested-with': 'fetch' }]) {
      expect(() => checkCsrf(req('POST', h), csrf)).not.toThrow()
    }
  })
  it('refuses foreign or opaque origins even with the custom header, and bare writes', () => {
    for (const h of <Record<string, string>[]>[{ origin: 'https://evil.example', 'x-requested-with': 'x' }, { origin: 'null' }, { 'sec-fetch-site': 'cross-site' }, {}]) {
      expect(() => checkCsrf(req('DELETE', h), csrf)).toThrow(expect.objectContaining({ code: 'ERR_CSRF', status: 403 }))
    }
  })
})

describe('readTags', () => {
  it('reads objects, Maps and AWS Key/Value lists, with __proto__ as data', () => {
    const tags = readTags(JSON.parse('{"__proto__":"x","team":"red"}'), 't')
    expect([...tags]).toEqual([['__proto__', 'x'], ['team', 'red']])
    expect([...readTags([{ Key: 'a', Value: '1' }], 't')]).toEqual([['a', '1']])
    expect([...readTags(new Map([['b', '2']]), 't')]).toEqual([['b', '2']])
  })
  it('refuses malformed tags with 400', () => {
    for (const bad of [[{ Key: 'a' }], [{ Key: 'a', Value: '1' }, { Key: 'a', Value: '2' }], { k: 1 }, 'x', { ['k'.repeat(129)]: 'v' }]) {
      expect(() => readTags(bad, 'request tags')).toThrow(expect.objectContaining({ code: 'ERR_INVALID_PARAMETER' }))
    }
  })
  it('finds Tags or tags in a body', () => {
    expect(bodyTags({ Tags: [] })).toEqual([])
    expect(bodyTags({ tags: { a: 'b' } })).toEqual({ a: 'b' })
    expect(bodyTags([1])).toBeUndefined()
  })
})

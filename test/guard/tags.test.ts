import { describe, expect, it } from 'vitest'
import { readTags, bodyTags } from '../../src/guard/tags.js'

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

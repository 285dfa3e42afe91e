import { describe, expect, it } from 'vitest'
import { normalizePattern, parseRouteKey, RouteTable } from '../../src/guard/route-key.js'

describe('route keys', () => {
  it('parses METHOD and path and normalizes slashes', () => {
    expect(parseRouteKey('get /a//b/', 'routes')).toEqual({ method: 'GET', pattern: '/a/b' })
    expect(normalizePattern('/')).toBe('/')
    for (const bad of ['/health', 'GET health', 'GET', 'G3T /x', 42]) expect(() => parseRouteKey(bad, 'publicRoutes')).toThrow(/publicRoutes/)
  })

  it('looks up HEAD as GET and falls back to *', () => {
    const t = new RouteTable<string>()
    t.add(parseRouteKey('GET /x', 'r'), 'get', 'r')
    t.add(parseRouteKey('* /y', 'r'), 'any', 'r')
    expect(t.lookup('HEAD', '/x')).toBe('get')
    expect(t.lookup('POST', '/x')).toBeUndefined()
    expect(t.lookup('DELETE', '/y/')).toBe('any')
    expect(() => t.add(parseRouteKey('GET /x/', 'r'), 'again', 'routes')).toThrow(/listed twice/)
  })
})

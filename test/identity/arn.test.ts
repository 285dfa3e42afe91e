import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkName, checkPath, iamArn, isName, isPath, parseIamArn } from '../../src/identity/arn.js'

describe('IAM names, paths and ARNs', () => {
  it.each(['alice', 'a+b=c,d.e@f-g_h', 'x'.repeat(64)])('accepts the user name %s', (name) => {
    expect(isName(name, 64)).toBe(true)
  })

  it.each(['', 'a b', 'a*', 'a?', 'a/b', 'x'.repeat(65), 'é'])('refuses the user name %j', (name) => {
    expect(isName(name, 64)).toBe(false)
    expect(() => checkName(name, 'userName')).toThrow()
  })

  it.each(['/', '/a/', '/a/b/', '/a.b-c_d/'])('accepts the path %s', (path) => {
    expect(isPath(path)).toBe(true)
  })

  it.each(['', 'a', '/a', 'a/', '//', '/a//b/', '/a*/', '/a?/', '/a b/', `/${'x'.repeat(511)}/`])('refuses the path %j', (path) => {
    expect(isPath(path)).toBe(false)
  })

  it('defaults a missing path to /', () => {
    expect(checkPath(undefined)).toBe('/')
  })

  it('builds and parses ARNs as inverse operations', () => {
    const name = fc.stringMatching(/^[A-Za-z0-9+=,.@_-]{1,64}$/)
    const segment = fc.stringMatching(/^[A-Za-z0-9._-]{1,10}$/)
    const path = fc.array(segment, { maxLength: 3 }).map((parts) => (parts.length === 0 ? '/' : `/${parts.join('/')}/`))
    fc.assert(fc.property(name, path, (n, p) => {
      const arn = iamArn('app', '111122223333', 'user', p, n)
      expect(parseIamArn(arn)).toEqual({ partition: 'app', account: '111122223333', type: 'user', path: p, name: n })
    }))
  })

  it('parses nothing that is not an IAM entity ARN', () => {
    expect(parseIamArn('arn:app:s3:::bucket')).toBeUndefined()
    expect(parseIamArn('arn:app:iam::1:user/a*')).toBeUndefined()
    expect(parseIamArn('arn:app:iam::1:root')).toBeUndefined()
    expect(parseIamArn(42)).toBeUndefined()
  })
})

import { describe, expect, it } from 'vitest'
import { refuseCrossSite, requireJson } from '../../../src/guard/endpoints/csrf.js'
import { IamError } from '../../../src/errors.js'

const OWN = 'https://app.example.com'
const none = new Set<string>()

function code(fn: () => void): string | undefined {
  try {
    fn()
    return undefined
  } catch (error) {
    return (error as IamError).code
  }
}

describe('requireJson', () => {
  it('accepts application/json with or without a charset, in any letter case', () => {
    expect(code(() => requireJson({ 'content-type': ['application/json'] }))).toBeUndefined()
    expect(code(() => requireJson({ 'content-type': ['Application/JSON; charset=utf-8'] }))).toBeUndefined()
  })

  it('refuses every type an HTML form can send without a preflight', () => {
    for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain']) {
      expect(() => requireJson({ 'content-type': [type] })).toThrow(expect.objectContaining({ status: 415 }))
    }
  })

  it('refuses a missing or a doubled Content-Type', () => {
    expect(() => requireJson({})).toThrow(expect.objectContaining({ status: 415 }))
    expect(() => requireJson({ 'content-type': ['application/json', 'text/plain'] })).toThrow(expect.objectContaining({ status: 415 }))
  })
})

describe('refuseCrossSite', () => {
  it('refuses a browser request from another site by its Sec-Fetch-Site header', () => {
    expect(code(() => refuseCrossSite({ 'sec-fetch-site': ['cross-site'] }, OWN, none))).toBe('ERR_CSRF')
  })

  it('refuses a same-site request from a sibling subdomain unless its origin is allowed', () => {
    const headers = { 'sec-fetch-site': ['same-site'], origin: ['https://evil.example.com'] }
    expect(code(() => refuseCrossSite(headers, OWN, none))).toBe('ERR_CSRF')
    expect(code(() => refuseCrossSite(headers, OWN, new Set(['https://evil.example.com'])))).toBeUndefined()
  })

  it('refuses a foreign Origin even without fetch metadata', () => {
    expect(code(() => refuseCrossSite({ origin: ['https://attacker.test'] }, OWN, none))).toBe('ERR_CSRF')
  })

  it('refuses the opaque origin "null" sent by sandboxed frames', () => {
    expect(code(() => refuseCrossSite({ origin: ['null'] }, OWN, none))).toBe('ERR_CSRF')
  })

  it('accepts the request\'s own origin and same-origin fetch metadata', () => {
    expect(code(() => refuseCrossSite({ origin: [OWN], 'sec-fetch-site': ['same-origin'] }, OWN, none))).toBeUndefined()
  })

  it('accepts clients that send no browser headers at all (left to the Content-Type check)', () => {
    expect(code(() => refuseCrossSite({}, OWN, none))).toBeUndefined()
  })

  it('does not apply to requests authenticated by an Authorization header, which cannot ride on a cookie', () => {
    expect(code(() => refuseCrossSite({ authorization: ['Bearer t'], origin: ['https://spa.test'], 'sec-fetch-site': ['cross-site'] }, OWN, none))).toBeUndefined()
  })

  it('refuses doubled Origin or Sec-Fetch-Site headers', () => {
    expect(code(() => refuseCrossSite({ origin: [OWN, 'https://attacker.test'] }, OWN, none))).toBe('ERR_CSRF')
    expect(code(() => refuseCrossSite({ 'sec-fetch-site': ['same-origin', 'cross-site'] }, OWN, none))).toBe('ERR_CSRF')
  })
})

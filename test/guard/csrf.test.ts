/**
 * The one cross-site rule of the guard and the STS/admin endpoints (OWASP CSRF cheat sheet:
 * "Verifying origin with standard headers", "Fetch Metadata headers").
 */
import { describe, expect, it } from 'vitest'
import { checkCrossSite } from '../../src/guard/csrf.js'
import type { RequestFacts } from '../../src/guard/types.js'
import type { IamError } from '../../src/errors.js'

const OWN = 'https://app.example.com'
const rule = { allowedOrigins: new Set(['https://admin.example.com']), header: 'x-requested-with' }

function facts(method: string, headers: Record<string, string | string[]>): RequestFacts {
  return {
    method, origin: OWN, sourceIp: undefined, secure: true, session: undefined,
    headerValues: (name) => {
      const v = headers[name]
      return v === undefined ? [] : Array.isArray(v) ? v : [v]
    },
  }
}

function refusal(method: string, headers: Record<string, string | string[]>, ridesOnCookie = true): IamError | undefined {
  try {
    checkCrossSite(facts(method, headers), rule, ridesOnCookie)
    return undefined
  } catch (error) {
    return error as IamError
  }
}

describe('checkCrossSite', () => {
  it('lets safe methods and Authorization-header requests through whatever their origin', () => {
    expect(refusal('GET', { origin: 'https://evil.example' })).toBeUndefined()
    expect(refusal('POST', { authorization: 'Bearer t', origin: 'https://spa.test', 'sec-fetch-site': 'cross-site' })).toBeUndefined()
  })

  it('accepts the own or an allowed origin, same-origin fetch metadata, or the custom header', () => {
    for (const h of <Record<string, string>[]>[{ origin: OWN }, { origin: 'https://admin.example.com' }, { 'sec-fetch-site': 'same-origin' }, { 'sec-fetch-site': 'none' }, { 'x-requested-with': 'fetch' }]) {
      expect(refusal('POST', h)).toBeUndefined()
    }
  })

  it('refuses foreign and opaque origins even with the custom header, sibling subdomains, cross-site and bare cookie writes', () => {
    for (const h of <Record<string, string>[]>[
      { origin: 'https://evil.example', 'x-requested-with': 'x' }, { origin: 'null' }, { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site', origin: 'https://evil.example.com' }, { 'sec-fetch-site': 'same-site' }, {},
    ]) {
      expect(refusal('DELETE', h)).toMatchObject({ code: 'ERR_CSRF', status: 403 })
    }
  })

  it('refuses a foreign origin without a cookie session too (no login CSRF), but not a client sending no browser headers', () => {
    expect(refusal('POST', { origin: 'https://attacker.test' }, false)).toMatchObject({ code: 'ERR_CSRF' })
    expect(refusal('POST', {}, false)).toBeUndefined()
  })

  it('refuses doubled Origin or Sec-Fetch-Site headers', () => {
    expect(refusal('POST', { origin: [OWN, 'https://attacker.test'] })).toMatchObject({ code: 'ERR_CSRF' })
    expect(refusal('POST', { 'sec-fetch-site': ['same-origin', 'cross-site'] })).toMatchObject({ code: 'ERR_CSRF' })
  })

  it('tells a client that is not a browser which header to send', () => {
    // Issue 9: a cookie-authenticated write without Origin, Sec-Fetch-Site or X-Requested-With is refused; say how to pass.
    expect(refusal('POST', {})?.message).toMatch(/x-requested-with header \(any value\).*Authorization header/)
  })
})

import { describe, expect, it } from 'vitest'
import { requireJson } from '../../../src/guard/endpoints/csrf.js'
import { IamError } from '../../../src/errors.js'

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

import { describe, expect, it } from 'vitest'
import { validatePolicy } from '../../src/policy/validate.js'
import { parsePolicy } from '../../src/policy/parse.js'
import { lintPolicy } from '../../src/policy/lint.js'
import { MAX_ISSUES } from '../../src/policy/issues.js'
import type { JsonPath, ValidateResult } from '../../src/policy/types.js'

function issues(result: ValidateResult): Array<{ code: string; path: JsonPath }> {
  return result.ok ? [] : result.issues.map(({ code, path }) => ({ code, path }))
}

const statement = '{"Effect":"Allow","Action":"docs:GetDocument","Resource":"*"}'

describe('hostile policy JSON', () => {
  it('reports duplicate keys that JSON.parse would silently collapse', () => {
    const text = `{"Statement":{"Effect":"Deny","Effect":"Allow","Action":"a:b","Resource":"*",
      "Condition":{"StringEquals":{"aws:username":"a"},"StringEquals":{"aws:username":"b"}}}}`
    expect(issues(validatePolicy(text))).toEqual([
      { code: 'duplicate-element', path: ['Statement', 'Effect'] },
      { code: 'duplicate-element', path: ['Statement', 'Condition', 'StringEquals'] },
    ])
  })

  it('reports a JSON syntax error with its position', () => {
    const result = validatePolicy('{"Statement": [\n  {"Effect": "Allow",}\n]}')
    expect(issues(result)).toEqual([{ code: 'invalid-json', path: ['Statement', 0, 'Effect'] }])
    expect(result.ok ? '' : result.issues[0]!.message).toContain('line 2')
    for (const text of ['', '{', '{"a" 1}', '{"a":01}', '{"a":"\\x"}', '{"a":tru}', '{} {}', '{"a":"\u0001"}']) {
      expect(issues(validatePolicy(text)).map((i) => i.code)).toEqual(['invalid-json'])
    }
  })

  it('reads JSON escapes and numbers as JSON.parse does', () => {
    const text = '{"Statement":{"Effect":"Allow","Action":"a:b","Resource":"arn:x:y:::\\u0041\\n\\/","Condition":{"NumericLessThan":{"app:n":[-1.5e3,0,12]}}}}'
    expect(parsePolicy(text)).toEqual(JSON.parse(text))
  })

  it('treats __proto__, constructor and prototype keys as data, never as prototypes', () => {
    const text = `{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"Statement":{"Effect":"Allow","Action":"a:b","Resource":"*","prototype":1}}`
    const expected = [
      { code: 'unknown-element', path: ['__proto__'] },
      { code: 'unknown-element', path: ['constructor'] },
      { code: 'unknown-element', path: ['Statement', 'prototype'] },
      { code: 'forbidden-key', path: ['__proto__'] },
      { code: 'forbidden-key', path: ['constructor'] },
      { code: 'forbidden-key', path: ['constructor', 'prototype'] },
      { code: 'forbidden-key', path: ['Statement', 'prototype'] },
    ]
    expect(issues(validatePolicy(text))).toEqual(expected)
    expect(issues(validatePolicy(JSON.parse(text)))).toEqual(expected)
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
    expect(Object.prototype).not.toHaveProperty('polluted')
  })

  it('refuses 10,000 levels of nesting with one clear issue, as text or as an object', () => {
    const text = `{"Statement":${'['.repeat(10_000)}${']'.repeat(10_000)}}`
    expect(issues(validatePolicy(text, { sizeQuotas: { identity: 100_000 } })).map((i) => i.code)).toEqual(['too-deep'])
    let deep: unknown = 'x'
    for (let i = 0; i < 10_000; i++) deep = [deep]
    const result = validatePolicy({ Statement: [{ Effect: 'Allow', Action: deep, Resource: '*' }] })
    expect(issues(result)).toEqual([
      { code: 'invalid-type', path: ['Statement', 0, 'Action', 0] },
      { code: 'size-quota', path: [] },
    ])
    expect(lintPolicy({ Statement: deep })[0]!.severity).toBe('error')
  })

  it('bounds the issues of 100,000 bad entries and ends with a too-many-issues issue', () => {
    const actions = Array.from({ length: 100_000 }, () => 'bad action')
    const result = validatePolicy({ Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] }, { sizeQuotas: { identity: 10_000_000 } })
    expect(result.ok).toBe(false)
    const list = result.ok ? [] : result.issues
    expect(list).toHaveLength(MAX_ISSUES + 1)
    expect(list.at(-1)!.code).toBe('too-many-issues')
  })

  it('validates 100,000 statements of text in bounded time and memory', () => {
    const text = `{"Statement":[${Array.from({ length: 100_000 }, () => statement).join(',')}]}`
    const result = validatePolicy(text)
    expect(issues(result)).toEqual([{ code: 'size-quota', path: [] }])
  })

  it('stops measuring a cyclic object once it passes the quota', () => {
    const doc: Record<string, unknown> = { Statement: { Effect: 'Allow', Action: 'a:b', Resource: '*' } }
    doc['Id'] = doc
    expect(issues(validatePolicy(doc))).toEqual([
      { code: 'invalid-type', path: ['Id'] },
      { code: 'size-quota', path: [] },
    ])
  })

  it('refuses a document whose getters throw instead of crashing', () => {
    const doc = {
      Statement: {
        Effect: 'Allow',
        get Action(): string {
          throw new Error('boom')
        },
        Resource: '*',
      },
    }
    expect(issues(validatePolicy(doc)).map((i) => i.code)).toContain('invalid-type')
  })

  it('ignores inherited properties: only own elements count', () => {
    const proto = { Effect: 'Allow', Action: 'a:b', Resource: '*' }
    const doc = { Statement: Object.create(proto) as object }
    expect(issues(validatePolicy(doc))).toEqual([
      { code: 'missing-effect', path: ['Statement'] },
      { code: 'missing-action', path: ['Statement'] },
      { code: 'missing-resource', path: ['Statement'] },
    ])
  })
})

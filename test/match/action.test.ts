// AWS: "IAM JSON policy elements: Action" — action names are case-insensitive and take * and ?.
import { describe, expect, it } from 'vitest'
import { compileActionPattern } from '../../src/match/index.js'

describe('compileActionPattern', () => {
  it('matches any action with a lone star and indexes it under every service', () => {
    const m = compileActionPattern('*')
    expect(m.service).toBe('*')
    expect(m.exact).toBeUndefined()
    expect(m.matches('docs:getdocument')).toBe(true)
  })

  it('matches action names case-insensitively', () => {
    const m = compileActionPattern('DOCS:GetDocument')
    expect(m.service).toBe('docs')
    expect(m.exact).toBe('docs:getdocument')
    expect(m.matches('docs:getdocument')).toBe(true)
    expect(m.matches('docs:getdocuments')).toBe(false)
  })

  it('keeps the service for the index when only the action part has wildcards', () => {
    const m = compileActionPattern('s3:Get*')
    expect(m.service).toBe('s3')
    expect(m.exact).toBeUndefined()
    expect(m.matches('s3:getobject')).toBe(true)
    expect(m.matches('s3:putobject')).toBe(false)
    expect(m.matches('s3x:getobject')).toBe(false)
  })

  it('uses the wildcard service when the service part has wildcards', () => {
    const m = compileActionPattern('s?:List*')
    expect(m.service).toBe('*')
    expect(m.matches('s3:listbuckets')).toBe(true)
    expect(m.matches('ec2:listthings')).toBe(false)
  })

  it('does not let a star in the request widen the match', () => {
    expect(compileActionPattern('s3:GetObject').matches('s3:*')).toBe(false)
    expect(compileActionPattern('s3:Get?bject').matches('s3:get*bject')).toBe(true)
  })
})

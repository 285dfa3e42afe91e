import { describe, expect, it } from 'vitest'
import { parsePolicy } from '../../src/policy/parse.js'
import { IamError } from '../../src/errors.js'
import type { RawStatement, ValidationIssue } from '../../src/policy/types.js'

function thrown(fn: () => unknown): IamError {
  try {
    fn()
  } catch (error) {
    if (error instanceof IamError) return error
    throw error
  }
  throw new Error('expected an IamError')
}

describe('parsePolicy', () => {
  const text = `{
    "Version": "2012-10-17",
    "Statement": [
      { "Sid": "Read", "Effect": "Allow", "Action": ["docs:Get*", "docs:List*"],
        "Resource": "arn:app:docs::111122223333:project/\${aws:PrincipalTag/project}/*",
        "Condition": { "Bool": { "aws:SecureTransport": "true" } } }
    ]
  }`

  it('returns the policy from JSON text', () => {
    const policy = parsePolicy(text)
    const statement = (policy.Statement as RawStatement[])[0]!
    expect(policy.Version).toBe('2012-10-17')
    expect(statement.Action).toEqual(['docs:Get*', 'docs:List*'])
    expect(statement.Condition).toEqual({ Bool: { 'aws:SecureTransport': 'true' } })
  })

  it('returns a deep-frozen copy that shares nothing with its input', () => {
    const input = JSON.parse(text)
    const policy = parsePolicy(input)
    const statement = (policy.Statement as RawStatement[])[0]!
    expect(Object.isFrozen(policy)).toBe(true)
    expect(Object.isFrozen(policy.Statement)).toBe(true)
    expect(Object.isFrozen(statement)).toBe(true)
    expect(Object.isFrozen(statement.Action)).toBe(true)
    expect(Object.isFrozen(statement.Condition)).toBe(true)
    expect(Object.isFrozen(statement.Condition!['Bool'])).toBe(true)
    input.Statement[0].Action.push('docs:DeleteDocument')
    input.Statement[0].Effect = 'Deny'
    expect(statement.Action).toEqual(['docs:Get*', 'docs:List*'])
    expect(statement.Effect).toBe('Allow')
  })

  it('keeps the shape as written: one statement object, string values', () => {
    const policy = parsePolicy({ Statement: { Effect: 'Deny', Action: 'docs:Delete*', Resource: '*' } })
    expect(policy).toEqual({ Statement: { Effect: 'Deny', Action: 'docs:Delete*', Resource: '*' } })
  })

  it('throws ERR_POLICY_INVALID holding every issue', () => {
    const error = thrown(() => parsePolicy({ Statement: [{ Effect: 'Allow' }, { Effect: 'Deny', Action: 'x', Resource: '*' }] }))
    expect(error.code).toBe('ERR_POLICY_INVALID')
    expect(error.status).toBe(400)
    expect(error.awsCode).toBe('MalformedPolicyDocument')
    const issues = error.details!['issues'] as ValidationIssue[]
    expect(issues.map((i) => i.code)).toEqual(['missing-action', 'missing-resource', 'invalid-action'])
    expect(error.message).toContain('Statement[0]')
    expect(error.message).toContain('3 issues')
  })

  it('applies the policy kind', () => {
    const trust = { Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' } }
    expect(parsePolicy(trust, { kind: 'trust' })).toEqual(trust)
    expect(thrown(() => parsePolicy(trust)).code).toBe('ERR_POLICY_INVALID')
  })

  it('gives condition maps no prototype, so user-chosen key names stay data', () => {
    // __proto__ and constructor themselves are refused (test/security/prototype.test.ts); other
    // members of Object.prototype remain ordinary condition keys.
    const policy = parsePolicy('{"Statement":{"Effect":"Allow","Action":"a:b","Resource":"*","Condition":{"StringEquals":{"toString":"x","hasOwnProperty":"y"}}}}')
    const block = (policy.Statement as RawStatement).Condition!['StringEquals']!
    expect(Object.getPrototypeOf(block)).toBe(null)
    expect(Object.keys(block)).toEqual(['toString', 'hasOwnProperty'])
    expect(block['toString']).toBe('x')
    expect(() => parsePolicy('{"Statement":{"Effect":"Allow","Action":"a:b","Resource":"*","Condition":{"StringEquals":{"__proto__":"x"}}}}')).toThrow(/__proto__/)
  })
})

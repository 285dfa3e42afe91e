/** Request checking, the evaluation context, policy variables and missing context keys. */
import { describe, expect, it } from 'vitest'
import { evaluate } from '../../src/evaluate/index.js'
import { IamError } from '../../src/errors.js'
import { A, OBJECT, USER, allow, deny, doc } from './helpers.js'

const allowAll = { identityPolicies: [doc(allow('*'))] }
const base = { principal: USER, action: 's3:GetObject', resource: OBJECT }

function invalidRequest(request: unknown): IamError {
  try {
    evaluate(request as never, allowAll)
  } catch (error) {
    expect(error).toBeInstanceOf(IamError)
    return error as IamError
  }
  throw new Error('evaluate returned a decision for a malformed request')
}

describe('malformed requests throw ERR_INVALID_REQUEST and are never allowed', () => {
  const cases: Array<[string, unknown]> = [
    ['no request', undefined],
    ['no action', { ...base, action: undefined }],
    ['an action without a service', { ...base, action: 'GetObject' }],
    ['an action with an empty name', { ...base, action: 's3:' }],
    ['an action with a wildcard', { ...base, action: 's3:Get*' }],
    ['an action with two colons', { ...base, action: 's3:Get:Object' }],
    ['a principal that is not an ARN', { ...base, principal: 'alice' }],
    ['a principal with a wildcard', { ...base, principal: `arn:aws:iam::${A}:user/*` }],
    ['a principal of an unknown type', { ...base, principal: `arn:aws:iam::${A}:group/admins` }],
    ['a principal with a region', { ...base, principal: `arn:aws:iam:us-east-1:${A}:user/alice` }],
    ['a malformed session ARN', { ...base, principal: `arn:aws:sts::${A}:assumed-role/OnlyRole` }],
    ['a resource that is not a string', { ...base, resource: 42 }],
    ['an empty resource', { ...base, resource: '' }],
    ['a resource account that is not an account id', { ...base, resourceAccount: 'a b' }],
    ['a context value that is an object', { ...base, context: { 'aws:SourceIp': { ip: '1.2.3.4' } } }],
    ['a context value that is a nested array', { ...base, context: { 'aws:TagKeys': [['a']] } }],
    ['a context value that is null', { ...base, context: { 'aws:username': null } }],
    // A numeric condition cannot compare these, so a Deny written as "amount > 1000" would be inert.
    ['a context value that is Infinity', { ...base, context: { 'app:Amount': Infinity } }],
    ['a context value that is -Infinity', { ...base, context: { 'app:Amount': -Infinity } }],
    ['a context value that is NaN', { ...base, context: { 'app:Amount': NaN } }],
    ['a context array holding NaN', { ...base, context: { 'app:Amounts': [1, NaN] } }],
    ['a context Map value that is NaN', { ...base, context: new Map([['app:Amount', NaN]]) }],
    ['a context Map with a non-string key', { ...base, context: new Map<unknown, unknown>([[1, 'x']]) }],
    ['a context that is an array', { ...base, context: ['x'] }],
  ]
  for (const [name, request] of cases) {
    it(`refuses ${name}`, () => {
      expect(invalidRequest(request).code).toBe('ERR_INVALID_REQUEST')
    })
  }

  it('refuses a context that names the same key twice in different case, when conditions read the context', () => {
    const set = { identityPolicies: [doc(allow('*', '*', { Condition: { StringEquals: { 'aws:username': 'alice' } } }))] }
    const request = { ...base, context: { 'aws:username': 'alice', 'AWS:USERNAME': 'bob' } }
    expect(() => evaluate(request, set)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_REQUEST' }))
  })

  it('accepts every well-formed principal type', () => {
    for (const principal of [
      USER, `arn:aws:iam::${A}:user/division/team/alice`, `arn:aws:iam::${A}:role/R`, `arn:aws:iam::${A}:root`,
      `arn:aws:sts::${A}:assumed-role/R/s@example.com`, `arn:aws:sts::${A}:federated-user/bob`, 'worker.app', `arn:app:iam::acme-corp:user/alice`,
    ]) {
      expect(() => evaluate({ ...base, principal, resource: '*' }, allowAll), principal).not.toThrow()
    }
  })
})

describe('the evaluation context', () => {
  const byUser = { identityPolicies: [doc(allow('s3:GetObject', '*', { Condition: { StringEquals: { 'aws:username': 'alice' } } }))] }

  it('looks up condition keys case-insensitively, from an object or a Map', () => {
    expect(evaluate({ ...base, context: { 'AWS:UserName': 'alice' } }, byUser).decision).toBe('allowed')
    expect(evaluate({ ...base, context: new Map([['aws:USERNAME', 'alice']]) }, byUser).decision).toBe('allowed')
    expect(evaluate({ ...base, context: { 'aws:username': 'ALICE' } }, byUser).decision).toBe('implicitDeny')
  })

  it('treats a __proto__ context key as data', () => {
    // A policy cannot name __proto__ as a condition key (validatePolicy refuses it), but a
    // request can carry one, and a policy variable can read it.
    const set = { identityPolicies: [doc(allow('s3:GetObject', '*', { Condition: { StringEquals: { 'app:k': '${__proto__}' } } }))] }
    const context = JSON.parse('{"__proto__": "x", "app:k": "x"}') as Record<string, string>
    expect(evaluate({ ...base, context }, set).decision).toBe('allowed')
    expect(evaluate({ ...base, context: { 'app:k': 'x' } }, set).decision).toBe('implicitDeny')
    expect(({} as Record<string, unknown>)['x']).toBeUndefined()
  })
})

describe('missingContextKeys', () => {
  it('lists keys of applicable statements the request did not carry, as written, without duplicates', () => {
    const set = {
      identityPolicies: [doc(
        allow('s3:GetObject', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/Team': 'blue' }, Bool: { 'aws:SecureTransport': 'true' } } }),
        allow('s3:GetObject', '*', { Condition: { StringLike: { 'aws:PrincipalTag/Team': 'b*' } } }),
        deny('ec2:*', '*', { Condition: { StringEquals: { 'ec2:Region': 'x' } } }),
      )],
    }
    const d = evaluate({ ...base, context: { 'aws:SecureTransport': true } }, set)
    expect(d.decision).toBe('implicitDeny')
    expect(d.missingContextKeys).toEqual(['aws:PrincipalTag/Team'])
  })

  it('lists policy variables of Resource that have no value', () => {
    const set = { identityPolicies: [doc(allow('s3:GetObject', 'arn:aws:s3:::home/${aws:username}/*'))] }
    const d = evaluate({ ...base, resource: 'arn:aws:s3:::home/alice/a.txt' }, set)
    expect(d).toMatchObject({ decision: 'implicitDeny', missingContextKeys: ['aws:username'] })
  })

  it('is empty when the request carries every key', () => {
    const set = { identityPolicies: [doc(allow('s3:GetObject', '*', { Condition: { StringEquals: { 'aws:username': 'alice' } } }))] }
    expect(evaluate({ ...base, context: { 'aws:username': 'alice' } }, set).missingContextKeys).toEqual([])
  })
})

describe('policy variables in Resource ("IAM policy elements: Variables and tags")', () => {
  const home = { identityPolicies: [doc(allow('s3:GetObject', 'arn:aws:s3:::home/${aws:username}/*'))] }

  it('substitutes the request value', () => {
    const request = { ...base, resource: 'arn:aws:s3:::home/alice/notes.txt', context: { 'aws:username': 'alice' } }
    expect(evaluate(request, home).decision).toBe('allowed')
    expect(evaluate({ ...request, resource: 'arn:aws:s3:::home/bob/notes.txt' }, home).decision).toBe('implicitDeny')
  })

  it('does not widen the match when the value is "*"', () => {
    const request = { ...base, resource: 'arn:aws:s3:::home/bob/notes.txt', context: { 'aws:username': '*' } }
    expect(evaluate(request, home).decision).toBe('implicitDeny')
    expect(evaluate({ ...request, resource: 'arn:aws:s3:::home/*/notes.txt' }, home).decision).toBe('allowed')
  })

  it('keeps ${…} literal in a policy without Version 2012-10-17', () => {
    const old = { identityPolicies: [{ Statement: [allow('s3:GetObject', 'arn:aws:s3:::home/${aws:username}/*')] }] }
    const request = { ...base, resource: 'arn:aws:s3:::home/alice/notes.txt', context: { 'aws:username': 'alice' } }
    expect(evaluate(request, old).decision).toBe('implicitDeny')
    expect(evaluate({ ...request, resource: 'arn:aws:s3:::home/${aws:username}/x' }, old).decision).toBe('allowed')
  })

  // AWS "Policy variables with no value": "the resource that includes a policy variable with no
  // value will not match any resource", so NotResource then excludes nothing.
  it('lets a NotResource statement apply to every resource when its variable has no value', () => {
    const set = { identityPolicies: [doc({ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::home/${aws:username}/*' })] }
    expect(evaluate({ ...base, resource: 'arn:aws:s3:::other/x' }, set).decision).toBe('allowed')
    expect(evaluate({ ...base, resource: 'arn:aws:s3:::home/alice/x' }, set).decision).toBe('allowed')
    expect(evaluate({ ...base, resource: 'arn:aws:s3:::home/alice/x', context: { 'aws:username': 'alice' } }, set).decision).toBe('implicitDeny')
    const deny = { identityPolicies: [doc(allow('s3:*', '*'), { Effect: 'Deny', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::home/${aws:username}/*' })] }
    expect(evaluate({ ...base, resource: 'arn:aws:s3:::home/alice/x' }, deny).decision).toBe('explicitDeny')
    expect(evaluate({ ...base, resource: 'arn:aws:s3:::home/alice/x', context: { 'aws:username': 'alice' } }, deny).decision).toBe('allowed')
  })
})

/** compilePolicy: validation first, then matchers for every element. */
import { describe, expect, it } from 'vitest'
import { compilePolicy } from '../../src/policy/compile.js'
import { IamError } from '../../src/errors.js'

const policy = {
  Version: '2012-10-17' as const,
  Id: 'DocsRead',
  Statement: [
    { Sid: 'Read', Effect: 'Allow' as const, Action: ['docs:Get*', 'docs:ListDocuments'], Resource: 'arn:app:docs::111122223333:project/${aws:username}/*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } },
    { Effect: 'Deny' as const, NotAction: 'docs:*', NotResource: ['arn:app:docs::111122223333:*'] },
  ],
}

describe('compilePolicy', () => {
  it('compiles every statement with its actions, resources, conditions and context keys', () => {
    const c = compilePolicy(policy)
    expect(c).toMatchObject({ compiled: true, id: 'DocsRead', kind: 'identity', version: '2012-10-17' })
    const [read, rest] = c.statements
    expect(read).toMatchObject({ index: 0, sid: 'Read', effect: 'Allow', notAction: false, notResource: false, principal: undefined })
    expect(read!.actions.map((a) => a.exact)).toEqual([undefined, 'docs:listdocuments'])
    expect(read!.resources![0]!.matches('arn:app:docs::111122223333:project/alice/d1', { get: (k) => (k === 'aws:username' ? 'alice' : undefined) })).toBe(true)
    expect(read!.conditions).toHaveLength(1)
    expect(read!.contextKeys.map((k) => k.name)).toEqual(['aws:SecureTransport', 'aws:username'])
    expect(rest).toMatchObject({ notAction: true, notResource: true, effect: 'Deny' })
  })

  it('accepts JSON text and { id, document }, and takes the id from the option first', () => {
    expect(compilePolicy(JSON.stringify(policy)).id).toBe('DocsRead')
    expect(compilePolicy({ id: 'arn:app:iam::app:policy/DocsRead', document: policy }).id).toBe('arn:app:iam::app:policy/DocsRead')
    expect(compilePolicy(policy, { id: 'mine' }).id).toBe('mine')
    expect(compilePolicy({ Statement: { Effect: 'Allow', Action: '*', Resource: '*' } }).id).toBe('inline')
  })

  it('treats a policy without Version as 2008-10-17, where ${…} is literal text', () => {
    const c = compilePolicy({ Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::home/${aws:username}' }] })
    expect(c.version).toBe('2008-10-17')
    expect(c.statements[0]!.resources![0]!.matches('arn:aws:s3:::home/${aws:username}', { get: () => undefined })).toBe(true)
    expect(c.statements[0]!.contextKeys).toEqual([])
  })

  it('validates first: an invalid document throws ERR_POLICY_INVALID with every issue', () => {
    try {
      compilePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Permit', Action: 's3:*', NotAction: 's3:Get*' }] } as never)
      expect.unreachable('compilePolicy accepted an invalid policy')
    } catch (error) {
      expect(error).toBeInstanceOf(IamError)
      expect((error as IamError).code).toBe('ERR_POLICY_INVALID')
      expect(((error as IamError).details!['issues'] as unknown[]).length).toBeGreaterThan(1)
    }
  })

  it('validates against the kind: a Principal is refused in an identity policy and required in a resource policy', () => {
    const withPrincipal = { Version: '2012-10-17' as const, Statement: [{ Effect: 'Allow' as const, Principal: '*' as const, Action: 's3:*', Resource: '*' }] }
    expect(() => compilePolicy(withPrincipal)).toThrow(expect.objectContaining({ code: 'ERR_POLICY_INVALID' }))
    expect(compilePolicy(withPrincipal, { kind: 'resource' }).statements[0]!.principal!.any).toBe(true)
  })

  it('compiles principals into exact sets', () => {
    const c = compilePolicy({
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow', Action: 'sts:AssumeRole',
        Principal: { AWS: ['123456789012', 'arn:aws:iam::111122223333:root', 'arn:aws:iam::111122223333:role/path/R', 'arn:aws:iam::111122223333:user/u'], Service: 'worker.app', Federated: 'arn:aws:iam::111122223333:oidc-provider/login.example.com' },
      }],
    }, { kind: 'trust' })
    const p = c.statements[0]!.principal!
    expect(p.any).toBe(false)
    expect([...p.accountIds]).toEqual(['123456789012'])
    expect([...p.accounts]).toEqual(['aws:111122223333'])
    expect([...p.roles]).toEqual(['arn:aws:iam::111122223333:role/path/R'])
    expect([...p.exact]).toEqual(['arn:aws:iam::111122223333:user/u'])
    expect([...p.services]).toEqual(['worker.app'])
    expect([...p.federated]).toEqual(['arn:aws:iam::111122223333:oidc-provider/login.example.com'])
  })

  it('refuses a wildcard inside a principal ("You cannot use a wildcard to match part of a principal name or ARN")', () => {
    const doc = { Version: '2012-10-17' as const, Statement: [{ Effect: 'Allow' as const, Principal: { AWS: 'arn:aws:iam::111122223333:user/*' }, Action: 's3:*', Resource: '*' }] }
    expect(() => compilePolicy(doc, { kind: 'resource' })).toThrow(expect.objectContaining({ code: 'ERR_POLICY_INVALID' }))
  })

  it('returns frozen objects', () => {
    const c = compilePolicy(policy)
    expect(Object.isFrozen(c)).toBe(true)
    expect(Object.isFrozen(c.statements[0])).toBe(true)
  })
})

import { describe, expect, it } from 'vitest'
import { validatePolicy } from '../../src/policy/validate.js'
import type { JsonPath, PolicyKind, ValidateResult } from '../../src/policy/types.js'
import { IamError } from '../../src/errors.js'

function issues(result: ValidateResult): Array<{ code: string; path: JsonPath }> {
  return result.ok ? [] : result.issues.map(({ code, path }) => ({ code, path }))
}

function allow(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { Effect: 'Allow', Action: 'docs:GetDocument', Resource: '*', ...extra }
}

function policy(...statements: unknown[]): Record<string, unknown> {
  return { Version: '2012-10-17', Statement: statements }
}

describe('validatePolicy on the AWS documentation examples', () => {
  it('accepts the Sid example (reference_policies_elements_sid.html)', () => {
    const doc = {
      Version: '2012-10-17',
      Statement: [{ Sid: 'ExampleStatementID', Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }],
    }
    expect(validatePolicy(doc)).toEqual({ ok: true, policy: doc, issues: [] })
  })

  it('accepts the policy-variable example (reference_policies_variables.html)', () => {
    const doc = policy(
      {
        Action: ['s3:ListBucket'],
        Effect: 'Allow',
        Resource: ['arn:aws:s3:::amzn-s3-demo-bucket'],
        Condition: { StringLike: { 's3:prefix': ['${aws:username}/*'] } },
      },
      {
        Action: ['s3:GetObject', 's3:PutObject'],
        Effect: 'Allow',
        Resource: ['arn:aws:s3:::amzn-s3-demo-bucket/${aws:username}/*'],
      },
    )
    expect(validatePolicy(doc, { kind: 'managed' }).ok).toBe(true)
  })

  it('accepts a role trust policy naming an account (reference_policies_elements_principal.html)', () => {
    const doc = {
      Version: '2012-10-17',
      Statement: { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' },
    }
    expect(validatePolicy(doc, { kind: 'trust' }).ok).toBe(true)
  })

  it('accepts a web identity trust policy with an audience condition (id_roles_create_for-idp_oidc.html)', () => {
    const doc = policy({
      Effect: 'Allow',
      Principal: { Federated: 'cognito-identity.amazonaws.com' },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: { 'cognito-identity.amazonaws.com:aud': 'us-east-2:12345678-abcd-abcd-abcd-123456' } },
    })
    expect(validatePolicy(doc, { kind: 'trust' }).ok).toBe(true)
  })

  it('accepts a resource policy denying everyone but the named principals with NotPrincipal (reference_policies_elements_notprincipal.html)', () => {
    const doc = policy({
      Effect: 'Deny',
      NotPrincipal: { AWS: ['arn:aws:iam::444455556666:user/Bob', 'arn:aws:iam::444455556666:root'] },
      Action: 's3:*',
      Resource: ['arn:aws:s3:::BUCKETNAME', 'arn:aws:s3:::BUCKETNAME/*'],
    })
    expect(validatePolicy(doc, { kind: 'resource' }).ok).toBe(true)
  })

  it('accepts an SCP-style guardrail (orgs_manage_policies_scps_examples.html)', () => {
    const doc = policy({ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' })
    expect(validatePolicy(doc, { kind: 'guardrail' }).ok).toBe(true)
  })

  it('accepts the condition operator examples (reference_policies_elements_condition_operators.html)', () => {
    const doc = policy(
      allow({ Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } } }),
      allow({ Condition: { DateGreaterThan: { 'aws:CurrentTime': '2020-04-01T00:00:00Z' } } }),
      allow({ Condition: { IpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '203.0.113.0/24'] } } }),
      allow({ Condition: { Bool: { 'aws:SecureTransport': 'true' }, 'ForAnyValue:StringLike': { 'aws:TagKeys': 'team*' } } }),
    )
    expect(validatePolicy(doc).ok).toBe(true)
  })
})

describe('validatePolicy reports every issue with its path', () => {
  it('reports several problems at once rather than the first', () => {
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Permit', Action: 's3' }, { Sid: 'x y', Effect: 'Allow', Action: 'a:b', Resource: 'bucket' }] }
    expect(issues(validatePolicy(doc))).toEqual([
      { code: 'invalid-effect', path: ['Statement', 0, 'Effect'] },
      { code: 'invalid-action', path: ['Statement', 0, 'Action'] },
      { code: 'missing-resource', path: ['Statement', 0] },
      { code: 'invalid-sid', path: ['Statement', 1, 'Sid'] },
      { code: 'invalid-resource', path: ['Statement', 1, 'Resource'] },
    ])
  })

  it('refuses a document that is not an object', () => {
    for (const doc of [null, 42, 'null', '[]', [], true]) {
      expect(issues(validatePolicy(doc))).toEqual([{ code: 'invalid-type', path: [] }])
    }
  })

  it('refuses unknown elements, with a hint when only the case differs', () => {
    const result = validatePolicy({ version: '2012-10-17', Statement: [allow({ effect: 'Allow', Actions: 'a:b' })] })
    expect(issues(result)).toEqual([
      { code: 'unknown-element', path: ['version'] },
      { code: 'unknown-element', path: ['Statement', 0, 'effect'] },
      { code: 'unknown-element', path: ['Statement', 0, 'Actions'] },
    ])
    expect(result.ok ? '' : result.issues[0]!.message).toContain('did you mean "Version"')
  })

  it('refuses wrong types for every element', () => {
    const doc = {
      Version: 2012,
      Id: 7,
      Statement: [{ Sid: 1, Effect: true, Action: { a: 1 }, Resource: [1], Condition: 'x' }],
    }
    expect(issues(validatePolicy(doc))).toEqual([
      { code: 'invalid-type', path: ['Version'] },
      { code: 'invalid-type', path: ['Id'] },
      { code: 'invalid-type', path: ['Statement', 0, 'Sid'] },
      { code: 'invalid-type', path: ['Statement', 0, 'Effect'] },
      { code: 'invalid-type', path: ['Statement', 0, 'Action'] },
      { code: 'invalid-type', path: ['Statement', 0, 'Resource', 0] },
      { code: 'invalid-type', path: ['Statement', 0, 'Condition'] },
    ])
  })

  it('accepts only the two policy versions', () => {
    expect(issues(validatePolicy({ Version: '2012-10-18', Statement: allow() }))).toEqual([{ code: 'invalid-version', path: ['Version'] }])
    expect(validatePolicy({ Version: '2008-10-17', Statement: allow() }).ok).toBe(true)
    expect(validatePolicy({ Statement: allow() }).ok).toBe(true)
  })

  it('accepts a guardrail without Version, as the SCP syntax page\'s own examples are, but no Version other than 2012-10-17', () => {
    // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html
    expect(validatePolicy({ Statement: allow() }, { kind: 'guardrail' }).ok).toBe(true)
    expect(issues(validatePolicy({ Version: '2008-10-17', Statement: allow() }, { kind: 'guardrail' }))).toEqual([
      { code: 'invalid-version', path: ['Version'] },
    ])
  })

  it('requires a non-empty Statement', () => {
    expect(issues(validatePolicy({ Version: '2012-10-17' }))).toEqual([{ code: 'missing-statement', path: [] }])
    expect(issues(validatePolicy({ Statement: [] }))).toEqual([{ code: 'empty-value', path: ['Statement'] }])
    expect(issues(validatePolicy({ Statement: 'Allow' }))).toEqual([{ code: 'invalid-type', path: ['Statement'] }])
    expect(issues(validatePolicy({ Statement: ['Allow'] }))).toEqual([{ code: 'invalid-type', path: ['Statement', 0] }])
  })

  it('requires Effect to be exactly Allow or Deny', () => {
    expect(issues(validatePolicy(policy({ Action: 'a:b', Resource: '*' })))).toEqual([{ code: 'missing-effect', path: ['Statement', 0] }])
    expect(issues(validatePolicy(policy(allow({ Effect: 'allow' }))))).toEqual([{ code: 'invalid-effect', path: ['Statement', 0, 'Effect'] }])
  })

  it('refuses Action with NotAction, and a statement with neither', () => {
    expect(issues(validatePolicy(policy(allow({ NotAction: 'a:c' }))))).toEqual([{ code: 'action-and-notaction', path: ['Statement', 0] }])
    expect(issues(validatePolicy(policy({ Effect: 'Deny', Resource: '*' })))).toEqual([{ code: 'missing-action', path: ['Statement', 0] }])
  })

  it('checks the shape of actions', () => {
    const doc = policy(allow({ Action: ['*', 's3:*', 'ec2:Describe*', 'docs:Get?ocument', 's3', ':Get', 's3:', 'a:b:c', 's 3:Get', ''] }))
    expect(issues(validatePolicy(doc))).toEqual([
      { code: 'invalid-action', path: ['Statement', 0, 'Action', 4] },
      { code: 'invalid-action', path: ['Statement', 0, 'Action', 5] },
      { code: 'invalid-action', path: ['Statement', 0, 'Action', 6] },
      { code: 'invalid-action', path: ['Statement', 0, 'Action', 7] },
      { code: 'invalid-action', path: ['Statement', 0, 'Action', 8] },
      { code: 'empty-value', path: ['Statement', 0, 'Action', 9] },
    ])
  })

  it('refuses empty strings and arrays where a value is needed', () => {
    const doc = policy(allow({ Action: [], Resource: '' }))
    expect(issues(validatePolicy(doc))).toEqual([
      { code: 'empty-value', path: ['Statement', 0, 'Action'] },
      { code: 'empty-value', path: ['Statement', 0, 'Resource'] },
    ])
  })

  it('refuses Resource with NotResource, and a missing resource outside trust policies', () => {
    expect(issues(validatePolicy(policy(allow({ NotResource: 'arn:app:docs:::x' }))))).toEqual([
      { code: 'resource-and-notresource', path: ['Statement', 0] },
    ])
    for (const kind of ['managed', 'inlineUser', 'inlineGroup', 'inlineRole', 'identity', 'boundary', 'session', 'guardrail'] as PolicyKind[]) {
      expect(issues(validatePolicy(policy({ Effect: 'Allow', Action: 'a:b' }), { kind }))).toEqual([{ code: 'missing-resource', path: ['Statement', 0] }])
    }
  })

  it('accepts "*" and ARNs (with wildcards and variables) as resources, nothing else', () => {
    const doc = policy(
      allow({ Resource: ['*', 'arn:app:docs::111122223333:project/*', 'arn:aws:s3:::b/${aws:username}/*', 'arn:*:*:*:*:*'] }),
      allow({ Resource: ['arn:aws:s3', 'docs/42', 'arn:aws:s3:::b/${aws:username'] }),
    )
    expect(issues(validatePolicy(doc))).toEqual([
      { code: 'invalid-resource', path: ['Statement', 1, 'Resource', 0] },
      { code: 'invalid-resource', path: ['Statement', 1, 'Resource', 1] },
      { code: 'invalid-variable', path: ['Statement', 1, 'Resource', 2] },
    ])
  })

  it('treats ${…} as literal text in Version 2008-10-17, so it is not checked there', () => {
    const doc = { Version: '2008-10-17', Statement: allow({ Resource: 'arn:aws:s3:::b/${aws:username' }) }
    expect(validatePolicy(doc).ok).toBe(true)
  })

  it('refuses duplicate Sids and checks Sid characters for IAM policies only', () => {
    const doc = policy(allow({ Sid: 'One' }), allow({ Sid: 'One' }), allow({ Sid: '' }), allow({ Sid: '' }))
    expect(issues(validatePolicy(doc))).toEqual([{ code: 'duplicate-sid', path: ['Statement', 1, 'Sid'] }])
    const spaced = policy(allow({ Sid: 'Allow read-only access', Principal: '*' }))
    expect(validatePolicy(spaced, { kind: 'resource' }).ok).toBe(true)
    expect(issues(validatePolicy(policy(allow({ Sid: 'Allow read' }))))).toEqual([{ code: 'invalid-sid', path: ['Statement', 0, 'Sid'] }])
  })

  it('rejects a bad kind or size quota option by throwing', () => {
    expect(() => validatePolicy(policy(allow()), { kind: 'bucket' as PolicyKind })).toThrow(IamError)
    expect(() => validatePolicy(policy(allow()), { sizeQuotas: { identity: -1 } })).toThrow(/sizeQuotas.identity/)
  })
})

describe('validatePolicy and principals', () => {
  it('refuses Principal and NotPrincipal in identity-based kinds', () => {
    for (const kind of ['managed', 'inlineUser', 'identity', 'boundary', 'session', 'guardrail'] as PolicyKind[]) {
      expect(issues(validatePolicy(policy(allow({ Principal: '*' }), allow({ NotPrincipal: '*' })), { kind }))).toEqual([
        { code: 'principal-not-allowed', path: ['Statement', 0, 'Principal'] },
        { code: 'principal-not-allowed', path: ['Statement', 1, 'NotPrincipal'] },
      ])
    }
  })

  it('requires a principal in resource and trust policies', () => {
    expect(issues(validatePolicy(policy(allow()), { kind: 'resource' }))).toEqual([{ code: 'missing-principal', path: ['Statement', 0] }])
    const trust = policy({ Effect: 'Allow', Action: 'sts:AssumeRole' })
    expect(issues(validatePolicy(trust, { kind: 'trust' }))).toEqual([{ code: 'missing-principal', path: ['Statement', 0] }])
  })

  it('refuses Principal with NotPrincipal', () => {
    const doc = policy({ Effect: 'Deny', Principal: '*', NotPrincipal: { AWS: '111122223333' }, Action: 'a:b', Resource: '*' })
    expect(issues(validatePolicy(doc, { kind: 'resource' }))).toEqual([{ code: 'principal-and-notprincipal', path: ['Statement', 0] }])
  })

  it('refuses NotPrincipal and Resource in a trust policy, and actions other than STS', () => {
    const doc = policy({ Effect: 'Deny', NotPrincipal: { AWS: '111122223333' }, Action: ['sts:AssumeRole', 'docs:Get'], Resource: '*' })
    expect(issues(validatePolicy(doc, { kind: 'trust' }))).toEqual([
      { code: 'principal-not-allowed', path: ['Statement', 0, 'NotPrincipal'] },
      { code: 'unsupported-action', path: ['Statement', 0, 'Action', 1] },
      { code: 'resource-not-allowed', path: ['Statement', 0, 'Resource'] },
    ])
  })

  it('checks the principal grammar', () => {
    const doc = policy(
      allow({ Principal: { AWS: ['*', '111122223333', 'arn:aws:iam::111122223333:role/r'], Service: 'ec2.amazonaws.com', CanonicalUser: 'abc' } }),
      allow({ Principal: 'arn:aws:iam::111122223333:root' }),
      allow({ Principal: { aws: '111122223333', Group: 'x' } }),
      allow({ Principal: { AWS: 'not an account' } }),
      allow({ Principal: {} }),
      allow({ Principal: { AWS: [] } }),
      allow({ Principal: { AWS: 'arn:aws:iam::111122223333:user/*', Service: '*' } }),
    )
    expect(issues(validatePolicy(doc, { kind: 'resource' }))).toEqual([
      { code: 'invalid-principal', path: ['Statement', 1, 'Principal'] },
      { code: 'invalid-principal', path: ['Statement', 2, 'Principal', 'aws'] },
      { code: 'invalid-principal', path: ['Statement', 2, 'Principal', 'Group'] },
      { code: 'invalid-principal', path: ['Statement', 3, 'Principal', 'AWS'] },
      { code: 'empty-value', path: ['Statement', 4, 'Principal'] },
      { code: 'empty-value', path: ['Statement', 5, 'Principal', 'AWS'] },
      { code: 'principal-wildcard', path: ['Statement', 6, 'Principal', 'AWS'] },
      { code: 'principal-wildcard', path: ['Statement', 6, 'Principal', 'Service'] },
    ])
  })
})

describe('validatePolicy and size quotas', () => {
  const padded = (n: number): Record<string, unknown> => policy(allow({ Sid: 'x'.repeat(n) }))

  it('counts characters without white space outside strings, against the quota of the kind', () => {
    const base = JSON.stringify(padded(0)).length
    const text = JSON.stringify(padded(2048 - base + 1), null, 2) // pretty-printed: white space is free
    expect(issues(validatePolicy(text, { kind: 'inlineUser' }))).toEqual([{ code: 'size-quota', path: [] }])
    const fits = JSON.stringify(padded(2048 - base), null, 2)
    expect(validatePolicy(fits, { kind: 'inlineUser' }).ok).toBe(true)
    expect(validatePolicy(fits, { kind: 'managed' }).ok).toBe(true)
  })

  it('counts white space inside strings', () => {
    const doc = policy(allow({ Condition: { StringEquals: { 'app:note': ' '.repeat(2100) } } }))
    expect(issues(validatePolicy(JSON.stringify(doc), { kind: 'session' }))).toEqual([{ code: 'size-quota', path: [] }])
  })

  it('measures a parsed document the same way', () => {
    expect(issues(validatePolicy(padded(7000)))).toEqual([{ code: 'size-quota', path: [] }])
    expect(validatePolicy(padded(7000), { kind: 'inlineRole' }).ok).toBe(true)
  })

  it('takes quota overrides', () => {
    expect(issues(validatePolicy(padded(100), { sizeQuotas: { identity: 100 } }))).toEqual([{ code: 'size-quota', path: [] }])
    expect(validatePolicy(padded(9000), { sizeQuotas: { identity: 20_000 } }).ok).toBe(true)
  })
})

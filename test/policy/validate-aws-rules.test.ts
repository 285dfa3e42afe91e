/**
 * Each refusal rule of the validator checked against what the AWS documentation says, so that a
 * policy AWS accepts and evaluates is never refused here, and one AWS refuses is never evaluated.
 */
import { describe, expect, it } from 'vitest'
import { validatePolicy } from '../../src/policy/validate.js'
import type { JsonPath, PolicyKind, ValidateResult } from '../../src/policy/types.js'

function issues(result: ValidateResult): Array<{ code: string; path: JsonPath }> {
  return result.ok ? [] : result.issues.map(({ code, path }) => ({ code, path }))
}

function policy(...statements: unknown[]): Record<string, unknown> {
  return { Version: '2012-10-17', Statement: statements }
}

function allow(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', ...extra }
}

function trust(action: unknown): Record<string, unknown> {
  return policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: action })
}

const IAM_KINDS: PolicyKind[] = ['identity', 'managed', 'inlineUser', 'inlineGroup', 'inlineRole', 'boundary', 'session']

describe('Effect (reference_policies_elements_effect.html: "The Effect value is case sensitive")', () => {
  it('accepts exactly Allow and Deny', () => {
    expect(validatePolicy(policy(allow(), allow({ Effect: 'Deny' }))).ok).toBe(true)
  })

  it('refuses other spellings instead of evaluating them', () => {
    for (const effect of ['allow', 'DENY', 'Allow ', 'Permit']) {
      expect(issues(validatePolicy(policy(allow({ Effect: effect }))))).toEqual([{ code: 'invalid-effect', path: ['Statement', 0, 'Effect'] }])
    }
  })
})

describe('Sid (reference_policies_elements_sid.html)', () => {
  it('takes only ASCII letters and digits in IAM policies, trust policies included', () => {
    for (const kind of [...IAM_KINDS, 'trust'] as PolicyKind[]) {
      const base = kind === 'trust' ? trust('sts:AssumeRole') : policy(allow())
      const statement = (base['Statement'] as Array<Record<string, unknown>>)[0]!
      expect(validatePolicy({ ...base, Statement: [{ ...statement, Sid: 'AllowRead2' }] }, { kind }).ok).toBe(true)
      for (const sid of ['Allow-Read', 'Allow_Read', 'Allow read']) {
        expect(issues(validatePolicy({ ...base, Statement: [{ ...statement, Sid: sid }] }, { kind }))).toEqual([
          { code: 'invalid-sid', path: ['Statement', 0, 'Sid'] },
        ])
      }
    }
  })

  it('leaves other characters to services that allow them (resource policies, guardrails)', () => {
    const s3 = policy(allow({ Sid: 'Allow get requests from www.example.com', Principal: '*' }))
    expect(validatePolicy(s3, { kind: 'resource' }).ok).toBe(true)
    expect(validatePolicy(policy(allow({ Sid: 'deny-outside-eu' })), { kind: 'guardrail' }).ok).toBe(true)
  })

  it('refuses a Sid used twice ("In IAM, the Sid value must be unique within a JSON policy")', () => {
    const doc = policy(allow({ Sid: 'Read' }), allow({ Sid: 'Read', Action: 's3:ListBucket' }))
    expect(issues(validatePolicy(doc))).toEqual([{ code: 'duplicate-sid', path: ['Statement', 1, 'Sid'] }])
  })
})

describe('guardrails (orgs_manage_policies_scps_syntax.html)', () => {
  it('accepts Condition, NotAction, Resource ARNs and NotResource in Allow and Deny statements, as the current element table says', () => {
    const doc = policy(
      allow({ Action: ['ec2:*', 's3:*'], Condition: { StringEquals: { 'aws:PrincipalArn': ['arn:aws:iam::123456789012:role/specific-role'] } } }),
      { Effect: 'Deny', NotAction: ['iam:*', 'route53:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-central-1', 'eu-west-1'] } } },
      { Effect: 'Deny', Action: 'iam:DeleteRole', Resource: ['arn:aws:iam::*:role/role-to-deny'] },
      { Effect: 'Deny', Action: 'bedrock:InvokeModel', NotResource: ['arn:aws:bedrock:*::foundation-model/model-to-permit'] },
      { Effect: 'Allow', NotAction: 'iam:*', NotResource: 'arn:aws:s3:::b/*' },
    )
    expect(validatePolicy(doc, { kind: 'guardrail' }).ok).toBe(true)
  })

  it('accepts the page\'s Sid example, which has no Version', () => {
    const doc = { Statement: { Sid: 'AllowsAllActions', Effect: 'Allow', Action: '*', Resource: '*' } }
    expect(validatePolicy(doc, { kind: 'guardrail' }).ok).toBe(true)
  })

  it('refuses Principal and NotPrincipal ("Unsupported elements")', () => {
    expect(issues(validatePolicy(policy(allow({ Principal: '*' })), { kind: 'guardrail' }))).toEqual([
      { code: 'principal-not-allowed', path: ['Statement', 0, 'Principal'] },
    ])
  })
})

describe('role trust policies', () => {
  it('accept the AssumeRole family and sts: patterns that name it (id_roles_create_for-user.html, id_session-tags.html)', () => {
    const actions = ['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity', 'sts:TagSession', 'sts:SetSourceIdentity', 'sts:SetContext', 'STS:assumerole', 'sts:*', 'sts:AssumeRole*']
    expect(validatePolicy(trust(actions), { kind: 'trust' }).ok).toBe(true)
  })

  it('refuse any other action ("AssumeRole policy may only specify STS AssumeRole actions")', () => {
    expect(issues(validatePolicy(trust(['sts:GetCallerIdentity', 'sts:Get*', 's3:GetObject', '*']), { kind: 'trust' }))).toEqual([
      { code: 'unsupported-action', path: ['Statement', 0, 'Action', 0] },
      { code: 'unsupported-action', path: ['Statement', 0, 'Action', 1] },
      { code: 'unsupported-action', path: ['Statement', 0, 'Action', 2] },
      { code: 'unsupported-action', path: ['Statement', 0, 'Action', 3] },
    ])
  })

  it('accept "*" and {"AWS": "*"} as the principal (reference_policies_elements_principal.html, "All principals")', () => {
    for (const principal of ['*', { AWS: '*' }]) {
      const doc = policy({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-123' } } })
      expect(validatePolicy(doc, { kind: 'trust' }).ok).toBe(true)
    }
  })
})

describe('Principal and NotPrincipal in resource policies', () => {
  it('refuse a wildcard inside a principal ARN ("You cannot use a wildcard to match part of a principal name or ARN")', () => {
    const doc = policy(allow({ Principal: { AWS: 'arn:aws:iam::123456789012:role/*' } }))
    expect(issues(validatePolicy(doc, { kind: 'resource' }))).toEqual([{ code: 'principal-wildcard', path: ['Statement', 0, 'Principal', 'AWS'] }])
  })

  it('still evaluate NotPrincipal with Allow, which AWS calls unsupported but S3 evaluates (lintPolicy flags it)', () => {
    // reference_policies_elements_notprincipal.html; the conformance corpus has cases that rely on it.
    const doc = policy(allow({ NotPrincipal: { AWS: 'arn:aws:iam::123456789012:user/Bob' } }))
    expect(validatePolicy(doc, { kind: 'resource' }).ok).toBe(true)
  })
})

describe('Resource (reference_policies_elements_resource.html)', () => {
  it('accepts "*" and ARNs with wildcards in any segment, and policy variables', () => {
    const doc = policy(allow({ Resource: ['arn:aws:ec2:*:*:instance/*', 'arn:aws:iam::*:role/role-to-deny', 'arn:*:s3:::b', 'arn:aws:s3:::b/${aws:username}/*'] }))
    expect(validatePolicy(doc).ok).toBe(true)
  })

  // "If the * wildcard is the last character of a resource ARN segment, it can expand to match
  // beyond the colon boundaries": such an entry needs no six written segments.
  it('accepts fewer segments when one of them ends with a * that expands beyond the colons', () => {
    const doc = policy(allow({ Resource: ['arn:aws:s3:*', 'arn:aws:sqs:us-*:orders-queue', 'arn:aws:*', 'arn:*'] }))
    expect(issues(validatePolicy(doc))).toEqual([])
  })

  it('refuses what is not "*" or an ARN of six segments or with an expanding *', () => {
    const doc = policy(allow({ Resource: ['bucket/*', 'arn:aws:s3', 'arn:aws:s3:b?', 'arn:aws:s3:${*}', 'arn:aws:s3:${aws:username}', 's3:*'] }))
    expect(issues(validatePolicy(doc)).map((i) => i.code)).toEqual(Array(6).fill('invalid-resource'))
  })

  it('keeps Principal ARNs to six segments', () => {
    const doc = policy(allow({ Principal: { AWS: 'arn:aws:iam:*' } }))
    expect(validatePolicy(doc, { kind: 'resource' }).ok).toBe(false)
  })
})

describe('condition values (reference_policies_elements_condition_operators.html)', () => {
  const at = (...rest: JsonPath): JsonPath => ['Statement', 0, 'Condition', ...rest]
  const valid = (condition: unknown): boolean => validatePolicy(policy(allow({ Condition: condition }))).ok

  it('Bool and Null take true or false, as strings in any case or JSON booleans', () => {
    expect(valid({ Bool: { 'aws:SecureTransport': ['true', 'False', 'TRUE', false] }, Null: { 'aws:TokenIssueTime': ['true', false] } })).toBe(true)
  })

  it('Numeric operators take integers and decimals', () => {
    expect(valid({ NumericLessThanEquals: { 's3:max-keys': ['10', '2.5', 7, '-1'] } })).toBe(true)
  })

  it('Date operators take W3C ISO 8601 forms and epoch seconds', () => {
    const dates = ['2020-04-01T00:00:00Z', '2013-06-30T00:00:00.123+02:00', '2020-04-01T00:00Z', '2020-04-01', '1577836800', 1577836800]
    expect(valid({ DateGreaterThan: { 'aws:CurrentTime': dates } })).toBe(true)
  })

  it('IP operators take IPv4 and IPv6 addresses and CIDR blocks ("IAM uses the default prefix value of /32")', () => {
    expect(valid({ IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '203.0.113.7', '2001:DB8:1234:5678::/64', '::ffff:203.0.113.0/120'] } })).toBe(true)
  })

  it('Arn operators take ARNs with wildcards in their segments, as in "arn:aws:sns:*:123456789012:*"', () => {
    expect(valid({ ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:123456789012:*' }, ArnEquals: { 'aws:SourceArn': 'arn:aws:s3:::b' } })).toBe(true)
  })

  it('refuse values the operator cannot parse rather than never matching them', () => {
    const condition = {
      ArnLike: { 'aws:SourceArn': '*' },
      NumericEquals: { 'app:n': '1,5' },
      DateLessThan: { 'aws:CurrentTime': '2020-02-30' },
      Bool: { 'aws:SecureTransport': 'yes' },
      IpAddress: { 'aws:SourceIp': '203.0.113.0/33' },
    }
    expect(issues(validatePolicy(policy(allow({ Condition: condition }))))).toEqual([
      { code: 'invalid-condition-value', path: at('ArnLike', 'aws:SourceArn') },
      { code: 'invalid-condition-value', path: at('NumericEquals', 'app:n') },
      { code: 'invalid-condition-value', path: at('DateLessThan', 'aws:CurrentTime') },
      { code: 'invalid-condition-value', path: at('Bool', 'aws:SecureTransport') },
      { code: 'invalid-condition-value', path: at('IpAddress', 'aws:SourceIp') },
    ])
  })

  it('refuse IfExists on Null ("…any condition operator name except the Null condition")', () => {
    expect(issues(validatePolicy(policy(allow({ Condition: { NullIfExists: { 'aws:TokenIssueTime': 'true' } } }))))).toEqual([
      { code: 'null-with-if-exists', path: at('NullIfExists') },
    ])
  })
})

// Checks after IAM Access Analyzer's policy validation:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
import { describe, expect, it } from 'vitest'
import { lintPolicy } from '../../src/policy/lint.js'
import type { JsonPath, LintFinding, PolicyKind } from '../../src/policy/types.js'

type Brief = { code: string; severity: string; path: JsonPath }

function lint(doc: unknown, kind?: PolicyKind): Brief[] {
  const findings: LintFinding[] = lintPolicy(doc, kind === undefined ? {} : { kind })
  return findings.map(({ code, severity, path }) => ({ code, severity, path }))
}

function policy(...statements: unknown[]): Record<string, unknown> {
  return { Version: '2012-10-17', Statement: statements }
}

const read = { Effect: 'Allow', Action: 'docs:GetDocument', Resource: 'arn:app:docs::111122223333:project/p1/*' }

describe('lintPolicy', () => {
  it('finds nothing in a tidy least-privilege policy', () => {
    expect(lint(policy(read, { Effect: 'Deny', Action: 'docs:DeleteDocument', Resource: '*' }))).toEqual([])
  })

  it('returns validation issues as errors when the policy is invalid', () => {
    expect(lint({ Statement: [{ Effect: 'Allow', Action: 'docs:Get' }] })).toEqual([
      { code: 'missing-resource', severity: 'error', path: ['Statement', 0] },
    ])
    expect(lint(policy({ Effect: 'Allow', Action: 'a:b', Resource: '*', Condition: { NullIfExists: { k: 'true' } } }))).toEqual([
      { code: 'null-with-if-exists', severity: 'error', path: ['Statement', 0, 'Condition', 'NullIfExists'] },
    ])
  })

  it('warns about a missing Version, and calls policy variables without it an error', () => {
    expect(lint({ Statement: read })).toEqual([{ code: 'missing-version', severity: 'warning', path: [] }])
    const doc = { Statement: [{ ...read, Resource: 'arn:app:docs::111122223333:user/${aws:username}' }] }
    expect(lint(doc)).toEqual([
      { code: 'missing-version', severity: 'warning', path: [] },
      { code: 'variable-unsupported-in-version', severity: 'error', path: ['Statement', 0, 'Resource'] },
    ])
    const inCondition = { Version: '2008-10-17', Statement: { ...read, Condition: { StringEquals: { 'app:owner': '${aws:username}' } } } }
    expect(lint(inCondition)).toEqual([
      { code: 'variable-unsupported-in-version', severity: 'error', path: ['Statement', 'Condition', 'StringEquals', 'app:owner'] },
    ])
  })

  it('flags Allow with NotPrincipal as a security warning (reference_policies_elements_notprincipal.html)', () => {
    const doc = policy({ Effect: 'Allow', NotPrincipal: { AWS: '111122223333' }, Action: 'docs:GetDocument', Resource: 'arn:app:docs:::x' })
    expect(lint(doc, 'resource')).toEqual([{ code: 'allow-with-not-principal', severity: 'security_warning', path: ['Statement', 0, 'NotPrincipal'] }])
  })

  it('flags Allow with NotAction, as a security warning over all resources', () => {
    const narrow = policy({ Effect: 'Allow', NotAction: 'docs:Delete*', Resource: 'arn:app:docs:::x' })
    expect(lint(narrow)).toEqual([{ code: 'allow-with-not-action', severity: 'warning', path: ['Statement', 0, 'NotAction'] }])
    const wide = policy({ Effect: 'Allow', NotAction: 'docs:*', Resource: '*' })
    expect(lint(wide)).toEqual([
      { code: 'allow-with-not-action', severity: 'security_warning', path: ['Statement', 0, 'NotAction'] },
      { code: 'pass-role-with-star-in-resource', severity: 'security_warning', path: ['Statement', 0] },
    ])
  })

  it('flags Allow with NotResource, as a security warning with all actions', () => {
    const narrow = policy({ Effect: 'Allow', Action: 'docs:GetDocument', NotResource: 'arn:app:docs:::secret' })
    expect(lint(narrow)).toEqual([{ code: 'allow-with-not-resource', severity: 'warning', path: ['Statement', 0, 'NotResource'] }])
    const wide = lint(policy({ Effect: 'Allow', Action: '*', NotResource: 'arn:app:docs:::secret' }))
    expect(wide).toContainEqual({ code: 'allow-with-not-resource', severity: 'security_warning', path: ['Statement', 0, 'NotResource'] })
  })

  it('flags full administrator access', () => {
    expect(lint(policy({ Effect: 'Allow', Action: '*', Resource: '*' }))).toEqual([
      { code: 'full-admin', severity: 'security_warning', path: ['Statement', 0] },
      { code: 'pass-role-with-star-in-resource', severity: 'security_warning', path: ['Statement', 0] },
    ])
  })

  it('flags iam:PassRole on every role', () => {
    expect(lint(policy({ Effect: 'Allow', Action: ['iam:Get*', 'iam:Pass*'], Resource: '*' }))).toEqual([
      { code: 'pass-role-with-star-in-resource', severity: 'security_warning', path: ['Statement', 0] },
    ])
  })

  it('flags Principal "*" without a condition in resource and trust policies', () => {
    const open = policy({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'docs:GetDocument', Resource: 'arn:app:docs:::x' })
    expect(lint(open, 'resource')).toEqual([{ code: 'public-principal', severity: 'security_warning', path: ['Statement', 0, 'Principal'] }])
    const trust = policy({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' })
    expect(lint(trust, 'trust')).toEqual([{ code: 'public-principal', severity: 'security_warning', path: ['Statement', 0, 'Principal'] }])
    const guarded = policy({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalAccount': '111122223333' } } })
    expect(lint(guarded, 'trust')).toEqual([])
  })

  it('suggests removing an empty Sid, duplicate entries and entries another entry covers', () => {
    const doc = policy({
      Sid: '',
      Effect: 'Allow',
      Action: ['docs:GetDocument', 'docs:getdocument', 'docs:Get*'],
      Resource: ['arn:app:docs:::a/*', 'arn:app:docs:::a/b'],
    })
    expect(lint(doc)).toEqual([
      { code: 'empty-sid', severity: 'suggestion', path: ['Statement', 0, 'Sid'] },
      { code: 'redundant-entry', severity: 'suggestion', path: ['Statement', 0, 'Action', 0] },
      { code: 'duplicate-entry', severity: 'suggestion', path: ['Statement', 0, 'Action', 1] },
      { code: 'redundant-entry', severity: 'suggestion', path: ['Statement', 0, 'Resource', 1] },
    ])
  })

  it('suggests naming the service rather than a wildcard', () => {
    expect(lint(policy({ ...read, Action: 'doc*:GetDocument' }))).toEqual([
      { code: 'wildcard-in-service-name', severity: 'suggestion', path: ['Statement', 0, 'Action'] },
    ])
  })
})

describe('lintPolicy on conditions', () => {
  const withCondition = (condition: unknown, effect = 'Allow'): Record<string, unknown> => policy({ ...read, Effect: effect, Condition: condition })
  const at = (...rest: JsonPath): JsonPath => ['Statement', 0, 'Condition', ...rest]

  it('flags ForAllValues in an Allow, which matches requests without the key (reference_policies_condition-single-vs-multi-valued-context-keys.html)', () => {
    expect(lint(withCondition({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'env'] } }))).toEqual([
      { code: 'forallvalues-with-allow', severity: 'security_warning', path: at('ForAllValues:StringEquals', 'aws:TagKeys') },
    ])
    const paired = { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'env'] }, Null: { 'aws:TagKeys': 'false' } }
    expect(lint(withCondition(paired))).toEqual([])
    expect(lint(withCondition({ 'ForAllValues:StringEquals': { 'aws:TagKeys': 'team' } }, 'Deny'))).toEqual([])
  })

  it('flags set operators on single-valued keys', () => {
    expect(lint(withCondition({ 'ForAnyValue:StringEquals': { 'aws:username': 'bob' } }))).toEqual([
      { code: 'set-operator-on-single-valued-key', severity: 'warning', path: at('ForAnyValue:StringEquals', 'aws:username') },
    ])
    expect(lint(withCondition({ 'ForAllValues:StringEquals': { 'aws:PrincipalTag/team': 'a' } }, 'Deny'))).toEqual([
      { code: 'set-operator-on-single-valued-key', severity: 'security_warning', path: at('ForAllValues:StringEquals', 'aws:PrincipalTag/team') },
    ])
  })

  it('flags wildcards in a string operator that compares them literally', () => {
    expect(lint(withCondition({ StringEquals: { 'aws:username': 'adm*' } }))).toEqual([
      { code: 'wildcard-without-like', severity: 'warning', path: at('StringEquals', 'aws:username') },
    ])
    expect(lint(withCondition({ StringLike: { 'aws:username': 'adm*' }, StringEquals: { 'app:x': 'a${*}b' } }))).toEqual([])
  })

  it('flags an operator of the wrong type for a documented global key', () => {
    expect(lint(withCondition({ StringEquals: { 'aws:SourceIp': '203.0.113.7' }, NumericLessThan: { 'aws:CurrentTime': '5' } }))).toEqual([
      { code: 'type-mismatch', severity: 'warning', path: at('StringEquals', 'aws:SourceIp') },
      { code: 'type-mismatch', severity: 'warning', path: at('NumericLessThan', 'aws:CurrentTime') },
    ])
  })

  it('flags private ranges in aws:SourceIp, a security warning where they grant access', () => {
    expect(lint(withCondition({ IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '10.0.0.0/8'] } }))).toEqual([
      { code: 'private-ip', severity: 'security_warning', path: at('IpAddress', 'aws:SourceIp') },
    ])
    expect(lint(withCondition({ NotIpAddress: { 'aws:SourceIp': 'fd00::/8' } }))).toEqual([
      { code: 'private-ip', severity: 'warning', path: at('NotIpAddress', 'aws:SourceIp') },
    ])
    expect(lint(withCondition({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }))).toEqual([])
  })

  it('suggests removing repeated values and empty condition blocks', () => {
    expect(lint(withCondition({ StringEquals: { 'aws:username': ['a', 'b', 'a'] }, StringLike: {} }))).toEqual([
      { code: 'duplicate-condition-value', severity: 'suggestion', path: at('StringEquals', 'aws:username') },
      { code: 'empty-condition', severity: 'suggestion', path: at('StringLike') },
    ])
    expect(lint(withCondition({}))).toEqual([{ code: 'empty-condition', severity: 'suggestion', path: at() }])
  })
})

describe('lintPolicy across statements', () => {
  it('finds a statement that another with the same effect already covers', () => {
    const doc = policy(
      { Effect: 'Allow', Action: 'docs:*', Resource: 'arn:app:docs::111122223333:project/*' },
      { Effect: 'Allow', Action: 'docs:GetDocument', Resource: 'arn:app:docs::111122223333:project/p1/doc/*' },
    )
    expect(lint(doc)).toEqual([{ code: 'redundant-statement', severity: 'suggestion', path: ['Statement', 1] }])
  })

  it('reports only the later of two identical statements', () => {
    expect(lint(policy(read, { ...read }))).toEqual([{ code: 'redundant-statement', severity: 'suggestion', path: ['Statement', 1] }])
  })

  it('does not call a statement redundant when the covering one has other conditions', () => {
    const doc = policy(
      { ...read, Action: 'docs:*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
      read,
    )
    expect(lint(doc)).toEqual([])
  })

  it('compares resources field by field, refuses an ARN with too few fields, and knows an expanding *', () => {
    const short = policy(
      { ...read, Resource: 'arn:app:docs::1' },
      { ...read, Resource: 'arn:app:docs::111122223333:project/p1' },
    )
    expect(lint(short).map((f) => f.code)).toEqual(['invalid-resource'])
    // "If the * wildcard is the last character of a resource ARN segment, it can expand to match beyond the colon boundaries."
    const doc = policy(
      { ...read, Resource: 'arn:app:docs::*' },
      { ...read, Resource: 'arn:app:docs::111122223333:project/p1' },
    )
    expect(lint(doc)).toEqual([{ code: 'redundant-statement', severity: 'suggestion', path: ['Statement', 1] }])
    const fields = policy(
      { ...read, Resource: 'arn:app:docs::*:project/*' },
      { ...read, Resource: 'arn:app:docs::111122223333:project/p1' },
    )
    expect(lint(fields)).toEqual([{ code: 'redundant-statement', severity: 'suggestion', path: ['Statement', 1] }])
  })

  it('finds an Allow that an unconditional Deny of the same policy makes unreachable', () => {
    const doc = policy(read, { Effect: 'Deny', Action: 'docs:*', Resource: '*' })
    expect(lint(doc)).toEqual([{ code: 'unreachable-statement', severity: 'warning', path: ['Statement', 0] }])
    const conditional = policy(read, { Effect: 'Deny', Action: 'docs:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })
    expect(lint(conditional)).toEqual([])
  })

  it('compares NotAction lists the right way round', () => {
    const doc = policy(
      { Effect: 'Deny', NotAction: 'docs:Get*', Resource: '*' },
      { Effect: 'Deny', NotAction: ['docs:GetDocument', 'docs:List*'], Resource: '*' },
    )
    expect(lint(doc)).toEqual([])
    const reversed = policy(
      { Effect: 'Deny', NotAction: ['docs:GetDocument'], Resource: '*' },
      { Effect: 'Deny', NotAction: 'docs:Get*', Resource: '*' },
    )
    expect(lint(reversed)).toEqual([{ code: 'redundant-statement', severity: 'suggestion', path: ['Statement', 1] }])
  })
})

/**
 * "Wildcards in requests are data" (DESIGN.md): a `*`, `?` or `${…}` that arrives in a request
 * (action, resource, principal, context value, tag, username) never acts as a pattern, and a
 * policy variable's value is literal text wherever it is inserted. AWS "IAM policy elements:
 * Variables and tags" (docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html).
 */
import { describe, expect, it } from 'vitest'
import { compileResourcePattern } from '../../src/match/index.js'
import { A, ALICE, ALLOW_ALL, doc, outcome, request } from './helpers.js'

const HOME = `arn:app:docs::${A}:home/\${aws:username}/*`

describe('wildcard characters in the request are data', () => {
  const onlyDoc42 = { identityPolicies: [doc({ Effect: 'Allow', Action: 'docs:GetDocument', Resource: `arn:app:docs::${A}:project/p1/doc/42` })] }

  it.each([
    ['a star', `arn:app:docs::${A}:project/p1/doc/*`],
    ['a question mark', `arn:app:docs::${A}:project/p1/doc/4?`],
    ['a lone star', '*'],
    ['a policy variable', `arn:app:docs::${A}:project/p1/doc/\${aws:username}`],
  ])('does not let a resource with %s match a literal Resource', (_name, resource) => {
    expect(outcome(request({ resource }), onlyDoc42)).toBe('implicitDeny')
  })

  // AWS "IAM JSON policy elements: Resource": only a policy's own * that ends a segment expands.
  it('never lets a "*" from a variable expand beyond the colons of a Resource', () => {
    const m = compileResourcePattern(`arn:app:docs:\${aws:PrincipalTag/region}*:q`, { variables: true })
    const tagged = (region: string) => ({ get: (k: string) => (k === 'aws:principaltag/region' ? region : undefined) })
    expect(m.matches(`arn:app:docs:eu-west-1:${A}:q`, tagged('*'))).toBe(false)
    expect(m.matches(`arn:app:docs:*x:${A}:q`, tagged('*'))).toBe(true)
    expect(m.matches(`arn:app:docs:eu-west-1:${A}:q`, tagged('eu'))).toBe(true)
    expect(m.matches(`arn:app:docs:eu:x:${A}:q`, tagged('eu:x'))).toBe(false)
  })

  it.each(['docs:*', 'docs:Get*', '*', 'docs:GetDocumen?', 'docs:${x}', '*:GetDocument'])('refuses the request action %s instead of matching it', (action) => {
    expect(outcome(request({ action }), { identityPolicies: [doc(ALLOW_ALL)] })).toBe('threw:ERR_INVALID_REQUEST')
  })

  it.each([`arn:app:iam::${A}:user/*`, `arn:app:iam::${A}:user/al?ce`, `arn:app:iam::*:root`, `arn:app:iam::${A}:user/\${aws:username}`])(
    'refuses the principal %s instead of matching it',
    (principal) => {
      expect(outcome(request({ principal }), { identityPolicies: [doc(ALLOW_ALL)] })).toBe('threw:ERR_INVALID_REQUEST')
    },
  )

  it('does not let a context value "*" satisfy StringEquals or StringLike on a literal', () => {
    const policy = doc({ ...ALLOW_ALL, Condition: { StringEquals: { 'app:Team': 'admins' }, StringLike: { 'app:Level': 'top-*' } } })
    expect(outcome(request({ context: { 'app:Team': '*', 'app:Level': '*' } }), { identityPolicies: [policy] })).toBe('implicitDeny')
    expect(outcome(request({ context: { 'app:Team': 'admins', 'app:Level': 'top-1' } }), { identityPolicies: [policy] })).toBe('allowed')
  })
})

describe('policy variable values are literal text', () => {
  const home = { identityPolicies: [doc({ Effect: 'Allow', Action: 'docs:*', Resource: HOME })] }

  it.each(['*', '?', '*/*', 'bob/*', '${aws:PrincipalTag/x}', '${*}'])('does not widen Resource when aws:username is %j', (username) => {
    const req = request({ resource: `arn:app:docs::${A}:home/bob/file`, context: { 'aws:username': username } })
    expect(outcome(req, home)).toBe('implicitDeny')
  })

  it('still matches the owner\'s own home, the control case', () => {
    const req = request({ resource: `arn:app:docs::${A}:home/bob/file`, context: { 'aws:username': 'bob' } })
    expect(outcome(req, home)).toBe('allowed')
  })

  it('matches a username holding a star only where the resource holds that same star', () => {
    const req = request({ resource: `arn:app:docs::${A}:home/*/file`, context: { 'aws:username': '*' } })
    expect(outcome(req, home)).toBe('allowed')
  })

  it.each(['*', 'eng*', '?ng', '${aws:username}'])('does not widen a StringLike condition when the principal tag is %j', (tag) => {
    const policy = doc({ ...ALLOW_ALL, Condition: { StringLike: { 'app:Team': '${aws:PrincipalTag/team}-*' } } })
    const req = request({ context: { 'aws:PrincipalTag/team': tag, 'app:Team': 'eng-blue' } })
    expect(outcome(req, { identityPolicies: [policy] })).toBe('implicitDeny')
  })

  it('does not widen an ArnLike condition when the variable holds a star', () => {
    const policy = doc({ ...ALLOW_ALL, Condition: { ArnLike: { 'app:Source': `arn:app:docs::${A}:project/\${app:Project}/*` } } })
    const req = request({ context: { 'app:Project': '*', 'app:Source': `arn:app:docs::${A}:project/other/doc/1` } })
    expect(outcome(req, { identityPolicies: [policy] })).toBe('implicitDeny')
  })

  it('keeps a Deny on ${aws:username} exact: a username "*" is not every user', () => {
    const policy = doc(ALLOW_ALL, { Effect: 'Deny', Action: '*', Resource: `arn:app:docs::${A}:home/\${aws:username}/*` })
    const other = request({ resource: `arn:app:docs::${A}:home/bob/file`, context: { 'aws:username': '*' } })
    expect(outcome(other, { identityPolicies: [policy] })).toBe('allowed')
  })

  // The ARN is split into its six segments before matching (AWS, "IAM JSON policy elements:
  // Resource"); a colon that came from a request value is text inside ONE segment and must not
  // shift the account segment. Here a principal tag `x:444455556666` placed in the region
  // segment makes the pattern reach a resource of account 444455556666.
  it('never lets a colon inside a policy variable value move the account segment of an ARN pattern', () => {
    const matcher = compileResourcePattern(`arn:app:docs:\${aws:PrincipalTag/region}:${A}:doc/*`, { variables: true })
    const ctx = { get: (key: string) => (key === 'aws:principaltag/region' ? 'x:444455556666' : undefined) }
    expect(matcher.matches(`arn:app:docs:x:444455556666:${A}:doc/1`, ctx)).toBe(false)
  })

  it('treats the principal as data even when it is the literal text of a policy variable value', () => {
    const policy = doc({ ...ALLOW_ALL, Condition: { StringEquals: { 'aws:PrincipalArn': '${app:Owner}' } } })
    expect(outcome(request({ context: { 'aws:PrincipalArn': ALICE, 'app:Owner': '*' } }), { identityPolicies: [policy] })).toBe('implicitDeny')
    expect(outcome(request({ context: { 'aws:PrincipalArn': ALICE, 'app:Owner': ALICE } }), { identityPolicies: [policy] })).toBe('allowed')
  })
})

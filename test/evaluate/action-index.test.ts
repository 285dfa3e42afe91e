/** The action index of a compiled policy set: only statements whose Action/NotAction matches are considered. */
import { describe, expect, it } from 'vitest'
import { compilePolicySet, evaluate } from '../../src/evaluate/index.js'
import { OBJECT, USER, allow, deny, doc } from './helpers.js'

describe('the action index', () => {
  const set = compilePolicySet({
    identityPolicies: [
      { id: 'exact', document: doc(allow('s3:GetObject'), allow('s3:PutObject')) },
      { id: 'wild', document: doc(allow('s3:Get*'), allow('iam:List*'), allow('*')) },
      { id: 'not', document: doc({ Effect: 'Deny', NotAction: ['s3:*', 'iam:*'], Resource: '*' }) },
    ],
  })
  const ids = (action: string) => set.statementsFor(action).map((e) => `${e.policy.id}#${e.statement.index}`)

  it('finds exact names, service wildcards, the global wildcard and NotAction statements, in policy order', () => {
    expect(ids('s3:getobject')).toEqual(['exact#0', 'wild#0', 'wild#2'])
    expect(ids('iam:listusers')).toEqual(['wild#1', 'wild#2'])
    expect(ids('ec2:runinstances')).toEqual(['wild#2', 'not#0'])
  })

  it('ignores statements for other actions', () => {
    expect(ids('s3:putobject')).toEqual(['exact#1', 'wild#2'])
    expect(ids('s3:deleteobject')).toEqual(['wild#2'])
  })

  it('matches action names case-insensitively ("IAM JSON policy elements: Action")', () => {
    const d = evaluate({ principal: USER, action: 'S3:getOBJECT', resource: OBJECT }, { identityPolicies: [doc(allow('s3:GetObject'))] })
    expect(d.decision).toBe('allowed')
  })

  it('matches s3:Get* but not s3:Put*', () => {
    const get = { identityPolicies: [doc(allow('s3:Get*'))] }
    expect(evaluate({ principal: USER, action: 's3:GetObjectAcl', resource: OBJECT }, get).decision).toBe('allowed')
    expect(evaluate({ principal: USER, action: 's3:PutObject', resource: OBJECT }, get).decision).toBe('implicitDeny')
  })

  it('applies NotAction to every action it does not list', () => {
    const d = evaluate({ principal: USER, action: 'ec2:RunInstances', resource: '*' }, set)
    expect(d).toMatchObject({ decision: 'explicitDeny', matched: [{ policyId: 'not', statementIndex: 0 }] })
    expect(evaluate({ principal: USER, action: 's3:GetObject', resource: OBJECT }, set).decision).toBe('allowed')
  })

  it('keeps the same decision when thousands of statements for other actions are added', () => {
    const others = Array.from({ length: 50 }, (_, p) => doc(...Array.from({ length: 100 }, (_, a) => deny(`svc${p}:Action${a}`))))
    const request = { principal: USER, action: 's3:GetObject', resource: OBJECT }
    const small = compilePolicySet({ identityPolicies: [doc(allow('s3:GetObject'))] })
    const large = compilePolicySet({ identityPolicies: [doc(allow('s3:GetObject')), ...others] })
    expect(large.statementsFor('s3:getobject')).toHaveLength(small.statementsFor('s3:getobject').length)
    expect(evaluate(request, large)).toEqual(evaluate(request, small))
  })
})

describe('NotResource', () => {
  it('applies to every resource except the listed ones ("IAM JSON policy elements: NotResource")', () => {
    const set = { identityPolicies: [doc(allow('s3:*')), doc({ Effect: 'Deny', Action: 's3:*', NotResource: ['arn:aws:s3:::public/*'] })] }
    expect(evaluate({ principal: USER, action: 's3:GetObject', resource: 'arn:aws:s3:::public/a' }, set).decision).toBe('allowed')
    expect(evaluate({ principal: USER, action: 's3:GetObject', resource: 'arn:aws:s3:::secret/a' }, set).decision).toBe('explicitDeny')
  })
})

describe('raw policy sets', () => {
  it('are compiled once per object and recompiled when a policy is added to the same set', () => {
    const request = { principal: USER, action: 's3:GetObject', resource: OBJECT }
    const identityPolicies = [doc(allow('s3:GetObject'))]
    const set = { identityPolicies }
    expect(evaluate(request, set).decision).toBe('allowed')
    identityPolicies.push(doc(deny('s3:*')))
    expect(evaluate(request, set).decision).toBe('explicitDeny')
    identityPolicies.pop()
    expect(evaluate(request, set).decision).toBe('allowed')
  })

  it('refuse an invalid policy with ERR_POLICY_INVALID rather than ignoring it', () => {
    const bad = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { StringEqualz: { a: 'b' } } }] }
    expect(() => evaluate({ principal: USER, action: 's3:GetObject', resource: OBJECT }, { identityPolicies: [doc(allow('*')), bad as never] }))
      .toThrow(expect.objectContaining({ code: 'ERR_POLICY_INVALID' }))
  })
})

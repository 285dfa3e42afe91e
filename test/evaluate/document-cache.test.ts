/**
 * Raw documents are compiled once per object and cached by identity; so that an in-place edit is
 * never silently ignored, the document is deep-frozen when it is first compiled.
 */
import { describe, expect, it } from 'vitest'
import { evaluate } from '../../src/evaluate/index.js'
import type { PolicyDocument, RawStatement } from '../../src/policy/types.js'
import { OBJECT, USER, allow, deny, doc } from './helpers.js'

const get = { principal: USER, action: 's3:GetObject', resource: OBJECT }

describe('raw policy documents given to evaluate', () => {
  it('are deep-frozen once evaluated, so an in-place edit throws instead of being ignored', () => {
    const statement = allow('s3:GetObject', [OBJECT])
    const policy = { Version: '2012-10-17' as const, Statement: [statement] }
    expect(evaluate(get, { identityPolicies: [policy] }).decision).toBe('allowed')
    expect(Object.isFrozen(policy) && Object.isFrozen(policy.Statement) && Object.isFrozen(statement) && Object.isFrozen(statement.Resource)).toBe(true)
    expect(() => policy.Statement.push(deny('*'))).toThrow(TypeError)
    expect(() => {
      ;(statement as { Effect: string }).Effect = 'Deny'
    }).toThrow(TypeError)
    expect(() => (statement.Resource as string[]).push('*')).toThrow(TypeError)
  })

  it('have their conditions frozen too', () => {
    const condition = { StringEquals: { 'aws:username': ['alice'] } }
    const policy = doc(deny('*', '*', { Condition: condition }), allow('*'))
    evaluate({ ...get, context: { 'aws:username': 'alice' } }, { identityPolicies: [policy] })
    expect(() => condition.StringEquals['aws:username'].push('bob')).toThrow(TypeError)
  })

  it('are compiled again when a NamedPolicy is given a new document', () => {
    const named: { id: string; document: PolicyDocument } = { id: 'p', document: doc(allow('s3:GetObject')) }
    const set = { identityPolicies: [named] }
    expect(evaluate(get, set).decision).toBe('allowed')
    expect(Object.isFrozen(named.document)).toBe(true)
    expect(Object.isFrozen(named)).toBe(false)
    named.document = doc(allow('s3:GetObject'), deny('s3:GetObject'))
    expect(evaluate(get, set).decision).toBe('explicitDeny')
  })

  it('are compiled again when a NamedPolicy is given new JSON text, which needs no freezing', () => {
    const named = { id: 'p', document: JSON.stringify(doc(allow('s3:GetObject'))) }
    const set = { identityPolicies: [named as never] }
    expect(evaluate(get, set).decision).toBe('allowed')
    named.document = JSON.stringify(doc(deny('s3:GetObject'), allow('*')))
    expect(evaluate(get, set).decision).toBe('explicitDeny')
  })

  it('are not frozen when they are invalid, and are refused', () => {
    const policy = doc({ Effect: 'Allow', Action: 'not an action', Resource: '*' } as RawStatement)
    expect(() => evaluate(get, { identityPolicies: [policy] })).toThrow(expect.objectContaining({ code: 'ERR_POLICY_INVALID' }))
    expect(Object.isFrozen(policy)).toBe(false)
  })
})

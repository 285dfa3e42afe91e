/**
 * Defence in depth: a prototype-pollution bug elsewhere in the app must not change what a policy
 * says. Normalized documents have no prototype, and compile reads only own elements.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { compilePolicy } from '../../src/policy/compile.js'
import { parsePolicy } from '../../src/policy/parse.js'
import { validatePolicy } from '../../src/policy/validate.js'
import type { RawStatement } from '../../src/policy/types.js'

const POLLUTED = ['Condition', 'NotAction', 'NotResource', 'NotPrincipal', 'Principal', '0']
const pollute = (name: string, value: unknown): void => {
  ;(Object.prototype as Record<string, unknown>)[name] = value
}
const noContext = { get: () => undefined }

afterEach(() => {
  for (const name of POLLUTED) delete (Object.prototype as Record<string, unknown>)[name]
})

describe('normalized policies under a polluted Object.prototype', () => {
  const policy = { Version: '2012-10-17' as const, Statement: [{ Effect: 'Deny' as const, Action: 'docs:GetDocument', Resource: '*' }] }

  it('builds the document, its statements and principals without a prototype', () => {
    const parsed = parsePolicy({ ...policy, Statement: [{ ...policy.Statement[0]!, Principal: { AWS: '111122223333' } }] }, { kind: 'resource' })
    const statement = (parsed.Statement as RawStatement[])[0]!
    expect(Object.getPrototypeOf(parsed)).toBeNull()
    expect(Object.getPrototypeOf(statement)).toBeNull()
    expect(Object.getPrototypeOf(statement.Principal)).toBeNull()
    expect(JSON.parse(JSON.stringify(parsed))).toEqual({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: { AWS: '111122223333' }, Action: 'docs:GetDocument', Resource: '*' }] })
  })

  it('does not give a statement an inherited Condition, NotAction or NotResource', () => {
    pollute('Condition', { Bool: { 'app:never': 'true' } })
    pollute('NotAction', ['none:Nothing'])
    pollute('NotResource', ['arn:app:none:::nothing'])
    const [statement] = compilePolicy(policy).statements
    expect(statement).toMatchObject({ notAction: false, notResource: false, conditions: [] })
    expect(statement!.actions[0]!.matches('docs:deletedocument')).toBe(false)
    expect(statement!.resources![0]!.matches('arn:app:docs::1:x', noContext)).toBe(true)
  })

  it('does not give an identity statement an inherited Principal', () => {
    pollute('Principal', { AWS: '999999999999' })
    pollute('NotPrincipal', { AWS: '999999999999' })
    expect(compilePolicy(policy).statements[0]!.principal).toBeUndefined()
  })

  it('refuses a hole in an array instead of reading an inherited entry', () => {
    pollute('0', '*')
    const holey = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: [, 'docs:GetDocument'], Resource: '*' }] }
    const result = validatePolicy(holey)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.issues.map((i) => [i.code, i.path])).toEqual([['invalid-type', ['Statement', 0, 'Action', 0]]])
    const conditionHole = { Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringEquals: { 'app:x': [, 'y'] } } }] }
    expect(validatePolicy(conditionHole).ok).toBe(false)
  })
})

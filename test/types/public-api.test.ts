/** Type tests for the public API: checked by `tsc --noEmit` (part of `npm test`) and run by vitest. */
import { describe, expectTypeOf, it } from 'vitest'
import {
  createIam,
  evaluate,
  fileStore,
  IamError,
  lintPolicy,
  memoryStore,
  parsePolicy,
  validatePolicy,
  type Decision,
  type DecisionKind,
  type Iam,
  type LintFinding,
  type PolicyDocument,
  type PolicyStore,
  type PolicyType,
  type ValidateResult,
} from '../../src/index.js'
import type { IamErrorCode } from '../../src/errors.js'

describe('the public types', () => {
  it('evaluate returns a Decision with the simulator words', () => {
    expectTypeOf(evaluate).returns.toEqualTypeOf<Decision>()
    expectTypeOf<Decision['decision']>().toEqualTypeOf<DecisionKind>()
    expectTypeOf<DecisionKind>().toEqualTypeOf<'allowed' | 'explicitDeny' | 'implicitDeny'>()
    expectTypeOf<PolicyType>().toEqualTypeOf<'identity' | 'resource' | 'boundary' | 'session' | 'guardrail'>()
    expectTypeOf<Decision['missingContextKeys']>().toEqualTypeOf<string[]>()
  })

  it('validatePolicy is a discriminated result and parsePolicy returns a document', () => {
    expectTypeOf(validatePolicy).returns.toEqualTypeOf<ValidateResult>()
    expectTypeOf(parsePolicy).returns.toEqualTypeOf<PolicyDocument>()
    expectTypeOf(lintPolicy).returns.toEqualTypeOf<LintFinding[]>()
    const result = validatePolicy({})
    if (result.ok) expectTypeOf(result.policy).toEqualTypeOf<PolicyDocument>()
    else expectTypeOf(result.issues[0]!.path).toEqualTypeOf<Array<string | number>>()
  })

  it('createIam resolves to an Iam and stores are PolicyStores', () => {
    expectTypeOf(createIam).returns.resolves.toEqualTypeOf<Iam>()
    expectTypeOf(memoryStore).returns.toEqualTypeOf<PolicyStore>()
    expectTypeOf(fileStore).returns.toEqualTypeOf<PolicyStore>()
    expectTypeOf<Iam['authorize']>().parameter(0).toHaveProperty('principal')
  })

  it('IamError carries a typed code, status and expose', () => {
    expectTypeOf<IamError['code']>().toEqualTypeOf<IamErrorCode>()
    expectTypeOf<IamError['status']>().toEqualTypeOf<number>()
    expectTypeOf<IamError['expose']>().toEqualTypeOf<boolean>()
  })
})

/**
 * The AWS-conformance corpus: every case is a request, the policies that apply, and the decision
 * the AWS IAM User Guide documents for it (the page is named in `source`). Each case runs as its
 * own test, so a failure names the exact behaviour that differs from AWS.
 */
import { describe, expect, it } from 'vitest'
import { evaluate } from '../../src/evaluate/index.js'
import { IamError } from '../../src/errors.js'
import { actionCases } from './cases/action-resource.js'
import { arnCases } from './cases/arn.js'
import { boolBinaryNullCases } from './cases/bool-binary-null.js'
import { crossAccountCases } from './cases/cross-account.js'
import { dateCases } from './cases/date.js'
import { evaluationCases } from './cases/evaluation.js'
import { ipCases } from './cases/ip.js'
import { multiValuedCases } from './cases/multi-valued.js'
import { numericCases } from './cases/numeric.js'
import { principalCases } from './cases/principal.js'
import { secondPassCases } from './cases/second-pass.js'
import { securityCases } from './cases/security.js'
import { sessionCases } from './cases/sessions.js'
import { stringCases } from './cases/string.js'
import { thirdPassCases } from './cases/third-pass.js'
import { variableCases } from './cases/variables.js'
import type { ConformanceCase } from './types.js'

const corpus: ReadonlyArray<readonly [string, readonly ConformanceCase[]]> = [
  ['evaluation flow within one account', evaluationCases],
  ['cross-account evaluation', crossAccountCases],
  ['role sessions, session policies, boundaries and federated users', sessionCases],
  ['Principal and NotPrincipal', principalCases],
  ['Action, NotAction, Resource and NotResource', actionCases],
  ['string condition operators', stringCases],
  ['numeric condition operators', numericCases],
  ['date condition operators', dateCases],
  ['Bool, BinaryEquals and Null', boolBinaryNullCases],
  ['IP address condition operators', ipCases],
  ['ARN condition operators', arnCases],
  ['multivalued keys and set operators', multiValuedCases],
  ['policy variables', variableCases],
  ['hostile and malformed input', securityCases],
  ['second pass: layering, variables, multivalued keys, operator and element edges', secondPassCases],
  ['third pass: values with no value, empty strings, ARN variables, several values without a set operator', thirdPassCases],
]

/** What `evaluate` did: a decision, `error` for an `IamError`, or `crash: …` for anything else. */
function outcome(c: ConformanceCase): string {
  try {
    return evaluate(c.request, c.policies).decision
  } catch (e) {
    return e instanceof IamError ? 'error' : `crash: ${String(e)}`
  }
}

describe('the AWS-conformance corpus', () => {
  it('names every case once and cites a source for each', () => {
    const names = corpus.flatMap(([, cases]) => cases.map((c) => c.name))
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([])
    expect(corpus.flatMap(([, cases]) => cases.filter((c) => c.source.length === 0).map((c) => c.name))).toEqual([])
  })

  for (const [family, cases] of corpus) {
    describe(family, () => {
      for (const c of cases) {
        it(`${c.name} [${c.source}]`, () => {
          const got = outcome(c)
          if (c.expected === 'notAllowed') {
            expect(got === 'allowed' || got.startsWith('crash'), `got ${got}`).toBe(false)
          } else {
            expect(got).toBe(c.expected)
          }
        })
      }
    })
  }
})

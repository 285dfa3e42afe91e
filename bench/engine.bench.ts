/**
 * Engine benchmark: median time per `evaluate` decision on a precompiled policy set.
 * Run: `npm run bench` (node --import tsx bench/engine.bench.ts). Targets on the 2-core CI
 * machine (issue 2): ≤ 1 µs for (a), ≤ 5 µs for (b), and no growth with statements for other actions.
 */
import { bench, do_not_optimize, group, run } from 'mitata'
import { compilePolicySet, evaluate, type AuthzRequest, type CompiledPolicySet } from '../src/evaluate/index.js'
import type { PolicyDocument, RawStatement } from '../src/policy/types.js'

const ACCOUNT = '111122223333'
const SERVICES = ['docs', 'billing', 'users', 'reports', 'files']
const VERBS = ['Get', 'List', 'Put', 'Delete', 'Update', 'Create', 'Describe', 'Tag', 'Untag', 'Share']

function policy(statements: RawStatement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements }
}

/** (a) A user with 10 policies and 50 statements over five services. */
function userSet(): CompiledPolicySet {
  const policies: PolicyDocument[] = []
  for (let p = 0; p < 10; p++) {
    const service = SERVICES[p % SERVICES.length]!
    const statements: RawStatement[] = []
    for (let s = 0; s < 5; s++) {
      const verb = VERBS[(p + s) % VERBS.length]!
      statements.push(s === 4
        ? { Sid: `Deny${p}`, Effect: 'Deny', Action: `${service}:Delete*`, Resource: `arn:app:${service}::${ACCOUNT}:locked/*` }
        : { Sid: `S${p}x${s}`, Effect: 'Allow', Action: [`${service}:${verb}Document`, `${service}:${verb}Folder`], Resource: `arn:app:${service}::${ACCOUNT}:project/p${s}/*` })
    }
    policies.push(policy(statements))
  }
  return compilePolicySet({ identityPolicies: policies })
}

/** (b) 1,000 statements over 100 actions (10 statements per action, one of which matches the resource). */
function bigSet(extraPolicies = 0): CompiledPolicySet {
  const policies: PolicyDocument[] = []
  for (let p = 0; p < 10; p++) {
    const statements: RawStatement[] = []
    for (let a = 0; a < 100; a++) {
      statements.push({ Effect: 'Allow', Action: `svc:Action${a}`, Resource: `arn:app:svc::${ACCOUNT}:thing/${p}/*` })
    }
    policies.push(policy(statements))
  }
  // Statements for other actions only: they must not change the time per decision.
  for (let p = 0; p < extraPolicies; p++) {
    const statements: RawStatement[] = []
    for (let a = 0; a < 100; a++) statements.push({ Effect: 'Deny', Action: [`other${p}:Action${a}`, `other${p}:Do${a}*`], Resource: '*' })
    policies.push(policy(statements))
  }
  return compilePolicySet({ identityPolicies: policies })
}

/** (c) Conditions on every statement: strings, IPs, dates, booleans, numbers, multivalued keys, variables. */
function conditionSet(): CompiledPolicySet {
  const statements: RawStatement[] = []
  for (let i = 0; i < 10; i++) {
    statements.push({
      Effect: 'Allow',
      Action: 'docs:GetDocument',
      Resource: 'arn:app:docs::' + ACCOUNT + ':project/${aws:PrincipalTag/team}/*',
      Condition: {
        StringEquals: { 'aws:PrincipalTag/department': ['eng', 'ops', `d${i}`] },
        IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '203.0.113.0/24'] },
        DateLessThan: { 'aws:CurrentTime': '2100-01-01T00:00:00Z' },
        Bool: { 'aws:SecureTransport': 'true' },
        NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' },
        'ForAllValues:StringLike': { 'aws:TagKeys': ['team', 'cost-*'] },
      },
    })
  }
  statements.push({
    Effect: 'Deny', Action: 'docs:*', Resource: '*',
    Condition: { StringNotEqualsIfExists: { 'aws:RequestedRegion': ['eu-west-1'] }, BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
  })
  return compilePolicySet({
    identityPolicies: [policy(statements)],
    permissionBoundary: policy([{ Effect: 'Allow', Action: 'docs:*', Resource: '*', Condition: { StringLike: { 'aws:userid': 'AIDA*' } } }]),
  })
}

const user = userSet()
const big = bigSet()
const bigWithOthers = bigSet(50)
const conditions = conditionSet()

const userRequest: AuthzRequest = {
  principal: `arn:app:iam::${ACCOUNT}:user/alice`,
  action: 'docs:GetDocument',
  resource: `arn:app:docs::${ACCOUNT}:project/p0/doc/42`,
  context: { 'aws:SourceIp': '203.0.113.7', 'aws:username': 'alice' },
}
const bigRequest: AuthzRequest = {
  principal: `arn:app:sts::${ACCOUNT}:assumed-role/Worker/job-7`,
  action: 'svc:Action42',
  resource: `arn:app:svc::${ACCOUNT}:thing/9/item`,
}
const conditionRequest: AuthzRequest = {
  principal: `arn:app:iam::${ACCOUNT}:user/alice`,
  action: 'docs:GetDocument',
  resource: `arn:app:docs::${ACCOUNT}:project/blue/doc/1`,
  context: {
    'aws:PrincipalTag/team': 'blue',
    'aws:PrincipalTag/department': 'ops',
    'aws:SourceIp': '203.0.113.7',
    'aws:CurrentTime': '2030-05-01T12:00:00Z',
    'aws:SecureTransport': true,
    'aws:MultiFactorAuthAge': 120,
    'aws:MultiFactorAuthPresent': true,
    'aws:TagKeys': ['team', 'cost-center'],
    'aws:userid': 'AIDAEXAMPLE',
  },
}

for (const [name, request, set] of [
  ['a', userRequest, user], ['b', bigRequest, big], ['b+', bigRequest, bigWithOthers], ['c', conditionRequest, conditions],
] as const) {
  if (evaluate(request, set).decision !== 'allowed') throw new Error(`bench scenario ${name} must be allowed`)
}

group('evaluate (precompiled set)', () => {
  bench('(a) user, 10 policies / 50 statements', () => do_not_optimize(evaluate(userRequest, user)))
  bench('(b) 1,000 statements over 100 actions', () => do_not_optimize(evaluate(bigRequest, big)))
  bench('(b+) same + 5,000 statements for other actions', () => do_not_optimize(evaluate(bigRequest, bigWithOthers)))
  bench('(c) condition-heavy set', () => do_not_optimize(evaluate(conditionRequest, conditions)))
})

const results = await run()
const targets: Record<string, number> = { '(a)': 1000, '(b)': 5000 }
console.log('\nmedian time per decision:')
for (const b of results.benchmarks) {
  for (const r of b.runs) {
    const p50 = r.stats?.p50
    if (p50 === undefined) continue
    const target = targets[r.name.slice(0, 3)]
    const verdict = target === undefined ? '' : p50 <= target ? `  (target ≤ ${target / 1000} µs: met)` : `  (target ≤ ${target / 1000} µs: MISSED)`
    console.log(`  ${r.name.padEnd(50)} ${(p50 / 1000).toFixed(3)} µs${verdict}`)
  }
}

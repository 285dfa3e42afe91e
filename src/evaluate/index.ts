export { evaluate } from './evaluate.js'
export { NormalizedContext, normalizeRequestContext, type NormalizeContextOptions } from './context.js'
export { compilePolicySet, isCompiledPolicySet, type CompiledPolicySet, type IndexedStatement } from './policy-set.js'
export { compilePolicy, type CompilePolicyOptions } from '../policy/compile.js'
export { EXPLICIT_DENY_REASON, IMPLICIT_DENY_REASON } from './reasons.js'
export type {
  AuthzRequest, ContextValue, Decision, DecisionKind, MatchedStatement, NamedPolicy, PolicyInput, PolicySet, PolicyType,
} from './types.js'

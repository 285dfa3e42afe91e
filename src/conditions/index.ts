export { checkConditionValues, compileCondition } from './compile.js'
export { parseOperatorName } from './operator-name.js'
export { BASE_OPERATORS } from './registry.js'
export { parseBool } from './bool.js'
export { parseDate } from './date.js'
export { parseNumber } from './numeric.js'
export { parseIPv4 } from './ip.js'
export { canonicalBase64 } from './binary.js'
export type {
  CompileConditionOptions,
  CompiledCondition,
  ContextScalar,
  ContextValue,
  EvalContext,
  ParsedOperator,
  RawConditionValue,
} from './types.js'

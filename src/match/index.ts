export { compileActionPattern } from './action.js'
export { checkArnPattern, checkResourcePattern, compileArnLike, compileResourcePattern } from './arn.js'
export { equalsFolded, foldCode, foldString } from './fold.js'
export { compileStringEquals, compileStringLike, type StringPatternOptions } from './string.js'
export {
  checkTemplate,
  memoizeResolved,
  parseTemplate,
  resolveGlob,
  staticGlob,
  variableText,
  type Template,
  type TemplateOptions,
  type TemplatePart,
} from './template.js'
export type { ActionMatcher, ResourceMatcher, ValueMatcher } from './types.js'
export { compileWildcard, globFromPattern, globMatch, rangeMatcher, type Glob, type RangeMatcher, type WildcardOptions } from './wildcard.js'

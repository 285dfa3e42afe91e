/**
 * Action / NotAction patterns. AWS: action names are case-insensitive ("IAM JSON policy
 * elements: Action"), so the pattern is lower-cased once and the evaluator passes the request's
 * action lower-cased. `*` alone matches every action.
 */
import type { ActionMatcher } from './types.js'
import { compileWildcard } from './wildcard.js'

export function compileActionPattern(pattern: string): ActionMatcher {
  const lower = pattern.toLowerCase()
  const colon = lower.indexOf(':')
  const servicePart = colon < 0 ? lower : lower.slice(0, colon)
  const wild = /[*?]/
  const service = colon < 0 || wild.test(servicePart) ? '*' : servicePart
  const exact = wild.test(lower) ? undefined : lower
  // Lower-cased on both sides already, so the glob itself can stay case-sensitive.
  const test = compileWildcard(lower, { ignoreCase: false })
  return {
    service,
    exact,
    matches: (lowerCaseAction) => test(lowerCaseAction),
  }
}

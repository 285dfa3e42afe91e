/**
 * IAM identifiers: the names, paths and ARNs of users, groups, roles, policies, MFA devices and
 * OIDC providers, with AWS's rules (docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html
 * and the IAM API reference's parameter constraints). Names are checked with loops, not regexes
 * over user text.
 */
import { IamError } from '../errors.js'
import { isAccountId, parseArn } from '../principal-arn.js'

/** The pseudo-account of the app's catalogue of managed policies (`arn:P:iam::app:policy/NAME`). */
export const CATALOGUE_ACCOUNT = 'app'

function isNameChar(c: number): boolean {
  // [\w+=,.@-]
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ||
    c === 95 || c === 43 || c === 61 || c === 44 || c === 46 || c === 64 || c === 45
}

/** AWS entity names: 1–`max` of `[\w+=,.@-]`. */
export function isName(text: unknown, max: number): text is string {
  if (typeof text !== 'string' || text.length === 0 || text.length > max) return false
  for (let i = 0; i < text.length; i++) if (!isNameChar(text.charCodeAt(i))) return false
  return true
}

/**
 * AWS paths: `/` or `/…/` of printable ASCII, at most 512 characters. Also refused here: `*` and
 * `?` (an ARN built from the path would read as a pattern) and `//` (not a principal ARN).
 */
export function isPath(text: unknown): text is string {
  if (typeof text !== 'string' || text.length === 0 || text.length > 512) return false
  if (text.charCodeAt(0) !== 47 || text.charCodeAt(text.length - 1) !== 47) return false
  if (text !== '/' && text.includes('//')) return false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x21 || c > 0x7e || c === 42 || c === 63) return false
  }
  return true
}

export function isAccount(text: unknown): text is string {
  return typeof text === 'string' && isAccountId(text)
}

/** Name limits from the IAM API reference. */
export const NAME_LIMITS = {
  userName: 64,
  roleName: 64,
  groupName: 128,
  policyName: 128,
  virtualMfaDeviceName: 226,
} as const

export function checkAccount(account: unknown, field = 'account'): string {
  if (!isAccount(account)) {
    throw new IamError('ERR_VALIDATION', `${field} must be 1 to 64 characters of [A-Za-z0-9_-]`, { details: { field } })
  }
  return account
}

export function checkName(value: unknown, field: keyof typeof NAME_LIMITS | string, max = 128): string {
  const limit = (NAME_LIMITS as Record<string, number>)[field] ?? max
  if (!isName(value, limit)) {
    throw new IamError('ERR_VALIDATION', `${field} must be 1 to ${limit} characters of [A-Za-z0-9+=,.@_-]`, { details: { field } })
  }
  return value
}

export function checkPath(value: unknown, field = 'path'): string {
  if (value === undefined) return '/'
  if (!isPath(value)) {
    throw new IamError('ERR_VALIDATION', `${field} must be "/" or begin and end with "/", of printable ASCII without "*", "?" or "//", at most 512 characters`, { details: { field } })
  }
  return value
}

export type IamResourceType = 'user' | 'group' | 'role' | 'policy' | 'mfa' | 'instance-profile'

export function iamArn(partition: string, account: string, type: IamResourceType, path: string, name: string): string {
  return `arn:${partition}:iam::${account}:${type}${path}${name}`
}

export function rootArn(partition: string, account: string): string {
  return `arn:${partition}:iam::${account}:root`
}

export function oidcProviderArn(partition: string, account: string, hostPath: string): string {
  return `arn:${partition}:iam::${account}:oidc-provider/${hostPath}`
}

export function catalogueArn(partition: string, name: string): string {
  return `arn:${partition}:iam::${CATALOGUE_ACCOUNT}:policy/${name}`
}

export interface ParsedIamArn {
  partition: string
  account: string
  type: string
  path: string
  name: string
}

/**
 * Splits `arn:P:iam::A:TYPE/PATH/NAME`. Undefined when the text is not such an ARN or its path or
 * name break the rules above (so a pattern or a malformed ARN never names an entity).
 */
export function parseIamArn(text: unknown, maxName = 128): ParsedIamArn | undefined {
  if (typeof text !== 'string' || text.length > 2048) return undefined
  const arn = parseArn(text)
  if (arn === undefined || arn.service !== 'iam' || arn.region !== '') return undefined
  const slash = arn.resource.indexOf('/')
  if (slash <= 0) return undefined
  const type = arn.resource.slice(0, slash)
  const last = arn.resource.lastIndexOf('/')
  const path = arn.resource.slice(slash, last + 1)
  const name = arn.resource.slice(last + 1)
  if (!isPath(path) || !isName(name, maxName)) return undefined
  if (arn.account !== CATALOGUE_ACCOUNT && !isAccountId(arn.account)) return undefined
  return { partition: arn.partition, account: arn.account, type, path, name }
}

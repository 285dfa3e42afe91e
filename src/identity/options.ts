/**
 * `resolveOptions`: every `createIam` option checked once, at start-up; a bad option throws
 * `IamError('ERR_INVALID_OPTION')` naming it. Security options (`tokens`) have no default.
 *
 * Defaults:
 * - `partition`: `'app'`
 * - `cache.max`: 10,000 entries; `cache.ttlSeconds`: 30 seconds
 * - `quotas`: AWS's (managed policies per entity 10, groups per user 10, tags 50, policy versions 5,
 *   access keys per user 2, MFA devices per user 8, users 5,000, roles 1,000, groups 300 and
 *   managed policies 1,500 per account)
 * - `throttle`: 5 failures per 300 seconds, windows of at most 100,000 keys (`maxTrackedKeys`)
 * - `clock`: `Date.now` (milliseconds since the epoch)
 * - `logger`: warnings and errors to the console
 * - `dangerouslyAllowLocalJwks`: false (OIDC key sets only over https to public addresses)
 */
import { IamError } from '../errors.js'
import type { CreateIamOptions, Logger, Quotas } from '../iam-types.js'
import type { PolicyDocument, PolicyKind } from '../policy/types.js'
import { validatePolicy } from '../policy/validate.js'
import type { PolicyStore } from '../store/types.js'
import { validateTokenOptions } from '../sts/index.js'
import { DEFAULT_QUOTAS } from './admin/context.js'
import { isName } from './arn.js'

export interface ResolvedIamOptions {
  store: PolicyStore
  partition: string
  tokens: CreateIamOptions['tokens']
  guardrails: ReadonlyMap<string, PolicyDocument>
  managedPolicies: ReadonlyMap<string, PolicyDocument>
  cache: { max: number; ttlSeconds: number }
  quotas: Quotas
  throttle: { maxFailures: number; windowSeconds: number; maxTrackedKeys: number }
  clock: () => number
  logger: Logger
  dangerouslyAllowLocalJwks: boolean
}

const KNOWN = ['store', 'partition', 'tokens', 'guardrails', 'managedPolicies', 'cache', 'quotas', 'throttle', 'clock', 'logger', 'dangerouslyAllowLocalJwks']

function bad(option: string, message: string, details?: Record<string, unknown>): IamError {
  return new IamError('ERR_INVALID_OPTION', `createIam: ${option} ${message}`, details === undefined ? {} : { details })
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function own(o: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined
}

function positiveInteger(value: unknown, option: string, fallback: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) throw bad(option, 'must be a positive integer')
  return value
}

function positiveNumber(value: unknown, option: string, fallback: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw bad(option, 'must be a positive number')
  return value
}

function policies(value: unknown, option: string, kind: PolicyKind): ReadonlyMap<string, PolicyDocument> {
  const out = new Map<string, PolicyDocument>()
  if (value === undefined) return out
  if (!isObject(value)) throw bad(option, 'must be an object of policy name → policy document')
  for (const name of Object.keys(value)) {
    if (!isName(name, 128)) throw bad(`${option}.${name}`, 'is not a valid policy name (1 to 128 of [A-Za-z0-9+=,.@_-])')
    const result = validatePolicy(value[name], { kind })
    if (!result.ok) {
      throw bad(`${option}.${name}`, `is not a valid ${kind} policy: ${result.issues.map((i) => i.message).join('; ')}`, { issues: result.issues })
    }
    out.set(name, result.policy)
  }
  return out
}

const consoleLogger: Logger = {
  info: () => {},
  warn: (message, meta) => console.warn(`[iam-guard] ${message}`, meta ?? ''),
  error: (message, meta) => console.error(`[iam-guard] ${message}`, meta ?? ''),
}

export function resolveOptions(options: CreateIamOptions): ResolvedIamOptions {
  if (!isObject(options)) throw bad('options', 'must be an object')
  for (const key of Object.keys(options)) if (!KNOWN.includes(key)) throw bad(key, `is not an option (known: ${KNOWN.join(', ')})`)
  const o = options as unknown as Record<string, unknown>
  const store = own(o, 'store') as PolicyStore | undefined
  if (!isObject(store) || typeof store.init !== 'function' || typeof store.transact !== 'function' || typeof store.get !== 'function' ||
    typeof store.list !== 'function' || typeof store.subscribe !== 'function' || typeof store.close !== 'function') {
    throw bad('store', 'is required: a PolicyStore such as memoryStore() or fileStore(path)')
  }
  const partition = own(o, 'partition') ?? 'app'
  if (typeof partition !== 'string' || !/^[A-Za-z0-9-]{1,64}$/.test(partition)) throw bad('partition', 'must be 1 to 64 of [A-Za-z0-9-]')
  const tokens = own(o, 'tokens')
  if (!isObject(tokens)) throw bad('tokens', 'is required (algorithm, keys and issuer; there is no insecure default)')
  validateTokenOptions(tokens as unknown as CreateIamOptions['tokens'])

  const cache = own(o, 'cache') ?? {}
  if (!isObject(cache)) throw bad('cache', 'must be an object')
  for (const key of Object.keys(cache)) if (key !== 'max' && key !== 'ttlSeconds') throw bad(`cache.${key}`, 'is not an option (known: max, ttlSeconds)')

  const quotasIn = own(o, 'quotas') ?? {}
  if (!isObject(quotasIn)) throw bad('quotas', 'must be an object')
  const quotas: Quotas = { ...DEFAULT_QUOTAS }
  for (const key of Object.keys(quotasIn)) {
    if (!Object.hasOwn(DEFAULT_QUOTAS, key)) throw bad(`quotas.${key}`, `is not a quota (known: ${Object.keys(DEFAULT_QUOTAS).join(', ')})`)
    quotas[key as keyof Quotas] = positiveInteger(quotasIn[key], `quotas.${key}`, DEFAULT_QUOTAS[key as keyof Quotas])
  }

  const throttle = own(o, 'throttle') ?? {}
  if (!isObject(throttle)) throw bad('throttle', 'must be an object')
  const throttleKeys = ['maxFailures', 'windowSeconds', 'maxTrackedKeys']
  for (const key of Object.keys(throttle)) if (!throttleKeys.includes(key)) throw bad(`throttle.${key}`, `is not an option (known: ${throttleKeys.join(', ')})`)

  const clock = own(o, 'clock') ?? Date.now
  if (typeof clock !== 'function') throw bad('clock', 'must be a function returning milliseconds since the epoch')
  const logger = own(o, 'logger') ?? consoleLogger
  if (!isObject(logger) || typeof logger.info !== 'function' || typeof logger.warn !== 'function' || typeof logger.error !== 'function') {
    throw bad('logger', 'must have info, warn and error methods')
  }
  return {
    store,
    partition,
    tokens: tokens as unknown as CreateIamOptions['tokens'],
    guardrails: policies(own(o, 'guardrails'), 'guardrails', 'guardrail'),
    managedPolicies: policies(own(o, 'managedPolicies'), 'managedPolicies', 'managed'),
    cache: { max: positiveInteger(own(cache, 'max'), 'cache.max', 10_000), ttlSeconds: positiveNumber(own(cache, 'ttlSeconds'), 'cache.ttlSeconds', 30) },
    quotas,
    throttle: {
      maxFailures: positiveInteger(own(throttle, 'maxFailures'), 'throttle.maxFailures', 5),
      windowSeconds: positiveNumber(own(throttle, 'windowSeconds'), 'throttle.windowSeconds', 300),
      maxTrackedKeys: positiveInteger(own(throttle, 'maxTrackedKeys'), 'throttle.maxTrackedKeys', 100_000),
    },
    clock: clock as () => number,
    logger: logger as unknown as Logger,
    dangerouslyAllowLocalJwks: localJwks(own(o, 'dangerouslyAllowLocalJwks')),
  }
}

function localJwks(value: unknown): boolean {
  if (value === undefined) return false
  if (typeof value !== 'boolean') throw bad('dangerouslyAllowLocalJwks', 'must be true or false')
  return value
}

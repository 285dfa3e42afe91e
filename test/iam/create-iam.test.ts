import { describe, expect, it } from 'vitest'
import { createIam } from '../../src/iam.js'
import type { CreateIamOptions } from '../../src/iam-types.js'
import { memoryStore } from '../../src/store/memory.js'
import { allow, rejectsWith, tokenOptions } from '../identity/helpers.js'

function options(extra: Record<string, unknown>): CreateIamOptions {
  return { store: memoryStore(), tokens: tokenOptions(), ...extra } as CreateIamOptions
}

describe('createIam options', () => {
  it('starts with the documented defaults', async () => {
    const iam = await createIam(options({}))
    expect(iam.partition).toBe('app')
    expect(typeof iam.admin.createUser).toBe('function')
    expect(typeof iam.sts.assumeRole).toBe('function')
    await iam.close()
    await iam.close()
  })

  it.each([
    ['store', { store: undefined }],
    ['store', { store: { get: () => undefined } }],
    ['tokens', { tokens: undefined }],
    ['tokens.algorithm', { tokens: { ...tokenOptions(), algorithm: 'none' } }],
    ['partition', { partition: 'a:b' }],
    ['cache.max', { cache: { max: 0 } }],
    ['cache.ttlSeconds', { cache: { ttlSeconds: -1 } }],
    ['cache.maxx', { cache: { maxx: 1 } }],
    ['quotas.policyVersions', { quotas: { policyVersions: 1.5 } }],
    ['quotas.nope', { quotas: { nope: 1 } }],
    ['throttle.maxFailures', { throttle: { maxFailures: 0 } }],
    ['clock', { clock: 'now' }],
    ['logger', { logger: { info() {} } }],
    ['guardrails.Bad', { guardrails: { Bad: { Statement: [{ Effect: 'Allow' }] } } }],
    ['managedPolicies.bad name', { managedPolicies: { 'bad name': allow('s3:*') } }],
    ['dangerouslyAllowEverything', { dangerouslyAllowEverything: true }],
  ])('refuses a bad %s at start-up, naming it', async (name, extra) => {
    const error = await rejectsWith(createIam(options(extra)), 'ERR_INVALID_OPTION')
    expect(error.message).toContain(name)
  })

  it('validates catalogue policies as managed policies, with every issue', async () => {
    const error = await rejectsWith(createIam(options({ managedPolicies: { P: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }] } } })), 'ERR_INVALID_OPTION')
    expect((error.details?.['issues'] as unknown[]).length).toBeGreaterThan(0)
  })
})

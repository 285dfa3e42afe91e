import { describe, expect, it } from 'vitest'
import { resolveOptions } from '../../src/guard/options.js'
import { IamError } from '../../src/errors.js'

function refusal(options: unknown): IamError {
  try {
    resolveOptions(options as never)
  } catch (error) {
    if (error instanceof IamError) return error
    throw error
  }
  throw new Error('resolveOptions accepted the options')
}

describe('resolveOptions', () => {
  it('has safe defaults: enforce, no-store, CSRF on, access keys off', () => {
    const o = resolveOptions({})
    expect(o.reportOnly).toBe(false)
    expect(o.noStore).toBe(true)
    expect(o.csrf).toEqual({ allowedOrigins: new Set(), header: 'x-requested-with' })
    expect(o.accessKeys).toBe(false)
  })

  const bad: [string, unknown][] = [
    ['mode', { mode: 'report' }],
    ['dangerouslyReportOnly', { dangerouslyReportOnly: 'yes' }],
    ['noStore', { noStore: 'yes' }],
    ['accessKeys', { accessKeys: 1 }],
    ['principalResolver', { principalResolver: 'x' }],
    ['onDecision', { onDecision: {} }],
    ['onDenied', { onDenied: 1 }],
    ['csrf.allowedOrigins', { csrf: { allowedOrigins: ['https://a.example/path'] } }],
    ['csrf.header', { csrf: { header: 'bad header' } }],
    ['csrf.nope', { csrf: { nope: 1 } }],
    ['resourceAccount', { resourceAccount: '1:2' }],
    ['multiSegmentParams', { multiSegmentParams: 'path' }],
    ['publicRoutes', { publicRoutes: ['/health'] }],
    ['logger', { logger: { warn() {} } }],
    ['clock', { clock: 5 }],
    ['dangerouslySkip', { dangerouslySkip: true }],
    ['routes["GET /a"].action', { routes: { 'GET /a': { resource: 'arn:app:s:::x' } } }],
    ['routes["GET /a"].action', { routes: { 'GET /a': { action: 'docs:*', resource: 'arn:app:s:::x' } } }],
    ['routes["GET /a"].resource', { routes: { 'GET /a': { action: 'docs:Get', resource: 'arn:app:s:::x/{doc}' } } }],
    ['routes["GET /a"].context', { routes: { 'GET /a': { action: 'docs:Get', resource: '*', context: { 'aws:SourceIp': '1.2.3.4' } } } }],
    ['routes["GET /a"].nope', { routes: { 'GET /a': { action: 'docs:Get', resource: '*', nope: 1 } } }],
    ['routes["GET /health"]', { publicRoutes: ['GET /health'], routes: { 'GET /health': { action: 'docs:Get', resource: '*' } } }],
  ]
  for (const [name, options] of bad) {
    it(`refuses a bad ${name} at construction, naming it`, () => {
      const error = refusal(options)
      expect(error.code).toBe('ERR_INVALID_OPTION')
      expect(error.message.startsWith(name)).toBe(true)
    })
  }

  it('accepts a route-table placeholder that is a parameter, a value or {account}', () => {
    const o = resolveOptions({ routes: { 'GET /p/:project': { action: 'docs:Get', resource: 'arn:app:docs::{account}:p/{project}/{v}', values: { v: () => 'x' } } } })
    expect(o.routes.lookup('GET', '/p/:project')?.actions).toEqual(['docs:Get'])
  })
})

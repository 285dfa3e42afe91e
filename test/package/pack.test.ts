/**
 * Packaging like jose: build, `npm pack`, unpack into a scratch project and load every entry
 * point with `import` and with `require()` (Node 20.19+ loads ESM synchronously), then run publint.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../..')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>
  peerDependencies: Record<string, string>
}
let scratch: string

function node(script: string, type: 'module' | 'commonjs'): string {
  const file = join(scratch, type === 'module' ? 'probe.mjs' : 'probe.cjs')
  writeFileSync(file, script)
  return execFileSync(process.execPath, [file], { cwd: scratch, encoding: 'utf8' }).trim()
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'iam-guard-pack-'))
  // `npm pack` runs the `prepack` build first.
  const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', scratch], { cwd: root, encoding: 'utf8' }).trim().split('\n').pop() as string
  const modules = join(scratch, 'node_modules')
  mkdirSync(join(modules, 'iam-guard'), { recursive: true })
  execFileSync('tar', ['-xzf', join(scratch, tarball), '-C', join(modules, 'iam-guard'), '--strip-components=1'])
  // Dependencies and peers come from this checkout, so the probe needs no network.
  for (const name of [...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies), '@koa/router']) {
    const target = join(modules, name)
    mkdirSync(join(target, '..'), { recursive: true })
    symlinkSync(join(root, 'node_modules', name), target, 'dir')
  }
  writeFileSync(join(scratch, 'package.json'), '{"name":"probe","private":true}')
}, 120_000)

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true })
})

describe('the published package', () => {
  it('imports every entry point as ESM', () => {
    const out = node(`
      const core = await import('iam-guard')
      const express = await import('iam-guard/express')
      const koa = await import('iam-guard/koa')
      const pg = await import('iam-guard/postgres')
      console.log([typeof core.evaluate, typeof core.createIam, typeof express.iamGuard, typeof koa.iamGuard, typeof pg.postgresStore].join(','))
    `, 'module')
    expect(out).toBe('function,function,function,function,function')
  })

  it('loads with require() as Node 20.19+ allows', () => {
    const out = node(`
      const core = require('iam-guard')
      const express = require('iam-guard/express')
      console.log([typeof core.evaluate, typeof core.validatePolicy, typeof express.authorize].join(','))
    `, 'commonjs')
    expect(out).toBe('function,function,function')
  })

  it('evaluates a policy from the packed build', () => {
    const out = node(`
      import { evaluate } from 'iam-guard'
      const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'docs:Get*', Resource: '*' }] }
      const d = evaluate({ principal: 'arn:app:iam::111122223333:user/alice', action: 'docs:GetDocument', resource: 'arn:app:docs::111122223333:project/p/doc/1' }, { identityPolicies: [policy] })
      console.log(d.decision)
    `, 'module')
    expect(out).toBe('allowed')
  })

  it('ships type declarations for every entry point', () => {
    for (const entry of ['src/index.d.ts', 'adapters/express/index.d.ts', 'adapters/koa/index.d.ts', 'adapters/postgres/index.d.ts']) {
      expect(() => readFileSync(join(scratch, 'node_modules/iam-guard/dist', entry))).not.toThrow()
    }
  })

  it('ships the iam-guard command', () => {
    const out = execFileSync(process.execPath, [join(scratch, 'node_modules/iam-guard/dist/bin/iam-guard.js'), '--help'], { cwd: scratch, encoding: 'utf8' })
    expect(out).toContain('Usage: iam-guard <command>')
  })

  it('passes publint', () => {
    const out = execFileSync('npx', ['publint', '--level', 'warning', join(scratch, 'node_modules/iam-guard')], { cwd: root, encoding: 'utf8' })
    expect(out).not.toMatch(/error|warning/i)
  })
})

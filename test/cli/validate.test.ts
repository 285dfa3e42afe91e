import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cli, tempDir } from './helpers.js'

const good = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'Read', Effect: 'Allow', Action: 'docs:GetDocument', Resource: 'arn:app:docs::111122223333:project/*' }],
}
const bad = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: 'docs:GetDocument', NotAction: 'docs:Put*', Resource: '*' },
    { Effect: 'Deny', Action: 'docs:*', Resource: '*', Condition: { StringEqualz: { 'aws:username': 'bob' } } },
  ],
}

describe('iam-guard validate', () => {
  let t: Awaited<ReturnType<typeof tempDir>>
  beforeEach(async () => { t = await tempDir() })
  afterEach(async () => { await t.cleanup() })

  it('exits 0 and says valid for a valid policy', async () => {
    const file = await t.file('good.json', good)
    const run = await cli('validate', file)
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('valid')
    expect(run.stdout).not.toContain('invalid')
  })

  it('lists every issue with its JSON path and exits 1', async () => {
    const file = await t.file('bad.json', bad)
    const run = await cli('validate', file)
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('$.Statement[0]')
    expect(run.stdout).toContain('$.Statement[1].Condition.StringEqualz')
  })

  it('answers JSON with --json', async () => {
    const file = await t.file('bad.json', bad)
    const run = await cli('validate', file, '--json')
    expect(run.code).toBe(1)
    const body = JSON.parse(run.stdout)
    expect(body.valid).toBe(false)
    expect(body.files[0].issues.length).toBeGreaterThanOrEqual(2)
    expect(body.files[0].issues.map((i: { path: unknown[] }) => i.path)).toContainEqual(['Statement', 1, 'Condition', 'StringEqualz'])
  })

  it('reads YAML policies', async () => {
    const file = await t.file('good.yaml', 'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action: docs:GetDocument\n    Resource: "*"\n')
    expect((await cli('validate', file)).code).toBe(0)
  })

  it('refuses a Principal in an identity policy but accepts it with --kind resource', async () => {
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:app:iam::111122223333:root' }, Action: 'docs:GetDocument', Resource: '*' }] }
    const file = await t.file('resource.json', doc)
    expect((await cli('validate', file)).code).toBe(1)
    expect((await cli('validate', file, '--kind', 'resource')).code).toBe(0)
  })

  it('exits 2 with a clear message for a missing file', async () => {
    const run = await cli('validate', `${t.dir}/nope.json`)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('no such file')
  })

  it('exits 2 for invalid JSON without a stack trace', async () => {
    const file = await t.file('broken.json', '{"Version": "2012-10-17", "Statement": [')
    const run = await cli('validate', file)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('not valid JSON')
    expect(run.stderr).not.toMatch(/\n\s+at /)
  })

  it('exits 2 for an unknown --kind, command or option', async () => {
    const file = await t.file('good.json', good)
    expect((await cli('validate', file, '--kind', 'nonsense')).code).toBe(2)
    expect((await cli('frobnicate')).code).toBe(2)
    expect((await cli('validate', file, '--bogus')).code).toBe(2)
    expect((await cli()).code).toBe(2)
  })

  it('prints help with --help and exits 0', async () => {
    const run = await cli('--help')
    expect(run.code).toBe(0)
    for (const command of ['validate', 'lint', 'simulate', 'export', 'import', 'keys generate']) expect(run.stdout).toContain(command)
  })
})

describe('iam-guard lint', () => {
  let t: Awaited<ReturnType<typeof tempDir>>
  beforeEach(async () => { t = await tempDir() })
  afterEach(async () => { await t.cleanup() })

  it('flags Allow with NotPrincipal as a security finding and exits 1', async () => {
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotPrincipal: { AWS: 'arn:app:iam::111122223333:user/bob' }, Action: 'docs:GetDocument', Resource: '*' }] }
    const file = await t.file('np.json', doc)
    const run = await cli('lint', file, '--json')
    expect(run.code).toBe(1)
    const body = JSON.parse(run.stdout)
    expect(body.files[0].findings.length).toBeGreaterThan(0)
  })

  it('exits 0 on a clean, narrow policy', async () => {
    const file = await t.file('good.json', good)
    const run = await cli('lint', file)
    expect(run.code).toBe(0)
  })

  it('exits 2 for a missing file', async () => {
    expect((await cli('lint', `${t.dir}/missing.json`)).code).toBe(2)
  })
})

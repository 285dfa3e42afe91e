import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto'
import { readdir } from 'node:fs/promises'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cli, tempDir } from './helpers.js'

describe('iam-guard keys generate', () => {
  let t: Awaited<ReturnType<typeof tempDir>>
  beforeEach(async () => { t = await tempDir() })
  afterEach(async () => { await t.cleanup() })

  it('prints a matching ES256 key pair and kid as JSON', async () => {
    const run = await cli('keys', 'generate', '--json')
    expect(run.code).toBe(0)
    const keys = JSON.parse(run.stdout)
    expect(keys.algorithm).toBe('ES256')
    expect(keys.kid).toMatch(/^[\w-]{16}$/)
    const signature = sign('sha256', Buffer.from('x'), createPrivateKey(keys.privateKey))
    expect(verify('sha256', Buffer.from('x'), createPublicKey(keys.publicKey), signature)).toBe(true)
  })

  it('writes the keys into --out-dir', async () => {
    const run = await cli('keys', 'generate', '--alg', 'RS256', '--out-dir', t.dir)
    expect(run.code).toBe(0)
    const files = await readdir(t.dir)
    expect(files.filter((f) => f.endsWith('.private.pem'))).toHaveLength(1)
    expect(files.filter((f) => f.endsWith('.public.pem'))).toHaveLength(1)
  })

  it('refuses an unknown algorithm with exit 2', async () => {
    const run = await cli('keys', 'generate', '--alg', 'none')
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('--alg')
  })

  it('refuses a missing subcommand with exit 2', async () => {
    expect((await cli('keys')).code).toBe(2)
  })
})

/**
 * Issue 14: what `iam-guard keys generate` writes is what `createIam({ tokens })` takes. The
 * region below is the README's "Signing keys" snippet.
 */
// #region keys-wiring
// The key pair of `npx iam-guard keys generate --alg ES256 --out-dir ./keys`, which prints the kid.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createIam, memoryStore, type Iam } from '../../src/index.js'

export async function iamWithKeys(dir: string, kid: string): Promise<Iam> {
  return createIam({
    store: memoryStore(),
    tokens: {
      algorithm: 'ES256',
      kid, // the files are <kid>.private.pem (mode 0600: keep it secret) and <kid>.public.pem
      privateKey: readFileSync(join(dir, `${kid}.private.pem`), 'utf8'),
      publicKey: readFileSync(join(dir, `${kid}.public.pem`), 'utf8'),
      issuer: 'https://api.example.com',
    },
  })
}
// #endregion

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cli, tempDir } from './helpers.js'

const ACCOUNT = '111122223333'

async function signInWorks(iam: Iam, kid: string): Promise<void> {
  await iam.admin.createAccount({ account: ACCOUNT })
  await iam.admin.createUser({ account: ACCOUNT, userName: 'alice' })
  await iam.admin.createLoginProfile({ account: ACCOUNT, userName: 'alice', password: 'correct horse battery staple 1!' })
  const { credentials } = await iam.sts.login({ account: ACCOUNT, userName: 'alice', password: 'correct horse battery staple 1!' })
  expect(JSON.parse(Buffer.from(credentials.sessionToken.split('.')[0]!, 'base64url').toString())).toMatchObject({ kid })
  expect(iam.sts.verifySessionToken(credentials.sessionToken).arn).toBe(`arn:app:iam::${ACCOUNT}:user/alice`)
  expect(iam.sts.jwks().keys.map((k) => k.kid)).toEqual([kid])
}

describe('keys generate → createIam({ tokens })', () => {
  let t: Awaited<ReturnType<typeof tempDir>>
  beforeEach(async () => { t = await tempDir() })
  afterEach(async () => { await t.cleanup() })

  it('takes the files written by --out-dir, named by the kid it prints', async () => {
    const run = await cli('keys', 'generate', '--alg', 'ES256', '--out-dir', t.dir)
    expect(run.code).toBe(0)
    const kid = /kid: (\S+)/.exec(run.stdout)![1]!
    const iam = await iamWithKeys(t.dir, kid)
    await signInWorks(iam, kid)
    await iam.close()
  })

  it.each(['ES256', 'ES384', 'RS256', 'PS256'])('takes the --json output as it is, for %s', async (alg) => {
    const run = await cli('keys', 'generate', '--alg', alg, '--json')
    const keys = JSON.parse(run.stdout) as { algorithm: 'ES256'; kid: string; privateKey: string; publicKey: string }
    const iam = await createIam({ store: memoryStore(), tokens: { ...keys, issuer: 'https://api.example.com' } })
    await signInWorks(iam, keys.kid)
    await iam.close()
  })
})

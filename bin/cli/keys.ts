import { createHash, generateKeyPairSync } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { CliInputError } from './files.js'
import type { Out } from './output.js'

const KEY_TYPES = {
  ES256: () => generateKeyPairSync('ec', { namedCurve: 'P-256' }),
  ES384: () => generateKeyPairSync('ec', { namedCurve: 'P-384' }),
  RS256: () => generateKeyPairSync('rsa', { modulusLength: 3072 }),
  PS256: () => generateKeyPairSync('rsa', { modulusLength: 3072 }),
} as const

export type KeyAlgorithm = keyof typeof KEY_TYPES

export function generateSigningKeys(algorithm: string): { algorithm: KeyAlgorithm; kid: string; privateKey: string; publicKey: string } {
  if (!Object.hasOwn(KEY_TYPES, algorithm)) {
    throw new CliInputError(`--alg must be one of ${Object.keys(KEY_TYPES).join(', ')}`)
  }
  const alg = algorithm as KeyAlgorithm
  const pair = KEY_TYPES[alg]()
  const publicKey = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString()
  const privateKey = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
  // RFC 7638-style: the kid is a digest of the public key, so rotating keys never reuses one.
  const kid = createHash('sha256').update(pair.publicKey.export({ type: 'spki', format: 'der' })).digest('base64url').slice(0, 16)
  return { algorithm: alg, kid, privateKey, publicKey }
}

export async function keysGenerate(out: Out, options: { alg: string; outDir: string | undefined }): Promise<number> {
  const keys = generateSigningKeys(options.alg)
  if (options.outDir !== undefined) {
    await mkdir(options.outDir, { recursive: true })
    const privatePath = join(options.outDir, `${keys.kid}.private.pem`)
    const publicPath = join(options.outDir, `${keys.kid}.public.pem`)
    await writeFile(privatePath, keys.privateKey, { mode: 0o600, flag: 'wx' })
    await writeFile(publicPath, keys.publicKey, { flag: 'wx' })
    if (out.json) out.write(JSON.stringify({ algorithm: keys.algorithm, kid: keys.kid, privateKeyPath: privatePath, publicKeyPath: publicPath }))
    else out.write(`Wrote ${privatePath} (keep secret) and ${publicPath}\nalgorithm: ${keys.algorithm}\nkid: ${keys.kid}`)
    return 0
  }
  if (out.json) out.write(JSON.stringify(keys))
  else out.write(`# algorithm: ${keys.algorithm}\n# kid: ${keys.kid}\n${keys.privateKey}${keys.publicKey}`)
  return 0
}

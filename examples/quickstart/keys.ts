/**
 * Where the quick-start apps get their secrets. In production, load a signing key pair made with
 * `npx iam-guard keys generate` and a session secret from your secret store; here they are made
 * fresh at start so that the examples run with nothing set up.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto'

const fromEnv = process.env.IAM_PRIVATE_KEY_PEM !== undefined && process.env.IAM_PUBLIC_KEY_PEM !== undefined
const pair = fromEnv
  ? { privateKey: createPrivateKey(process.env.IAM_PRIVATE_KEY_PEM as string), publicKey: createPublicKey(process.env.IAM_PUBLIC_KEY_PEM as string) }
  : generateKeyPairSync('ec', { namedCurve: 'P-256' })

export const privateKey = pair.privateKey
export const publicKey = pair.publicKey
export const secret = process.env.SESSION_SECRET ?? randomBytes(32).toString('hex')

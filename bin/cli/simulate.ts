import { generateKeyPairSync } from 'node:crypto'
import { createIam } from '../../src/iam.js'
import type { ContextValue } from '../../src/evaluate/types.js'
import { CliInputError } from './files.js'
import { paint, type Out } from './output.js'
import { openStore } from './store.js'

/** `k=v` pairs; a key given twice becomes a multivalued key. Keys are data, kept in a Map. */
export function parseContext(pairs: readonly string[]): Map<string, ContextValue> {
  const context = new Map<string, ContextValue>()
  for (const pair of pairs) {
    const at = pair.indexOf('=')
    if (at <= 0) throw new CliInputError(`--context expects key=value, got "${pair}"`)
    const key = pair.slice(0, at)
    const value = pair.slice(at + 1)
    const previous = context.get(key)
    if (previous === undefined) context.set(key, value)
    else context.set(key, Array.isArray(previous) ? [...previous, value] : [previous as string, value])
  }
  return context
}

export interface SimulateArgs {
  store: string
  principal: string
  actions: string[]
  resources: string[]
  context: string[]
  partition: string
  schema?: string
  /** `--mfa`: the caller authenticated with MFA just now. */
  mfa?: boolean
  /** `--external-id`: the sts:ExternalId of an AssumeRole call. */
  externalId?: string
  /** `--source-identity`: the sts:SourceIdentity of an AssumeRole call. */
  sourceIdentity?: string
}

/** Exit 0 when every action is allowed on every resource, 1 when any is denied. */
export async function simulateCommand(out: Out, args: SimulateArgs): Promise<number> {
  if (args.actions.length === 0) throw new CliInputError('simulate needs at least one --action')
  const context = Object.fromEntries(parseContext(args.context)) as Record<string, ContextValue>
  const store = await openStore(args.store, { schema: args.schema })
  // Simulation issues no tokens; an ephemeral key satisfies createIam's no-insecure-default rule.
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const iam = await createIam({
    store,
    partition: args.partition,
    tokens: { algorithm: 'ES256', privateKey, publicKey, issuer: 'iam-guard-cli' },
  })
  try {
    const results = await iam.simulate({
      principal: args.principal,
      actions: args.actions,
      resources: args.resources.length > 0 ? args.resources : ['*'],
      context,
      ...(args.mfa === undefined ? {} : { mfa: args.mfa }),
      ...(args.externalId === undefined ? {} : { externalId: args.externalId }),
      ...(args.sourceIdentity === undefined ? {} : { sourceIdentity: args.sourceIdentity }),
    })
    if (out.json) out.write(JSON.stringify({ principal: args.principal, results }))
    else {
      for (const r of results) {
        const verdict = r.decision === 'allowed' ? paint(out, 'green', 'allowed') : paint(out, 'red', r.decision)
        out.write(`${verdict}  ${r.action} on ${r.resource}\n  ${r.reason}`)
        if (r.trustPolicyOf !== undefined) out.write(`  ${paint(out, 'dim', `decided with the trust policy of ${r.trustPolicyOf}`)}`)
        for (const m of r.matched) out.write(`  ${paint(out, 'dim', `${m.effect} by ${m.policyType} policy ${m.policyId}${m.sid ? ` (Sid ${m.sid})` : ''} statement ${m.statementIndex}`)}`)
        if (r.missingContextKeys.length > 0) out.write(`  missing context keys: ${r.missingContextKeys.join(', ')}`)
      }
    }
    return results.every((r) => r.decision === 'allowed') ? 0 : 1
  } finally {
    await iam.close()
  }
}

/**
 * The store document: the human-writable JSON/YAML form of a whole store, used by the file
 * store, `iam.admin.exportDocument()`/`importDocument()` and the CLI.
 *
 * ```yaml
 * version: 1
 * partition: app                       # must match createIam's partition
 * accounts:
 *   '111122223333':
 *     alias: acme
 *     tags: { tier: gold }
 *     guardrails: { NoDeletes: { Version: '2012-10-17', Statement: [...] } }
 *     users:
 *       alice:
 *         path: /engineering/
 *         tags: { team: red }
 *         groups: [developers]
 *         policies: { OwnDocs: {...} }            # inline
 *         attachedPolicies: ['arn:app:iam::111122223333:policy/DocsRead', 'arn:app:iam::app:policy/DocsReadOnly']
 *         permissionsBoundary: arn:app:iam::111122223333:policy/Boundary
 *         password: demo-only-plain-text        # or passwordHash: scrypt$…
 *         mfaDevices: [{ serialNumber: 'arn:app:iam::111122223333:mfa/alice', secret: BASE32 }]
 *         accessKeys: [{ accessKeyId: AKIA…, secretHash: scrypt$… }]
 *     groups: { developers: { attachedPolicies: [...], policies: {...} } }
 *     roles: { Admin: { assumeRolePolicyDocument: {...}, maxSessionDuration: 3600, attachedPolicies: [...] } }
 *     policies: { DocsRead: { path: /, document: {...} } }   # or versions: [{ versionId, document, isDefaultVersion }]
 *     resourcePolicies: { 'arn:app:docs::111122223333:project/p1/*': {...} }
 *     oidcProviders: { 'https://issuer.example.com': { clientIdList: [app], jwksUri: 'https://…' } }
 * serviceIdentities: { worker.app: { publicKey: '-----BEGIN PUBLIC KEY-----…' } }
 * ```
 *
 * Decoding validates every field and every policy with its kind and reports every issue with its
 * path. Unique ids that are not given are derived from the entity's account and name, so a file
 * yields the same ids on every start. A trust or resource policy may only name users and roles
 * the document holds (see `admin/principal-refs.ts`: a name must never reach a later namesake).
 */
import { isServicePrincipalName, parsePrincipalArn } from '../principal-arn.js'
import type { RawPrincipal } from '../policy/types.js'
import type { StoreCodec, StoreSnapshotRecord } from '../store/types.js'
import { CATALOGUE_ACCOUNT, isAccount } from './arn.js'
import { checkResourceArn } from './admin/resource-policies.js'
import { decodeAccount, type DecodeState } from './document/decode-account.js'
import { encodeDocument } from './document/encode.js'
import { EPOCH, Issues, get, isObj, objAt, onlyKeys, type DocIssue } from './document/read.js'

export type { DocIssue }

export type DecodeResult = { ok: true; records: StoreSnapshotRecord[] } | { ok: false; issues: DocIssue[] }

function resourceArnProblem(arn: string, account: string): string | undefined {
  try {
    checkResourceArn(arn, account)
    return undefined
  } catch (error) {
    return error instanceof Error ? error.message : 'is not a valid resource ARN'
  }
}

function awsPrincipals(p: RawPrincipal | undefined): string[] {
  if (p === undefined || p === '*' || !Object.hasOwn(p, 'AWS')) return []
  const v = p['AWS']!
  return Array.isArray(v) ? v : [v]
}

function checkPrincipals(s: DecodeState): void {
  for (const { doc, path } of s.principalDocs) {
    const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]
    statements.forEach((st, i) => {
      for (const element of ['Principal', 'NotPrincipal'] as const) {
        for (const value of awsPrincipals(st[element])) {
          const p = parsePrincipalArn(value)
          if (p === undefined || p.partition !== s.partition || (p.kind !== 'user' && p.kind !== 'role')) continue
          if (!s.principals.has(value)) s.issues.add([...path, 'Statement', i, element, 'AWS'], `names ${value}, which is not a ${p.kind} of this document (a principal must exist, as AWS requires)`)
        }
      }
    })
  }
}

export function decodeDocument(document: unknown): DecodeResult {
  const issues = new Issues()
  if (!isObj(document)) return { ok: false, issues: [{ path: [], message: 'The store document must be an object' }] }
  onlyKeys(document, ['version', 'partition', 'accounts', 'serviceIdentities', 'revokedTokens'], [], issues)
  if (get(document, 'version') !== 1) issues.add(['version'], 'must be 1')
  const partition = get(document, 'partition') ?? 'app'
  if (typeof partition !== 'string' || !/^[A-Za-z0-9-]{1,64}$/.test(partition)) issues.add(['partition'], 'must be 1 to 64 of [A-Za-z0-9-]')
  const s: DecodeState = {
    partition: typeof partition === 'string' ? partition : 'app', issues, records: [], principalDocs: [], principals: new Set(), accessKeyIds: new Set(),
  }
  const accounts = objAt(document, 'accounts', [], issues) ?? {}
  for (const account of Object.keys(accounts)) {
    const path = ['accounts', account]
    if (!isAccount(account) || account === CATALOGUE_ACCOUNT) issues.add(path, `is not a valid account id (1 to 64 of [A-Za-z0-9_-], not "${CATALOGUE_ACCOUNT}")`)
    const a = accounts[account]
    if (!isObj(a)) {
      issues.add(path, 'must be an object')
      continue
    }
    decodeAccount(account, a, path, s, resourceArnProblem)
  }
  checkPrincipals(s)
  const services = objAt(document, 'serviceIdentities', [], issues) ?? {}
  for (const service of Object.keys(services)) {
    const path = ['serviceIdentities', service]
    const e = services[service]
    if (!isServicePrincipalName(service)) issues.add(path, 'is not a service name such as worker.app')
    const publicKey = isObj(e) ? get(e, 'publicKey') : undefined
    if (typeof publicKey !== 'string' || !publicKey.includes('PUBLIC KEY')) {
      issues.add(path, 'must be { publicKey: PEM }')
      continue
    }
    const createDate = isObj(e) && typeof get(e, 'createDate') === 'string' ? (get(e, 'createDate') as string) : EPOCH
    s.records.push({ kind: 'serviceIdentity', account: '', id: service, data: { service, publicKey, createDate } })
  }
  const revoked = objAt(document, 'revokedTokens', [], issues) ?? {}
  for (const jti of Object.keys(revoked)) {
    const expiresAt = revoked[jti]
    if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt) || jti.length === 0 || jti.length > 256) {
      issues.add(['revokedTokens', jti], 'must map a token id to its expiry (epoch seconds)')
      continue
    }
    s.records.push({ kind: 'revokedToken', account: '', id: jti, data: { jti, expiresAt } })
  }
  if (issues.list.length > 0) return { ok: false, issues: issues.list }
  return { ok: true, records: s.records }
}

/** The file store's and the export's codec. */
export const defaultCodec: StoreCodec = {
  decode: decodeDocument,
  encode: (records) => encodeDocument(records),
}


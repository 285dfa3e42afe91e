/** Records → the human-writable store document (the inverse of decoding; empty fields are left out). */
import type { StoreSnapshotRecord } from '../../store/types.js'
import { parseIamArn } from '../arn.js'
import type { AccessKeyData, AccountData, GroupData, ManagedPolicyData, OidcProviderData, ResourcePolicyData, RevokedTokenData, RoleData, ServiceIdentityData, Tag, UserData } from '../model.js'

type Doc = Record<string, unknown>

function tagMap(tags: readonly Tag[]): Record<string, string> | undefined {
  return tags.length === 0 ? undefined : Object.fromEntries(tags.map((t) => [t.key, t.value]))
}

/** Drops undefined fields, empty lists and empty maps. */
function compact(o: Doc): Doc {
  const out: Doc = {}
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined) continue
    if (Array.isArray(v) && v.length === 0) continue
    if (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0) continue
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true })
  }
  return out
}

function section(account: Doc, name: string): Doc {
  if (!Object.hasOwn(account, name)) Object.defineProperty(account, name, { value: Object.create(null), enumerable: true, writable: true, configurable: true })
  return account[name] as Doc
}

function set(target: Doc, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

export function encodeDocument(records: readonly StoreSnapshotRecord[]): Doc {
  const accounts: Doc = Object.create(null)
  const serviceIdentities: Doc = Object.create(null)
  const revokedTokens: Doc = Object.create(null)
  const keysByUser = new Map<string, Doc[]>()
  let partition: string | undefined
  const accountDoc = (id: string): Doc => {
    if (!Object.hasOwn(accounts, id)) set(accounts, id, Object.create(null))
    return accounts[id] as Doc
  }
  for (const r of records) {
    if (r.kind === 'accessKey') {
      const k = r.data as AccessKeyData
      const owner = `${k.account}\u0000${k.userName}`
      keysByUser.set(owner, [...(keysByUser.get(owner) ?? []), { accessKeyId: k.accessKeyId, secretHash: k.secretHash, status: k.status, createDate: k.createDate }])
    }
  }
  for (const r of records) {
    const arn = (r.data as { arn?: unknown }).arn
    if (partition === undefined && typeof arn === 'string') partition = parseIamArn(arn)?.partition ?? arn.split(':')[1]
    switch (r.kind) {
      case 'account': {
        const a = r.data as AccountData
        const doc = accountDoc(r.account)
        for (const [k, v] of Object.entries(compact({ alias: a.alias, tags: tagMap(a.tags), guardrails: a.guardrails, createDate: a.createDate }))) set(doc, k, v)
        break
      }
      case 'user': {
        const u = r.data as UserData
        set(section(accountDoc(r.account), 'users'), r.id, compact({
          userId: u.userId, path: u.path, createDate: u.createDate, tags: tagMap(u.tags), groups: u.groups, policies: u.inlinePolicies,
          attachedPolicies: u.attachedPolicies, permissionsBoundary: u.permissionsBoundary,
          passwordHash: u.loginProfile?.passwordHash, passwordResetRequired: u.loginProfile?.passwordResetRequired || undefined,
          mfaDevices: u.mfaDevices, accessKeys: keysByUser.get(`${r.account}\u0000${r.id}`),
        }))
        break
      }
      case 'group': {
        const g = r.data as GroupData
        set(section(accountDoc(r.account), 'groups'), r.id, compact({ groupId: g.groupId, path: g.path, createDate: g.createDate, policies: g.inlinePolicies, attachedPolicies: g.attachedPolicies }))
        break
      }
      case 'role': {
        const x = r.data as RoleData
        set(section(accountDoc(r.account), 'roles'), r.id, compact({
          roleId: x.roleId, path: x.path, createDate: x.createDate, description: x.description, maxSessionDuration: x.maxSessionDuration,
          assumeRolePolicyDocument: x.assumeRolePolicyDocument, tags: tagMap(x.tags), policies: x.inlinePolicies,
          attachedPolicies: x.attachedPolicies, permissionsBoundary: x.permissionsBoundary,
        }))
        break
      }
      case 'policy': {
        const p = r.data as ManagedPolicyData
        set(section(accountDoc(r.account), 'policies'), r.id, compact({
          policyId: p.policyId, path: p.path, description: p.description, createDate: p.createDate, updateDate: p.updateDate,
          versions: p.versions, nextVersion: p.nextVersion,
        }))
        break
      }
      case 'resourcePolicy':
        set(section(accountDoc(r.account), 'resourcePolicies'), r.id, (r.data as ResourcePolicyData).policyDocument)
        break
      case 'oidcProvider': {
        const o = r.data as OidcProviderData
        set(section(accountDoc(r.account), 'oidcProviders'), o.url, compact({ clientIdList: o.clientIdList, jwks: o.jwks, jwksUri: o.jwksUri, tags: tagMap(o.tags), createDate: o.createDate }))
        break
      }
      case 'serviceIdentity': {
        const si = r.data as ServiceIdentityData
        set(serviceIdentities, r.id, { publicKey: si.publicKey, createDate: si.createDate })
        break
      }
      case 'revokedToken':
        set(revokedTokens, r.id, (r.data as RevokedTokenData).expiresAt)
        break
      default:
        break
    }
  }
  // Plain objects for the output (JSON.stringify and YAML both handle them; keys stay data).
  return JSON.parse(JSON.stringify(compact({ version: 1, partition: partition ?? 'app', accounts, serviceIdentities, revokedTokens }))) as Doc
}

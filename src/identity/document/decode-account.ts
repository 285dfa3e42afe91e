/** Decodes one account of the store document into records, reporting every issue with its path. */
import type { PolicyDocument } from '../../policy/types.js'
import type { StoreSnapshotRecord } from '../../store/types.js'
import { CATALOGUE_ACCOUNT, iamArn, isName, isPath, oidcProviderArn, parseIamArn } from '../arn.js'
import type { AccessKeyData, AccountData, GroupData, ManagedPolicyData, MfaDevice, OidcProviderData, PolicyVersionData, ResourcePolicyData, RoleData, UserData } from '../model.js'
import { EPOCH, derivedId, get, hashDemoSecret, isIsoDate, isObj, objAt, onlyKeys, policyAt, policyMap, str, strList, tagsAt, type Issues, type Obj, type Path } from './read.js'

export interface DecodeState {
  partition: string
  issues: Issues
  records: StoreSnapshotRecord[]
  /** Trust and resource policies, checked once every user and role is known. */
  principalDocs: { doc: PolicyDocument; path: Path }[]
  /** Every user and role ARN in the document. */
  principals: Set<string>
  accessKeyIds: Set<string>
}

const isPolicyName = (n: string): boolean => isName(n, 128)
const date = (o: Obj, key: string, path: Path, issues: Issues): string => str(o, key, path, issues, isIsoDate, 'an ISO 8601 date') ?? EPOCH

function attachments(o: Obj, path: Path, s: DecodeState, account: string, policies: ReadonlySet<string>): string[] {
  const ok = (arn: string): boolean => {
    const p = parseIamArn(arn)
    if (p === undefined || p.type !== 'policy' || p.partition !== s.partition) return false
    return p.account === CATALOGUE_ACCOUNT || (p.account === account && policies.has(arn))
  }
  return strList(o, 'attachedPolicies', path, s.issues, ok, `the ARN of a policy of account ${account} or of the app catalogue`)
}

function boundary(o: Obj, path: Path, s: DecodeState, account: string, policies: ReadonlySet<string>): { permissionsBoundary?: string } {
  const arn = str(o, 'permissionsBoundary', path, s.issues, (v) => {
    const p = parseIamArn(v)
    return p !== undefined && p.type === 'policy' && p.partition === s.partition && (p.account === CATALOGUE_ACCOUNT || (p.account === account && policies.has(v)))
  }, `the ARN of a policy of account ${account} or of the app catalogue`)
  return arn === undefined ? {} : { permissionsBoundary: arn }
}

function pathOf(o: Obj, p: Path, s: DecodeState): string {
  return str(o, 'path', p, s.issues, isPath, 'a path such as / or /team/') ?? '/'
}

function decodePolicies(m: Obj, account: string, path: Path, s: DecodeState): Set<string> {
  const arns = new Set<string>()
  for (const name of Object.keys(m)) {
    const p = [...path, name]
    const e = m[name]
    if (!isPolicyName(name)) s.issues.add(p, 'is not a valid policy name')
    if (!isObj(e)) {
      s.issues.add(p, 'must be an object with a document (or versions)')
      continue
    }
    onlyKeys(e, ['policyId', 'path', 'description', 'createDate', 'updateDate', 'document', 'versions', 'defaultVersionId', 'nextVersion'], p, s.issues)
    const policyPath = pathOf(e, p, s)
    const arn = iamArn(s.partition, account, 'policy', policyPath, name)
    arns.add(arn)
    let versions: PolicyVersionData[] = []
    const single = get(e, 'document')
    const list = get(e, 'versions')
    if ((single === undefined) === (list === undefined)) s.issues.add(p, 'give either document or versions')
    else if (single !== undefined) {
      const doc = policyAt(single, 'managed', [...p, 'document'], s.issues)
      if (doc) versions = [{ versionId: 'v1', document: doc, isDefaultVersion: true, createDate: date(e, 'createDate', p, s.issues) }]
    } else if (!Array.isArray(list) || list.length === 0 || list.length > 5) {
      s.issues.add([...p, 'versions'], 'must be a list of 1 to 5 versions')
    } else {
      list.forEach((v: unknown, i) => {
        const vp = [...p, 'versions', i]
        if (!isObj(v)) return s.issues.add(vp, 'must be { versionId, document, isDefaultVersion }')
        onlyKeys(v, ['versionId', 'document', 'isDefaultVersion', 'createDate'], vp, s.issues)
        const versionId = str(v, 'versionId', vp, s.issues, (x) => /^v[1-9][0-9]{0,8}$/.test(x), 'a version id such as v1')
        const doc = policyAt(get(v, 'document'), 'managed', [...vp, 'document'], s.issues)
        if (versionId && doc) versions.push({ versionId, document: doc, isDefaultVersion: get(v, 'isDefaultVersion') === true, createDate: date(v, 'createDate', vp, s.issues) })
      })
      if (versions.filter((v) => v.isDefaultVersion).length !== 1) s.issues.add([...p, 'versions'], 'exactly one version must have isDefaultVersion: true')
      if (new Set(versions.map((v) => v.versionId)).size !== versions.length) s.issues.add([...p, 'versions'], 'version ids must be unique')
    }
    const def = versions.find((v) => v.isDefaultVersion)
    if (def === undefined) continue
    const highest = Math.max(...versions.map((v) => Number(v.versionId.slice(1))))
    const next = get(e, 'nextVersion')
    const data: ManagedPolicyData = {
      policyName: name, policyId: str(e, 'policyId', p, s.issues) ?? derivedId('ANPA', 'policy', account, name), path: policyPath, arn,
      defaultVersionId: def.versionId, versions,
      nextVersion: typeof next === 'number' && Number.isInteger(next) && next > highest ? next : highest + 1,
      createDate: date(e, 'createDate', p, s.issues), updateDate: date(e, 'updateDate', p, s.issues),
      ...(typeof get(e, 'description') === 'string' ? { description: get(e, 'description') as string } : {}),
    }
    s.records.push({ kind: 'policy', account, id: name, data })
  }
  return arns
}

function decodeUser(name: string, e: Obj, account: string, p: Path, s: DecodeState, groups: ReadonlySet<string>, policies: ReadonlySet<string>, serials: Set<string>): void {
  onlyKeys(e, ['userId', 'path', 'createDate', 'tags', 'groups', 'policies', 'attachedPolicies', 'permissionsBoundary', 'password', 'passwordHash', 'passwordResetRequired', 'mfaDevices', 'accessKeys'], p, s.issues)
  const path = pathOf(e, p, s)
  const userId = str(e, 'userId', p, s.issues, (v) => /^AIDA[A-Z0-9]{1,124}$/.test(v), 'an id such as AIDA…') ?? derivedId('AIDA', 'user', account, name)
  const memberOf = strList(e, 'groups', p, s.issues, (g) => groups.has(g), `a group of account ${account}`)
  const password = str(e, 'password', p, s.issues, (v) => v.length >= 8 && v.length <= 128, 'a password of 8 to 128 characters')
  const passwordHash = str(e, 'passwordHash', p, s.issues, (v) => v.startsWith('scrypt$'), 'a scrypt hash (scrypt$N$r$p$salt$hash)')
  if (password !== undefined && passwordHash !== undefined) s.issues.add(p, 'give password or passwordHash, not both')
  const hash = passwordHash ?? (password === undefined ? undefined : hashDemoSecret(password, 'password', account, name))
  const mfaDevices: MfaDevice[] = []
  const devices = get(e, 'mfaDevices')
  if (devices !== undefined && !Array.isArray(devices)) s.issues.add([...p, 'mfaDevices'], 'must be a list')
  for (const [i, d] of (Array.isArray(devices) ? devices : []).entries()) {
    const dp = [...p, 'mfaDevices', i]
    if (!isObj(d)) { s.issues.add(dp, 'must be { serialNumber, secret }'); continue }
    onlyKeys(d, ['serialNumber', 'secret', 'enableDate', 'lastUsedStep'], dp, s.issues)
    const serial = str(d, 'serialNumber', dp, s.issues, (v) => { const a = parseIamArn(v, 226); return a?.type === 'mfa' && a.account === account }, `an MFA device ARN of account ${account}`)
    const secret = str(d, 'secret', dp, s.issues, (v) => /^[A-Z2-7]{16,128}=*$/.test(v), 'a base32 TOTP secret')
    if (serial !== undefined && serials.has(serial)) s.issues.add(dp, 'this MFA device is already used by another user')
    const step = get(d, 'lastUsedStep')
    if (serial !== undefined && secret !== undefined) {
      serials.add(serial)
      mfaDevices.push({ serialNumber: serial, secret, enableDate: date(d, 'enableDate', dp, s.issues), ...(typeof step === 'number' && Number.isInteger(step) ? { lastUsedStep: step } : {}) })
    }
  }
  const data: UserData = {
    userName: name, userId, path, arn: iamArn(s.partition, account, 'user', path, name), createDate: date(e, 'createDate', p, s.issues),
    tags: tagsAt(e, 'tags', p, s.issues), attachedPolicies: attachments(e, p, s, account, policies),
    inlinePolicies: policyMap(e, 'policies', 'inlineUser', p, s.issues, isPolicyName), groups: memberOf, mfaDevices,
    ...boundary(e, p, s, account, policies),
    ...(hash === undefined ? {} : { loginProfile: { passwordHash: hash, passwordResetRequired: get(e, 'passwordResetRequired') === true, createDate: date(e, 'createDate', p, s.issues) } }),
  }
  s.principals.add(data.arn)
  s.records.push({ kind: 'user', account, id: name, data })
  const keys = get(e, 'accessKeys')
  if (keys !== undefined && !Array.isArray(keys)) s.issues.add([...p, 'accessKeys'], 'must be a list')
  for (const [i, k] of (Array.isArray(keys) ? keys : []).entries()) {
    const kp = [...p, 'accessKeys', i]
    if (!isObj(k)) { s.issues.add(kp, 'must be { accessKeyId, secretHash }'); continue }
    onlyKeys(k, ['accessKeyId', 'secretHash', 'secretAccessKey', 'status', 'createDate'], kp, s.issues)
    const id = str(k, 'accessKeyId', kp, s.issues, (v) => /^[A-Z0-9]{16,128}$/.test(v), 'an access key id (16 to 128 upper-case letters or digits)')
    const plain = str(k, 'secretAccessKey', kp, s.issues, (v) => v.length >= 16 && v.length <= 128, 'a secret of 16 to 128 characters')
    const secretHash = str(k, 'secretHash', kp, s.issues, (v) => v.startsWith('scrypt$'), 'a scrypt hash') ?? (plain === undefined || id === undefined ? undefined : hashDemoSecret(plain, 'accessKey', id))
    const status = get(k, 'status') ?? 'Active'
    if (status !== 'Active' && status !== 'Inactive') s.issues.add([...kp, 'status'], 'must be Active or Inactive')
    if (id === undefined || secretHash === undefined) { if (id !== undefined) s.issues.add(kp, 'needs secretHash (or a demo secretAccessKey)'); continue }
    if (s.accessKeyIds.has(id)) s.issues.add([...kp, 'accessKeyId'], 'is used twice in the document')
    s.accessKeyIds.add(id)
    const key: AccessKeyData = { accessKeyId: id, account, userName: name, userId, secretHash, status: status === 'Inactive' ? 'Inactive' : 'Active', createDate: date(k, 'createDate', kp, s.issues) }
    s.records.push({ kind: 'accessKey', account: '', id, data: key })
  }
}

function decodeRole(name: string, e: Obj, account: string, p: Path, s: DecodeState, policies: ReadonlySet<string>): void {
  onlyKeys(e, ['roleId', 'path', 'createDate', 'description', 'maxSessionDuration', 'assumeRolePolicyDocument', 'tags', 'policies', 'attachedPolicies', 'permissionsBoundary'], p, s.issues)
  const path = pathOf(e, p, s)
  const trust = policyAt(get(e, 'assumeRolePolicyDocument'), 'trust', [...p, 'assumeRolePolicyDocument'], s.issues)
  const max = get(e, 'maxSessionDuration') ?? 3600
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 3600 || max > 43200) s.issues.add([...p, 'maxSessionDuration'], 'must be an integer from 3600 to 43200 (seconds)')
  const description = str(e, 'description', p, s.issues, (v) => v.length <= 1000, 'at most 1,000 characters')
  if (trust === undefined) return
  const data: RoleData = {
    roleName: name, roleId: str(e, 'roleId', p, s.issues, (v) => /^AROA[A-Z0-9]{1,124}$/.test(v), 'an id such as AROA…') ?? derivedId('AROA', 'role', account, name),
    path, arn: iamArn(s.partition, account, 'role', path, name), createDate: date(e, 'createDate', p, s.issues),
    maxSessionDuration: typeof max === 'number' ? max : 3600, assumeRolePolicyDocument: trust, tags: tagsAt(e, 'tags', p, s.issues),
    attachedPolicies: attachments(e, p, s, account, policies), inlinePolicies: policyMap(e, 'policies', 'inlineRole', p, s.issues, isPolicyName),
    ...boundary(e, p, s, account, policies), ...(description === undefined ? {} : { description }),
  }
  s.principals.add(data.arn)
  s.principalDocs.push({ doc: trust, path: [...p, 'assumeRolePolicyDocument'] })
  s.records.push({ kind: 'role', account, id: name, data })
}

export function decodeAccount(account: string, a: Obj, path: Path, s: DecodeState, checkResourceArn: (arn: string, account: string) => string | undefined): void {
  onlyKeys(a, ['alias', 'tags', 'guardrails', 'createDate', 'users', 'groups', 'roles', 'policies', 'resourcePolicies', 'oidcProviders'], path, s.issues)
  const data: AccountData = {
    accountId: account, tags: tagsAt(a, 'tags', path, s.issues), guardrails: policyMap(a, 'guardrails', 'guardrail', path, s.issues, isPolicyName),
    createDate: date(a, 'createDate', path, s.issues),
  }
  const alias = str(a, 'alias', path, s.issues, (v) => v.length >= 3 && v.length <= 63, 'an alias of 3 to 63 characters')
  if (alias !== undefined) data.alias = alias
  s.records.push({ kind: 'account', account, id: account, data })

  const policies = decodePolicies(objAt(a, 'policies', path, s.issues) ?? {}, account, [...path, 'policies'], s)
  const groups = objAt(a, 'groups', path, s.issues) ?? {}
  for (const name of Object.keys(groups)) {
    const p = [...path, 'groups', name]
    const e = groups[name]
    if (!isName(name, 128)) s.issues.add(p, 'is not a valid group name')
    if (!isObj(e)) { s.issues.add(p, 'must be an object'); continue }
    onlyKeys(e, ['groupId', 'path', 'createDate', 'policies', 'attachedPolicies'], p, s.issues)
    const gp = pathOf(e, p, s)
    const data: GroupData = {
      groupName: name, groupId: str(e, 'groupId', p, s.issues, (v) => /^AGPA[A-Z0-9]{1,124}$/.test(v), 'an id such as AGPA…') ?? derivedId('AGPA', 'group', account, name),
      path: gp, arn: iamArn(s.partition, account, 'group', gp, name), createDate: date(e, 'createDate', p, s.issues),
      attachedPolicies: attachments(e, p, s, account, policies), inlinePolicies: policyMap(e, 'policies', 'inlineGroup', p, s.issues, isPolicyName),
    }
    s.records.push({ kind: 'group', account, id: name, data })
  }
  const groupNames = new Set(Object.keys(groups))
  const users = objAt(a, 'users', path, s.issues) ?? {}
  const serials = new Set<string>()
  for (const name of Object.keys(users)) {
    const p = [...path, 'users', name]
    const e = users[name]
    if (!isName(name, 64)) s.issues.add(p, 'is not a valid user name (1 to 64 of [A-Za-z0-9+=,.@_-])')
    if (!isObj(e)) { s.issues.add(p, 'must be an object'); continue }
    decodeUser(name, e, account, p, s, groupNames, policies, serials)
  }
  const roles = objAt(a, 'roles', path, s.issues) ?? {}
  for (const name of Object.keys(roles)) {
    const p = [...path, 'roles', name]
    const e = roles[name]
    if (!isName(name, 64)) s.issues.add(p, 'is not a valid role name (1 to 64 of [A-Za-z0-9+=,.@_-])')
    if (!isObj(e)) { s.issues.add(p, 'must be an object with an assumeRolePolicyDocument'); continue }
    decodeRole(name, e, account, p, s, policies)
  }
  const rps = objAt(a, 'resourcePolicies', path, s.issues) ?? {}
  for (const arn of Object.keys(rps)) {
    const p = [...path, 'resourcePolicies', arn]
    const problem = checkResourceArn(arn, account)
    if (problem !== undefined) s.issues.add(p, problem)
    const doc = policyAt(rps[arn], 'resource', p, s.issues)
    if (doc === undefined) continue
    s.principalDocs.push({ doc, path: p })
    const data: ResourcePolicyData = { resourceArn: arn, policyDocument: doc, updateDate: EPOCH }
    s.records.push({ kind: 'resourcePolicy', account, id: arn, data })
  }
  const providers = objAt(a, 'oidcProviders', path, s.issues) ?? {}
  for (const url of Object.keys(providers)) {
    const p = [...path, 'oidcProviders', url]
    const e = providers[url]
    if (!/^https:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(url) && !/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:[0-9]+)?(\/[^\s?#]*)?$/.test(url)) {
      s.issues.add(p, 'must be an https URL (http only on the loopback address)')
    }
    if (!isObj(e)) { s.issues.add(p, 'must be { clientIdList, jwks | jwksUri }'); continue }
    onlyKeys(e, ['clientIdList', 'jwks', 'jwksUri', 'tags', 'createDate'], p, s.issues)
    const id = url.replace(/^https?:\/\//, '').replace(/\/$/, '')
    const jwks = get(e, 'jwks')
    if (jwks !== undefined && (!isObj(jwks) || !Array.isArray(get(jwks, 'keys')))) s.issues.add([...p, 'jwks'], 'must be a JSON Web Key Set { keys: [...] }')
    const jwksUri = str(e, 'jwksUri', p, s.issues, (v) => /^https?:\/\/\S+$/.test(v), 'a URL')
    const data: OidcProviderData = {
      arn: oidcProviderArn(s.partition, account, id), url: url.replace(/\/$/, ''), clientIdList: strList(e, 'clientIdList', p, s.issues),
      tags: tagsAt(e, 'tags', p, s.issues), createDate: date(e, 'createDate', p, s.issues),
      ...(isObj(jwks) ? { jwks: jwks as { keys: Record<string, unknown>[] } } : {}), ...(jwksUri === undefined ? {} : { jwksUri }),
    }
    s.records.push({ kind: 'oidcProvider', account, id, data })
  }
}

/**
 * ARN helpers: `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`, and the principal ARNs that make
 * requests (AWS "IAM identifiers", docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html):
 * users, roles, role sessions (`…:sts::A:assumed-role/ROLE/SESSION`), the account root,
 * federated users (`…:sts::A:federated-user/NAME`), identity providers, and service principals
 * (`worker.app`). Every segment is data: the partition is not fixed to `aws`.
 */

export interface Arn {
  readonly partition: string
  readonly service: string
  readonly region: string
  readonly account: string
  readonly resource: string
}

/**
 * Splits an ARN into its six parts, or `undefined` when the text is not an ARN. The resource may
 * contain colons. Every part is data: any partition, service or account text is kept as written.
 *
 * @example
 * ```ts
 * import { parseArn } from 'iam-guard'
 *
 * parseArn('arn:aws:lambda:us-east-1:111122223333:function:my-fn:prod')
 *   // { partition: 'aws', service: 'lambda', region: 'us-east-1', account: '111122223333', resource: 'function:my-fn:prod' }
 * parseArn('arn:aws:lambda:us-east-1:111122223333:function:my-fn:prod')?.resource // 'function:my-fn:prod'
 * parseArn('bucket/key') // undefined
 * ```
 */
export function parseArn(text: string): Arn | undefined {
  if (!text.startsWith('arn:')) return undefined
  const c1 = text.indexOf(':', 4)
  if (c1 < 0) return undefined
  const c2 = text.indexOf(':', c1 + 1)
  if (c2 < 0) return undefined
  const c3 = text.indexOf(':', c2 + 1)
  if (c3 < 0) return undefined
  const c4 = text.indexOf(':', c3 + 1)
  if (c4 < 0) return undefined
  return {
    partition: text.slice(4, c1),
    service: text.slice(c1 + 1, c2),
    region: text.slice(c2 + 1, c3),
    account: text.slice(c3 + 1, c4),
    resource: text.slice(c4 + 1),
  }
}

export type PrincipalKind = 'user' | 'role' | 'assumedRole' | 'root' | 'federatedUser' | 'federatedProvider' | 'service'

export interface ParsedPrincipal {
  readonly kind: PrincipalKind
  /** The principal as given. */
  readonly arn: string
  /** Undefined for service principals. */
  readonly partition: string | undefined
  /** Undefined for service principals. */
  readonly account: string | undefined
  /** `partition:account`, the key the engine compares accounts by (partition is data). */
  readonly accountKey: string | undefined
  /** The user, role, session, federated user or provider name; the service name for services. */
  readonly name: string
  /** Role sessions: the role's name (a session ARN does not carry the role's path). */
  readonly roleName: string | undefined
}

/** AWS account ids are 12 digits; iam-guard accounts are 1–64 of `[A-Za-z0-9_-]` (DESIGN.md). */
export function isAccountId(text: string): boolean {
  const n = text.length
  if (n === 0 || n > 64) return false
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    const ok = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45
    if (!ok) return false
  }
  return true
}

function isPartition(text: string): boolean {
  const n = text.length
  if (n === 0 || n > 64) return false
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    const ok = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45
    if (!ok) return false
  }
  return true
}

/** AWS names of users, roles and sessions: `[\w+=,.@-]`. Wildcard characters are never part of a name. */
function isEntityName(text: string, max: number): boolean {
  const n = text.length
  if (n === 0 || n > max) return false
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    const ok =
      (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ||
      c === 95 || c === 43 || c === 61 || c === 44 || c === 46 || c === 64 || c === 45
    if (!ok) return false
  }
  return true
}

/** AWS paths: `/`-separated printable ASCII (`\u0021`–`\u007E`) without `*` or `?`. */
function isPathText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x21 || c > 0x7e || c === 42 || c === 63) return false
  }
  return true
}

/** `user/path/name` → `name` when the path and name are valid, else undefined. */
function pathedName(resource: string, prefix: string): string | undefined {
  if (!resource.startsWith(prefix)) return undefined
  const rest = resource.slice(prefix.length)
  if (!isPathText(rest) || rest.startsWith('/') || rest.includes('//')) return undefined
  const name = rest.slice(rest.lastIndexOf('/') + 1)
  return isEntityName(name, 128) ? name : undefined
}

/** A DNS-like service principal name such as `worker.app` or `s3.amazonaws.com`. */
export function isServicePrincipalName(text: string): boolean {
  const n = text.length
  if (n < 3 || n > 253 || !text.includes('.')) return false
  let labelStart = 0
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 46
    if (c === 46) {
      if (i === labelStart || text.charCodeAt(labelStart) === 45 || text.charCodeAt(i - 1) === 45) return false
      labelStart = i + 1
      continue
    }
    const ok = (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || c === 45
    if (!ok) return false
  }
  return true
}

function principal(
  kind: PrincipalKind, arn: string, partition: string | undefined, account: string | undefined,
  name: string, roleName?: string,
): ParsedPrincipal {
  return Object.freeze({
    kind, arn, partition, account,
    accountKey: partition === undefined ? undefined : `${partition}:${account}`,
    name, roleName,
  })
}

/**
 * Parses the ARN of a caller. Returns `undefined` for anything that is not a well-formed user,
 * role, role-session, root, federated-user, identity-provider ARN or service principal name.
 *
 * @example
 * ```ts
 * import { parsePrincipalArn } from 'iam-guard'
 *
 * const p = parsePrincipalArn('arn:app:sts::111122223333:assumed-role/Deployer/alice-session')
 * p?.kind     // 'assumedRole'
 * p?.account  // '111122223333'
 * p?.roleName // 'Deployer'
 * parsePrincipalArn('arn:app:iam::111122223333:user/*') // undefined: a wildcard is never part of a name
 * ```
 */
export function parsePrincipalArn(text: string): ParsedPrincipal | undefined {
  if (text.length > 2048) return undefined
  if (!text.startsWith('arn:')) return isServicePrincipalName(text) ? principal('service', text, undefined, undefined, text) : undefined
  const arn = parseArn(text)
  if (arn === undefined || arn.region !== '' || !isPartition(arn.partition) || !isAccountId(arn.account)) return undefined
  const { partition, account, resource } = arn
  if (arn.service === 'iam') {
    if (resource === 'root') return principal('root', text, partition, account, account)
    let name = pathedName(resource, 'user/')
    if (name !== undefined) return principal('user', text, partition, account, name)
    name = pathedName(resource, 'role/')
    if (name !== undefined) return principal('role', text, partition, account, name)
    for (const prefix of ['oidc-provider/', 'saml-provider/']) {
      if (resource.startsWith(prefix) && resource.length > prefix.length && isPathText(resource)) {
        return principal('federatedProvider', text, partition, account, resource.slice(prefix.length))
      }
    }
    return undefined
  }
  if (arn.service === 'sts') {
    if (resource.startsWith('assumed-role/')) {
      const parts = resource.split('/')
      if (parts.length !== 3 || !isEntityName(parts[1]!, 64) || !isEntityName(parts[2]!, 64)) return undefined
      return principal('assumedRole', text, partition, account, parts[2]!, parts[1]!)
    }
    if (resource.startsWith('federated-user/')) {
      const name = resource.slice('federated-user/'.length)
      return isEntityName(name, 64) ? principal('federatedUser', text, partition, account, name) : undefined
    }
  }
  return undefined
}

/**
 * The role ARN of a role session. A session ARN drops the role's path, so the role ARN is taken
 * from `aws:PrincipalArn` when that names a role of the same partition, account and name;
 * otherwise it is `arn:P:iam::A:role/NAME`.
 */
export function sessionRoleArn(session: ParsedPrincipal, principalArnKey: unknown): string | undefined {
  if (session.kind !== 'assumedRole') return undefined
  if (typeof principalArnKey === 'string') {
    const role = parsePrincipalArn(principalArnKey)
    if (role !== undefined && role.kind === 'role' && role.accountKey === session.accountKey && role.name === session.roleName) {
      return principalArnKey
    }
  }
  return `arn:${session.partition}:iam::${session.account}:role/${session.roleName}`
}

/**
 * The `partition` and `account` segments of a resource ARN, or undefined when the text is not an
 * ARN. `account` is `''` for ARNs without one (`arn:aws:s3:::bucket`).
 */
export function arnAccount(resource: string): { partition: string; account: string } | undefined {
  const arn = parseArn(resource)
  return arn === undefined ? undefined : { partition: arn.partition, account: arn.account }
}

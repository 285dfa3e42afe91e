/**
 * The tenants of the storage API, created through the admin API.
 *
 *   acme    owns the buckets `home` and `reports`. Everyone in `staff` has a home folder named
 *           after them (a policy variable, `${aws:username}`); `analysts` work on `reports`.
 *   globex  gina reads acme's published reports: acme's bucket policy names her, and globex's
 *           own policy lets her, because across tenants both sides must allow.
 *
 * The `reports` bucket policy also refuses plain HTTP (`aws:SecureTransport`) and uploads from
 * outside the office network (`aws:SourceIp`), with explicit denies that no Allow can beat.
 */
import type { Iam, PolicyDocument } from '../../src/index.js'

/** Demo credentials: fine for a demo on 127.0.0.1, never for anything else. */
export const DEMO = {
  users: {
    alice: { account: 'acme', userName: 'alice', password: 'alice-demo-password' },
    bob: { account: 'acme', userName: 'bob', password: 'bob-demo-password' },
    gina: { account: 'globex', userName: 'gina', password: 'gina-demo-password' },
  },
  /** Uploads to `reports` are accepted from here only. */
  officeNetwork: '203.0.113.0/24',
} as const

const doc = (Statement: PolicyDocument['Statement']): PolicyDocument => ({ Version: '2012-10-17', Statement })

/** AWS's "home directory" example: one policy for everyone, each user confined to their own prefix. */
const HOME_FOLDERS = doc([
  {
    Sid: 'ListOwnFolder',
    Effect: 'Allow',
    Action: 's3:ListBucket',
    Resource: 'arn:app:s3:::home',
    Condition: { StringLike: { 's3:prefix': '${aws:username}/*' } },
  },
  { Sid: 'ReadWriteOwnFolder', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:app:s3:::home/${aws:username}/*' },
])

const ANALYSTS = doc([{ Sid: 'WorkOnReports', Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetObject', 's3:PutObject'], Resource: ['arn:app:s3:::reports', 'arn:app:s3:::reports/*'] }])

/** globex's side of the cross-tenant access. */
const GINA_READS_REPORTS = doc([{ Sid: 'ReadAcmeReports', Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetObject'], Resource: ['arn:app:s3:::reports', 'arn:app:s3:::reports/*'] }])

/** acme's bucket policy for `reports`: a resource-based policy naming a principal of another tenant. */
export const REPORTS_BUCKET_POLICY = doc([
  {
    Sid: 'GinaReadsPublished',
    Effect: 'Allow',
    Principal: { AWS: 'arn:app:iam::globex:user/gina' },
    Action: 's3:GetObject',
    Resource: 'arn:app:s3:::reports/published/*',
  },
  {
    Sid: 'GinaListsPublished',
    Effect: 'Allow',
    Principal: { AWS: 'arn:app:iam::globex:user/gina' },
    Action: 's3:ListBucket',
    Resource: 'arn:app:s3:::reports',
    Condition: { StringLike: { 's3:prefix': 'published/*' } },
  },
  {
    Sid: 'TlsOnly',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: ['arn:app:s3:::reports', 'arn:app:s3:::reports/*'],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  },
  {
    Sid: 'UploadsFromTheOfficeOnly',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:PutObject',
    Resource: 'arn:app:s3:::reports/*',
    Condition: { NotIpAddress: { 'aws:SourceIp': DEMO.officeNetwork } },
  },
])

/**
 * A bucket policy covers the bucket and its objects, so it is stored for both ARNs (the exact
 * bucket ARN and the `bucket/*` pattern); iam-guard merges every policy that matches a resource.
 */
export async function putBucketPolicy(iam: Iam, account: string, bucket: string, policyDocument: PolicyDocument): Promise<void> {
  for (const resourceArn of [`arn:app:s3:::${bucket}`, `arn:app:s3:::${bucket}/*`]) {
    await iam.admin.putResourcePolicy({ account, resourceArn, policyDocument })
  }
}

async function user(iam: Iam, u: { account: string; userName: string; password: string }, groups: string[]): Promise<void> {
  await iam.admin.createUser({ account: u.account, userName: u.userName })
  await iam.admin.createLoginProfile({ account: u.account, userName: u.userName, password: u.password })
  for (const groupName of groups) await iam.admin.addUserToGroup({ account: u.account, groupName, userName: u.userName })
}

export async function seed(iam: Iam): Promise<void> {
  const { admin } = iam
  await admin.createAccount({ account: 'acme' })
  await admin.createAccount({ account: 'globex' })

  for (const [groupName, policyName, policyDocument] of [['staff', 'HomeFolders', HOME_FOLDERS], ['analysts', 'ReportsAnalyst', ANALYSTS]] as const) {
    const { policy } = await admin.createPolicy({ account: 'acme', policyName, policyDocument })
    await admin.createGroup({ account: 'acme', groupName })
    await admin.attachGroupPolicy({ account: 'acme', groupName, policyArn: policy.arn })
  }
  await user(iam, DEMO.users.alice, ['staff', 'analysts'])
  await user(iam, DEMO.users.bob, ['staff'])

  await user(iam, DEMO.users.gina, [])
  await admin.putUserPolicy({ account: 'globex', userName: 'gina', policyName: 'ReadAcmeReports', policyDocument: GINA_READS_REPORTS })
  await putBucketPolicy(iam, 'acme', 'reports', REPORTS_BUCKET_POLICY)
}

export async function isSeeded(iam: Iam): Promise<boolean> {
  const { accounts } = await iam.admin.listAccounts({})
  return accounts.some((a) => a.accountId === 'acme')
}

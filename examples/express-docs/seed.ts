/**
 * The demo tenants of the documents API, created through the admin API exactly as an operator
 * (or a setup script) would: accounts, users with passwords, groups carrying managed policies,
 * two roles with trust policies, a resource policy and an explicit deny.
 *
 *   acme     owns the documents. alice edits, bob reads, erin administers (with MFA).
 *   partner  a contractor firm: carol assumes acme's Contractor role with an ExternalId.
 *   globex   a customer: acme shares its roadmap project with it through a resource policy.
 */
import { TOTP } from 'otpauth'
import type { Iam, PolicyDocument } from '../../src/index.js'

/** Demo credentials: fine for a demo on 127.0.0.1, never for anything else. */
export const DEMO = {
  acme: 'acme',
  partner: 'partner',
  globex: 'globex',
  users: {
    alice: { account: 'acme', userName: 'alice', password: 'alice-demo-password' },
    bob: { account: 'acme', userName: 'bob', password: 'bob-demo-password' },
    erin: { account: 'acme', userName: 'erin', password: 'erin-demo-password' },
    carol: { account: 'partner', userName: 'carol', password: 'carol-demo-password' },
    dave: { account: 'globex', userName: 'dave', password: 'dave-demo-password' },
  },
  adminRoleArn: 'arn:app:iam::acme:role/DocsAdmin',
  contractorRoleArn: 'arn:app:iam::acme:role/Contractor',
  /** The secret acme and partner agreed on, so that nobody else can make acme's role work for them. */
  externalId: 'partner-7f3a91',
} as const

export interface SeedResult {
  /** erin's virtual MFA device: its serial number and base32 seed (shown once, as AWS does). */
  erinMfa: { serialNumber: string; base32Seed: string }
}

const doc = (Statement: PolicyDocument['Statement']): PolicyDocument => ({ Version: '2012-10-17', Statement })

const DOCS = 'arn:app:docs::acme:project'

/** Readers see every project of acme. */
const DOCS_READ = doc([{ Sid: 'ReadDocs', Effect: 'Allow', Action: ['docs:GetDocument', 'docs:ListDocuments'], Resource: `${DOCS}/*` }])

/** Editors also write and delete. */
const DOCS_WRITE = doc([{ Sid: 'WriteDocs', Effect: 'Allow', Action: ['docs:PutDocument', 'docs:DeleteDocument'], Resource: `${DOCS}/*` }])

/** An explicit deny beats every Allow: nobody it is attached to changes the legal project. */
const PROTECT_LEGAL = doc([{ Sid: 'LegalIsReadOnly', Effect: 'Deny', Action: ['docs:PutDocument', 'docs:DeleteDocument'], Resource: `${DOCS}/legal/*` }])

/** Who may ask for the admin role; the role's trust policy adds that they must have used MFA. */
const ASSUME_ADMIN = doc([{ Sid: 'AssumeDocsAdmin', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: DEMO.adminRoleArn }])

const ADMIN_TRUST = doc([{
  Sid: 'AdminsWithMfa',
  Effect: 'Allow',
  Principal: { AWS: 'arn:app:iam::acme:root' },
  Action: 'sts:AssumeRole',
  Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
}])

/** Revoking a role's sessions is `iam:PutRolePolicy` in AWS; the admin may do it for contractors. */
const ADMIN_REVOKE = doc([{ Sid: 'RevokeContractorSessions', Effect: 'Allow', Action: 'iam:PutRolePolicy', Resource: DEMO.contractorRoleArn }])

/** The partner account may assume it, only with the agreed ExternalId (the confused-deputy guard). */
const CONTRACTOR_TRUST = doc([{
  Sid: 'PartnerWithExternalId',
  Effect: 'Allow',
  Principal: { AWS: 'arn:app:iam::partner:root' },
  Action: 'sts:AssumeRole',
  Condition: { StringEquals: { 'sts:ExternalId': DEMO.externalId } },
}])

const CONTRACTOR_WORK = doc([{
  Sid: 'WebsiteProjectOnly',
  Effect: 'Allow',
  Action: ['docs:GetDocument', 'docs:PutDocument', 'docs:ListDocuments'],
  Resource: [`${DOCS}/website`, `${DOCS}/website/*`],
}])

/** Cross-account: partner's own admin must also let carol call AssumeRole on acme's role. */
const CAROL_MAY_ASSUME = doc([{ Sid: 'AssumeAcmeContractor', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: DEMO.contractorRoleArn }])

/** acme's side of the sharing: a resource-based policy naming the globex account. */
const ROADMAP_SHARED = doc([{
  Sid: 'ShareRoadmapWithGlobex',
  Effect: 'Allow',
  Principal: { AWS: 'arn:app:iam::globex:root' },
  Action: ['docs:GetDocument', 'docs:ListDocuments'],
  Resource: [`${DOCS}/roadmap`, `${DOCS}/roadmap/*`],
}])

/** globex's side: its admin lets dave use what acme shares. Both sides must allow. */
const DAVE_READS_ROADMAP = doc([{
  Sid: 'ReadAcmeRoadmap',
  Effect: 'Allow',
  Action: ['docs:GetDocument', 'docs:ListDocuments'],
  Resource: [`${DOCS}/roadmap`, `${DOCS}/roadmap/*`],
}])

async function user(iam: Iam, u: { account: string; userName: string; password: string }, groups: string[] = []): Promise<void> {
  await iam.admin.createUser({ account: u.account, userName: u.userName })
  await iam.admin.createLoginProfile({ account: u.account, userName: u.userName, password: u.password })
  for (const groupName of groups) await iam.admin.addUserToGroup({ account: u.account, groupName, userName: u.userName })
}

async function managed(iam: Iam, account: string, policyName: string, policyDocument: PolicyDocument, description: string): Promise<string> {
  const { policy } = await iam.admin.createPolicy({ account, policyName, policyDocument, description })
  return policy.arn
}

/** Creates the demo tenants. Refuses (EntityAlreadyExists) when they exist: see `isSeeded`. */
export async function seed(iam: Iam, clock: () => number = Date.now): Promise<SeedResult> {
  const { admin } = iam
  for (const account of [DEMO.acme, DEMO.partner, DEMO.globex]) await admin.createAccount({ account })

  // acme: managed policies on groups, the way AWS recommends granting to people.
  const read = await managed(iam, DEMO.acme, 'DocsRead', DOCS_READ, 'Read every project')
  const write = await managed(iam, DEMO.acme, 'DocsWrite', DOCS_WRITE, 'Change and delete documents')
  const protectLegal = await managed(iam, DEMO.acme, 'ProtectLegal', PROTECT_LEGAL, 'Nobody changes the legal project here')
  const assumeAdmin = await managed(iam, DEMO.acme, 'AssumeDocsAdmin', ASSUME_ADMIN, 'May ask for the DocsAdmin role')
  for (const groupName of ['readers', 'editors', 'admins']) await admin.createGroup({ account: DEMO.acme, groupName })
  await admin.attachGroupPolicy({ account: DEMO.acme, groupName: 'readers', policyArn: read })
  for (const policyArn of [read, write, protectLegal]) await admin.attachGroupPolicy({ account: DEMO.acme, groupName: 'editors', policyArn })
  for (const policyArn of [read, assumeAdmin]) await admin.attachGroupPolicy({ account: DEMO.acme, groupName: 'admins', policyArn })

  await user(iam, DEMO.users.alice, ['editors', 'admins'])
  await user(iam, DEMO.users.bob, ['readers'])
  await user(iam, DEMO.users.erin, ['admins'])

  // erin's virtual MFA device: enabling it takes two consecutive codes, as in AWS.
  const { virtualMfaDevice } = await admin.createVirtualMfaDevice({ account: DEMO.acme, virtualMfaDeviceName: 'erin' })
  const totp = new TOTP({ secret: virtualMfaDevice.base32StringSeed, algorithm: 'SHA1', digits: 6, period: 30 })
  const now = clock()
  await admin.enableMfaDevice({
    account: DEMO.acme,
    userName: 'erin',
    serialNumber: virtualMfaDevice.serialNumber,
    secret: virtualMfaDevice.base32StringSeed,
    authenticationCode1: totp.generate({ timestamp: now - 30_000 }),
    authenticationCode2: totp.generate({ timestamp: now }),
  })

  // Roles: no credentials of their own; the trust policy says who may become them.
  await admin.createRole({ account: DEMO.acme, roleName: 'DocsAdmin', assumeRolePolicyDocument: ADMIN_TRUST, maxSessionDuration: 3600 })
  for (const policyArn of [read, write, protectLegal]) await admin.attachRolePolicy({ account: DEMO.acme, roleName: 'DocsAdmin', policyArn })
  await admin.putRolePolicy({ account: DEMO.acme, roleName: 'DocsAdmin', policyName: 'RevokeContractorSessions', policyDocument: ADMIN_REVOKE })

  await user(iam, DEMO.users.carol)
  await admin.putUserPolicy({ account: DEMO.partner, userName: 'carol', policyName: 'AssumeAcmeContractor', policyDocument: CAROL_MAY_ASSUME })
  await admin.createRole({ account: DEMO.acme, roleName: 'Contractor', assumeRolePolicyDocument: CONTRACTOR_TRUST, maxSessionDuration: 3600 })
  await admin.putRolePolicy({ account: DEMO.acme, roleName: 'Contractor', policyName: 'WebsiteProjectOnly', policyDocument: CONTRACTOR_WORK })

  await user(iam, DEMO.users.dave)
  await admin.putUserPolicy({ account: DEMO.globex, userName: 'dave', policyName: 'ReadAcmeRoadmap', policyDocument: DAVE_READS_ROADMAP })
  for (const resourceArn of [`${DOCS}/roadmap`, `${DOCS}/roadmap/*`]) {
    await admin.putResourcePolicy({ account: DEMO.acme, resourceArn, policyDocument: ROADMAP_SHARED })
  }

  return { erinMfa: { serialNumber: virtualMfaDevice.serialNumber, base32Seed: virtualMfaDevice.base32StringSeed } }
}

/** Whether the demo tenants exist already (a file or PostgreSQL store from an earlier run). */
export async function isSeeded(iam: Iam): Promise<boolean> {
  const { accounts } = await iam.admin.listAccounts({})
  return accounts.some((a) => a.accountId === DEMO.acme)
}

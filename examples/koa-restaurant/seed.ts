/**
 * The restaurant from the IAM primers, created through the admin API.
 *
 *   Full-time staff are users in groups: waiters, chefs, cleaners (and a manager).
 *   pat, a part-time chef, has no standing permissions: pat assumes the Chef role, and its
 *   trust policy only admits pat during the shift (a time window on aws:CurrentTime).
 *   Customers assume the Customer role: the seating area, the restroom with the day's code,
 *   and nothing else — the kitchen is denied to them simply because nothing allows it.
 */
import type { Iam, PolicyDocument } from '../../src/index.js'

export const ACCOUNT = 'bistro'
const R = `arn:app:restaurant::${ACCOUNT}`

/** Demo credentials: fine for a demo on 127.0.0.1, never for anything else. */
export const DEMO = {
  account: ACCOUNT,
  users: {
    walter: { userName: 'walter', password: 'walter-demo-password' },
    carla: { userName: 'carla', password: 'carla-demo-password' },
    cody: { userName: 'cody', password: 'cody-demo-password' },
    mia: { userName: 'mia', password: 'mia-demo-password' },
    pat: { userName: 'pat', password: 'pat-demo-password' },
    cleo: { userName: 'cleo', password: 'cleo-demo-password' },
  },
  chefRoleArn: `arn:app:iam::${ACCOUNT}:role/Chef`,
  customerRoleArn: `arn:app:iam::${ACCOUNT}:role/Customer`,
  /** The restroom code the day starts with; the manager changes it with PUT /day-code. */
  firstDayCode: 'lemon-42',
} as const

export interface Shift {
  start: Date
  end: Date
}

const doc = (Statement: PolicyDocument['Statement']): PolicyDocument => ({ Version: '2012-10-17', Statement })
const area = (name: string): string => `${R}:area/${name}`

const WAITER = doc([
  { Sid: 'FrontOfHouse', Effect: 'Allow', Action: 'restaurant:EnterArea', Resource: [area('seating'), area('kitchen'), area('restroom')] },
  { Sid: 'TakeOrders', Effect: 'Allow', Action: 'restaurant:TakeOrder', Resource: `${R}:table/*` },
])

/** Attached to the chefs group AND to the Chef role: one managed policy, two ways to get it. */
const CHEF = doc([
  { Sid: 'BackOfHouse', Effect: 'Allow', Action: 'restaurant:EnterArea', Resource: [area('kitchen'), area('storage'), area('restroom')] },
  { Sid: 'Cook', Effect: 'Allow', Action: 'restaurant:CookDish', Resource: area('kitchen') },
])

const CLEANER = doc([{ Sid: 'EverywhereWithAMop', Effect: 'Allow', Action: ['restaurant:EnterArea', 'restaurant:CleanArea'], Resource: area('*') }])

const MANAGER = doc([{ Sid: 'SetTheDayCode', Effect: 'Allow', Action: 'restaurant:SetDayCode', Resource: `${R}:day-code` }])

/** Customers' side of the same-account trust: the role's trust policy names the account, so the user must be allowed too. */
const MAY_BE_CUSTOMER = doc([{ Sid: 'AssumeCustomer', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: DEMO.customerRoleArn }])

/** pat may become the Chef only between the shift's start and end. */
export function chefTrust(shift: Shift): PolicyDocument {
  return doc([{
    Sid: 'PatDuringTheShift',
    Effect: 'Allow',
    Principal: { AWS: `arn:app:iam::${ACCOUNT}:user/pat` },
    Action: 'sts:AssumeRole',
    Condition: {
      DateGreaterThan: { 'aws:CurrentTime': shift.start.toISOString() },
      DateLessThan: { 'aws:CurrentTime': shift.end.toISOString() },
    },
  }])
}

const CUSTOMER_TRUST = doc([{
  Sid: 'TaggedCustomers',
  Effect: 'Allow',
  Principal: { AWS: `arn:app:iam::${ACCOUNT}:root` },
  Action: 'sts:AssumeRole',
  Condition: { StringEquals: { 'aws:PrincipalTag/relationship': 'customer' } },
}])

/**
 * What a customer may do. `restaurant:DayCode` is this app's own condition key: the route fills it
 * from the `x-day-code` header. Without the header the key is missing and StringEquals fails.
 */
export function customerVisit(dayCode: string): PolicyDocument {
  return doc([
    { Sid: 'SitAndEat', Effect: 'Allow', Action: 'restaurant:EnterArea', Resource: area('seating') },
    { Sid: 'RestroomWithTheDayCode', Effect: 'Allow', Action: 'restaurant:EnterArea', Resource: area('restroom'), Condition: { StringEquals: { 'restaurant:DayCode': dayCode } } },
  ])
}

/** Default shift: from the start of the current hour, eight hours. */
export function defaultShift(now: number = Date.now()): Shift {
  const start = new Date(Math.floor(now / 3_600_000) * 3_600_000)
  return { start, end: new Date(start.getTime() + 8 * 3_600_000) }
}

async function user(iam: Iam, name: keyof typeof DEMO.users, groups: string[], tags: { key: string; value: string }[] = []): Promise<void> {
  const { userName, password } = DEMO.users[name]
  await iam.admin.createUser({ account: ACCOUNT, userName, tags })
  await iam.admin.createLoginProfile({ account: ACCOUNT, userName, password })
  for (const groupName of groups) await iam.admin.addUserToGroup({ account: ACCOUNT, groupName, userName })
}

export async function seed(iam: Iam, options: { shift?: Shift } = {}): Promise<{ shift: Shift }> {
  const { admin } = iam
  const shift = options.shift ?? defaultShift()
  await admin.createAccount({ account: ACCOUNT, alias: 'the-bistro' })

  const groups: [string, string, PolicyDocument][] = [
    ['waiters', 'WaiterDuties', WAITER],
    ['chefs', 'ChefDuties', CHEF],
    ['cleaners', 'CleanerDuties', CLEANER],
    ['managers', 'ManagerDuties', MANAGER],
    ['customers', 'MayBeCustomer', MAY_BE_CUSTOMER],
  ]
  const arns = new Map<string, string>()
  for (const [groupName, policyName, policyDocument] of groups) {
    const { policy } = await admin.createPolicy({ account: ACCOUNT, policyName, policyDocument })
    arns.set(policyName, policy.arn)
    await admin.createGroup({ account: ACCOUNT, groupName })
    await admin.attachGroupPolicy({ account: ACCOUNT, groupName, policyArn: policy.arn })
  }

  await user(iam, 'walter', ['waiters'])
  await user(iam, 'carla', ['chefs'])
  await user(iam, 'cody', ['cleaners'])
  await user(iam, 'mia', ['managers', 'waiters'])
  await user(iam, 'pat', [])
  await user(iam, 'cleo', ['customers'], [{ key: 'relationship', value: 'customer' }])

  // The shortest session AWS allows a role to be configured for: a shift is re-assumed each hour.
  await admin.createRole({ account: ACCOUNT, roleName: 'Chef', assumeRolePolicyDocument: chefTrust(shift), maxSessionDuration: 3600 })
  await admin.attachRolePolicy({ account: ACCOUNT, roleName: 'Chef', policyArn: arns.get('ChefDuties')! })

  await admin.createRole({ account: ACCOUNT, roleName: 'Customer', assumeRolePolicyDocument: CUSTOMER_TRUST, maxSessionDuration: 3600 })
  await setDayCode(iam, DEMO.firstDayCode)
  return { shift }
}

/** A new day, a new code: the Customer role's inline policy is replaced and applies at once. */
export function setDayCode(iam: Iam, code: string): Promise<void> {
  return iam.admin.putRolePolicy({ account: ACCOUNT, roleName: 'Customer', policyName: 'CustomerVisit', policyDocument: customerVisit(code) })
}

export async function isSeeded(iam: Iam): Promise<boolean> {
  const { accounts } = await iam.admin.listAccounts({})
  return accounts.some((a) => a.accountId === ACCOUNT)
}

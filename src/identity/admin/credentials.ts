/**
 * A user's credentials: access keys (secret returned once, stored as a scrypt hash), the login
 * profile (password) and TOTP MFA devices (enabled with two consecutive codes, as AWS does).
 * Nothing here ever returns a hash or an MFA seed after creation.
 */
import { IamError } from '../../errors.js'
import { generateAccessKeyId, generateSecretAccessKey } from '../../sts/secrets.js'
import { generateTotpSecret, verifyConsecutiveTotp } from '../../sts/totp.js'
import { iamArn, parseIamArn } from '../arn.js'
import type { AccessKeyData, MfaDevice, UserData } from '../model.js'
import { alreadyExists, limitExceeded, noSuchEntity, validation, type Ctx } from './context.js'
import * as i from './input.js'
import { needUser, userAccessKeys } from './users.js'

export interface UserRef { account: string; userName: string }
export interface AccessKeyRef extends UserRef { accessKeyId: string }
export interface AccessKeyMetadata { userName: string; accessKeyId: string; status: 'Active' | 'Inactive'; createDate: string }
export interface LoginProfileView { userName: string; createDate: string; passwordResetRequired: boolean }
export interface MfaDeviceView { userName: string; serialNumber: string; enableDate: string }

/** AWS's default password policy floor. */
export const MIN_PASSWORD_LENGTH = 8
export const MAX_PASSWORD_LENGTH = 128

function checkPassword(input: i.Input): string {
  const password = i.field(input, 'password')
  if (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    throw new IamError('ERR_VALIDATION', `Password does not conform to the account password policy: ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`, {
      awsCode: 'PasswordPolicyViolation', details: { field: 'password' },
    })
  }
  return password
}

function accessKeyIdOf(input: i.Input): string {
  const id = i.field(input, 'accessKeyId')
  if (typeof id !== 'string' || !/^[A-Z0-9]{16,128}$/.test(id)) throw validation('accessKeyId must be 16 to 128 upper-case letters or digits', 'accessKeyId')
  return id
}

export function credentialOperations(ctx: Ctx) {
  return {
    async createAccessKey(raw: UserRef): Promise<{ accessKey: AccessKeyMetadata & { secretAccessKey: string } }> {
      const input = i.asInput(raw)
      const account = i.account(input)
      const userName = i.name(input, 'userName')
      const secretAccessKey = generateSecretAccessKey()
      const secretHash = await ctx.hashSecret(secretAccessKey)
      return ctx.write(async (tx) => {
        const user = await needUser(tx, account, userName)
        if ((await userAccessKeys(tx, account, userName)).length >= ctx.quotas.accessKeysPerUser) {
          throw limitExceeded(`Cannot exceed quota for AccessKeysPerUser: ${ctx.quotas.accessKeysPerUser}`)
        }
        // Touching the user serialises concurrent creations against the quota and against deleteUser.
        await tx.touch(user)
        const data: AccessKeyData = {
          accessKeyId: generateAccessKeyId(), account, userName, userId: user.data.userId, secretHash, status: 'Active', createDate: ctx.now(),
        }
        await tx.put('accessKey', '', data.accessKeyId, data, undefined)
        return { accessKey: { userName, accessKeyId: data.accessKeyId, status: data.status, createDate: data.createDate, secretAccessKey } }
      })
    },

    async updateAccessKey(raw: AccessKeyRef & { status: 'Active' | 'Inactive' }): Promise<void> {
      const input = i.asInput(raw)
      const account = i.account(input)
      const userName = i.name(input, 'userName')
      const accessKeyId = accessKeyIdOf(input)
      const status = i.field(input, 'status')
      if (status !== 'Active' && status !== 'Inactive') throw validation('status must be Active or Inactive', 'status')
      await ctx.write(async (tx) => {
        const key = await tx.get<AccessKeyData>('accessKey', '', accessKeyId)
        if (key === undefined || key.data.account !== account || key.data.userName !== userName) throw noSuchEntity(`The Access Key with id ${accessKeyId} cannot be found.`)
        await tx.put('accessKey', '', accessKeyId, { ...key.data, status }, key)
      })
    },

    async deleteAccessKey(raw: AccessKeyRef): Promise<void> {
      const input = i.asInput(raw)
      const account = i.account(input)
      const userName = i.name(input, 'userName')
      const accessKeyId = accessKeyIdOf(input)
      await ctx.write(async (tx) => {
        const key = await tx.get<AccessKeyData>('accessKey', '', accessKeyId)
        if (key === undefined || key.data.account !== account || key.data.userName !== userName) throw noSuchEntity(`The Access Key with id ${accessKeyId} cannot be found.`)
        await tx.delete(key)
        // The owner's account is told too, so that its caches and listeners see the change.
        tx.touched.add(account)
      })
    },

    async listAccessKeys(raw: UserRef): Promise<{ accessKeyMetadata: AccessKeyMetadata[]; isTruncated: false }> {
      const input = i.asInput(raw)
      const account = i.account(input)
      const userName = i.name(input, 'userName')
      if ((await ctx.store.get('user', account, userName)) === undefined) throw noSuchEntity(`The user with name ${userName} cannot be found.`)
      const keys = (await ctx.store.list<AccessKeyData>('accessKey', '')).filter((k) => k.data.account === account && k.data.userName === userName)
      return {
        accessKeyMetadata: keys.map((k) => ({ userName, accessKeyId: k.data.accessKeyId, status: k.data.status, createDate: k.data.createDate })),
        isTruncated: false,
      }
    },

    async createLoginProfile(raw: UserRef & { password: string; passwordResetRequired?: boolean }): Promise<{ loginProfile: LoginProfileView }> {
      const input = i.asInput(raw)
      const account = i.account(input)
      const userName = i.name(input, 'userName')
      const password = checkPassword(input)
      const passwordResetRequired = i.optionalBoolean(input, 'passwordResetRequired') ?? false
      const passwordHash = await ctx.hashSecret(password)
      return ctx.write(async (tx) => {
        const user = await needUser(tx, account, userName)
        if (user.data.loginProfile !== undefined) throw alreadyExists(`Login Profile for user ${userName} already exists.`)
        const loginProfile = { passwordHash, passwordResetRequired, createDate: ctx.now() }
        await tx.put('user', account, userName, { ...user.data, loginProfile }, user)
        return { loginProfile: { userName, createDate: loginProfile.createDate, passwordResetRequired } }
      })
    },

    async getLoginProfile(raw: UserRef): Promise<{ loginProfile: LoginProfileView }> {
      const input = i.asInput(raw)
      const account = i.account(input)
      const userName = i.name(input, 'userName')
      const user = await ctx.store.get<UserData>('user', account, userName)
      if (user === undefined) throw noSuchEntity(`The user with name ${userName} cannot be found.`)
      const lp = user.data.loginProfile
      if (lp === undefined) throw noSuchEntity(`Login Profile for User ${userName} cannot be found.`)
      return { loginProfile: { userName, createDate: lp.createDate, passwordResetRequired: lp.passwordResetRequired } }
    },

    async updateLoginProfile(raw: UserRef & { password?: string; passwordResetRequired?: boolean }): Promise<void> {
      const input = i.asInput(raw)
      const account = i.account(input)
      const userName = i.name(input, 'userName')
      const password = i.field(input, 'password') === undefined ? undefined : checkPassword(input)
      const passwordResetRequired = i.optionalBoolean(input, 'passwordResetRequired')
      const passwordHash = password === undefined ? undefined : await ctx.hashSecret(password)
      await ctx.write(async (tx) => {
        const user = await needUser(tx, account, userName)
        const lp = user.data.loginProfile
        if (lp === undefined) throw noSuchEntity(`Login Profile for User ${userName} cannot be found.`)
        const loginProfile = { ...lp, ...(passwordHash === undefined ? {} : { passwordHash }), ...(passwordResetRequired === undefined ? {} : { passwordResetRequired }) }
        await tx.put('user', account, userName, { ...user.data, loginProfile }, user)
      })
    },

    async deleteLoginProfile(raw: UserRef): Promise<void> {
      const input = i.asInput(raw)
      const account = i.account(input)
      const userName = i.name(input, 'userName')
      await ctx.write(async (tx) => {
        const user = await needUser(tx, account, userName)
        if (user.data.loginProfile === undefined) throw noSuchEntity(`Login Profile for User ${userName} cannot be found.`)
        const data = { ...user.data }
        delete data.loginProfile
        await tx.put('user', account, userName, data, user)
      })
    },

    /** Creates the device's seed and serial number; nothing is stored until `enableMfaDevice`. The seed is returned this once. */
    async createVirtualMfaDevice(raw: { account: string; virtualMfaDeviceName: string; path?: string }): Promise<{ virtualMfaDevice: { serialNumber: string; base32StringSeed: string } }> {
      const input = i.asInput(raw)
      const account = i.account(input)
      const name = i.name(input, 'virtualMfaDeviceName')
      const path = i.path(input)
      return { virtualMfaDevice: { serialNumber: iamArn(ctx.partition, account, 'mfa', path, name), base32StringSeed: generateTotpSecret() } }
    },

    /** Needs two consecutive codes of the device, as AWS's EnableMFADevice. */
    async enableMfaDevice(raw: UserRef & { serialNumber: string; secret: string; authenticationCode1: string; authenticationCode2: string }): Promise<void> {
      const input = i.asInput(raw)
      const account = i.account(input)
      const userName = i.name(input, 'userName')
      const serialNumber = i.field(input, 'serialNumber')
      const serial = parseIamArn(serialNumber, 226)
      if (serial === undefined || serial.type !== 'mfa' || serial.account !== account || serial.partition !== ctx.partition) {
        throw validation(`serialNumber must be an MFA device ARN of account ${account}`, 'serialNumber')
      }
      const secret = i.string(input, 'secret', 256)
      const code1 = i.string(input, 'authenticationCode1', 6)
      const code2 = i.string(input, 'authenticationCode2', 6)
      const step = verifyConsecutiveTotp(secret, code1, code2, ctx.nowMs())
      if (step === undefined) {
        throw new IamError('ERR_VALIDATION', 'Authentication code for device is not valid.', { awsCode: 'InvalidAuthenticationCode' })
      }
      await ctx.write(async (tx) => {
        const user = await needUser(tx, account, userName)
        for (const other of await tx.list<UserData>('user', account)) {
          if (other.data.mfaDevices.some((d) => d.serialNumber === serialNumber)) throw alreadyExists(`MFA device ${serialNumber} is already in use.`)
        }
        if (user.data.mfaDevices.length >= ctx.quotas.mfaDevicesPerUser) throw limitExceeded(`Cannot exceed quota for MFADevicesPerUser: ${ctx.quotas.mfaDevicesPerUser}`)
        const device: MfaDevice = { serialNumber: serialNumber as string, secret, enableDate: ctx.now(), lastUsedStep: step }
        await tx.put('user', account, userName, { ...user.data, mfaDevices: [...user.data.mfaDevices, device] }, user)
      })
    },

    async deactivateMfaDevice(raw: UserRef & { serialNumber: string }): Promise<void> {
      const input = i.asInput(raw)
      const account = i.account(input)
      const userName = i.name(input, 'userName')
      const serialNumber = i.string(input, 'serialNumber', 2048)
      await ctx.write(async (tx) => {
        const user = await needUser(tx, account, userName)
        if (!user.data.mfaDevices.some((d) => d.serialNumber === serialNumber)) throw noSuchEntity(`MFA Device with serial number ${serialNumber} does not exist.`)
        await tx.put('user', account, userName, { ...user.data, mfaDevices: user.data.mfaDevices.filter((d) => d.serialNumber !== serialNumber) }, user)
      })
    },

    async listMfaDevices(raw: UserRef): Promise<{ mfaDevices: MfaDeviceView[]; isTruncated: false }> {
      const input = i.asInput(raw)
      const account = i.account(input)
      const userName = i.name(input, 'userName')
      const user = await ctx.store.get<UserData>('user', account, userName)
      if (user === undefined) throw noSuchEntity(`The user with name ${userName} cannot be found.`)
      return { mfaDevices: user.data.mfaDevices.map((d) => ({ userName, serialNumber: d.serialNumber, enableDate: d.enableDate })), isTruncated: false }
    },
  }
}

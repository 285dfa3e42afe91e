import { describe, expect, it } from 'vitest'
import { totpCode, generateTotpSecret } from '../../src/sts/totp.js'
import { verifySecret } from '../../src/sts/secrets.js'
import type { AccessKeyData, UserData } from '../../src/identity/model.js'
import { ACCOUNT, refusedChangesNothing, rejectsWith, setup } from './helpers.js'

const NOW = Date.UTC(2025, 0, 1, 12, 0, 0)

describe('access keys', () => {
  it('returns the secret once and stores only its hash', async () => {
    const { admin, store } = await setup()
    await admin.createUser({ account: ACCOUNT, userName: 'alice' })
    const { accessKey } = await admin.createAccessKey({ account: ACCOUNT, userName: 'alice' })
    expect(accessKey.accessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/)
    expect(accessKey.secretAccessKey).toHaveLength(40)
    const record = await store.get<AccessKeyData>('accessKey', '', accessKey.accessKeyId)
    expect(JSON.stringify(record)).not.toContain(accessKey.secretAccessKey)
    expect(await verifySecret(accessKey.secretAccessKey, record!.data.secretHash)).toBe(true)
    const listed = await admin.listAccessKeys({ account: ACCOUNT, userName: 'alice' })
    expect(listed.accessKeyMetadata).toEqual([{ userName: 'alice', accessKeyId: accessKey.accessKeyId, status: 'Active', createDate: accessKey.createDate }])
    expect(JSON.stringify(listed)).not.toContain('secret')
  })

  it('allows at most two keys per user, deactivates and deletes them', async () => {
    const { admin, store } = await setup()
    await admin.createUser({ account: ACCOUNT, userName: 'alice' })
    const { accessKey } = await admin.createAccessKey({ account: ACCOUNT, userName: 'alice' })
    await admin.createAccessKey({ account: ACCOUNT, userName: 'alice' })
    await refusedChangesNothing(store, () => admin.createAccessKey({ account: ACCOUNT, userName: 'alice' }), 'ERR_LIMIT_EXCEEDED')
    await admin.updateAccessKey({ account: ACCOUNT, userName: 'alice', accessKeyId: accessKey.accessKeyId, status: 'Inactive' })
    expect((await admin.listAccessKeys({ account: ACCOUNT, userName: 'alice' })).accessKeyMetadata.find((k) => k.accessKeyId === accessKey.accessKeyId)?.status).toBe('Inactive')
    await admin.deleteAccessKey({ account: ACCOUNT, userName: 'alice', accessKeyId: accessKey.accessKeyId })
    await rejectsWith(admin.deleteAccessKey({ account: ACCOUNT, userName: 'alice', accessKeyId: accessKey.accessKeyId }), 'ERR_NO_SUCH_ENTITY')
    await rejectsWith(admin.updateAccessKey({ account: ACCOUNT, userName: 'alice', accessKeyId: accessKey.accessKeyId, status: 'Active' }), 'ERR_NO_SUCH_ENTITY')
  })

  it("refuses to touch another user's key", async () => {
    const { admin, store } = await setup()
    await admin.createUser({ account: ACCOUNT, userName: 'alice' })
    await admin.createUser({ account: ACCOUNT, userName: 'bob' })
    const { accessKey } = await admin.createAccessKey({ account: ACCOUNT, userName: 'alice' })
    await refusedChangesNothing(store, () => admin.deleteAccessKey({ account: ACCOUNT, userName: 'bob', accessKeyId: accessKey.accessKeyId }), 'ERR_NO_SUCH_ENTITY')
  })
})

describe('login profiles', () => {
  it('creates, reads, updates and deletes a password, stored hashed', async () => {
    const { admin, store } = await setup()
    await admin.createUser({ account: ACCOUNT, userName: 'alice' })
    const { loginProfile } = await admin.createLoginProfile({ account: ACCOUNT, userName: 'alice', password: 'correct horse', passwordResetRequired: true })
    expect(loginProfile.passwordResetRequired).toBe(true)
    const user = await store.get<UserData>('user', ACCOUNT, 'alice')
    expect(await verifySecret('correct horse', user!.data.loginProfile!.passwordHash)).toBe(true)
    await refusedChangesNothing(store, () => admin.createLoginProfile({ account: ACCOUNT, userName: 'alice', password: 'another one' }), 'ERR_ENTITY_ALREADY_EXISTS')
    await admin.updateLoginProfile({ account: ACCOUNT, userName: 'alice', password: 'battery staple' })
    const updated = await store.get<UserData>('user', ACCOUNT, 'alice')
    expect(await verifySecret('battery staple', updated!.data.loginProfile!.passwordHash)).toBe(true)
    expect((await admin.getLoginProfile({ account: ACCOUNT, userName: 'alice' })).loginProfile).not.toHaveProperty('passwordHash')
    await admin.deleteLoginProfile({ account: ACCOUNT, userName: 'alice' })
    await rejectsWith(admin.getLoginProfile({ account: ACCOUNT, userName: 'alice' }), 'ERR_NO_SUCH_ENTITY')
  })

  it('refuses a password shorter than 8 characters (PasswordPolicyViolation)', async () => {
    const { admin, store } = await setup()
    await admin.createUser({ account: ACCOUNT, userName: 'alice' })
    await refusedChangesNothing(store, () => admin.createLoginProfile({ account: ACCOUNT, userName: 'alice', password: 'short' }), 'ERR_VALIDATION')
  })
})

describe('MFA devices', () => {
  // AWS EnableMFADevice: "AuthenticationCode1 … AuthenticationCode2: a subsequent authentication code".
  it('enables a virtual device with two consecutive codes and never returns its secret again', async () => {
    const { admin } = await setup({ clock: () => NOW })
    await admin.createUser({ account: ACCOUNT, userName: 'alice' })
    const { virtualMfaDevice } = await admin.createVirtualMfaDevice({ account: ACCOUNT, virtualMfaDeviceName: 'alice-phone' })
    expect(virtualMfaDevice.serialNumber).toBe(`arn:app:iam::${ACCOUNT}:mfa/alice-phone`)
    const secret = virtualMfaDevice.base32StringSeed
    await admin.enableMfaDevice({
      account: ACCOUNT, userName: 'alice', serialNumber: virtualMfaDevice.serialNumber, secret,
      authenticationCode1: totpCode(secret, NOW - 30_000), authenticationCode2: totpCode(secret, NOW),
    })
    const listed = await admin.listMfaDevices({ account: ACCOUNT, userName: 'alice' })
    expect(listed.mfaDevices.map((d) => d.serialNumber)).toEqual([virtualMfaDevice.serialNumber])
    expect(JSON.stringify(listed)).not.toContain(secret)
    await rejectsWith(admin.deleteUser({ account: ACCOUNT, userName: 'alice' }), 'ERR_DELETE_CONFLICT')
    await admin.deactivateMfaDevice({ account: ACCOUNT, userName: 'alice', serialNumber: virtualMfaDevice.serialNumber })
    expect((await admin.listMfaDevices({ account: ACCOUNT, userName: 'alice' })).mfaDevices).toEqual([])
  })

  it('refuses two codes that are not consecutive, and changes nothing', async () => {
    const { admin, store } = await setup({ clock: () => NOW })
    await admin.createUser({ account: ACCOUNT, userName: 'alice' })
    const secret = generateTotpSecret()
    const serialNumber = `arn:app:iam::${ACCOUNT}:mfa/d`
    await refusedChangesNothing(store, () => admin.enableMfaDevice({
      account: ACCOUNT, userName: 'alice', serialNumber, secret, authenticationCode1: totpCode(secret, NOW), authenticationCode2: totpCode(secret, NOW),
    }), 'ERR_VALIDATION')
    await refusedChangesNothing(store, () => admin.enableMfaDevice({
      account: ACCOUNT, userName: 'alice', serialNumber: 'arn:app:iam::999:mfa/d', secret, authenticationCode1: totpCode(secret, NOW - 30_000), authenticationCode2: totpCode(secret, NOW),
    }), 'ERR_VALIDATION')
  })

  it('refuses a device already used by another user', async () => {
    const { admin, store } = await setup({ clock: () => NOW })
    await admin.createUser({ account: ACCOUNT, userName: 'alice' })
    await admin.createUser({ account: ACCOUNT, userName: 'bob' })
    const secret = generateTotpSecret()
    const serialNumber = `arn:app:iam::${ACCOUNT}:mfa/shared`
    const codes = { authenticationCode1: totpCode(secret, NOW - 30_000), authenticationCode2: totpCode(secret, NOW) }
    await admin.enableMfaDevice({ account: ACCOUNT, userName: 'alice', serialNumber, secret, ...codes })
    await refusedChangesNothing(store, () => admin.enableMfaDevice({ account: ACCOUNT, userName: 'bob', serialNumber, secret, ...codes }), 'ERR_ENTITY_ALREADY_EXISTS')
  })
})

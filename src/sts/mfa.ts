/**
 * Checking a TOTP code against a user's devices, once: the matched time step is stored on the
 * device in a transaction (optimistic revision check), so a code replayed, even concurrently on
 * another instance, is refused.
 */
import { isIamError } from '../errors.js'
import type { MfaDevice, UserData } from '../identity/model.js'
import type { PolicyStore } from '../store/types.js'
import { verifyTotp } from './totp.js'

export interface ConsumeTotpInput {
  account: string
  userName: string
  /** The user must still be this one (a user re-created under the same name is someone else). */
  userId: string
  code: string
  /** Only this device; otherwise any of the user's devices. */
  serialNumber?: string
  atMs: number
}

/** True when the code was valid for a device and had not been used before. Never throws for a bad code. */
export async function consumeTotp(store: PolicyStore, input: ConsumeTotpInput): Promise<boolean> {
  const record = await store.get<UserData>('user', input.account, input.userName)
  if (record === undefined || record.data.userId !== input.userId) return false
  const devices = record.data.mfaDevices.filter((d) => input.serialNumber === undefined || d.serialNumber === input.serialNumber)
  for (const device of devices) {
    const step = verifyTotp(device.secret, input.code, input.atMs, device.lastUsedStep === undefined ? {} : { notAfterStep: device.lastUsedStep })
    if (step === undefined) continue
    // A concurrent write to the user (a tag, another device) is retried; a concurrent use of this code is refused inside.
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        return await recordStep(store, input, device.serialNumber, step)
      } catch (error) {
        if (!(isIamError(error) && error.code === 'ERR_CONCURRENT_MODIFICATION')) throw error
      }
    }
    return false
  }
  return false
}

function recordStep(store: PolicyStore, input: ConsumeTotpInput, serialNumber: string, step: number): Promise<boolean> {
  return store.transact(async (tx) => {
    const current = await tx.get<UserData>('user', input.account, input.userName)
    if (current === undefined || current.data.userId !== input.userId) return false
    const index = current.data.mfaDevices.findIndex((d) => d.serialNumber === serialNumber)
    const stored = current.data.mfaDevices[index]
    if (stored === undefined || (stored.lastUsedStep !== undefined && stored.lastUsedStep >= step)) return false
    const mfaDevices: MfaDevice[] = current.data.mfaDevices.map((d, i) => (i === index ? { ...d, lastUsedStep: step } : d))
    await tx.put<UserData>('user', input.account, input.userName, { ...current.data, mfaDevices }, { expectedRevision: current.revision })
    return true
  })
}

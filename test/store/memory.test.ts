import { describe, expect, it } from 'vitest'
import { IamError } from '../../src/errors.js'
import { memoryStore } from '../../src/store/memory.js'
import { describeStoreContract } from './contract.js'

describeStoreContract('memory', async () => {
  const store = memoryStore()
  await store.init()
  return store
})

describe('memoryStore', () => {
  it('starts with the seed records, given as a list or as a document', async () => {
    const records = [{ kind: 'user' as const, account: 'a', id: 'alice', data: { userName: 'alice' } }]
    for (const seed of [records, { records }]) {
      const store = memoryStore(seed)
      await store.init()
      expect(await store.get('user', 'a', 'alice')).toEqual({ kind: 'user', account: 'a', id: 'alice', data: { userName: 'alice' }, revision: 1 })
    }
  })

  it('refuses an invalid seed at once', () => {
    expect(() => memoryStore([{ kind: 'nope' as never, account: 'a', id: 'x', data: 1 }])).toThrow(IamError)
  })

  it('is unavailable once closed', async () => {
    const store = memoryStore()
    await store.close()
    const outcome = await store.get('user', 'a', 'x').then(() => undefined, (error: IamError) => error.code)
    expect(outcome).toBe('ERR_STORE_UNAVAILABLE')
  })
})

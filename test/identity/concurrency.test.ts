import { describe, expect, it } from 'vitest'
import { IamError } from '../../src/errors.js'
import { createAdmin } from '../../src/identity/admin.js'
import { memoryStore } from '../../src/store/memory.js'
import type { PolicyStore, StoreWriter } from '../../src/store/types.js'
import { ACCOUNT, cheapHash, setup } from './helpers.js'

describe('concurrent admin writes', () => {
  it('lose no update when many writers change one user at once', async () => {
    const { admin } = await setup()
    await admin.createUser({ account: ACCOUNT, userName: 'alice' })
    for (let i = 0; i < 5; i++) await admin.createGroup({ account: ACCOUNT, groupName: `g${i}` })
    await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => admin.tagUser({ account: ACCOUNT, userName: 'alice', tags: [{ key: `k${i}`, value: String(i) }] })),
      ...Array.from({ length: 5 }, (_, i) => admin.addUserToGroup({ account: ACCOUNT, groupName: `g${i}`, userName: 'alice' })),
    ])
    expect((await admin.listUserTags({ account: ACCOUNT, userName: 'alice' })).tags).toHaveLength(20)
    expect((await admin.listGroupsForUser({ account: ACCOUNT, userName: 'alice' })).groups).toHaveLength(5)
  })

  it('retries an operation on fresh reads when the store reports a concurrent modification', async () => {
    const inner = memoryStore()
    let conflicts = 1
    const store: PolicyStore = {
      name: 'optimistic', init: () => inner.init(), get: (k, a, i) => inner.get(k, a, i), list: (k, a, o) => inner.list(k, a, o),
      subscribe: (l) => inner.subscribe(l), exportRecords: () => inner.exportRecords(), importRecords: (r) => inner.importRecords(r), close: () => inner.close(),
      transact: (fn) => inner.transact((tx) => {
        const wrapped: StoreWriter = {
          get: (k, a, i) => tx.get(k, a, i), list: (k, a, o) => tx.list(k, a, o), delete: (k, a, i, o) => tx.delete(k, a, i, o),
          put: (k, a, i, d, o) => {
            if (k === 'user' && conflicts > 0) {
              conflicts--
              return Promise.reject(new IamError('ERR_CONCURRENT_MODIFICATION', 'someone else wrote first'))
            }
            return tx.put(k, a, i, d, o)
          },
        }
        return fn(wrapped)
      }),
    }
    await store.init()
    const admin = createAdmin({ store, hashSecret: cheapHash })
    await admin.createAccount({ account: ACCOUNT })
    await admin.createUser({ account: ACCOUNT, userName: 'alice' })
    expect((await admin.getUser({ account: ACCOUNT, userName: 'alice' })).user.userName).toBe('alice')
    expect(conflicts).toBe(0)
  })
})

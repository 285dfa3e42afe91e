/**
 * The behaviour every PolicyStore shares. Run by memory.test.ts, file.test.ts and postgres.test.ts,
 * each giving a factory of fresh, initialized stores.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { IamError } from '../../src/errors.js'
import type { ChangeEvent, PolicyStore, StoreSnapshotRecord } from '../../src/store/types.js'

export type StoreFactory = () => Promise<PolicyStore>

async function rejection(promise: Promise<unknown>): Promise<IamError> {
  const outcome = await promise.then(() => undefined, (error: unknown) => error)
  expect(outcome).toBeInstanceOf(IamError)
  return outcome as IamError
}

export function describeStoreContract(name: string, create: StoreFactory): void {
  describe(`${name} store contract`, () => {
    const opened: PolicyStore[] = []
    async function open(): Promise<PolicyStore> {
      const store = await create()
      opened.push(store)
      return store
    }
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()))
    })

    describe('records', () => {
      it('returns undefined for a record that does not exist', async () => {
        const store = await open()
        expect(await store.get('user', '111122223333', 'alice')).toBeUndefined()
      })

      it('stores a record at revision 1 and adds one with every write', async () => {
        const store = await open()
        const first = await store.transact((tx) => tx.put('user', '111122223333', 'alice', { n: 1 }))
        expect(first).toEqual({ kind: 'user', account: '111122223333', id: 'alice', data: { n: 1 }, revision: 1 })
        await store.transact((tx) => tx.put('user', '111122223333', 'alice', { n: 2 }))
        expect(await store.get('user', '111122223333', 'alice')).toEqual({ kind: 'user', account: '111122223333', id: 'alice', data: { n: 2 }, revision: 2 })
      })

      it('keeps records of other kinds and accounts apart', async () => {
        const store = await open()
        await store.transact(async (tx) => {
          await tx.put('user', 'a', 'x', 1)
          await tx.put('role', 'a', 'x', 2)
          await tx.put('user', 'b', 'x', 3)
          await tx.put('accessKey', '', 'x', 4)
        })
        expect((await store.get('user', 'a', 'x'))?.data).toBe(1)
        expect((await store.get('role', 'a', 'x'))?.data).toBe(2)
        expect((await store.get('user', 'b', 'x'))?.data).toBe(3)
        expect((await store.get('accessKey', '', 'x'))?.data).toBe(4)
        expect(await store.get('group', 'a', 'x')).toBeUndefined()
      })

      it('treats ids as case-sensitive', async () => {
        const store = await open()
        await store.transact((tx) => tx.put('user', 'a', 'Alice', 'upper'))
        expect(await store.get('user', 'a', 'alice')).toBeUndefined()
      })

      it('deletes a record and says whether there was one', async () => {
        const store = await open()
        await store.transact((tx) => tx.put('group', 'a', 'admins', {}))
        expect(await store.transact((tx) => tx.delete('group', 'a', 'admins'))).toBe(true)
        expect(await store.get('group', 'a', 'admins')).toBeUndefined()
        expect(await store.transact((tx) => tx.delete('group', 'a', 'admins'))).toBe(false)
      })

      it('returns the value of the transaction function', async () => {
        const store = await open()
        expect(await store.transact(async () => 'done')).toBe('done')
      })

      it('refuses an unknown kind, an empty id and NUL characters as invalid parameters', async () => {
        const store = await open()
        expect((await rejection(store.get('wizard' as never, 'a', 'x'))).code).toBe('ERR_INVALID_PARAMETER')
        expect((await rejection(store.transact((tx) => tx.put('user', 'a', '', {})))).code).toBe('ERR_INVALID_PARAMETER')
        expect((await rejection(store.transact((tx) => tx.put('user', 'a', 'x\u0000y', {})))).code).toBe('ERR_INVALID_PARAMETER')
        expect((await rejection(store.transact((tx) => tx.put('user', 'a', 'x', { s: 'nul\u0000' })))).code).toBe('ERR_INVALID_PARAMETER')
        expect((await rejection(store.transact((tx) => tx.put('user', 'a', 'x', '\ud800')))).code).toBe('ERR_INVALID_PARAMETER')
        expect(await store.exportRecords()).toEqual([])
      })
    })

    describe('list', () => {
      it('sorts by account, then by id in code-point order', async () => {
        const store = await open()
        // U+FF21 sorts before U+1F600 by code point although its UTF-16 unit is larger.
        const ids = ['\u{1F600}', '\uFF21', 'é', 'a', 'B', 'a-b', 'ab']
        await store.transact(async (tx) => {
          for (const id of ids) await tx.put('role', 'acct2', id, id)
          await tx.put('role', 'acct1', 'z', 'z')
        })
        const listed = await store.list('role', undefined)
        expect(listed.map((record) => [record.account, record.id])).toEqual([
          ['acct1', 'z'],
          ...['B', 'a', 'a-b', 'ab', 'é', '\uFF21', '\u{1F600}'].map((id) => ['acct2', id]),
        ])
        expect((await store.list('role', 'acct1')).map((record) => record.id)).toEqual(['z'])
        expect(await store.list('user', 'acct2')).toEqual([])
      })

      it('filters by a prefix taken as plain text, never as a pattern', async () => {
        const store = await open()
        await store.transact(async (tx) => {
          for (const id of ['a%b', 'axb', 'a_c', 'a*d', 'a\\e', 'b']) await tx.put('policy', 'a', id, null)
        })
        const ids = async (prefix: string): Promise<string[]> => (await store.list('policy', 'a', { prefix })).map((record) => record.id)
        expect(await ids('a%')).toEqual(['a%b'])
        expect(await ids('a_')).toEqual(['a_c'])
        expect(await ids('a*')).toEqual(['a*d'])
        expect(await ids('a\\')).toEqual(['a\\e'])
        expect(await ids('a')).toEqual(['a%b', 'a*d', 'a\\e', 'a_c', 'axb'])
        expect(await ids('')).toHaveLength(6)
      })

      it('pages with after and limit through every record exactly once', async () => {
        const store = await open()
        const ids = Array.from({ length: 23 }, (_, i) => `user-${String(i).padStart(2, '0')}`)
        await store.transact(async (tx) => {
          for (const id of [...ids].reverse()) await tx.put('user', 'a', id, { id })
        })
        const seen: string[] = []
        let after: string | undefined
        for (;;) {
          const page = await store.list<{ id: string }>('user', 'a', { after, limit: 5 })
          seen.push(...page.map((record) => record.id))
          if (page.length < 5) break
          after = page.at(-1)!.id
        }
        expect(seen).toEqual(ids)
        expect(await store.list('user', 'a', { limit: 0 })).toEqual([])
        expect((await store.list('user', 'a', { prefix: 'user-1', after: 'user-15' })).map((record) => record.id)).toEqual(['user-16', 'user-17', 'user-18', 'user-19'])
      })

      it('refuses a negative or fractional limit', async () => {
        const store = await open()
        expect((await rejection(store.list('user', 'a', { limit: -1 }))).code).toBe('ERR_INVALID_PARAMETER')
        expect((await rejection(store.list('user', 'a', { limit: 1.5 }))).code).toBe('ERR_INVALID_PARAMETER')
      })
    })

    describe('transactions', () => {
      it('lets a transaction read its own writes, in get and in list', async () => {
        const store = await open()
        await store.transact((tx) => tx.put('user', 'a', 'old', 1))
        await store.transact(async (tx) => {
          await tx.put('user', 'a', 'new', 2)
          await tx.delete('user', 'a', 'old')
          expect((await tx.get('user', 'a', 'new'))?.data).toBe(2)
          expect(await tx.get('user', 'a', 'old')).toBeUndefined()
          expect((await tx.list('user', 'a')).map((record) => record.id)).toEqual(['new'])
          // Not visible outside before commit.
          expect(await store.get('user', 'a', 'new')).toBeUndefined()
        })
        expect((await store.get('user', 'a', 'new'))?.data).toBe(2)
      })

      it('changes nothing when the transaction function throws', async () => {
        const store = await open()
        await store.transact((tx) => tx.put('user', 'a', 'kept', 'before'))
        const events: ChangeEvent[] = []
        store.subscribe((event) => events.push(event))
        const failure = new Error('boom')
        const outcome = await store.transact(async (tx) => {
          await tx.put('user', 'a', 'kept', 'after')
          await tx.put('user', 'a', 'added', 'x')
          await tx.delete('user', 'a', 'kept')
          throw failure
        }).then(() => 'resolved', (error: unknown) => error)
        expect(outcome).toBe(failure)
        expect(await store.get('user', 'a', 'kept')).toEqual({ kind: 'user', account: 'a', id: 'kept', data: 'before', revision: 1 })
        expect(await store.get('user', 'a', 'added')).toBeUndefined()
        expect(events).toEqual([])
      })

      it('refuses a put whose expected revision is stale, and writes nothing of that transaction', async () => {
        const store = await open()
        await store.transact((tx) => tx.put('policy', 'a', 'p', 'v1'))
        const error = await rejection(store.transact(async (tx) => {
          await tx.put('policy', 'a', 'other', 'x')
          await tx.put('policy', 'a', 'p', 'v2', { expectedRevision: 0 })
        }))
        expect(error.code).toBe('ERR_CONCURRENT_MODIFICATION')
        expect(await store.get('policy', 'a', 'other')).toBeUndefined()
        expect((await rejection(store.transact((tx) => tx.put('policy', 'a', 'p', 'v2', { expectedRevision: 2 })))).code).toBe('ERR_CONCURRENT_MODIFICATION')
        expect((await rejection(store.transact((tx) => tx.put('policy', 'a', 'missing', 'v2', { expectedRevision: 1 })))).code).toBe('ERR_CONCURRENT_MODIFICATION')
        expect((await rejection(store.transact((tx) => tx.delete('policy', 'a', 'p', { expectedRevision: 3 })))).code).toBe('ERR_CONCURRENT_MODIFICATION')
        expect(await store.get('policy', 'a', 'p')).toMatchObject({ data: 'v1', revision: 1 })
      })

      it('accepts a put or delete at the expected revision', async () => {
        const store = await open()
        const created = await store.transact((tx) => tx.put('policy', 'a', 'p', 'v1', { expectedRevision: 0 }))
        const updated = await store.transact((tx) => tx.put('policy', 'a', 'p', 'v2', { expectedRevision: created.revision }))
        expect(updated.revision).toBe(2)
        expect(await store.transact((tx) => tx.delete('policy', 'a', 'p', { expectedRevision: 2 }))).toBe(true)
      })

      it('keeps the other writes when the function catches a conflict and goes on', async () => {
        const store = await open()
        await store.transact((tx) => tx.put('user', 'a', 'exists', 1))
        const code = await store.transact(async (tx) => {
          await tx.put('user', 'a', 'fresh', 2)
          const caught = await tx.put('user', 'a', 'exists', 3, { expectedRevision: 0 }).then(() => 'none', (error: IamError) => error.code)
          await tx.put('user', 'a', 'after', 4)
          return caught
        })
        expect(code).toBe('ERR_CONCURRENT_MODIFICATION')
        expect((await store.list('user', 'a')).map((record) => [record.id, record.data])).toEqual([['after', 4], ['exists', 1], ['fresh', 2]])
      })

      it('refuses a transaction started inside another one of the same store instead of waiting forever', async () => {
        const store = await open()
        const outcome = await store.transact(() => store.transact(async () => 'inner')).then(() => undefined, (error: IamError) => error.code)
        expect(outcome).toBe('ERR_INTERNAL')
      })

      it('refuses writes through a transaction that has ended', async () => {
        const store = await open()
        const leaked = await store.transact(async (tx) => tx)
        const outcome = await leaked.put('user', 'a', 'late', 1).then(() => undefined, (error: IamError) => error.code)
        expect(outcome).toBe('ERR_INTERNAL')
        expect(await store.get('user', 'a', 'late')).toBeUndefined()
      })

      it('never loses an update when many transactions increment one counter at once', async () => {
        const store = await open()
        await Promise.all(Array.from({ length: 25 }, () => store.transact(async (tx) => {
          const current = await tx.get<{ n: number }>('account', 'a', 'a')
          await tx.put('account', 'a', 'a', { n: (current?.data.n ?? 0) + 1 })
        })))
        expect(await store.get('account', 'a', 'a')).toMatchObject({ data: { n: 25 }, revision: 25 })
      })
    })

    describe('change events', () => {
      it('reports each changed record once, after commit, with growing sequence numbers', async () => {
        const store = await open()
        const events: ChangeEvent[] = []
        store.subscribe((event) => events.push(event))
        await store.transact(async (tx) => {
          await tx.put('user', 'a', 'alice', 1)
          await tx.put('user', 'a', 'alice', 2)
          await tx.put('group', 'a', 'devs', 1)
          expect(events).toEqual([])
        })
        await store.transact((tx) => tx.delete('user', 'a', 'alice'))
        expect(events.map(({ kind, account, id }) => [kind, account, id]).sort()).toEqual([['group', 'a', 'devs'], ['user', 'a', 'alice'], ['user', 'a', 'alice']])
        expect(events.at(-1)).toMatchObject({ kind: 'user', id: 'alice' })
        const seqs = events.map((event) => event.seq)
        expect(seqs).toEqual([...seqs].sort((x, y) => x - y))
        expect(new Set(seqs).size).toBe(3)
      })

      it('reports nothing for a transaction that writes nothing', async () => {
        const store = await open()
        const events: ChangeEvent[] = []
        store.subscribe((event) => events.push(event))
        await store.transact(async (tx) => tx.get('user', 'a', 'nobody'))
        await store.transact(async (tx) => tx.delete('user', 'a', 'nobody'))
        await store.transact((tx) => tx.put('user', 'a', 'marker', 1))
        expect(events.map((event) => event.id)).toEqual(['marker'])
      })

      it('stops reporting to a listener once unsubscribed, and a throwing listener does not stop the others', async () => {
        const store = await open()
        const kept: ChangeEvent[] = []
        const dropped: ChangeEvent[] = []
        store.subscribe(() => { throw new Error('listener failure') })
        store.subscribe((event) => kept.push(event))
        const unsubscribe = store.subscribe((event) => dropped.push(event))
        await store.transact((tx) => tx.put('role', 'a', 'r1', {}))
        unsubscribe()
        await store.transact((tx) => tx.put('role', 'a', 'r2', {}))
        expect(kept.map((event) => event.id)).toEqual(['r1', 'r2'])
        expect(dropped.map((event) => event.id)).toEqual(['r1'])
      })
    })

    describe('isolation of stored data', () => {
      it('keeps stored data safe from changes to the objects passed in and handed out', async () => {
        const store = await open()
        const data = { tags: [{ key: 'team', value: 'a' }], nested: { deep: true } }
        const written = await store.transact((tx) => tx.put('user', 'a', 'alice', data))
        data.tags[0]!.value = 'changed'
        data.nested.deep = false
        ;(written.data as typeof data).tags.push({ key: 'x', value: 'y' })
        const read = await store.get<typeof data>('user', 'a', 'alice')
        read!.data.nested.deep = false
        const listed = await store.list<typeof data>('user', 'a')
        listed[0]!.data.tags.length = 0
        const exported = await store.exportRecords()
        ;(exported[0]!.data as typeof data).tags.length = 0
        expect((await store.get('user', 'a', 'alice'))?.data).toEqual({ tags: [{ key: 'team', value: 'a' }], nested: { deep: true } })
      })

      it('stores __proto__ and constructor as ordinary ids, accounts and data keys', async () => {
        const store = await open()
        const data = JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"tags":{"__proto__":"x"}}') as Record<string, unknown>
        await store.transact(async (tx) => {
          await tx.put('user', '__proto__', '__proto__', data)
          await tx.put('user', '__proto__', 'constructor', 1)
          await tx.put('user', 'constructor', 'hasOwnProperty', 2)
        })
        const read = await store.get<Record<string, unknown>>('user', '__proto__', '__proto__')
        expect(Object.getPrototypeOf(read!.data)).toBe(Object.prototype)
        expect(Object.keys(read!.data)).toEqual(expect.arrayContaining(['__proto__', 'constructor', 'tags']))
        expect(read!.data).toEqual(data)
        expect(Object.getOwnPropertyDescriptor(read!.data, '__proto__')?.value).toEqual({ polluted: true })
        expect((await store.get('user', '__proto__', 'constructor'))?.data).toBe(1)
        expect((await store.list('user', 'constructor')).map((record) => record.id)).toEqual(['hasOwnProperty'])
        expect(await store.get('user', '__proto__', 'toString')).toBeUndefined()
        expect(({} as Record<string, unknown>).polluted).toBeUndefined()
      })
    })

    describe('export and import', () => {
      const records: StoreSnapshotRecord[] = [
        { kind: 'account', account: '111122223333', id: '111122223333', data: { accountId: '111122223333' } },
        { kind: 'user', account: '111122223333', id: 'bob', data: { userName: 'bob' } },
        { kind: 'user', account: '111122223333', id: 'alice', data: { userName: 'alice' } },
        { kind: 'accessKey', account: '', id: 'AKIAEXAMPLE', data: { status: 'Active' } },
      ]

      it('exports every record sorted by kind, account and id', async () => {
        const store = await open()
        await store.importRecords(records)
        const exported = await store.exportRecords()
        expect(exported.map((record) => `${record.kind}/${record.account}/${record.id}`)).toEqual([
          'account/111122223333/111122223333', 'user/111122223333/alice', 'user/111122223333/bob', 'accessKey//AKIAEXAMPLE',
        ])
        expect(exported).toEqual(expect.arrayContaining(records))
      })

      it('replaces everything on import and reports what changed', async () => {
        const store = await open()
        await store.transact(async (tx) => {
          await tx.put('role', '111122223333', 'gone', {})
          await tx.put('user', '111122223333', 'bob', { userName: 'bob' })
        })
        const events: ChangeEvent[] = []
        store.subscribe((event) => events.push(event))
        await store.importRecords(records)
        expect(await store.get('role', '111122223333', 'gone')).toBeUndefined()
        expect((await store.exportRecords()).length).toBe(4)
        const changed = events.map((event) => `${event.kind}/${event.id}`).sort()
        expect(changed).toEqual(expect.arrayContaining(['role/gone', 'user/alice', 'account/111122223333', 'accessKey/AKIAEXAMPLE']))
        expect((await store.get('user', '111122223333', 'alice'))?.revision).toBeGreaterThanOrEqual(1)
      })

      it('refuses an import that repeats a record, and changes nothing', async () => {
        const store = await open()
        await store.transact((tx) => tx.put('role', 'a', 'kept', {}))
        const error = await rejection(store.importRecords([...records, records[1]!]))
        expect(error.code).toBe('ERR_INVALID_PARAMETER')
        expect((await store.exportRecords()).map((record) => record.id)).toEqual(['kept'])
      })
    })
  })
}

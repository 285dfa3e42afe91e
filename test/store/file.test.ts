import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, unlink, writeFile, chmod } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import YAML from 'yaml'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { IamError } from '../../src/errors.js'
import { defaultCodec } from '../../src/identity/document.js'
import { fileStore } from '../../src/store/file.js'
import type { PolicyStore, StoreSnapshotRecord } from '../../src/store/types.js'
import { describeStoreContract } from './contract.js'
import { RecordingLogger, collectChanges, nextChange, recordsCodec } from './helpers.js'

let directory: string
let counter = 0
const opened: PolicyStore[] = []

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'iam-guard-file-store-'))
})
afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()))
})
afterAll(async () => {
  await rm(directory, { recursive: true, force: true })
})

function freshPath(extension = 'json'): string {
  return join(directory, `store-${++counter}.${extension}`)
}

async function openStore(path: string, logger = new RecordingLogger(), options: { watch?: boolean; debounceMs?: number } = {}): Promise<PolicyStore> {
  const store = fileStore(path, { codec: recordsCodec, logger, debounceMs: 20, ...options })
  opened.push(store)
  await store.init()
  return store
}

/** How editors and tools that save safely write: a new file renamed over the old one. */
async function replaceFile(path: string, text: string): Promise<void> {
  const temporary = `${path}.${++counter}.editor-tmp`
  await writeFile(temporary, text)
  await rename(temporary, path)
}

function document(records: StoreSnapshotRecord[]): string {
  return JSON.stringify({ records }, null, 2)
}

const alice: StoreSnapshotRecord = { kind: 'user', account: 'a', id: 'alice', data: { userName: 'alice' } }
const bob: StoreSnapshotRecord = { kind: 'user', account: 'a', id: 'bob', data: { userName: 'bob' } }

describeStoreContract('file (JSON)', async () => {
  const store = fileStore(freshPath('json'), { codec: recordsCodec, logger: new RecordingLogger() })
  await store.init()
  return store
})

describeStoreContract('file (YAML)', async () => {
  const store = fileStore(freshPath('yaml'), { codec: recordsCodec, logger: new RecordingLogger() })
  await store.init()
  return store
})

describe('fileStore loading', () => {
  it('loads a JSON file', async () => {
    const path = freshPath()
    await writeFile(path, document([alice, bob]))
    const store = await openStore(path)
    expect((await store.list('user', 'a')).map((record) => record.id)).toEqual(['alice', 'bob'])
  })

  it('loads a YAML file with comments, by its .yml or .yaml extension', async () => {
    for (const extension of ['yaml', 'yml']) {
      const path = freshPath(extension)
      await writeFile(path, '# the users\nrecords:\n  - kind: user\n    account: a\n    id: alice\n    data: { userName: alice }\n')
      const store = await openStore(path)
      expect(await store.get('user', 'a', 'alice')).toMatchObject({ data: { userName: 'alice' }, revision: 1 })
    }
  })

  it('refuses an invalid file at init with every issue listed', async () => {
    const path = freshPath()
    await writeFile(path, JSON.stringify({ records: [alice, { kind: 'wizard', account: 1, id: 'x' }, 'text'] }))
    const error = await fileStore(path, { codec: recordsCodec, watch: false }).init().then(() => undefined, (caught: unknown) => caught)
    expect(error).toBeInstanceOf(IamError)
    expect((error as IamError).code).toBe('ERR_STORE_INVALID')
    expect((error as IamError).details?.issues).toEqual([
      { path: ['records', 1, 'kind'], message: 'Unknown kind' },
      { path: ['records', 1, 'account'], message: 'Expected a string' },
      { path: ['records', 2], message: 'Expected an object' },
    ])
  })

  it('refuses a file that is not valid JSON or YAML', async () => {
    const json = freshPath('json')
    await writeFile(json, '{"records": [')
    const yaml = freshPath('yaml')
    await writeFile(yaml, 'records:\n  - kind: user\n   bad: indentation\n  - [unclosed\n')
    for (const path of [json, yaml]) {
      const error = await fileStore(path, { codec: recordsCodec, watch: false }).init().then(() => undefined, (caught: IamError) => caught)
      expect(error?.code).toBe('ERR_STORE_INVALID')
      expect((error?.details?.issues as unknown[]).length).toBeGreaterThan(0)
    }
  })

  it('refuses a file whose records repeat a key', async () => {
    const path = freshPath()
    await writeFile(path, document([alice, alice]))
    const error = await fileStore(path, { codec: recordsCodec, watch: false }).init().then(() => undefined, (caught: IamError) => caught)
    expect(error?.code).toBe('ERR_STORE_INVALID')
  })

  it('starts empty when the file does not exist, and creates it, private to its owner, on the first write', async () => {
    const path = join(directory, `missing-dir-${++counter}`, 'store.json')
    const store = await openStore(path)
    expect(await store.exportRecords()).toEqual([])
    await expect(stat(path)).rejects.toThrow()
    await store.transact((tx) => tx.put('user', 'a', 'alice', alice.data))
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ records: [alice] })
    expect((await stat(path)).mode & 0o777).toBe(0o600)
  })

  it('reads the iam-guard store document when no codec is given', async () => {
    const path = freshPath()
    await writeFile(path, JSON.stringify(defaultCodec.encode([])))
    const store = fileStore(path, { watch: false })
    opened.push(store)
    await store.init()
    expect(await store.exportRecords()).toEqual([])
  })

  it('refuses a path that is neither .json, .yaml nor .yml', () => {
    expect(() => fileStore(join(directory, 'store.txt'))).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTION' }))
  })

  it('refuses to be used before init()', async () => {
    const store = fileStore(freshPath(), { codec: recordsCodec, watch: false })
    opened.push(store)
    await expect(store.get('user', 'a', 'alice')).rejects.toMatchObject({ code: 'ERR_INTERNAL' })
  })
})

describe('fileStore writes', () => {
  it('writes every commit to the file, in the file\'s own format, leaving no temporary file behind', async () => {
    const path = freshPath('yaml')
    await writeFile(path, YAML.stringify({ records: [alice] }))
    await chmod(path, 0o640)
    const store = await openStore(path)
    await store.transact(async (tx) => {
      await tx.put('user', 'a', 'bob', bob.data)
      await tx.delete('user', 'a', 'alice')
    })
    expect(YAML.parse(await readFile(path, 'utf8'))).toEqual({ records: [bob] })
    expect((await stat(path)).mode & 0o777).toBe(0o640)
    expect((await readdir(directory)).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })

  it('does not reload its own writes', async () => {
    const path = freshPath()
    await writeFile(path, document([alice]))
    const logger = new RecordingLogger()
    const store = await openStore(path, logger, { debounceMs: 0 })
    await store.transact((tx) => tx.put('user', 'a', 'bob', bob.data))
    const marker = nextChange(store, (event) => event.id === 'carol')
    const onDisk = JSON.parse(await readFile(path, 'utf8')) as { records: StoreSnapshotRecord[] }
    await replaceFile(path, document([...onDisk.records, { kind: 'user', account: 'a', id: 'carol', data: {} }]))
    await marker
    expect(logger.entries.filter((entry) => entry.message.includes('reloaded'))).toHaveLength(1)
    expect(await store.get('user', 'a', 'bob')).toMatchObject({ revision: 1 })
  })

  it('keeps memory unchanged when the file cannot be written', async () => {
    const path = freshPath()
    const store = await openStore(path, new RecordingLogger(), { watch: false })
    await mkdir(path)
    const error = await store.transact((tx) => tx.put('user', 'a', 'alice', {})).then(() => undefined, (caught: IamError) => caught)
    expect(error?.code).toBe('ERR_STORE_UNAVAILABLE')
    expect(await store.get('user', 'a', 'alice')).toBeUndefined()
    await rm(path, { recursive: true })
  })

  it('refuses a write that would overwrite an edit on disk it has not loaded, then accepts it after reloading', async () => {
    const path = freshPath()
    await writeFile(path, document([alice]))
    const store = await openStore(path, new RecordingLogger(), { watch: false })
    await replaceFile(path, document([alice, bob]))
    const reloaded = nextChange(store, (event) => event.id === 'bob')
    const error = await store.transact((tx) => tx.put('user', 'a', 'carol', {})).then(() => undefined, (caught: IamError) => caught)
    expect(error?.code).toBe('ERR_CONCURRENT_MODIFICATION')
    await reloaded
    await store.transact((tx) => tx.put('user', 'a', 'carol', {}))
    const onDisk = JSON.parse(await readFile(path, 'utf8')) as { records: StoreSnapshotRecord[] }
    expect(onDisk.records.map((record) => record.id)).toEqual(['alice', 'bob', 'carol'])
  })
})

describe('fileStore hot reload', () => {
  it('reloads an edited file and reports only what changed', async () => {
    const path = freshPath()
    const carol: StoreSnapshotRecord = { kind: 'role', account: 'a', id: 'carol', data: {} }
    await writeFile(path, document([alice, bob]))
    const store = await openStore(path)
    const changes = collectChanges(store)
    const done = nextChange(store, (event) => event.id === 'carol')
    await replaceFile(path, document([{ ...alice, data: { userName: 'alice', path: '/new/' } }, carol]))
    await done
    changes.stop()
    expect(changes.events.map((event) => `${event.kind}/${event.id}`).sort()).toEqual(['role/carol', 'user/alice', 'user/bob'])
    expect(await store.get('user', 'a', 'alice')).toMatchObject({ data: { path: '/new/' }, revision: 2 })
    expect(await store.get('user', 'a', 'bob')).toBeUndefined()
  })

  it('keeps the revision of records an edit did not change', async () => {
    const path = freshPath()
    await writeFile(path, document([alice]))
    const store = await openStore(path)
    await store.transact((tx) => tx.put('user', 'a', 'alice', alice.data))
    const done = nextChange(store, (event) => event.id === 'bob')
    await replaceFile(path, document([alice, bob]))
    await done
    expect(await store.get('user', 'a', 'alice')).toMatchObject({ revision: 2 })
  })

  it('follows a file written in place, not only one renamed over the old one', async () => {
    const path = freshPath()
    await writeFile(path, document([alice]))
    const store = await openStore(path)
    const done = nextChange(store, (event) => event.id === 'bob')
    await writeFile(path, document([alice, bob]))
    await done
    expect((await store.get('user', 'a', 'bob'))?.data).toEqual(bob.data)
  })

  it('follows an editor that moves the file away and writes a new one', async () => {
    const path = freshPath()
    await writeFile(path, document([alice]))
    const store = await openStore(path)
    const done = nextChange(store, (event) => event.id === 'bob')
    await rename(path, `${path}~`)
    await writeFile(path, document([alice, bob]))
    await unlink(`${path}~`)
    await done
    expect(await store.get('user', 'a', 'alice')).toMatchObject({ revision: 1 })
  })

  it('keeps the last good version when an edit is invalid, logs why, and takes the next valid edit', async () => {
    const path = freshPath()
    await writeFile(path, document([alice]))
    const logger = new RecordingLogger()
    const store = await openStore(path, logger)
    const warned = logger.next('warn')
    await replaceFile(path, JSON.stringify({ records: [{ kind: 'wizard', account: 'a', id: 'x' }] }))
    const warning = await warned
    expect(warning.meta?.issues).toEqual([{ path: ['records', 0, 'kind'], message: 'Unknown kind' }])
    expect(await store.get('user', 'a', 'alice')).toMatchObject({ data: alice.data })

    const syntax = logger.next('warn')
    await replaceFile(path, '{"records": [')
    await syntax
    expect(await store.get('user', 'a', 'alice')).toMatchObject({ data: alice.data })

    const done = nextChange(store, (event) => event.id === 'bob')
    await replaceFile(path, document([bob]))
    await done
    expect(await store.get('user', 'a', 'alice')).toBeUndefined()
  })

  it('keeps the last good version when the file is removed', async () => {
    const path = freshPath()
    await writeFile(path, document([alice]))
    const logger = new RecordingLogger()
    const store = await openStore(path, logger)
    const warned = logger.next('warn')
    await unlink(path)
    expect((await warned).message).toContain('removed')
    expect(await store.get('user', 'a', 'alice')).toMatchObject({ data: alice.data })
  })
})

/**
 * The app's own data: buckets (each owned by one tenant, names unique across tenants, as in S3)
 * and their objects. In memory; `Map`s so that any key is just a name.
 */
import { IamError } from '../../src/index.js'

export interface StoredObject {
  body: string
  contentType: string
  lastModified: string
  /** Principal ARN of the writer. */
  writer: string
}

export class BucketTable {
  readonly #owners = new Map<string, string>()
  readonly #objects = new Map<string, Map<string, StoredObject>>()

  create(bucket: string, owner: string): void {
    if (this.#owners.has(bucket)) throw new IamError('ERR_ENTITY_ALREADY_EXISTS', `Bucket ${bucket} already exists.`, { awsCode: 'BucketAlreadyExists' })
    this.#owners.set(bucket, owner)
    this.#objects.set(bucket, new Map())
  }

  /**
   * The tenant that owns the bucket: S3 ARNs carry no account, so the guard asks this. Like S3, a
   * bucket that does not exist is `NoSuchBucket` (404) to everyone.
   */
  owner(bucket: string): string {
    const owner = this.#owners.get(bucket)
    if (owner === undefined) throw new IamError('ERR_NOT_FOUND', 'The specified bucket does not exist.', { awsCode: 'NoSuchBucket' })
    return owner
  }

  get(bucket: string, key: string): StoredObject | undefined {
    return this.#objects.get(bucket)?.get(key)
  }

  put(bucket: string, key: string, object: StoredObject): void {
    this.#objects.get(bucket)?.set(key, object)
  }

  /** Keys starting with `prefix`, sorted. */
  list(bucket: string, prefix: string): string[] {
    return [...(this.#objects.get(bucket)?.keys() ?? [])].filter((key) => key.startsWith(prefix)).sort()
  }
}

/** What the demo starts with. */
export function demoBuckets(now = new Date()): BucketTable {
  const table = new BucketTable()
  const at = now.toISOString()
  const put = (bucket: string, key: string, body: string): void => table.put(bucket, key, { body, contentType: 'text/plain', lastModified: at, writer: 'seed' })
  table.create('home', 'acme')
  table.create('reports', 'acme')
  table.create('globex-data', 'globex')
  put('home', 'alice/notes.txt', "alice's notes")
  put('home', 'bob/todo.txt', "bob's to-do list")
  put('reports', 'published/q1.csv', 'quarter,revenue\nQ1,100')
  put('reports', 'drafts/q2.csv', 'quarter,revenue\nQ2,???')
  put('globex-data', 'inventory.csv', 'item,count\nwidget,7')
  return table
}

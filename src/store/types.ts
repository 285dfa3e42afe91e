/**
 * The storage contract. A store is a small transactional key/value space of entity records;
 * all IAM logic (users, groups, roles, policies) lives above it in `src/identity`, so memory,
 * file and PostgreSQL stores stay small and are checked by one contract test suite.
 */

/** What kind of record. `accessKey` and `revokedToken` records live in the global account `''`. */
export type EntityKind =
  | 'account'
  | 'user'
  | 'group'
  | 'role'
  | 'policy'
  | 'resourcePolicy'
  | 'oidcProvider'
  | 'accessKey'
  | 'revokedToken'
  | 'serviceIdentity'

export const ENTITY_KINDS: readonly EntityKind[] = [
  'account', 'user', 'group', 'role', 'policy', 'resourcePolicy', 'oidcProvider', 'accessKey', 'revokedToken', 'serviceIdentity',
]

export interface EntityRecord<T = unknown> {
  readonly kind: EntityKind
  /** Owning account id; `''` for global records. */
  readonly account: string
  /** Unique within kind × account: a user name, a policy name, a resource ARN… Case-sensitive. */
  readonly id: string
  readonly data: T
  /** Starts at 1 and grows by one with every write of this record. */
  readonly revision: number
}

export interface ListOptions {
  /** Only ids starting with this text (plain text, never a pattern). */
  prefix?: string
  /** Only ids sorting strictly after this one (paging). */
  after?: string
  /** Default: no limit. */
  limit?: number
}

export interface PutOptions {
  /**
   * Optimistic concurrency: the revision the caller read (0 = the record must not exist).
   * A mismatch throws `IamError('ERR_CONCURRENT_MODIFICATION')` and writes nothing.
   */
  expectedRevision?: number
}

export interface StoreReader {
  get<T>(kind: EntityKind, account: string, id: string): Promise<EntityRecord<T> | undefined>
  /** Records of one kind in one account (all accounts when `account` is undefined), sorted by account then id (code-point order). */
  list<T>(kind: EntityKind, account: string | undefined, options?: ListOptions): Promise<EntityRecord<T>[]>
}

export interface StoreWriter extends StoreReader {
  put<T>(kind: EntityKind, account: string, id: string, data: T, options?: PutOptions): Promise<EntityRecord<T>>
  /** Returns whether a record was deleted. */
  delete(kind: EntityKind, account: string, id: string, options?: PutOptions): Promise<boolean>
}

/** One change, emitted after its transaction committed, on this instance and (shared stores) on the others. */
export interface ChangeEvent {
  /** Monotonic per store (PostgreSQL: a global sequence). */
  readonly seq: number
  readonly kind: EntityKind
  readonly account: string
  readonly id: string
}

export interface StoreSnapshotRecord {
  kind: EntityKind
  account: string
  id: string
  data: unknown
}

export interface PolicyStore extends StoreReader {
  /** `'memory' | 'file' | 'postgres'`. */
  readonly name: string
  /** Loads, creates or migrates; idempotent; must be awaited before use (createIam does). */
  init(): Promise<void>
  /**
   * Runs `fn` atomically: every write or none. Concurrent transactions on any instance never
   * lose an update (serialized, or retried on conflict). The change events are emitted after commit.
   */
  transact<T>(fn: (tx: StoreWriter) => Promise<T>): Promise<T>
  /** Change events, including those made by other instances sharing the store. */
  subscribe(listener: (event: ChangeEvent) => void): () => void
  /**
   * Called when the store cannot guarantee change events for a while (e.g. the PostgreSQL
   * notification connection dropped): caches must fall back to their TTL or flush.
   */
  onDegraded?(listener: (degraded: boolean) => void): () => void
  /** Every record, for export and backups. */
  exportRecords(): Promise<StoreSnapshotRecord[]>
  /** Replaces everything with these records in one transaction. */
  importRecords(records: readonly StoreSnapshotRecord[]): Promise<void>
  close(): Promise<void>
}

/**
 * Translates between a human-edited document (the file store's JSON/YAML, the export format)
 * and records. `decode` validates everything and reports every issue with its path.
 */
export interface StoreCodec {
  decode(document: unknown): { ok: true; records: StoreSnapshotRecord[] } | { ok: false; issues: { path: (string | number)[]; message: string }[] }
  encode(records: readonly StoreSnapshotRecord[]): unknown
}

/**
 * The tables, created and migrated at start under a session advisory lock so that several
 * instances starting at once apply each migration exactly once.
 */
import type pg from 'pg'

/** Only plain lower-case identifiers: they are quoted anyway, and the channel name must stay under 64 bytes. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,47}$/

export function isValidSchemaName(name: string): boolean {
  return SCHEMA_NAME.test(name)
}

export interface SchemaNames {
  schema: string
  records: string
  changes: string
  meta: string
  migrations: string
  /** LISTEN/NOTIFY channel. */
  channel: string
}

export function schemaNames(schema: string): SchemaNames {
  const q = (table: string): string => `"${schema}"."${table}"`
  return { schema, records: q('records'), changes: q('changes'), meta: q('meta'), migrations: q('schema_migrations'), channel: `iam_guard_${schema}` }
}

/** Advisory lock namespaces (the second key is the schema's hash): migrations, commit order of change numbers, writers. */
export const MIGRATION_LOCK = 0x1a3_6d01
export const CHANGES_LOCK = 0x1a3_6d02
export const WRITERS_LOCK = 0x1a3_6d03

/** Each entry runs once, in order, in its own transaction. Never edit one that has shipped; add another. */
function migrations(names: SchemaNames): string[] {
  return [
    `CREATE TABLE ${names.records} (
       kind text NOT NULL,
       account text COLLATE "C" NOT NULL,
       id text COLLATE "C" NOT NULL,
       data jsonb NOT NULL,
       revision integer NOT NULL,
       PRIMARY KEY (kind, account, id)
     );
     CREATE TABLE ${names.changes} (
       seq bigserial PRIMARY KEY,
       kind text NOT NULL,
       account text NOT NULL,
       id text NOT NULL,
       origin text NOT NULL,
       committed_at timestamptz NOT NULL DEFAULT now()
     );
     CREATE INDEX ON ${names.changes} (committed_at);
     CREATE TABLE ${names.meta} (key text PRIMARY KEY, value bigint NOT NULL);
     INSERT INTO ${names.meta} (key, value) VALUES ('pruned_through', 0);`,
  ]
}

/** Creates or migrates the schema; safe to run from many instances at once. */
export async function migrate(client: pg.PoolClient, names: SchemaNames): Promise<void> {
  await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [MIGRATION_LOCK, names.schema])
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${names.schema}"`)
    await client.query(`CREATE TABLE IF NOT EXISTS ${names.migrations} (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`)
    const { rows } = await client.query<{ version: number | null }>(`SELECT max(version) AS version FROM ${names.migrations}`)
    const applied = rows[0]?.version ?? 0
    const all = migrations(names)
    for (let version = applied + 1; version <= all.length; version++) {
      await client.query('BEGIN')
      try {
        await client.query(all[version - 1]!)
        await client.query(`INSERT INTO ${names.migrations} (version) VALUES ($1)`, [version])
        await client.query('COMMIT')
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {})
        throw error
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [MIGRATION_LOCK, names.schema])
  }
}

/** Forgets change rows older than the retention, remembering how far, so a listener that fell behind knows to resync. */
export async function pruneChanges(client: pg.PoolClient | pg.Pool, names: SchemaNames, retentionSeconds: number): Promise<void> {
  await client.query(
    `WITH gone AS (
       DELETE FROM ${names.changes}
       WHERE committed_at < now() - make_interval(secs => $1) AND seq < (SELECT max(seq) FROM ${names.changes})
       RETURNING seq)
     UPDATE ${names.meta} SET value = greatest(value, (SELECT max(seq) FROM gone))
     WHERE key = 'pruned_through' AND EXISTS (SELECT 1 FROM gone)`,
    [retentionSeconds],
  )
}

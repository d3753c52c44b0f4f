import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));
/** Any constant: processes starting together take turns migrating. */
const MIGRATION_LOCK = 7_340_001;

export interface MigrationFile {
  version: number;
  name: string;
  sql: string;
}

export function migrationFiles(dir = MIGRATIONS_DIR): MigrationFile[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 4)), name: f.replace(/\.sql$/, ''), sql: readFileSync(join(dir, f), 'utf8') }));
}

/**
 * Apply the numbered plain-SQL migrations that have not run yet, each in its own transaction, the same files
 * on PGlite and PostgreSQL. Returns the names applied.
 */
export async function migrate(db: Kysely<any>, dir = MIGRATIONS_DIR): Promise<string[]> {
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK})`.execute(conn);
    try {
      await sql`create table if not exists schema_migrations (
        version int primary key, name text not null, applied_at timestamptz not null default now())`.execute(conn);
      const done = new Set(
        (await sql<{ version: number }>`select version from schema_migrations`.execute(conn)).rows.map((r) => r.version),
      );
      const applied: string[] = [];
      for (const file of migrationFiles(dir)) {
        if (done.has(file.version)) continue;
        await conn.transaction().execute(async (trx) => {
          await sql.raw(file.sql).execute(trx);
          await sql`insert into schema_migrations (version, name) values (${file.version}, ${file.name})`.execute(trx);
        });
        applied.push(file.name);
      }
      return applied;
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`.execute(conn);
    }
  });
}

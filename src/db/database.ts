import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './schema';

export type Backend = 'pglite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  backend: Backend;
  close(): Promise<void>;
}

export type DatabaseConfig = { databaseUrl: string } | { dataDir: string };

/**
 * Type parsers shared by both backends: int8 and numeric come back as numbers (our amounts and counts fit in
 * 2^53), and a calendar `date` stays the string `YYYY-MM-DD` so that no time zone can shift it.
 */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pg.types.builtins.INT8) return (v: string) => Number(v);
    if (oid === pg.types.builtins.NUMERIC) return (v: string) => Number(v);
    if (oid === pg.types.builtins.DATE) return (v: string) => v;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export interface DatabaseOptions {
  /**
   * An idle pooled connection died (the server restarted, an administrator or a `drop database … with (force)`
   * ended it). The pool drops it and opens a new one when needed; this only hears about it. Without a
   * listener, node-postgres re-throws it as an uncaught exception and the whole process stops.
   */
  onIdleConnectionError?: (error: Error) => void;
}

export async function openDatabase(config: DatabaseConfig, options: DatabaseOptions = {}): Promise<Database> {
  const onIdleError = options.onIdleConnectionError ?? (() => {});
  if ('databaseUrl' in config) {
    const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 20, types });
    pool.on('error', onIdleError);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, backend: 'postgres', close: () => db.destroy() };
  }
  if (!config.dataDir.startsWith('memory://')) mkdirSync(config.dataDir, { recursive: true });
  const pglite = await PGlite.create(config.dataDir);
  // PGlite is one connection: a pool of one serialises transactions, so concurrent requests never see each
  // other's uncommitted work. Code inside a transaction must use that transaction, never `db`, or it waits
  // for itself.
  const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1, idleTimeoutMillis: 0, types });
  pool.on('error', onIdleError);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    backend: 'pglite',
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}

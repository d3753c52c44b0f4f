import { resolve } from 'node:path';
import type { DatabaseConfig } from './db/database';

/** Settings from the environment, overridable by CLI flags. README's configuration table lists them. */
export interface Config {
  port: number;
  host: string;
  database: DatabaseConfig;
  adminToken: string | null;
  logLevel: string;
  trustProxy: boolean;
}

export function loadConfig(flags: { port?: string; dataDir?: string } = {}, env = process.env): Config {
  const port = Number(flags.port ?? env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid port: ${flags.port ?? env.PORT}`);
  const dataDir = flags.dataDir ?? env.OMC_DATA_DIR ?? './data';
  return {
    port,
    host: env.HOST ?? 'localhost',
    // --data-dir asks for the embedded database even when DATABASE_URL is set.
    database: env.DATABASE_URL && !flags.dataDir ? { databaseUrl: env.DATABASE_URL } : { dataDir: dataDir.startsWith('memory://') ? dataDir : resolve(dataDir) },
    adminToken: env.OMC_ADMIN_TOKEN || null,
    logLevel: env.LOG_LEVEL ?? 'info',
    trustProxy: env.OMC_TRUST_PROXY === 'true' || env.OMC_TRUST_PROXY === '1',
  };
}

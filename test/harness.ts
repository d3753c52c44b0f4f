import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { describe } from 'vitest';
import { ManualClock } from '../src/core/clock';
import type { Backend } from '../src/db/database';
import { prepareDatabase, startServer, type RunningServer } from '../src/server';

/**
 * Integration tests run on both backends: embedded PGlite (in memory) and a PostgreSQL server —
 * OMC_TEST_DATABASE_URL, else the local one at 127.0.0.1:5432 when it answers. Each test server gets a
 * fresh database of its own.
 */
const POSTGRES_URL = process.env.OMC_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch (error) {
    if (process.env.OMC_TEST_DATABASE_URL) throw error; // asked for explicitly: a failure is a failure
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export const BACKENDS: Backend[] = (await postgresAnswers()) ? ['pglite', 'postgres'] : ['pglite'];
if (BACKENDS.length === 1) process.stderr.write('No PostgreSQL answers at 127.0.0.1:5432: running the PGlite half of the tests only.\n');

function adminDb(): Kysely<unknown> {
  return new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: POSTGRES_URL, max: 1 }) }) });
}

/** A database for one test server: in memory for PGlite, a fresh throwaway database on the server. */
async function freshDatabase(backend: Backend): Promise<{ config: { dataDir: string } | { databaseUrl: string }; drop: () => Promise<void> }> {
  if (backend === 'pglite') return { config: { dataDir: 'memory://' }, drop: async () => {} };
  const name = `omc_test_${randomBytes(6).toString('hex')}`;
  const admin = adminDb();
  await sql`create database ${sql.id(name)}`.execute(admin);
  await admin.destroy();
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    config: { databaseUrl: url.toString() },
    drop: async () => {
      const again = adminDb();
      await sql`drop database if exists ${sql.id(name)} with (force)`.execute(again);
      await again.destroy();
    },
  };
}

export interface CallOptions {
  body?: unknown;
  /** API key secret; default the admin key; null for no Authorization header. */
  key?: string | null;
  headers?: Record<string, string>;
  /** Send this exact text as the body (malformed JSON tests). */
  raw?: string;
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface TestServer {
  backend: Backend;
  url: string;
  adminKey: string;
  clock: ManualClock;
  server: RunningServer;
  call<T = any>(method: string, path: string, options?: CallOptions): Promise<ApiResponse<T>>;
  /** Create an API key for a role (or a customer) and return its secret. */
  keyFor(role: string, customerId?: string): Promise<string>;
  stop(): Promise<void>;
}

/** Start omc on a fresh database, listening on a free port, and talk to it over real HTTP. */
export async function startTestServer(backend: Backend, clock = new ManualClock('2026-03-02T09:00:00Z')): Promise<TestServer> {
  const { config, drop } = await freshDatabase(backend);
  const adminKey = `omc_sk_test_${randomBytes(12).toString('hex')}`;
  const database = await prepareDatabase(config, adminKey, clock);
  const server = await startServer(database, { port: 0, host: '127.0.0.1' }, { clock, logger: false });
  const call = async <T>(method: string, path: string, options: CallOptions = {}): Promise<ApiResponse<T>> => {
    const key = options.key === undefined ? adminKey : options.key;
    const headers: Record<string, string> = { ...(key ? { authorization: `Bearer ${key}` } : {}), ...options.headers };
    let body: string | undefined;
    if (options.raw !== undefined) body = options.raw;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(`${server.url}${path}`, { method, headers, body });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as T) : (null as T), headers: response.headers };
  };
  return {
    backend,
    url: server.url,
    adminKey,
    clock,
    server,
    call,
    keyFor: async (role, customerId) => {
      const res = await call<{ secret: string }>('POST', '/v1/api-keys', { body: customerId ? { name: `test ${role}`, customer_id: customerId } : { name: `test ${role}`, role } });
      if (res.status !== 201) throw new Error(`could not create a ${role} key: ${JSON.stringify(res.body)}`);
      return res.body.secret;
    },
    stop: async () => {
      await server.stop();
      await drop();
    },
  };
}

/** `describe` once per backend; the suite gets the backend's name. */
export function describeBackends(name: string, suite: (backend: Backend) => void): void {
  describe.each(BACKENDS)(`${name} [%s]`, (backend) => suite(backend));
}

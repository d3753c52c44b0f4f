/**
 * What the benchmarks share: option parsing, seeded randomness, bench ids, the raw-SQL connections that
 * measure what the database itself costs, statement counting and percentiles.
 */
import { CompiledQuery, sql, type Kysely } from 'kysely';
import pg from 'pg';
import type { Backend } from '../src/db/database';
import type { DB } from '../src/db/schema';
import { BACKENDS } from '../test/harness';

export function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}

/** A well-formed id that says it is the bench's: `prd_000…0042`. */
export const benchId = (prefix: string, n: number) => `${prefix}_${String(n).padStart(26, '0')}`;

/** mulberry32: small, fast, and the same sequence for the same seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One connection held for one transaction. */
export interface RawConnection {
  query(text: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
}
export type WithConnection = <T>(fn: (conn: RawConnection) => Promise<T>) => Promise<T>;

/** PostgreSQL: a pg pool of our own on the bench database, one connection per worker. */
export async function rawPostgres(db: Kysely<DB>, size: number): Promise<{ withConnection: WithConnection; close: () => Promise<void> }> {
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(db);
  const url = new URL(process.env.OMC_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'); // as test/harness.ts
  url.pathname = `/${rows[0]!.name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: size });
  pool.on('error', () => {}); // an idle connection ended by the server (drop … with force): the pool replaces it
  const withConnection: WithConnection = async (fn) => {
    const client = await pool.connect();
    try {
      return await fn({ query: async (text, params) => (await client.query(text, params)).rows });
    } finally {
      client.release();
    }
  };
  return { withConnection, close: () => pool.end() };
}

/** PGlite is one connection: the raw driver shares omc's Kysely (a pool of one), holding it per transaction. */
export function rawPglite(db: Kysely<DB>): { withConnection: WithConnection; close: () => Promise<void> } {
  const withConnection: WithConnection = (fn) =>
    db.connection().execute((conn) => fn({ query: async (text, params = []) => (await conn.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, params))).rows }));
  return { withConnection, close: async () => {} };
}

// Statements: every statement of every driver — omc's Kysely (both backends), the raw pools, BEGIN and COMMIT,
// the HTTP route's API-key lookup — goes through pg's Client.query, so counting its calls while one driver runs
// gives a figure that, unlike the timings, does not depend on how busy the machine is.
let statements = 0;
let counting = false;

export function countStatements(): void {
  if (counting) return;
  counting = true;
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function countedQuery(this: pg.Client, ...args: unknown[]) {
    statements++;
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
}

/** Statements run so far in this process (since countStatements). */
export const statementsSoFar = () => statements;

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * Run a benchmark on every backend, print its results and each backend's ratios to the database's own cost
 * (c), and fail the run when an invariant broke. Returns the invariants (the runner prints them).
 */
export async function benchEveryBackend<R extends { backend: string; driver: string; 'vs (c)': string }, I extends { result: string }>(
  name: string,
  run: (backend: Backend) => Promise<{ results: R[]; invariants: I[] }>,
  goal: (backend: Backend) => string,
): Promise<I[]> {
  const results: R[] = [];
  const invariants: I[] = [];
  for (const backend of BACKENDS) {
    const done = await run(backend);
    results.push(...done.results);
    invariants.push(...done.invariants);
  }
  console.table(results);
  // Every driver's ratio to (c), the database's own: a/c, b/c, and whichever others the bench has.
  const drivers = [...new Set(results.map((r) => r.driver.split(' ')[0]!))].filter((d) => d !== '(c)');
  console.table(
    BACKENDS.map((backend) => {
      const ratios = drivers.map((d) => [`${d.slice(1, -1)}/c`, results.find((r) => r.backend === backend && r.driver.split(' ')[0] === d)?.['vs (c)'] ?? '—']);
      return { backend, ...Object.fromEntries(ratios), goal: goal(backend) };
    }),
  );
  if (invariants.some((r) => r.result === 'FAIL')) {
    console.table(invariants);
    throw new Error(`bench/${name}: an invariant failed (see the table above)`);
  }
  return invariants;
}

import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../access/roles';
import type { DB } from './schema';

export type Trx = Transaction<DB>;

/**
 * One unit of work: the open transaction, the instant it happens at (from the clock, fixed for the whole
 * transaction), who does it, and the request it serves. Every command takes one.
 */
export interface Tx {
  db: Trx;
  now: Date;
  actor: Actor;
  requestId: string | null;
}

const RETRYABLE = new Set(['40001', '40P01']); // serialization failure, deadlock

/** Run `fn` in a transaction; retried a few times when PostgreSQL asks for it (serialization, deadlock). */
export async function transact<T>(db: Kysely<DB>, fn: (trx: Trx) => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(fn);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= attempts || !code || !RETRYABLE.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt * Math.random()));
    }
  }
}

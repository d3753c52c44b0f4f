import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import { SYSTEM_ACTOR } from '../access/roles';
import type { Clock } from '../core/clock';
import type { Database } from '../db/database';
import type { DB } from '../db/schema';
import { transact, type Tx } from '../db/transaction';
import { expireQuotes } from '../pricing/commands/expire-quotes';

/**
 * Work that comes due with time rather than with a request. Each sweep reads what is due from the database
 * and locks it with SKIP LOCKED, so the timer here only says how often to look: nothing due is kept in
 * memory, a restarted or second process finds the same work, and two processes never do it twice.
 */
const SWEEPS: { name: string; run: (tx: Tx) => Promise<unknown[]> }[] = [{ name: 'quote expiry', run: (tx) => expireQuotes(tx) }];

export function startSweeps(db: Kysely<DB>, clock: Clock, log: Pick<Logger, 'info' | 'error'>, everyMs = 60_000): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    for (const sweep of SWEEPS) {
      try {
        const done = await transact(db, (trx) => sweep.run({ db: trx, now: clock.now(), actor: SYSTEM_ACTOR, requestId: null }));
        if (done.length > 0) log.info({ sweep: sweep.name, count: done.length }, 'sweep done');
      } catch (error) {
        log.error({ err: error, sweep: sweep.name }, 'sweep failed');
      }
    }
    running = false;
  };
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}

/**
 * PostgreSQL's autovacuum keeps the planner's statistics current; embedded PGlite runs no background workers,
 * so its planner would go on planning for the tables as they were when first analyzed — nearly empty — and
 * pick scans that grow with the data (measured: bench/fulfillment's waves at a quarter of their speed). On
 * PGlite, omc analyzes at start and every ten minutes; on PostgreSQL it leaves it to autovacuum.
 */
export function startStatistics(database: Database, log: Pick<Logger, 'error'>, everyMs = 10 * 60_000): () => void {
  if (database.backend !== 'pglite') return () => {};
  const analyze = () => sql`analyze`.execute(database.db).catch((error: unknown) => log.error({ err: error }, 'analyze failed'));
  const timer = setInterval(() => void analyze(), everyMs);
  timer.unref();
  void analyze();
  return () => clearInterval(timer);
}

import type { Kysely } from 'kysely';
import { notFound } from '../../core/errors';
import type { DB } from '../../db/schema';
import { toPage } from '../../http/pagination';
import { presentScheduleRun } from '../schemas';
import type { ScheduleRunStatus } from '../transitions';

/** A run with its orders and operations, or a 404. */
export async function requireScheduleRun(db: Kysely<DB>, id: string) {
  const row = await db.selectFrom('schedule_runs').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('schedule run', id);
  return presentScheduleRun(row);
}

/** Runs, newest first, without their orders and operations. */
export async function listScheduleRuns(db: Kysely<DB>, filter: { limit: number; starting_after?: string | undefined; status?: ScheduleRunStatus | undefined }) {
  let query = db.selectFrom('schedule_runs').selectAll().orderBy('id', 'desc').limit(filter.limit + 1);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.starting_after) query = query.where('id', '<', filter.starting_after);
  return toPage(await query.execute(), filter.limit, (r) => r.id, (r) => {
    const { orders: _o, operations: _p, unscheduled: _u, ...run } = presentScheduleRun(r);
    return run;
  });
}

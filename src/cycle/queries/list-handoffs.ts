import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { toPage } from '../../http/pagination';
import { presentHandoff } from '../schemas';

export interface HandoffFilter {
  limit: number;
  starting_after?: string | undefined;
  overdue?: boolean | undefined;
  unowned?: boolean | undefined;
  status?: string | undefined;
  department?: string | undefined;
  subject_id?: string | undefined;
}

/**
 * Handoffs, oldest first. `overdue=true` gives the dropped balls: not completed and past their due time
 * (served by the partial index on due_at).
 */
export async function listHandoffs(db: Kysely<DB>, now: Date, filter: HandoffFilter) {
  let query = db.selectFrom('handoffs').selectAll().orderBy('id', 'asc').limit(filter.limit + 1);
  if (filter.starting_after) query = query.where('id', '>', filter.starting_after);
  if (filter.overdue === true) query = query.where('status', '<>', 'completed').where('due_at', '<', now);
  if (filter.overdue === false) query = query.where((eb) => eb.or([eb('status', '=', 'completed'), eb('due_at', '>=', now)]));
  if (filter.unowned === true) query = query.where('owner', 'is', null).where('status', '<>', 'completed');
  if (filter.unowned === false) query = query.where('owner', 'is not', null);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.department) query = query.where('department', '=', filter.department);
  if (filter.subject_id) query = query.where('subject_id', '=', filter.subject_id);
  const rows = await query.execute();
  return toPage(rows, filter.limit, (h) => h.id, (h) => presentHandoff(h, now));
}

import type { Kysely } from 'kysely';
import type { Department } from '../../access/roles';
import type { DB } from '../../db/schema';
import { toPage } from '../../http/pagination';
import { presentWorkCenter } from '../manufacturing-schemas';

/** Work centers in the order they were created, paged by id. */
export async function listWorkCenters(
  db: Kysely<DB>,
  filter: { limit: number; starting_after?: string | undefined; department?: Department | undefined; active?: boolean | undefined },
) {
  let query = db.selectFrom('work_centers').selectAll().orderBy('id', 'asc').limit(filter.limit + 1);
  if (filter.starting_after) query = query.where('id', '>', filter.starting_after);
  if (filter.department) query = query.where('department', '=', filter.department);
  if (filter.active !== undefined) query = query.where('active', '=', filter.active);
  return toPage(await query.execute(), filter.limit, (w) => w.id, presentWorkCenter);
}

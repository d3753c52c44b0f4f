import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { toPage } from '../../http/pagination';
import { presentEvent } from '../schemas';
import { STAGES } from '../stages';

export interface EventFilter {
  limit: number;
  starting_after?: string | undefined;
  type?: string | undefined;
  subject_id?: string | undefined;
  order_id?: string | undefined;
  customer_id?: string | undefined;
  stage?: string | undefined;
  department?: string | undefined;
  since?: string | undefined;
}

/** The event log, oldest first, paged by its sequence number. */
export async function listEvents(db: Kysely<DB>, filter: EventFilter) {
  let query = db.selectFrom('events').selectAll().orderBy('seq', 'asc').limit(filter.limit + 1);
  if (filter.starting_after) query = query.where('seq', '>', Number(filter.starting_after));
  if (filter.type?.endsWith('.')) query = query.where('type', 'like', `${filter.type.replace(/[\\%_]/g, '\\$&')}%`);
  else if (filter.type) query = query.where('type', '=', filter.type);
  if (filter.subject_id) query = query.where('subject_id', '=', filter.subject_id);
  if (filter.order_id) query = query.where('order_id', '=', filter.order_id);
  if (filter.customer_id) query = query.where('customer_id', '=', filter.customer_id);
  if (filter.stage) query = query.where('stage', '=', STAGES.find((s) => s.key === filter.stage)!.number);
  if (filter.department) query = query.where('department', '=', filter.department);
  if (filter.since) query = query.where('at', '>=', new Date(filter.since));
  const rows = await query.execute();
  return toPage(rows, filter.limit, (e) => String(e.seq), presentEvent);
}

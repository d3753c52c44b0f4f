import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { toPage } from '../../http/pagination';
import { presentNote } from '../views';

/** A customer's notes from every department, newest first (ids sort by creation). */
export async function listCustomerNotes(db: Kysely<DB>, customerId: string, page: { limit: number; starting_after?: string | undefined }) {
  let query = db.selectFrom('customer_notes').selectAll().where('customer_id', '=', customerId).orderBy('id', 'desc').limit(page.limit + 1);
  if (page.starting_after) query = query.where('id', '<', page.starting_after);
  return toPage(await query.execute(), page.limit, (r) => r.id, presentNote);
}

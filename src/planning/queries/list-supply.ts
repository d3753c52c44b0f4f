import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { toPage } from '../../http/pagination';
import { presentSupply } from '../schemas';

export async function listSupply(
  db: Kysely<DB>,
  filter: { limit: number; starting_after?: string | undefined; product_id?: string | undefined; warehouse_id?: string | undefined; status?: string | undefined },
) {
  let query = db.selectFrom('supply').selectAll().orderBy('id', 'asc').limit(filter.limit + 1);
  if (filter.starting_after) query = query.where('id', '>', filter.starting_after);
  if (filter.product_id) query = query.where('product_id', '=', filter.product_id);
  if (filter.warehouse_id) query = query.where('warehouse_id', '=', filter.warehouse_id);
  if (filter.status) query = query.where('status', '=', filter.status);
  return toPage(await query.execute(), filter.limit, (s) => s.id, presentSupply);
}

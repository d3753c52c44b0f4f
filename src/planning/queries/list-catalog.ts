import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { toPage } from '../../http/pagination';
import { presentProduct, presentWarehouse } from '../schemas';

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, '\\$&')}%`;

/** Products in the order they were created, paged by id. */
export async function listProducts(
  db: Kysely<DB>,
  filter: { limit: number; starting_after?: string | undefined; q?: string | undefined; kind?: string | undefined; active?: boolean | undefined },
) {
  let query = db.selectFrom('products').selectAll().orderBy('id', 'asc').limit(filter.limit + 1);
  if (filter.starting_after) query = query.where('id', '>', filter.starting_after);
  if (filter.kind) query = query.where('kind', '=', filter.kind as 'stocked');
  if (filter.active !== undefined) query = query.where('active', '=', filter.active);
  if (filter.q) {
    const pattern = likePattern(filter.q);
    query = query.where((eb) => eb.or([eb('sku', 'ilike', pattern), eb('name', 'ilike', pattern)]));
  }
  return toPage(await query.execute(), filter.limit, (p) => p.id, presentProduct);
}

export async function listWarehouses(db: Kysely<DB>, filter: { limit: number; starting_after?: string | undefined }) {
  let query = db.selectFrom('warehouses').selectAll().orderBy('id', 'asc').limit(filter.limit + 1);
  if (filter.starting_after) query = query.where('id', '>', filter.starting_after);
  return toPage(await query.execute(), filter.limit, (w) => w.id, presentWarehouse);
}

import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { toPage } from '../../http/pagination';
import { presentPriceList } from '../price-list-schemas';

async function present(db: Kysely<DB>, ids: string[]) {
  if (ids.length === 0) return [];
  const [lists, customers, items] = await Promise.all([
    db.selectFrom('price_lists').selectAll().where('id', 'in', ids).execute(),
    db.selectFrom('price_list_customers').selectAll().where('price_list_id', 'in', ids).orderBy('customer_id').execute(),
    db.selectFrom('price_list_items').selectAll().where('price_list_id', 'in', ids).execute(),
  ]);
  const byId = new Map(lists.map((l) => [l.id, l]));
  return ids.flatMap((id) => {
    const list = byId.get(id);
    if (!list) return [];
    return [presentPriceList(list, customers.filter((c) => c.price_list_id === id).map((c) => c.customer_id), items.filter((i) => i.price_list_id === id))];
  });
}

export async function priceListById(db: Kysely<DB>, id: string) {
  return (await present(db, [id]))[0] ?? null;
}

export async function listPriceLists(db: Kysely<DB>, filter: { limit: number; starting_after?: string | undefined; customer_id?: string | undefined; active?: boolean | undefined }) {
  let query = db.selectFrom('price_lists').select('id').orderBy('id', 'desc').limit(filter.limit + 1);
  if (filter.starting_after) query = query.where('id', '<', filter.starting_after);
  if (filter.active !== undefined) query = query.where('active', '=', filter.active);
  if (filter.customer_id) {
    const customerId = filter.customer_id;
    query = query.where(({ exists, selectFrom }) => exists(selectFrom('price_list_customers as c').select('c.customer_id').whereRef('c.price_list_id', '=', 'price_lists.id').where('c.customer_id', '=', customerId)));
  }
  const page = toPage((await query.execute()).map((r) => r.id), filter.limit, (id) => id, (id) => id);
  return { ...page, data: await present(db, page.data) };
}

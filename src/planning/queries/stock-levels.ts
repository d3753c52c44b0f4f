import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { toPage } from '../../http/pagination';
import { presentMovement } from '../schemas';

export interface StockLevelFilter {
  limit: number;
  starting_after?: string | undefined;
  product_id?: string | undefined;
  warehouse_id?: string | undefined;
}

/**
 * Stock per product × warehouse: on hand and reserved from the stock row, available = on hand − reserved,
 * incoming = open supply not yet received. A place with only incoming supply is listed too.
 */
export async function stockLevels(db: Kysely<DB>, filter: StockLevelFilter) {
  const incoming = db
    .selectFrom('supply')
    .select(['product_id', 'warehouse_id', sql<number>`sum(quantity - received_quantity)::int`.as('incoming')])
    .where('status', 'in', ['open', 'partially_received'])
    .groupBy(['product_id', 'warehouse_id']);
  const places = db
    .selectFrom('stock')
    .select(['product_id', 'warehouse_id'])
    .union(db.selectFrom('supply').select(['product_id', 'warehouse_id']).where('status', 'in', ['open', 'partially_received']));
  let query = db
    .selectFrom(places.as('p'))
    .leftJoin('stock as s', (join) => join.onRef('s.product_id', '=', 'p.product_id').onRef('s.warehouse_id', '=', 'p.warehouse_id'))
    .leftJoin(incoming.as('i'), (join) => join.onRef('i.product_id', '=', 'p.product_id').onRef('i.warehouse_id', '=', 'p.warehouse_id'))
    .select([
      'p.product_id',
      'p.warehouse_id',
      sql<number>`coalesce(s.on_hand, 0)`.as('on_hand'),
      sql<number>`coalesce(s.reserved, 0)`.as('reserved'),
      sql<number>`coalesce(i.incoming, 0)`.as('incoming'),
    ])
    .orderBy('p.product_id')
    .orderBy('p.warehouse_id')
    .limit(filter.limit + 1);
  if (filter.product_id) query = query.where('p.product_id', '=', filter.product_id);
  if (filter.warehouse_id) query = query.where('p.warehouse_id', '=', filter.warehouse_id);
  if (filter.starting_after) {
    const [product, warehouse] = filter.starting_after.split('~');
    query = query.where((eb) => eb.or([eb('p.product_id', '>', product!), eb.and([eb('p.product_id', '=', product!), eb('p.warehouse_id', '>', warehouse ?? '')])]));
  }
  return toPage(
    await query.execute(),
    filter.limit,
    (r) => `${r.product_id}~${r.warehouse_id}`,
    (r) => ({ product_id: r.product_id, warehouse_id: r.warehouse_id, on_hand: r.on_hand, reserved: r.reserved, available: r.on_hand - r.reserved, incoming: r.incoming }),
  );
}

/** The movements ledger, oldest first. */
export async function listMovements(db: Kysely<DB>, filter: StockLevelFilter) {
  let query = db.selectFrom('stock_movements').selectAll().orderBy('seq', 'asc').limit(filter.limit + 1);
  if (filter.product_id) query = query.where('product_id', '=', filter.product_id);
  if (filter.warehouse_id) query = query.where('warehouse_id', '=', filter.warehouse_id);
  if (filter.starting_after) query = query.where('seq', '>', Number(filter.starting_after) || 0);
  return toPage(await query.execute(), filter.limit, (m) => String(m.seq), presentMovement);
}

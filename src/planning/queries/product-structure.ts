import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { ProductsTable } from '../tables';
import type { BomLinesTable, RoutingOperationsTable, WorkCentersTable } from '../manufacturing-tables';
import { requireProduct } from './get-catalog';

export interface ProductStructure {
  rootId: string;
  /** The product and everything in its bills of materials, at any depth. */
  products: ProductsTable[];
  /** Every BOM line of those products. */
  lines: BomLinesTable[];
  /** Every routing operation of those products, with its work center. */
  operations: (RoutingOperationsTable & { work_center: WorkCentersTable })[];
}

/**
 * A product's whole structure, for the cost roll-up and the scheduler: the BOM lines of every product
 * reachable from it are read in one statement (one snapshot, so a concurrent edit is seen whole or not at
 * all), then the products and the routings with their work centers.
 */
export async function loadProductStructure(db: Kysely<DB>, productId: string): Promise<ProductStructure> {
  await requireProduct(db, productId);
  // UNION (not UNION ALL) stops at products already seen: the walk ends even on bad data.
  const lines = (
    await sql<BomLinesTable>`
      with recursive tree (id) as (
        select ${productId}::text
        union
        select b.component_id from bom_lines b join tree t on b.product_id = t.id
      )
      select b.* from bom_lines b where b.product_id in (select id from tree)
      order by b.product_id, b.position, b.id`.execute(db)
  ).rows;
  const ids = [...new Set([productId, ...lines.map((l) => l.component_id)])];
  const products = await db.selectFrom('products').selectAll().where('id', 'in', ids).execute();
  const rows = await db
    .selectFrom('routing_operations as o')
    .innerJoin('work_centers as w', 'w.id', 'o.work_center_id')
    .selectAll('o')
    .select([
      'w.code as wc_code',
      'w.name as wc_name',
      'w.department as wc_department',
      'w.currency as wc_currency',
      'w.hourly_rate_amount as wc_hourly_rate_amount',
      'w.overhead_percent as wc_overhead_percent',
      'w.minutes_per_day as wc_minutes_per_day',
      'w.parallel_units as wc_parallel_units',
      'w.working_days as wc_working_days',
      'w.minutes_by_weekday as wc_minutes_by_weekday',
      'w.non_working_dates as wc_non_working_dates',
      'w.pick_pack_warehouse_id as wc_pick_pack_warehouse_id',
      'w.active as wc_active',
      'w.created_at as wc_created_at',
      'w.updated_at as wc_updated_at',
    ])
    .where('o.product_id', 'in', ids)
    .orderBy('o.product_id')
    .orderBy('o.sequence')
    .execute();
  const operations = rows.map((r) => ({
    id: r.id,
    product_id: r.product_id,
    sequence: r.sequence,
    work_center_id: r.work_center_id,
    description: r.description,
    setup_minutes: r.setup_minutes,
    run_minutes: r.run_minutes,
    created_at: r.created_at,
    work_center: {
      id: r.work_center_id,
      code: r.wc_code,
      name: r.wc_name,
      department: r.wc_department,
      currency: r.wc_currency,
      hourly_rate_amount: r.wc_hourly_rate_amount,
      overhead_percent: r.wc_overhead_percent,
      minutes_per_day: r.wc_minutes_per_day,
      parallel_units: r.wc_parallel_units,
      working_days: r.wc_working_days,
      minutes_by_weekday: r.wc_minutes_by_weekday,
      non_working_dates: r.wc_non_working_dates,
      pick_pack_warehouse_id: r.wc_pick_pack_warehouse_id,
      active: r.wc_active,
      created_at: r.wc_created_at,
      updated_at: r.wc_updated_at,
    },
  }));
  return { rootId: productId, products, lines, operations };
}

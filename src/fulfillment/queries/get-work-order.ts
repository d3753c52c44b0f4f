import { sql, type Kysely } from 'kysely';
import { notFound } from '../../core/errors';
import type { DB } from '../../db/schema';
import { toPage } from '../../http/pagination';
import type { WorkOrderView } from '../work-order-schemas';

/**
 * Work orders as the API shows them, in the order of `ids`: operations with the time the current committed
 * schedule gives them (scheduling), materials with what is free in the warehouse now.
 */
export async function workOrdersByIds(db: Kysely<DB>, ids: string[]): Promise<WorkOrderView[]> {
  if (ids.length === 0) return [];
  const [orders, operations, materials] = await Promise.all([
    db.selectFrom('work_orders as w').innerJoin('products as p', 'p.id', 'w.product_id').innerJoin('orders as o', 'o.id', 'w.order_id').selectAll('w').select(['p.sku', 'o.number as order_number']).where('w.id', 'in', ids).execute(),
    sql<{ work_order_id: string; id: string; sequence: number; work_center_id: string; code: string; department: string; description: string; planned_minutes: number; status: string; started_at: Date | null; completed_at: Date | null; scheduled_start: Date | null; scheduled_end: Date | null }>`
      select op.work_order_id, op.id, op.sequence, op.work_center_id, wc.code, op.department, op.description, op.planned_minutes, op.status,
             op.started_at, op.completed_at, s.starts_at as scheduled_start, s.ends_at as scheduled_end
      from work_order_operations op
      join work_orders w on w.id = op.work_order_id
      join work_centers wc on wc.id = op.work_center_id
      left join lateral (
        select so.starts_at, so.ends_at from scheduled_operations so join schedule_runs r on r.id = so.run_id
        where r.status = 'committed' and so.order_line_id = w.order_line_id and so.routing_operation_id = op.routing_operation_id
        order by so.starts_at limit 1) s on true
      where op.work_order_id in (${sql.join(ids)})
      order by op.sequence`.execute(db),
    sql<{ work_order_id: string; component_id: string; sku: string; quantity: number; consumed: boolean; available: number }>`
      select m.work_order_id, m.component_id, p.sku, m.quantity, m.consumed,
             coalesce((select s.on_hand - s.reserved from stock s where s.product_id = m.component_id and s.warehouse_id = w.warehouse_id), 0) as available
      from work_order_materials m join work_orders w on w.id = m.work_order_id join products p on p.id = m.component_id
      where m.work_order_id in (${sql.join(ids)})
      order by m.id`.execute(db),
  ]);
  const byId = new Map(orders.map((o) => [o.id, o]));
  return ids.filter((id) => byId.has(id)).map((id) => {
    const w = byId.get(id)!;
    const steps = operations.rows.filter((o) => o.work_order_id === id);
    return {
      id: w.id,
      number: w.number,
      status: w.status,
      order_id: w.order_id,
      order_number: w.order_number,
      order_line_id: w.order_line_id,
      product_id: w.product_id,
      sku: w.sku,
      quantity: w.quantity,
      warehouse_id: w.warehouse_id,
      current_department: steps.find((s) => s.status !== 'done')?.department ?? null,
      operations: steps.map((s) => ({
        id: s.id,
        sequence: s.sequence,
        work_center_id: s.work_center_id,
        work_center_code: s.code,
        department: s.department,
        description: s.description,
        planned_minutes: s.planned_minutes,
        status: s.status,
        scheduled_start: s.scheduled_start?.toISOString() ?? null,
        scheduled_end: s.scheduled_end?.toISOString() ?? null,
        started_at: s.started_at?.toISOString() ?? null,
        completed_at: s.completed_at?.toISOString() ?? null,
      })),
      materials: materials.rows
        .filter((m) => m.work_order_id === id)
        .map((m) => ({ component_id: m.component_id, sku: m.sku, quantity: m.quantity, consumed: m.consumed, available: Number(m.available), short: m.consumed ? 0 : Math.max(0, m.quantity - Number(m.available)) })),
      created_at: w.created_at.toISOString(),
      started_at: w.started_at?.toISOString() ?? null,
      completed_at: w.completed_at?.toISOString() ?? null,
    };
  });
}

export async function getWorkOrder(db: Kysely<DB>, id: string): Promise<WorkOrderView> {
  const [workOrder] = await workOrdersByIds(db, [id]);
  if (!workOrder) throw notFound('work order', id);
  return workOrder;
}

export interface WorkOrderFilter {
  limit: number;
  starting_after?: string | undefined;
  status?: string | undefined;
  order_id?: string | undefined;
  department?: string | undefined;
}

/** Oldest first: the shop works its list from the top. `department`: work orders whose next operation is theirs. */
export async function listWorkOrders(db: Kysely<DB>, filter: WorkOrderFilter) {
  let query = db.selectFrom('work_orders as w').select('w.id').orderBy('w.id').limit(filter.limit + 1);
  if (filter.starting_after) query = query.where('w.id', '>', filter.starting_after);
  if (filter.status) query = query.where('w.status', '=', filter.status);
  if (filter.order_id) query = query.where('w.order_id', '=', filter.order_id);
  if (filter.department) {
    query = query.where(
      sql<string>`(select op.department from work_order_operations op where op.work_order_id = w.id and op.status <> 'done' order by op.sequence limit 1)`,
      '=',
      filter.department,
    );
  }
  const ids = (await query.execute()).map((r) => r.id);
  const page = toPage(ids, filter.limit, (id) => id, (id) => id);
  return { ...page, data: await workOrdersByIds(db, page.data) };
}

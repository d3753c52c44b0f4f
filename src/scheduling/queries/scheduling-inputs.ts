import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { WorkCentersTable } from '../../planning/manufacturing-tables';
import { capacityOn } from '../../planning/queries/work-center-capacity';
import { currentPolicy } from '../../prioritization/queries/current-policy';
import { rankOrders } from '../../prioritization/queries/rank-orders';
import { WorkingTime } from '../policies/calendar';
import type { PlanCenter, PlanJob } from '../policies/shop-mapping';

/** A pick / pack operation: this much per warehouse and order, plus this much per unit picked. */
export const PICK_PACK_MINUTES_PER_ORDER = 15;
export const PICK_PACK_MINUTES_PER_UNIT = 1;
/** Orders with no score (cannot happen for queued ones) and orders scored 0 still count a little. */
const MIN_WEIGHT = 0.1;

export interface SchedulingCenter extends PlanCenter {
  row: WorkCentersTable;
}

export interface SchedulingOrder {
  id: string;
  number: string;
  customer_id: string;
  promised_date: string | null;
  weight: number;
}

export interface SchedulingInputs {
  orders: Map<string, SchedulingOrder>;
  jobs: PlanJob[];
  centers: SchedulingCenter[];
  /** Work the schedule cannot place, and why. */
  unscheduled: { order_id: string; order_line_id: string | null; reason: string }[];
  /** Of everything above but the weights (they age by the minute); a commit compares it. */
  digest: string;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/**
 * What a schedule is computed from, read as it is now: the confirmed orders' made-to-order lines (their
 * routings, less the operations their work orders have done) and stocked units reserved in a warehouse (a
 * pick / pack there), the work centers' calendars,
 * and each order's priority score as its weight.
 */
export async function schedulingInputs(db: Kysely<DB>, now: Date): Promise<SchedulingInputs> {
  const orderRows = await db.selectFrom('orders').select(['id', 'number', 'customer_id', 'promised_date']).where('status', '=', 'confirmed').orderBy('id').execute();
  const { version, policy } = await currentPolicy(db);
  const scores = new Map((await rankOrders(db, now, policy)).map((r) => [r.order_id, r.score]));
  const orders = new Map(orderRows.map((o) => [o.id, { ...o, weight: Math.max(MIN_WEIGHT, Math.round((scores.get(o.id) ?? 0) * 1000) / 1000) }]));
  const orderIds = [...orders.keys()];
  const lines = orderIds.length
    ? await db
        .selectFrom('order_lines as l')
        .innerJoin('products as p', 'p.id', 'l.product_id')
        .select(['l.id', 'l.order_id', 'l.line_no', 'l.product_id', 'l.quantity', 'l.promised_date', 'p.kind', 'p.sku'])
        .where('l.order_id', 'in', orderIds)
        .where('l.status', '=', 'open')
        .orderBy('l.order_id')
        .orderBy('l.line_no')
        .execute()
    : [];
  const lineIds = lines.map((l) => l.id);
  const parts = lineIds.length
    ? await db.selectFrom('reservations').select(['order_line_id', 'source', 'warehouse_id', 'quantity']).where('order_line_id', 'in', lineIds).where('status', '=', 'active').orderBy('id').execute()
    : [];
  const madeIds = [...new Set(lines.filter((l) => l.kind === 'made_to_order').map((l) => l.product_id))];
  const routing = madeIds.length
    ? await db.selectFrom('routing_operations').selectAll().where('product_id', 'in', madeIds).orderBy('product_id').orderBy('sequence').execute()
    : [];
  // Work already done on the shop floor is not scheduled again: a finished work order's line waits only for its
  // pick / pack (its units are reserved stock), and an open one's finished operations drop out.
  const workOrders = lineIds.length
    ? await db
        .selectFrom('work_orders as w')
        .leftJoin('work_order_operations as op', (join) => join.onRef('op.work_order_id', '=', 'w.id').on('op.status', '=', 'done'))
        .select(['w.order_line_id', 'w.status', 'op.routing_operation_id'])
        .where('w.order_line_id', 'in', lineIds)
        .where('w.status', '<>', 'cancelled')
        .execute()
    : [];
  const builtLines = new Set(workOrders.filter((w) => w.status === 'done').map((w) => w.order_line_id));
  const doneSteps = new Set(workOrders.filter((w) => w.routing_operation_id !== null).map((w) => `${w.order_line_id} ${w.routing_operation_id}`));
  const warehouses = new Map((await db.selectFrom('warehouses').select(['id', 'code', 'handling_days', 'transit_days']).execute()).map((w) => [w.id, w]));
  const centerRows = await db.selectFrom('work_centers').selectAll().orderBy('id').execute();
  const centerById = new Map(centerRows.map((c) => [c.id, c]));
  const pickPackOf = new Map(centerRows.filter((c) => c.pick_pack_warehouse_id !== null).map((c) => [c.pick_pack_warehouse_id!, c]));
  const startMs = now.getTime();
  const working = new Map<string, boolean>();
  const works = (c: WorkCentersTable) => {
    if (!working.has(c.id)) working.set(c.id, c.active && new WorkingTime(startMs, (date) => capacityOn(c, date).minutes_per_unit).minutesOver(366) > 0);
    return working.get(c.id)!;
  };
  const lineById = new Map(lines.map((l) => [l.id, l]));
  const partsOf = groupBy(parts, (p) => p.order_line_id);
  const routingOf = groupBy(routing, (r) => r.product_id);

  const jobs: PlanJob[] = [];
  const unscheduled: SchedulingInputs['unscheduled'] = [];
  for (const line of lines) {
    if (line.kind !== 'made_to_order' || builtLines.has(line.id)) continue;
    const order = orders.get(line.order_id)!;
    const routed = routingOf.get(line.product_id) ?? [];
    const steps = routed.filter((s) => !doneSteps.has(`${line.id} ${s.id}`));
    if (routed.length > 0 && steps.length === 0) continue; // every operation done: the work order finishes now
    const idle = steps.map((s) => centerById.get(s.work_center_id)!).find((c) => !works(c));
    if (steps.length === 0 || idle) {
      unscheduled.push({ order_id: order.id, order_line_id: line.id, reason: idle ? `work center ${idle.code} is inactive or never works` : `${line.sku} has no routing` });
      continue;
    }
    const ships = partsOf.get(line.id)?.find((p) => p.warehouse_id !== null)?.warehouse_id;
    const warehouse = ships ? warehouses.get(ships) : undefined;
    jobs.push({
      orderId: order.id,
      orderLineId: line.id,
      lines: [{ id: line.id, promisedDate: line.promised_date }],
      operations: steps.map((s) => ({
        kind: 'routing',
        workCenterId: s.work_center_id,
        routingOperationId: s.id,
        description: `${s.sequence} ${s.description} (${line.quantity} × ${line.sku})`,
        minutes: Math.max(1, Math.ceil(s.setup_minutes + s.run_minutes * line.quantity - 1e-9)),
      })),
      shippingDays: warehouse ? warehouse.handling_days + warehouse.transit_days : 0,
      weight: order.weight,
    });
  }
  // Stocked units reserved in a warehouse: one pick / pack per order and warehouse.
  const picks = new Map<string, { orderId: string; warehouseId: string; lineIds: Set<string>; units: number }>();
  for (const part of parts) {
    if (part.source !== 'stock' || part.warehouse_id === null) continue;
    const line = lineById.get(part.order_line_id)!;
    const key = `${line.order_id} ${part.warehouse_id}`;
    const pick = picks.get(key) ?? { orderId: line.order_id, warehouseId: part.warehouse_id, lineIds: new Set<string>(), units: 0 };
    pick.lineIds.add(line.id);
    pick.units += part.quantity;
    picks.set(key, pick);
  }
  for (const pick of [...picks.values()].sort((a, b) => a.orderId.localeCompare(b.orderId) || a.warehouseId.localeCompare(b.warehouseId))) {
    const warehouse = warehouses.get(pick.warehouseId)!;
    const center = pickPackOf.get(pick.warehouseId);
    if (!center || !works(center)) {
      unscheduled.push({ order_id: pick.orderId, order_line_id: null, reason: `warehouse ${warehouse.code} has no working pick / pack work center` });
      continue;
    }
    jobs.push({
      orderId: pick.orderId,
      orderLineId: null,
      lines: [...pick.lineIds].sort().map((id) => ({ id, promisedDate: lineById.get(id)!.promised_date })),
      operations: [
        {
          kind: 'pick_pack',
          workCenterId: center.id,
          routingOperationId: null,
          description: `pick and pack ${pick.units} units at ${warehouse.code}`,
          minutes: PICK_PACK_MINUTES_PER_ORDER + PICK_PACK_MINUTES_PER_UNIT * pick.units,
        },
      ],
      shippingDays: warehouse.transit_days,
      weight: orders.get(pick.orderId)!.weight,
    });
  }
  const used = new Set(jobs.flatMap((j) => j.operations.map((o) => o.workCenterId)));
  const centers = centerRows
    .filter((c) => used.has(c.id))
    .map((row) => ({ id: row.id, units: row.parallel_units, minutesOn: (date: string) => capacityOn(row, date).minutes_per_unit, row }));
  const digest = createHash('sha256')
    .update(
      JSON.stringify({
        version,
        jobs: jobs.map(({ weight: _, ...job }) => job),
        centers: centers.map(({ row }) => [row.id, row.parallel_units, row.minutes_per_day, row.working_days, row.minutes_by_weekday, row.non_working_dates, row.active]),
        unscheduled,
      }),
    )
    .digest('hex');
  return { orders, jobs, centers, unscheduled, digest };
}

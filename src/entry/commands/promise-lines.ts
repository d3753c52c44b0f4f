import { sql } from 'kysely';
import { newId } from '../../core/ids';
import type { Tx } from '../../db/transaction';
import { moveStockMany } from '../../planning/commands/move-stock';
import type { ProductsTable } from '../../planning/tables';
import type { PromisePolicy, WarehouseTimes } from '../policies/promise';
import type { PromiseSource, ReservationsTable } from '../tables';

/** One part of a line's promise: so many units, from here, on this date, because. */
export interface PromisePart {
  source: PromiseSource;
  warehouseId: string | null;
  supplyId: string | null;
  quantity: number;
  promisedDate: string;
  reason: string;
}

export interface LineRequest {
  product: ProductsTable;
  quantity: number;
}

export interface PromiseContext {
  tx: Tx;
  today: string;
  policy: PromisePolicy;
  /** Active warehouses in the policy's order for this order. */
  warehouses: WarehouseTimes[];
  /**
   * Absent: promise for real (supply rows locked, their promised quantity raised). Present: only compute
   * (available-to-promise for a quote): nothing locked or written; units taken per supply row are kept here.
   */
  dryRun?: Map<string, number>;
}

/**
 * Lock the stock rows of these products — one statement, rows in (product, warehouse) order, so that
 * concurrent orders always lock in the same order and never deadlock — and return what is available.
 */
export async function lockAvailableStock(tx: Tx, productIds: string[], lock = true): Promise<Map<string, Map<string, number>>> {
  const available = new Map<string, Map<string, number>>();
  if (productIds.length === 0) return available;
  const rows = await sql<{ product_id: string; warehouse_id: string; available: number }>`
    select product_id, warehouse_id, on_hand - reserved as available from stock
    where product_id in (${sql.join([...new Set(productIds)].sort())})
    order by product_id, warehouse_id
    ${lock ? sql`for update` : sql``}`.execute(tx.db);
  for (const row of rows.rows) {
    if (!available.has(row.product_id)) available.set(row.product_id, new Map());
    available.get(row.product_id)!.set(row.warehouse_id, row.available);
  }
  return available;
}

/** Take a line's units from locked stock, warehouse by warehouse in the policy's order. Pure on the map. */
export function takeFromStock(ctx: PromiseContext, available: Map<string, number> | undefined, quantity: number): PromisePart[] {
  const parts: PromisePart[] = [];
  let need = quantity;
  ctx.warehouses.forEach((w, rank) => {
    const free = available?.get(w.id) ?? 0;
    const take = Math.min(need, free);
    if (take <= 0) return;
    available!.set(w.id, free - take);
    need -= take;
    parts.push({
      source: 'stock',
      warehouseId: w.id,
      supplyId: null,
      quantity: take,
      promisedDate: ctx.policy.fromStock(ctx.today, w),
      reason: rank === 0 ? `in stock at ${w.code}` : `in stock at ${w.code} (next warehouse with stock)`,
    });
  });
  return parts;
}

/**
 * Promise units that are not on hand: first from incoming supply, earliest first — each supply row locked
 * and its promised quantity raised, so no two orders are promised the same incoming units — then from the
 * product's lead time for whatever is left.
 */
export async function promiseBeyondStock(ctx: PromiseContext, product: ProductsTable, quantity: number): Promise<PromisePart[]> {
  const parts: PromisePart[] = [];
  let need = quantity;
  if (product.kind === 'stocked') {
    const open = await sql<{ id: string; warehouse_id: string; expected_date: string; free: number; reference: string | null }>`
      select id, warehouse_id, expected_date, quantity - received_quantity - promised_quantity as free, reference from supply
      where product_id = ${product.id} and status in ('open', 'partially_received') and quantity - received_quantity - promised_quantity > 0
      order by expected_date, id
      ${ctx.dryRun ? sql`` : sql`for update`}`.execute(ctx.tx.db);
    for (const supply of open.rows) {
      if (need === 0) break;
      const warehouse = ctx.warehouses.find((w) => w.id === supply.warehouse_id);
      if (!warehouse) continue; // supply into an inactive warehouse is not promised
      const take = Math.min(need, supply.free - (ctx.dryRun?.get(supply.id) ?? 0));
      if (take <= 0) continue;
      if (ctx.dryRun) ctx.dryRun.set(supply.id, (ctx.dryRun.get(supply.id) ?? 0) + take);
      else await ctx.tx.db.updateTable('supply').set((eb) => ({ promised_quantity: eb('promised_quantity', '+', take) })).where('id', '=', supply.id).execute();
      need -= take;
      parts.push({
        source: 'supply',
        warehouseId: supply.warehouse_id,
        supplyId: supply.id,
        quantity: take,
        promisedDate: ctx.policy.fromSupply(ctx.today, supply.expected_date, warehouse),
        reason: `incoming ${supply.reference ?? supply.id} expected ${supply.expected_date} at ${warehouse.code}`,
      });
    }
  }
  if (need > 0) {
    const ships = product.kind === 'service' ? null : (ctx.warehouses[0] ?? null);
    parts.push({
      source: 'lead_time',
      warehouseId: ships?.id ?? null,
      supplyId: null,
      quantity: need,
      promisedDate: ctx.policy.fromLeadTime(ctx.today, product.lead_time_days, ships),
      reason:
        product.kind === 'stocked'
          ? `nothing on hand or coming: ${product.lead_time_days} days lead time to replenish`
          : `${product.kind === 'service' ? 'service' : 'made to order'}: ${product.lead_time_days} days lead time`,
    });
  }
  return parts;
}

export function latestDate(dates: (string | null)[]): string | null {
  return dates.reduce<string | null>((latest, d) => (d && (!latest || d > latest) ? d : latest), null);
}

/** Promise `quantity` units of a product: from the locked stock first, then incoming supply, then lead time. */
export async function promiseUnits(ctx: PromiseContext, product: ProductsTable, quantity: number, available: Map<string, Map<string, number>>): Promise<PromisePart[]> {
  const fromStock = product.kind === 'stocked' ? takeFromStock(ctx, available.get(product.id), quantity) : [];
  const covered = fromStock.reduce((s, p) => s + p.quantity, 0);
  return covered < quantity ? [...fromStock, ...(await promiseBeyondStock(ctx, product, quantity - covered))] : fromStock;
}

/** Write lines' promise parts in one insert, and a stock movement for each part taken from stock. */
export async function recordPromiseParts(
  tx: Tx,
  entries: { line: { id: string; order_id: string; product_id: string }; parts: PromisePart[] }[],
  reason: string,
): Promise<ReservationsTable[]> {
  const rows: ReservationsTable[] = entries.flatMap(({ line, parts }) =>
    parts.map((p) => ({
      id: newId('reservation'),
      order_id: line.order_id,
      order_line_id: line.id,
      product_id: line.product_id,
      source: p.source,
      warehouse_id: p.warehouseId,
      supply_id: p.supplyId,
      quantity: p.quantity,
      promised_date: p.promisedDate,
      reason: p.reason,
      status: 'active' as const,
      created_at: tx.now,
      ended_at: null,
    })),
  );
  if (rows.length > 0) await tx.db.insertInto('reservations').values(rows).execute();
  await moveStockMany(
    tx,
    rows
      .filter((r) => r.source === 'stock')
      .map((r) => ({ productId: r.product_id, warehouseId: r.warehouse_id!, kind: 'reservation', onHandDelta: 0, reservedDelta: r.quantity, orderId: r.order_id, orderLineId: r.order_line_id, reason })),
  );
  return rows;
}

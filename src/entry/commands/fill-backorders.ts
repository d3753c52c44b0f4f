import { calendarDate } from '../../core/clock';
import { newId } from '../../core/ids';
import type { Tx } from '../../db/transaction';
import { moveStock } from '../../planning/commands/move-stock';
import { currentPolicy } from '../../prioritization/queries/current-policy';
import { rankOrders } from '../../prioritization/queries/rank-orders';
import { defaultPromisePolicy } from '../policies/promise';
import type { ReservationsTable } from '../tables';
import { repromiseLines } from './repromise';

/**
 * Supply arrived: the lines promised on it get the units first, then lines waiting on lead time for the same
 * product — within each, in priority order (the prioritization score of queued orders, highest first; then
 * orders without a score, such as those already in fulfillment, by promised date); each gets a stock
 * reservation in place of its promise, and is re-promised from stock.
 */
export async function fillBackordersFromReceipt(tx: Tx, supplyId: string, receivedQuantity: number): Promise<void> {
  const supply = await tx.db.selectFrom('supply').select(['product_id', 'warehouse_id', 'reference']).where('id', '=', supplyId).executeTakeFirstOrThrow();
  const warehouse = await tx.db.selectFrom('warehouses').select(['id', 'code', 'handling_days', 'transit_days']).where('id', '=', supply.warehouse_id).executeTakeFirstOrThrow();
  const waiting = await tx.db
    .selectFrom('reservations')
    .selectAll()
    .where('status', '=', 'active')
    .where((eb) =>
      eb.or([eb('supply_id', '=', supplyId), eb.and([eb('source', '=', 'lead_time'), eb('product_id', '=', supply.product_id)])]),
    )
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  if (waiting.length > 1) await sortByPriority(tx, waiting, supplyId);
  let remaining = receivedQuantity;
  const touched: string[] = [];
  for (const part of waiting) {
    if (remaining === 0) break;
    const take = Math.min(part.quantity, remaining);
    remaining -= take;
    await convertToStock(tx, part, take, warehouse, `received ${supply.reference ?? supplyId} at ${warehouse.code}`);
    touched.push(part.order_line_id);
  }
  await repromiseLines(tx, [...new Set(touched)], `supply ${supply.reference ?? supplyId} received at ${warehouse.code}`);
}

/** Replace `take` units of a waiting promise part by a stock reservation (the rest stays waiting). */
export async function convertToStock(
  tx: Tx,
  part: ReservationsTable,
  take: number,
  warehouse: { id: string; code: string; handling_days: number; transit_days: number },
  reason: string,
): Promise<void> {
  await tx.db.updateTable('reservations').set({ status: 'converted', ended_at: tx.now }).where('id', '=', part.id).execute();
  const base = { order_id: part.order_id, order_line_id: part.order_line_id, product_id: part.product_id, status: 'active' as const, created_at: tx.now, ended_at: null };
  const rows: ReservationsTable[] = [
    {
      ...base,
      id: newId('reservation'),
      source: 'stock',
      warehouse_id: warehouse.id,
      supply_id: null,
      quantity: take,
      promised_date: defaultPromisePolicy.fromStock(calendarDate(tx.now), warehouse),
      reason,
    },
  ];
  if (take < part.quantity) {
    rows.push({ ...base, created_at: part.created_at, id: newId('reservation'), source: part.source, warehouse_id: part.warehouse_id, supply_id: part.supply_id, quantity: part.quantity - take, promised_date: part.promised_date, reason: part.reason });
  }
  await tx.db.insertInto('reservations').values(rows).execute();
  await moveStock(tx, { productId: part.product_id, warehouseId: warehouse.id, kind: 'reservation', onHandDelta: 0, reservedDelta: take, orderId: part.order_id, orderLineId: part.order_line_id, reason });
  await tx.db
    .updateTable('order_lines')
    .set((eb) => ({ reserved_quantity: eb('reserved_quantity', '+', take), backordered_quantity: eb('backordered_quantity', '-', take) }))
    .where('id', '=', part.order_line_id)
    .execute();
}

/** Units promised from this supply first; within that and the rest: ranked orders by rank, then the others by promised date. */
async function sortByPriority(tx: Tx, waiting: ReservationsTable[], supplyId: string): Promise<void> {
  const ranked = await rankOrders(tx.db, tx.now, (await currentPolicy(tx.db)).policy, { orderIds: [...new Set(waiting.map((p) => p.order_id))] });
  const position = new Map(ranked.map((r) => [r.order_id, r.position]));
  const rank = (p: ReservationsTable) => position.get(p.order_id) ?? Number.MAX_SAFE_INTEGER;
  const group = (p: ReservationsTable) => (p.supply_id === supplyId ? 0 : 1);
  // Stable sort: equal keys keep the order they were promised in.
  waiting.sort((a, b) => group(a) - group(b) || rank(a) - rank(b) || a.promised_date.localeCompare(b.promised_date));
}

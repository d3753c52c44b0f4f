import { calendarDate } from '../../core/clock';
import type { Tx } from '../../db/transaction';
import { defaultPromisePolicy } from '../policies/promise';
import { promiseBeyondStock, recordPromiseParts, type PromiseContext } from './promise-lines';
import { repromiseLines } from './repromise';

/** Supply moved to another date: every line promised on it moves with it, and the orders say so. */
export async function followSupplyDelay(tx: Tx, supplyId: string, why: string): Promise<void> {
  const supply = await tx.db.selectFrom('supply').select(['expected_date', 'warehouse_id']).where('id', '=', supplyId).executeTakeFirstOrThrow();
  const warehouse = await tx.db.selectFrom('warehouses').select(['id', 'code', 'handling_days', 'transit_days']).where('id', '=', supply.warehouse_id).executeTakeFirstOrThrow();
  const date = defaultPromisePolicy.fromSupply(calendarDate(tx.now), supply.expected_date, warehouse);
  const parts = await tx.db
    .updateTable('reservations')
    .set({ promised_date: date })
    .where('supply_id', '=', supplyId)
    .where('status', '=', 'active')
    .returning('order_line_id')
    .execute();
  await repromiseLines(tx, [...new Set(parts.map((p) => p.order_line_id))], why);
}

/**
 * Supply will not come (cancelled, or the rest of a short delivery): the lines promised on it are promised
 * again from other incoming supply or lead time, and the orders say so.
 */
export async function replaceCancelledSupply(tx: Tx, supplyId: string, why: string): Promise<void> {
  const parts = await tx.db
    .updateTable('reservations')
    .set({ status: 'released', ended_at: tx.now })
    .where('supply_id', '=', supplyId)
    .where('status', '=', 'active')
    .returningAll()
    .execute();
  if (parts.length === 0) return;
  await tx.db.updateTable('supply').set({ promised_quantity: 0 }).where('id', '=', supplyId).execute();
  const warehouses = await tx.db.selectFrom('warehouses').select(['id', 'code', 'handling_days', 'transit_days']).where('active', '=', true).execute();
  const ctx: PromiseContext = { tx, today: calendarDate(tx.now), policy: defaultPromisePolicy, warehouses: defaultPromisePolicy.warehouseOrder(warehouses, null) };
  for (const part of parts.sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || a.id.localeCompare(b.id))) {
    const product = await tx.db.selectFrom('products').selectAll().where('id', '=', part.product_id).executeTakeFirstOrThrow();
    const replacements = await promiseBeyondStock(ctx, product, part.quantity);
    await recordPromiseParts(tx, [{ line: { id: part.order_line_id, order_id: part.order_id, product_id: part.product_id }, parts: replacements }], why);
  }
  await repromiseLines(tx, [...new Set(parts.map((p) => p.order_line_id))], why);
}

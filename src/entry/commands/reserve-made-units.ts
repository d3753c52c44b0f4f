import type { Tx } from '../../db/transaction';
import { convertToStock } from './fill-backorders';
import { repromiseLines } from './repromise';

/**
 * Units made for a line (its work order is done) are reserved for that line — not handed to the backorder
 * queue, since they were built to this order — in place of its lead-time promise, and the line is re-promised
 * from stock. Units beyond what the line still waits for stay free in stock.
 */
export async function reserveMadeUnits(
  tx: Tx,
  lineId: string,
  quantity: number,
  warehouse: { id: string; code: string; handling_days: number; transit_days: number },
  reason: string,
): Promise<number> {
  const waiting = await tx.db
    .selectFrom('reservations')
    .selectAll()
    .where('order_line_id', '=', lineId)
    .where('status', '=', 'active')
    .where('source', '<>', 'stock')
    .orderBy('created_at')
    .orderBy('id')
    .forUpdate()
    .execute();
  let remaining = quantity;
  for (const part of waiting) {
    if (remaining === 0) break;
    const take = Math.min(part.quantity, remaining);
    remaining -= take;
    if (part.source === 'supply') {
      await tx.db.updateTable('supply').set((eb) => ({ promised_quantity: eb('promised_quantity', '-', take) })).where('id', '=', part.supply_id!).execute();
    }
    await convertToStock(tx, part, take, warehouse, reason);
  }
  await repromiseLines(tx, [lineId], reason);
  return quantity - remaining;
}

import { newId } from '../../core/ids';
import type { Tx } from '../../db/transaction';
import { moveStock } from '../../planning/commands/move-stock';
import type { ReservationsTable } from '../tables';

/** Least sure first: lead time, then incoming supply, then stock — the latest date first within each. */
const GIVE_BACK_ORDER = { lead_time: 0, supply: 1, stock: 2 } as const;

/**
 * Give back `quantity` units of a line's promise (an edit lowered it, or removed the line): stock
 * reservations are released, promised incoming units are free again. Returns the units released from stock.
 */
export async function releaseLineUnits(tx: Tx, lineId: string, quantity: number, reason: string): Promise<number> {
  const parts = await tx.db.selectFrom('reservations').selectAll().where('order_line_id', '=', lineId).where('status', '=', 'active').execute();
  parts.sort((a, b) => GIVE_BACK_ORDER[a.source] - GIVE_BACK_ORDER[b.source] || b.promised_date.localeCompare(a.promised_date) || a.id.localeCompare(b.id));
  let remaining = quantity;
  let fromStock = 0;
  for (const part of parts) {
    if (remaining === 0) break;
    const take = Math.min(part.quantity, remaining);
    remaining -= take;
    await endPart(tx, part, take);
    if (part.source === 'stock') {
      fromStock += take;
      await moveStock(tx, { productId: part.product_id, warehouseId: part.warehouse_id!, kind: 'release', onHandDelta: 0, reservedDelta: -take, orderId: part.order_id, orderLineId: lineId, reason });
    }
    if (part.source === 'supply') {
      await tx.db.updateTable('supply').set((eb) => ({ promised_quantity: eb('promised_quantity', '-', take) })).where('id', '=', part.supply_id!).execute();
    }
  }
  return fromStock;
}

/** End a part; when only some of its units go, the rest lives on as a new active part (keeping its place in line). */
async function endPart(tx: Tx, part: ReservationsTable, take: number): Promise<void> {
  await tx.db.updateTable('reservations').set({ status: 'released', ended_at: tx.now }).where('id', '=', part.id).execute();
  if (take < part.quantity) {
    await tx.db
      .insertInto('reservations')
      .values({ ...part, id: newId('reservation'), quantity: part.quantity - take, ended_at: null, status: 'active' })
      .execute();
  }
}

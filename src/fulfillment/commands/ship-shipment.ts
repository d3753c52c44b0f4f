import { addHours } from '../../core/clock';
import { AppError } from '../../core/errors';
import { newId } from '../../core/ids';
import type { Tx } from '../../db/transaction';
import { moveStockMany, type StockMove } from '../../planning/commands/move-stock';
import { getShipment } from '../queries/get-shipment';
import { orderFulfillmentStatus } from '../queries/line-fulfillment';
import { advanceShipment, findShipment } from './advance-shipment';
import { lockShippableOrder, lockStockReservations } from './lock-order';
import { noteFulfillmentStatus } from './note-fulfillment-status';

export interface ShipInput {
  carrier: string;
  tracking_number: string;
  packages: number;
}

/**
 * The packed goods leave with a carrier: on hand and reserved both go down by what ships — one `shipment`
 * movement per shipment line — and the reservations it consumes become `shipped` (a reservation only partly
 * shipped is split: the rest stays active). Locks in the fixed order: order, shipment, reservations, stock,
 * order lines.
 */
export async function shipShipment(tx: Tx, id: string, input: ShipInput) {
  const found = await findShipment(tx, id);
  const order = await lockShippableOrder(tx, found.order_id);
  const before = await orderFulfillmentStatus(tx.db, order.id);
  const warehouse = await tx.db.selectFrom('warehouses').select(['code', 'transit_days']).where('id', '=', found.warehouse_id).executeTakeFirstOrThrow();
  await advanceShipment(
    tx,
    found,
    'shipped',
    { carrier: input.carrier, tracking_number: input.tracking_number, packages: input.packages },
    {
      department: 'operations',
      note: `${found.number} with ${input.carrier}, tracking ${input.tracking_number}: confirm delivery`,
      dueAt: addHours(tx.now, 24 * (warehouse.transit_days + 1)),
    },
  );
  const lines = await tx.db.selectFrom('shipment_lines').selectAll().where('shipment_id', '=', id).orderBy('order_line_id').execute();
  const reserved = await lockStockReservations(tx, order.id, found.warehouse_id);
  const reason = `shipment ${found.number} from ${warehouse.code}`;
  const moves: StockMove[] = [];
  for (const line of lines) {
    let need = line.quantity;
    for (const part of reserved.filter((p) => p.order_line_id === line.order_line_id)) {
      if (need === 0) break;
      const take = Math.min(need, part.quantity);
      need -= take;
      // The part that ships keeps its id and says how much shipped; the rest lives on as a new active part.
      await tx.db.updateTable('reservations').set({ status: 'shipped', quantity: take, ended_at: tx.now }).where('id', '=', part.id).execute();
      if (take < part.quantity) {
        await tx.db.insertInto('reservations').values({ ...part, id: newId('reservation'), quantity: part.quantity - take, status: 'active', ended_at: null }).execute();
      }
    }
    if (need > 0) {
      throw new AppError('not_reserved', `Line ${line.order_line_id} has ${line.quantity - need} of ${line.quantity} units reserved at ${warehouse.code}.`, {
        order_line_id: line.order_line_id,
        requested: line.quantity,
        reserved: line.quantity - need,
      });
    }
    moves.push({ productId: line.product_id, warehouseId: found.warehouse_id, kind: 'shipment', onHandDelta: -line.quantity, reservedDelta: -line.quantity, orderId: order.id, orderLineId: line.order_line_id, reason });
  }
  await moveStockMany(tx, moves);
  // Stock before order lines, as receiving supply does: the two never wait on each other in opposite orders.
  for (const line of lines) {
    await tx.db.updateTable('order_lines').set((eb) => ({ reserved_quantity: eb('reserved_quantity', '-', line.quantity) })).where('id', '=', line.order_line_id).execute();
  }
  await tx.db
    .updateTable('shipments')
    .set({ carrier: input.carrier, tracking_number: input.tracking_number, packages: input.packages, shipped_at: tx.now })
    .where('id', '=', id)
    .execute();
  await noteFulfillmentStatus(tx, order, before);
  return getShipment(tx.db, tx.actor, id);
}

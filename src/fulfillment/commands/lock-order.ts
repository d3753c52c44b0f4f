import { AppError, notFound } from '../../core/errors';
import type { Tx } from '../../db/transaction';
import { assertNoHoldBlocks } from '../../prioritization/queries/order-holds';

/**
 * Every fulfillment write starts here, so they all lock in one order — the order row, then its reservations,
 * then stock — and never deadlock. Only a confirmed order (or one already in fulfillment) ships, and a typed
 * hold that blocks `in_fulfillment` stops every shipment of it, not only the first.
 */
export async function lockShippableOrder(tx: Tx, orderId: string) {
  const order = await tx.db.selectFrom('orders').select(['id', 'number', 'status', 'customer_id']).where('id', '=', orderId).forUpdate().executeTakeFirst();
  if (!order || (tx.actor.role === 'customer' && order.customer_id !== tx.actor.customerId)) throw notFound('order', orderId);
  if (order.status !== 'confirmed' && order.status !== 'in_fulfillment') {
    throw new AppError('order_not_shippable', `Order ${order.number} is ${order.status}; only confirmed orders ship.`, { status: order.status });
  }
  await assertNoHoldBlocks(tx, orderId, order.status, 'in_fulfillment');
  return order;
}

/** The order's active stock reservations, locked in id order (the fixed order every shipment takes them in). */
export async function lockStockReservations(tx: Tx, orderId: string, warehouseId: string) {
  return tx.db
    .selectFrom('reservations')
    .selectAll()
    .where('order_id', '=', orderId)
    .where('status', '=', 'active')
    .where('source', '=', 'stock')
    .where('warehouse_id', '=', warehouseId)
    .orderBy('id')
    .forUpdate()
    .execute();
}

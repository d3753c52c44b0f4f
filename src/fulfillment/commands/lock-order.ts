import { AppError, notFound } from '../../core/errors';
import type { Tx } from '../../db/transaction';
import { assertNoHoldBlocks, blockingHolds, refuseBlockedMove } from '../../prioritization/queries/order-holds';

/**
 * Every fulfillment write starts here (or at `lockOrderToShip`, `lockShipmentOrder`), so they all lock in one
 * order — the order row, then its reservations, then stock — and never deadlock. Only a confirmed order (or one
 * already in fulfillment) ships, and a typed hold that blocks `in_fulfillment` stops every shipment of it, not
 * only the first.
 */
export async function lockShippableOrder(tx: Tx, orderId: string) {
  const order = await lockOrderToShip(tx, orderId);
  await assertNoHoldBlocks(tx, order.id, order.status, 'in_fulfillment');
  return order;
}

/**
 * `lockShippableOrder` but for the holds, which the caller reads (`shippingHolds`) in its next statement with
 * what else it needs, and refuses (`refuseShippingHolds`) before anything else. Not in this statement: one
 * that waited for the lock reads as of its start, and would miss a hold placed by the transaction it waited for.
 */
export async function lockOrderToShip(tx: Tx, orderId: string) {
  const order = await tx.db.selectFrom('orders').select(['id', 'number', 'status', 'customer_id']).where('id', '=', orderId).forUpdate().executeTakeFirst();
  if (!order || (tx.actor.role === 'customer' && order.customer_id !== tx.actor.customerId)) throw notFound('order', orderId);
  return assertShippableStatus(order);
}

/** `lockOrderToShip` for a step on a shipment: the shipment's order, found and locked in one statement. */
export async function lockShipmentOrder(tx: Tx, shipmentId: string) {
  const order = await tx.db
    .selectFrom('shipments as s')
    .innerJoin('orders as o', 'o.id', 's.order_id')
    .select(['o.id', 'o.number', 'o.status', 'o.customer_id', 's.customer_id as shipment_customer_id'])
    .where('s.id', '=', shipmentId)
    .forUpdate('o')
    .executeTakeFirst();
  if (!order || (tx.actor.role === 'customer' && order.shipment_customer_id !== tx.actor.customerId)) throw notFound('shipment', shipmentId);
  return assertShippableStatus({ id: order.id, number: order.number, status: order.status, customer_id: order.customer_id });
}

function assertShippableStatus<T extends { number: string; status: string }>(order: T): T {
  if (order.status !== 'confirmed' && order.status !== 'in_fulfillment') {
    throw new AppError('order_not_shippable', `Order ${order.number} is ${order.status}; only confirmed orders ship.`, { status: order.status });
  }
  return order;
}

/** The holds that stop the order's shipments: a query to ride in the caller's first statement after the lock. */
export function shippingHolds(tx: Tx, orderId: string) {
  return blockingHolds(tx.db, orderId, 'in_fulfillment');
}

/** 409 `blocked_by_hold` when `shippingHolds` found any, as the order machine's guard words it. */
export function refuseShippingHolds(holds: Parameters<typeof refuseBlockedMove>[1]): void {
  refuseBlockedMove('in_fulfillment', holds);
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

import { AppError, notFound } from '../../core/errors';
import type { Tx } from '../../db/transaction';
import { assertNoHoldBlocks, blockingHolds, refuseBlockedMove } from '../../prioritization/queries/order-holds';

/**
 * Every fulfillment write starts here (or at `lockOrdersToShip`, `lockShipmentOrders`), so they all lock in
 * one order — the order rows in id order, then their reservations, then stock — and never deadlock. Only a
 * confirmed order (or one already in fulfillment) ships, and a typed hold that blocks `in_fulfillment` stops
 * every shipment of it, not only the first.
 */
export async function lockShippableOrder(tx: Tx, orderId: string) {
  const order = await lockOrderToShip(tx, orderId);
  await assertNoHoldBlocks(tx, order.id, order.status, 'in_fulfillment');
  return order;
}

/** `lockOrdersToShip` of one order. */
export async function lockOrderToShip(tx: Tx, orderId: string) {
  return (await lockOrdersToShip(tx, [orderId]))[0]!;
}

/**
 * `lockShippableOrder` but for the holds, which the caller reads (`shippingHolds`) in its next statement with
 * what else it needs, and refuses (`refuseShippingHolds`) before anything else. Not in this statement: one
 * that waited for the lock reads as of its start, and would miss a hold placed by the transaction it waited for.
 * Returns the orders in id order; 404 for the first the caller cannot see.
 */
export async function lockOrdersToShip(tx: Tx, orderIds: string[]) {
  const orders = await tx.db.selectFrom('orders').select(['id', 'number', 'status', 'customer_id']).where('id', 'in', orderIds).orderBy('id').forUpdate().execute();
  const visible = new Set(orders.filter((o) => tx.actor.role !== 'customer' || o.customer_id === tx.actor.customerId).map((o) => o.id));
  const hidden = orderIds.find((id) => !visible.has(id));
  if (hidden) throw notFound('order', hidden);
  return orders.map(assertShippableStatus);
}

/** `lockShipmentOrders` of one shipment. */
export async function lockShipmentOrder(tx: Tx, shipmentId: string) {
  return (await lockShipmentOrders(tx, [shipmentId]))[0]!;
}

/** `lockOrdersToShip` for steps on shipments: the shipments' orders, found and locked (in id order) in one statement. */
export async function lockShipmentOrders(tx: Tx, shipmentIds: string[]) {
  const rows = await tx.db
    .selectFrom('shipments as s')
    .innerJoin('orders as o', 'o.id', 's.order_id')
    .select(['o.id', 'o.number', 'o.status', 'o.customer_id', 's.id as shipment_id', 's.customer_id as shipment_customer_id'])
    .where('s.id', 'in', shipmentIds)
    .orderBy('o.id')
    .forUpdate('o')
    .execute();
  const visible = new Set(rows.filter((r) => tx.actor.role !== 'customer' || r.shipment_customer_id === tx.actor.customerId).map((r) => r.shipment_id));
  const hidden = shipmentIds.find((id) => !visible.has(id));
  if (hidden) throw notFound('shipment', hidden);
  const orders = new Map(rows.map((o) => [o.id, { id: o.id, number: o.number, status: o.status, customer_id: o.customer_id }]));
  return [...orders.values()].map(assertShippableStatus);
}

function assertShippableStatus<T extends { number: string; status: string }>(order: T): T {
  if (order.status !== 'confirmed' && order.status !== 'in_fulfillment') {
    throw new AppError('order_not_shippable', `Order ${order.number} is ${order.status}; only confirmed orders ship.`, { status: order.status });
  }
  return order;
}

/** The holds that stop these orders' shipments: a query to ride in the caller's first statement after the lock. */
export function shippingHolds(tx: Tx, orderIds: string[]) {
  return blockingHolds(tx.db, orderIds, 'in_fulfillment');
}

/** 409 `blocked_by_hold` when `shippingHolds` found any, as the order machine's guard words it. */
export function refuseShippingHolds(holds: Parameters<typeof refuseBlockedMove>[1]): void {
  refuseBlockedMove('in_fulfillment', holds);
}

/**
 * The orders' active stock reservations in these warehouses, locked in id order (the fixed order every
 * shipment takes them in).
 */
export async function lockStockReservations(tx: Tx, orderIds: string[], warehouseIds: string[]) {
  return tx.db
    .selectFrom('reservations')
    .selectAll()
    .where('order_id', 'in', orderIds)
    .where('status', '=', 'active')
    .where('source', '=', 'stock')
    .where('warehouse_id', 'in', warehouseIds)
    .orderBy('id')
    .forUpdate()
    .execute();
}

import { SYSTEM_ACTOR } from '../../access/roles';
import { notFound } from '../../core/errors';
import { applyTransition } from '../../cycle/commands/apply-transition';
import { completeHandoffsFor } from '../../cycle/commands/complete-handoffs-for';
import type { Tx } from '../../db/transaction';
import { cancelOpenShipments } from '../../fulfillment/commands/cancel-open-shipments';
import { cancelOpenWorkOrders } from '../../fulfillment/commands/cancel-work-order';
import { moveStockMany } from '../../planning/commands/move-stock';
import { ordersByIds } from '../queries/get-order';
import { orderMachine } from '../transitions';

/**
 * Cancel an order: reserved stock goes back, promised incoming units are free again, open shipments and
 * handoffs close. Once a unit has shipped it is refused (returns are their own stage).
 */
export async function cancelOrder(tx: Tx, id: string, reason: string) {
  const order = await tx.db.selectFrom('orders').select(['customer_id', 'number']).where('id', '=', id).executeTakeFirst();
  if (!order || (tx.actor.role === 'customer' && order.customer_id !== tx.actor.customerId)) throw notFound('order', id);
  await applyTransition(tx, orderMachine, { id, to: 'cancelled', orderId: id, customerId: order.customer_id, stage: 'entry', data: { reason } });
  // Shipped units refuse the cancel (409 already_shipped); shipments not yet gone are called off.
  await cancelOpenShipments(tx, id, `order cancelled: ${reason}`);
  await cancelOpenWorkOrders(tx, id, `order cancelled: ${reason}`);
  await releaseOrderPromises(tx, id, `order ${order.number} cancelled`);
  await tx.db.updateTable('order_lines').set({ reserved_quantity: 0, backordered_quantity: 0 }).where('order_id', '=', id).execute();
  await completeHandoffsFor({ ...tx, actor: SYSTEM_ACTOR }, id, `order cancelled: ${reason}`);
  return (await ordersByIds(tx.db, [id]))[0]!;
}

/** End every active promise part of an order: stock reservations released, supply promises given back. */
export async function releaseOrderPromises(tx: Tx, orderId: string, reason: string): Promise<void> {
  const parts = await tx.db
    .selectFrom('reservations')
    .selectAll()
    .where('order_id', '=', orderId)
    .where('status', '=', 'active')
    .orderBy('product_id')
    .orderBy('warehouse_id')
    .execute();
  await moveStockMany(
    tx,
    parts
      .filter((p) => p.source === 'stock')
      .map((p) => ({ productId: p.product_id, warehouseId: p.warehouse_id!, kind: 'release', onHandDelta: 0, reservedDelta: -p.quantity, orderId, orderLineId: p.order_line_id, reason })),
  );
  for (const part of parts.filter((p) => p.source === 'supply').sort((a, b) => a.supply_id!.localeCompare(b.supply_id!))) {
    await tx.db.updateTable('supply').set((eb) => ({ promised_quantity: eb('promised_quantity', '-', part.quantity) })).where('id', '=', part.supply_id!).execute();
  }
  await tx.db.updateTable('reservations').set({ status: 'released', ended_at: tx.now }).where('order_id', '=', orderId).where('status', '=', 'active').execute();
}

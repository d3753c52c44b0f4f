import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { orderFulfillmentStatus, type FulfillmentStatus } from '../queries/line-fulfillment';

/** When a step changed how far the order has shipped, its timeline says so (the status itself is derived, not stored). */
export async function noteFulfillmentStatus(tx: Tx, order: { id: string; customer_id: string }, before: FulfillmentStatus): Promise<FulfillmentStatus> {
  const after = await orderFulfillmentStatus(tx.db, order.id);
  if (after !== before) {
    await appendEvent(tx, {
      type: 'order.fulfillment_status_changed',
      subject: { type: 'order', id: order.id },
      orderId: order.id,
      customerId: order.customer_id,
      stage: 'fulfillment',
      data: { from: before, to: after },
    });
  }
  return after;
}

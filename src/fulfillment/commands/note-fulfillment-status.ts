import { appendEvents, type NewEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { orderFulfillmentStatus, type FulfillmentStatus } from '../queries/line-fulfillment';

/**
 * When a step changed how far the order has shipped, its timeline says so (the status itself is derived, not
 * stored). `after`: the status the step has already worked out; read from the order when left out.
 */
export async function noteFulfillmentStatus(
  tx: Tx,
  order: { id: string; customer_id: string },
  before: FulfillmentStatus,
  after?: FulfillmentStatus,
): Promise<FulfillmentStatus> {
  const now = after ?? (await orderFulfillmentStatus(tx.db, order.id));
  await appendEvents(tx, fulfillmentStatusEvents(order, before, now));
  return now;
}

/** The event that says the order's fulfillment status changed — none when it did not. */
export function fulfillmentStatusEvents(order: { id: string; customer_id: string }, before: FulfillmentStatus, after: FulfillmentStatus): NewEvent[] {
  if (after === before) return [];
  return [
    {
      type: 'order.fulfillment_status_changed',
      subject: { type: 'order', id: order.id },
      orderId: order.id,
      customerId: order.customer_id,
      stage: 'fulfillment',
      data: { from: before, to: after },
    },
  ];
}

import { calendarDate } from '../../core/clock';
import { invalidFields } from '../../core/errors';
import type { Tx } from '../../db/transaction';
import { getShipment } from '../queries/get-shipment';
import { orderFulfillmentStatus } from '../queries/line-fulfillment';
import { advanceShipment, findShipment } from './advance-shipment';
import { noteFulfillmentStatus } from './note-fulfillment-status';

/** The customer has the goods: the delivery date is recorded and the carrier's handoff closes. */
export async function deliverShipment(tx: Tx, id: string, input: { delivered_on: string; note?: string | undefined }) {
  const shipment = await findShipment(tx, id);
  const today = calendarDate(tx.now);
  if (input.delivered_on > today) throw invalidFields({ delivered_on: `A delivery cannot be confirmed for a day after today (${today}).` });
  if (shipment.shipped_at && input.delivered_on < calendarDate(shipment.shipped_at)) {
    throw invalidFields({ delivered_on: `The shipment left on ${calendarDate(shipment.shipped_at)}; it cannot arrive before.` });
  }
  const before = await orderFulfillmentStatus(tx.db, shipment.order_id);
  await advanceShipment(tx, shipment, 'delivered', { delivered_on: input.delivered_on, ...(input.note ? { note: input.note } : {}) }, null);
  await tx.db.updateTable('shipments').set({ delivered_on: input.delivered_on }).where('id', '=', id).execute();
  await noteFulfillmentStatus(tx, { id: shipment.order_id, customer_id: shipment.customer_id }, before);
  return getShipment(tx.db, tx.actor, id);
}

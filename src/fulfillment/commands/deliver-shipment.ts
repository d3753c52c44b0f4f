import { calendarDate } from '../../core/clock';
import { invalidFields } from '../../core/errors';
import type { Tx } from '../../db/transaction';
import { fulfillmentStatusOf, orderLinesFulfillment, withShipmentLines } from '../queries/line-fulfillment';
import { presentShipment } from '../schemas';
import { advanceShipment, findShipment } from './advance-shipment';
import { noteFulfillmentStatus } from './note-fulfillment-status';

/** The customer has the goods: the delivery date is recorded and the carrier's handoff closes. */
export async function deliverShipment(tx: Tx, id: string, input: { delivered_on: string; note?: string | undefined }) {
  const shipment = await findShipment(tx, id, { lock: true });
  const today = calendarDate(tx.now);
  if (input.delivered_on > today) throw invalidFields({ delivered_on: `A delivery cannot be confirmed for a day after today (${today}).` });
  if (shipment.shipped_at && input.delivered_on < calendarDate(shipment.shipped_at)) {
    throw invalidFields({ delivered_on: `The shipment left on ${calendarDate(shipment.shipped_at)}; it cannot arrive before.` });
  }
  const { lines, done } = await orderLinesFulfillment(tx.db, shipment.order_id);
  const delivered = await advanceShipment(
    tx,
    { shipment, data: { delivered_on: input.delivered_on, ...(input.note ? { note: input.note } : {}) }, next: null, set: { delivered_on: input.delivered_on } },
    'delivered',
  );
  const before = fulfillmentStatusOf(lines, done);
  await noteFulfillmentStatus(tx, { id: shipment.order_id, customer_id: shipment.customer_id }, before, fulfillmentStatusOf(lines, withShipmentLines(done, shipment.lines, 'delivered')));
  return presentShipment(delivered, delivered.lines);
}

import { SYSTEM_ACTOR } from '../../access/roles';
import { AppError } from '../../core/errors';
import type { Tx } from '../../db/transaction';
import { lineFulfillment } from '../queries/line-fulfillment';
import { OPEN_SHIPMENT_STATUSES } from '../transitions';
import { sendWrites } from '../../cycle/commands/append-event';
import { planAdvanceShipments } from './advance-shipment';

/**
 * For cancelling an order (the caller holds the order's lock): refuse with 409 `already_shipped` when any unit
 * has shipped — returns are a later stage — else call off its open shipments, so their units can be released.
 */
export async function cancelOpenShipments(tx: Tx, orderId: string, reason: string): Promise<void> {
  const shipped = [...(await lineFulfillment(tx.db, [orderId])).values()].reduce((sum, l) => sum + l.shipped, 0);
  if (shipped > 0) {
    throw new AppError('already_shipped', `${shipped} unit${shipped === 1 ? ' has' : 's have'} shipped on this order; it can no longer be cancelled.`, { shipped_quantity: shipped });
  }
  const open = await tx.db
    .selectFrom('shipments')
    .select(['id', 'number', 'order_id', 'customer_id', 'status'])
    .where('order_id', '=', orderId)
    .where('status', 'in', OPEN_SHIPMENT_STATUSES)
    .orderBy('id')
    .forUpdate()
    .execute();
  const system = { ...tx, actor: SYSTEM_ACTOR };
  const planned = await planAdvanceShipments(system, open.map((shipment) => ({ shipment, data: { reason }, next: null })), 'cancelled');
  await sendWrites(system, planned.writes);
}

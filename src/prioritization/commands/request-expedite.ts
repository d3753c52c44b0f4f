import { AppError, notFound } from '../../core/errors';
import { newId } from '../../core/ids';
import { appendEvent } from '../../cycle/commands/append-event';
import { openHandoff } from '../../cycle/commands/open-handoff';
import type { Tx } from '../../db/transaction';
import { QUEUED_STATUSES } from '../queries/rank-orders';
import { presentExpedite } from '../schemas';
import { expediteMachine } from '../transitions';

/** A CSR or salesperson asks operations, in the open, for an order to go first. One open request per order. */
export async function requestExpedite(tx: Tx, orderId: string, reason: string) {
  const order = await tx.db.selectFrom('orders').select(['status', 'customer_id', 'number']).where('id', '=', orderId).forUpdate().executeTakeFirst();
  if (!order) throw notFound('order', orderId);
  if (!QUEUED_STATUSES.includes(order.status)) throw new AppError('conflict', `Order ${order.number} is ${order.status}; only queued orders can be expedited.`, { status: order.status });
  const open = await tx.db.selectFrom('expedite_requests').select('id').where('order_id', '=', orderId).where('status', 'in', ['requested', 'accepted']).executeTakeFirst();
  if (open) throw new AppError('already_exists', `Order ${order.number} already has expedite request ${open.id}.`, { id: open.id });
  const row = {
    id: newId('expedite'),
    order_id: orderId,
    status: expediteMachine.initial,
    reason,
    requested_by: tx.actor.id,
    requested_at: tx.now,
    decided_by: null,
    decided_at: null,
    decision_reason: null,
    effect: null,
    updated_at: tx.now,
  };
  await tx.db.insertInto('expedite_requests').values(row).execute();
  const at = { orderId, customerId: order.customer_id, stage: 'prioritization' as const };
  await appendEvent(tx, { type: 'expedite_request.requested', subject: { type: 'order', id: orderId }, ...at, data: { request_id: row.id, reason } });
  await openHandoff(tx, { subject: { type: 'expedite_request', id: row.id }, department: 'operations', note: `Expedite ${order.number}? ${reason}`, ...at });
  return presentExpedite(row);
}

import { AppError, notFound } from '../../core/errors';
import { newId } from '../../core/ids';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { HOLD_TYPES, type HoldType } from '../holds';
import { presentHold } from '../queries/order-holds';

/** The departments that may place or release a hold of this type (admins always may). */
export function assertMayHold(tx: Tx, type: HoldType): void {
  const roles: readonly string[] = HOLD_TYPES[type];
  if (tx.actor.role !== 'admin' && tx.actor.role !== 'system' && !roles.includes(tx.actor.role)) {
    throw new AppError('forbidden', `Only ${roles.join(' or ')} may place or release a ${type} hold.`, { type, roles });
  }
}

/** Hold an order: the moves to the named statuses are refused until the hold is released. */
export async function placeHold(tx: Tx, orderId: string, input: { type: HoldType; blocks: string[]; reason: string }) {
  assertMayHold(tx, input.type);
  const order = await tx.db.selectFrom('orders').select(['status', 'customer_id', 'number']).where('id', '=', orderId).forUpdate().executeTakeFirst();
  if (!order) throw notFound('order', orderId);
  if (order.status === 'cancelled') throw new AppError('conflict', `Order ${order.number} is cancelled.`, { status: order.status });
  const row = {
    id: newId('hold'),
    order_id: orderId,
    type: input.type,
    blocks: [...new Set(input.blocks)],
    reason: input.reason,
    placed_by: tx.actor.id,
    placed_at: tx.now,
    released_by: null,
    released_at: null,
    release_reason: null,
  };
  await tx.db.insertInto('order_holds').values(row).execute();
  await appendEvent(tx, {
    type: 'order.hold_placed',
    subject: { type: 'order', id: orderId },
    orderId,
    customerId: order.customer_id,
    stage: 'prioritization',
    data: { hold_id: row.id, type: row.type, blocks: row.blocks, reason: row.reason },
  });
  return presentHold(row);
}

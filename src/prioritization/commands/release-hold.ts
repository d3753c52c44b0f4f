import { AppError, notFound } from '../../core/errors';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import type { HoldType } from '../holds';
import { presentHold } from '../queries/order-holds';
import { assertMayHold } from './place-hold';

/** Release a hold, with who and why; the moves it blocked are allowed again (unless another hold blocks them). */
export async function releaseHold(tx: Tx, id: string, reason: string) {
  const hold = await tx.db.selectFrom('order_holds').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!hold) throw notFound('hold', id);
  assertMayHold(tx, hold.type as HoldType);
  if (hold.released_at) throw new AppError('conflict', `This hold was released at ${hold.released_at.toISOString()}.`, { released_by: hold.released_by });
  const released = await tx.db
    .updateTable('order_holds')
    .set({ released_by: tx.actor.id, released_at: tx.now, release_reason: reason })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const order = await tx.db.selectFrom('orders').select('customer_id').where('id', '=', hold.order_id).executeTakeFirstOrThrow();
  await appendEvent(tx, {
    type: 'order.hold_released',
    subject: { type: 'order', id: hold.order_id },
    orderId: hold.order_id,
    customerId: order.customer_id,
    stage: 'prioritization',
    data: { hold_id: id, type: hold.type, reason },
  });
  return presentHold(released);
}

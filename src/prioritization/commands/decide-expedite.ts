import { SYSTEM_ACTOR } from '../../access/roles';
import { notFound } from '../../core/errors';
import { applyTransition } from '../../cycle/commands/apply-transition';
import { completeHandoffsFor } from '../../cycle/commands/complete-handoffs-for';
import type { Tx } from '../../db/transaction';
import { currentPolicy } from '../queries/current-policy';
import { rankOrders } from '../queries/rank-orders';
import { presentExpedite } from '../schemas';
import { expediteMachine } from '../transitions';

/**
 * Operations accept or decline an expedite request (or its asker withdraws it), with a reason. An accepted
 * request adds the policy's boost to the order; the decision records what that did to the queue: the order's
 * move and every order that moved back behind it.
 */
export async function decideExpedite(tx: Tx, id: string, to: 'accepted' | 'declined' | 'withdrawn', reason: string) {
  const request = await tx.db.selectFrom('expedite_requests').selectAll().where('id', '=', id).executeTakeFirst();
  if (!request) throw notFound('expedite request', id);
  const order = await tx.db.selectFrom('orders').select(['customer_id', 'number']).where('id', '=', request.order_id).executeTakeFirstOrThrow();
  let effect = null;
  if (to === 'accepted') {
    const { policy } = await currentPolicy(tx.db);
    const before = await rankOrders(tx.db, tx.now, policy);
    const after = await rankOrders(tx.db, tx.now, policy, { expediteOrderId: request.order_id });
    const was = new Map(before.map((r) => [r.order_id, r.position]));
    const from = was.get(request.order_id) ?? 0;
    const toPosition = after.find((r) => r.order_id === request.order_id)?.position ?? 0;
    const movedBack = after
      .filter((r) => r.order_id !== request.order_id && (was.get(r.order_id) ?? 0) < from && r.position > toPosition)
      .map((r) => ({ order_id: r.order_id, number: r.number, from: was.get(r.order_id)!, to: r.position }));
    effect = { position: { from, to: toPosition }, moved_back: movedBack };
  }
  await applyTransition(tx, expediteMachine, {
    id,
    to,
    orderId: request.order_id,
    customerId: order.customer_id,
    stage: 'prioritization',
    data: { order_number: order.number, reason, ...(effect ? { effect } : {}) },
  });
  const updated = await tx.db
    .updateTable('expedite_requests')
    .set({ decided_by: tx.actor.id, decided_at: tx.now, decision_reason: reason, effect: effect ? JSON.stringify(effect) : null })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await completeHandoffsFor({ ...tx, actor: SYSTEM_ACTOR }, id, `${to}: ${reason}`);
  return presentExpedite(updated);
}

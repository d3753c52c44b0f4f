import { SYSTEM_ACTOR } from '../../access/roles';
import { notFound } from '../../core/errors';
import { applyTransition } from '../../cycle/commands/apply-transition';
import { completeHandoffsFor } from '../../cycle/commands/complete-handoffs-for';
import type { Tx } from '../../db/transaction';
import { ordersByIds } from '../queries/get-order';
import { orderMachine } from '../transitions';

/** Finance releases a held order: it is confirmed, and the handoff that asked for the decision closes. */
export async function releaseOrderHold(tx: Tx, id: string, reason: string) {
  const order = await tx.db.selectFrom('orders').select('customer_id').where('id', '=', id).executeTakeFirst();
  if (!order) throw notFound('order', id);
  await applyTransition(tx, orderMachine, { id, to: 'confirmed', orderId: id, customerId: order.customer_id, stage: 'entry', data: { reason } });
  await completeHandoffsFor({ ...tx, actor: SYSTEM_ACTOR }, id, `released: ${reason}`);
  return (await ordersByIds(tx.db, [id]))[0]!;
}

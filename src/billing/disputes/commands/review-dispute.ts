import { notFound } from '../../../core/errors';
import { applyTransition } from '../../../cycle/commands/apply-transition';
import { moveHandoff } from '../../../cycle/commands/move-handoff';
import type { Tx } from '../../../db/transaction';
import { getDispute } from '../queries/get-dispute';
import { disputeMachine } from '../transitions';

/** Finance takes the dispute into review: its handoff becomes this person's, and the customer sees "in review". */
export async function reviewDispute(tx: Tx, id: string, note?: string) {
  const dispute = await tx.db.selectFrom('disputes').select(['id', 'order_id', 'customer_id']).where('id', '=', id).executeTakeFirst();
  if (!dispute) throw notFound('dispute', id);
  await applyTransition(tx, disputeMachine, { id, to: 'in_review', orderId: dispute.order_id, customerId: dispute.customer_id, stage: 'billing', data: note ? { note } : {} });
  const handoff = await tx.db.selectFrom('handoffs').select('id').where('subject_id', '=', id).where('status', '=', 'open').orderBy('id').executeTakeFirst();
  if (handoff) await moveHandoff(tx, handoff.id, 'taken', note);
  return getDispute(tx.db, tx.actor, id);
}

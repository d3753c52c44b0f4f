import { SYSTEM_ACTOR } from '../../../access/roles';
import { applyTransition } from '../../../cycle/commands/apply-transition';
import { completeHandoffsFor } from '../../../cycle/commands/complete-handoffs-for';
import type { Tx } from '../../../db/transaction';
import { getDispute } from '../queries/get-dispute';
import { disputeMachine } from '../transitions';

/** The customer (or a CSR or finance for them) withdraws an unresolved dispute; finance's handoff closes. */
export async function withdrawDispute(tx: Tx, id: string, reason?: string) {
  const dispute = await getDispute(tx.db, tx.actor, id); // a customer's key: 404 for another customer's dispute
  await applyTransition(tx, disputeMachine, { id, to: 'withdrawn', orderId: dispute.order_id, customerId: dispute.customer_id, stage: 'billing', data: reason ? { reason } : {} });
  await tx.db.updateTable('disputes').set({ withdrawn_reason: reason ?? null }).where('id', '=', id).execute();
  // The customer may not move finance's handoff themselves; the system closes it for them.
  await completeHandoffsFor({ ...tx, actor: SYSTEM_ACTOR }, id, 'dispute withdrawn');
  return getDispute(tx.db, tx.actor, id);
}

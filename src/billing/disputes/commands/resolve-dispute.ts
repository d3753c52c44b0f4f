import { applyTransition } from '../../../cycle/commands/apply-transition';
import { completeHandoffsFor } from '../../../cycle/commands/complete-handoffs-for';
import type { Tx } from '../../../db/transaction';
import { getDispute } from '../queries/get-dispute';
import type { ResolveDisputeInput } from '../schemas';
import { disputeMachine, RESOLVED_STATUS } from '../transitions';
import { rebillLine } from '../../commands/rebill-line';
import { creditDisputedLine } from './credit-disputed-line';

/**
 * Finance answers the dispute, in one transaction: the resolution status, the answer the customer reads, for
 * a credit or a re-bill the credit note (issued through billing's own command and linked here), for a re-bill
 * the corrected invoice, and finance's
 * handoff completed.
 */
export async function resolveDispute(tx: Tx, id: string, input: ResolveDisputeInput) {
  const dispute = await getDispute(tx.db, tx.actor, id);
  const to = RESOLVED_STATUS[input.resolution];
  await applyTransition(tx, disputeMachine, {
    id,
    to,
    orderId: dispute.order_id,
    customerId: dispute.customer_id,
    stage: 'billing',
    data: { resolution: input.resolution, answer: input.answer },
  });
  const creditNoteId = input.resolution === 'explained' ? null : await creditDisputedLine(tx, dispute, input);
  const rebillInvoiceId = input.resolution === 'rebill' ? await rebillLine(tx, dispute.invoice_line_id, input.correction!) : null;
  await tx.db
    .updateTable('disputes')
    .set({ resolution: input.resolution, answer: input.answer, credit_note_id: creditNoteId, rebill_invoice_id: rebillInvoiceId, resolved_by: tx.actor.id, resolved_at: tx.now })
    .where('id', '=', id)
    .execute();
  await completeHandoffsFor(tx, id, `dispute resolved: ${input.resolution}`);
  return getDispute(tx.db, tx.actor, id);
}

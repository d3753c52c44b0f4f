import { isDepartment } from '../../access/roles';
import { AppError } from '../../core/errors';
import { appendEvent } from '../../cycle/commands/append-event';
import { applyTransition } from '../../cycle/commands/apply-transition';
import type { Tx } from '../../db/transaction';
import { quoteMachine } from '../transitions';
import { quoteEvent } from './create-quote';
import { lockQuote } from './lock-quote';
import { passQuote } from './pass-quote';
import { sendQuote } from './send-quote';

/**
 * The approver whose turn it is decides, with a comment. Approved: the next approver's turn, or the quote goes
 * to the customer. Denied: back to the department that submitted it, and the round's other approvals lapse.
 */
export async function decideQuoteApproval(tx: Tx, id: string, decision: 'approve' | 'deny', comment: string) {
  const quote = await lockQuote(tx, id);
  if (quote.status !== 'pending_approval') {
    throw new AppError('invalid_transition', `Quote ${quote.number} is ${quote.status}, not waiting for an approval.`, { status: quote.status });
  }
  const pending = await tx.db.selectFrom('quote_approvals').selectAll().where('quote_id', '=', id).where('status', '=', 'pending').orderBy('created_at').orderBy('id').execute();
  const turn = pending.some((a) => a.approver_role === 'finance') ? 'finance' : 'executive';
  if (tx.actor.role !== turn && tx.actor.role !== 'admin') {
    throw new AppError('forbidden', `Quote ${quote.number} waits for ${turn}'s approval.`, { approver_role: turn });
  }
  const decided = { status: decision === 'approve' ? ('approved' as const) : ('denied' as const), comment, decided_by: tx.actor.id, decided_at: tx.now };
  await tx.db.updateTable('quote_approvals').set(decided).where('quote_id', '=', id).where('status', '=', 'pending').where('approver_role', '=', turn).execute();

  if (decision === 'deny') {
    await tx.db.updateTable('quote_approvals').set({ status: 'void' }).where('quote_id', '=', id).where('status', '=', 'pending').execute();
    const holder = await submitter(tx, id);
    await applyTransition(tx, quoteMachine, { id, to: 'drafting', customerId: quote.customer_id, stage: 'pricing', data: { number: quote.number, holder, comment } });
    await passQuote(tx, quote, holder, `approval denied by ${turn}: ${comment}`);
    return id;
  }
  const next = pending.find((a) => a.approver_role !== turn)?.approver_role;
  if (next === 'executive') {
    await appendEvent(tx, quoteEvent(quote, 'quote.approved', 'executive', { approver_role: turn, comment }));
    await passQuote(tx, quote, 'executive', pending.filter((a) => a.approver_role === 'executive').map((a) => a.reason).join('; '));
    return id;
  }
  await appendEvent(tx, quoteEvent(quote, 'quote.approved', undefined, { approver_role: turn, comment }));
  return sendQuote(tx, quote, `approved by ${turn}`);
}

/** The department that submitted the quote for approval gets it back (sales when unknown). */
async function submitter(tx: Tx, id: string) {
  const submitted = await tx.db
    .selectFrom('events')
    .select('department')
    .where('subject_id', '=', id)
    .where('type', '=', 'quote.submitted_for_approval')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return submitted?.department && isDepartment(submitted.department) ? submitted.department : 'sales';
}

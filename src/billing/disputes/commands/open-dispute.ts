import { AppError, invalidFields } from '../../../core/errors';
import { newId } from '../../../core/ids';
import { appendEvent } from '../../../cycle/commands/append-event';
import { openHandoff } from '../../../cycle/commands/open-handoff';
import type { Tx } from '../../../db/transaction';
import { getInvoice } from '../../queries/get-invoice';
import { ISSUED_INVOICE_STATUSES } from '../../transitions';
import { defaultDisputeSla, type DisputeSlaPolicy } from '../policies/dispute-sla';
import { getDispute } from '../queries/get-dispute';
import type { OpenDisputeInput } from '../schemas';
import { disputeMachine, UNRESOLVED_DISPUTE_STATUSES } from '../transitions';

/**
 * The customer questions a line of an issued invoice. The dispute goes to finance as a handoff due at the
 * SLA for the customer's tier; past it, the dispute is a dropped ball (GET /v1/handoffs?overdue=true).
 * Another customer's invoice is a 404; a line already in an unresolved dispute is a 409 (the partial unique
 * index backs this up under concurrency).
 */
export async function openDispute(tx: Tx, invoiceId: string, input: OpenDisputeInput, sla: DisputeSlaPolicy = defaultDisputeSla) {
  const invoice = await getInvoice(tx.db, tx.actor, invoiceId, tx.now);
  if (!(ISSUED_INVOICE_STATUSES as string[]).includes(invoice.status)) {
    throw new AppError('not_disputable', `Invoice ${invoice.number ?? invoice.id} is ${invoice.status}; only issued invoices can be disputed.`, { status: invoice.status });
  }
  const line = invoice.lines.find((l) => l.id === input.invoice_line_id);
  if (!line) throw invalidFields({ invoice_line_id: `Invoice ${invoice.number} has no line ${input.invoice_line_id}.` });
  const open = await tx.db
    .selectFrom('disputes')
    .select('id')
    .where('invoice_line_id', '=', line.id)
    .where('status', 'in', UNRESOLVED_DISPUTE_STATUSES)
    .executeTakeFirst();
  if (open) throw new AppError('dispute_open', `Line ${line.line_no} of invoice ${invoice.number} is already in dispute ${open.id}.`, { dispute_id: open.id });

  const customer = await tx.db.selectFrom('customers').select(['tier', 'name']).where('id', '=', invoice.customer_id).executeTakeFirstOrThrow();
  const id = newId('dispute');
  const respondBy = sla.respondBy(tx.now, customer.tier);
  await tx.db
    .insertInto('disputes')
    .values({
      id,
      invoice_id: invoice.id,
      invoice_line_id: line.id,
      customer_id: invoice.customer_id,
      order_id: line.order_id,
      reason: input.reason,
      message: input.message,
      status: disputeMachine.initial,
      respond_by: respondBy,
      resolution: null,
      answer: null,
      credit_note_id: null,
      withdrawn_reason: null,
      opened_by: tx.actor.id,
      resolved_by: null,
      resolved_at: null,
      created_at: tx.now,
      updated_at: tx.now,
    })
    .execute();
  const at = { orderId: line.order_id, customerId: invoice.customer_id, stage: 'billing' as const };
  await appendEvent(tx, {
    type: 'dispute.opened',
    subject: { type: 'dispute', id },
    ...at,
    data: { invoice_id: invoice.id, invoice_number: invoice.number, invoice_line_id: line.id, line_no: line.line_no, reason: input.reason, respond_by: respondBy.toISOString() },
  });
  await openHandoff(tx, {
    subject: { type: 'dispute', id },
    ...at,
    department: 'finance',
    dueAt: respondBy,
    note: `${customer.name} disputes line ${line.line_no} of ${invoice.number} (${input.reason.replace('_', ' ')}): answer by ${respondBy.toISOString()}`,
  });
  return getDispute(tx.db, tx.actor, id);
}

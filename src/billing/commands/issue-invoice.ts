import { addDays } from '../dates';
import { calendarDate } from '../../core/clock';
import { notFound } from '../../core/errors';
import { applyTransition } from '../../cycle/commands/apply-transition';
import { openHandoff } from '../../cycle/commands/open-handoff';
import type { Tx } from '../../db/transaction';
import { sellerParty } from '../queries/billing-parties';
import { settingsForIssuing } from '../queries/billing-settings';
import { invoiceMachine } from '../transitions';
import { takeDocumentNumber } from './take-document-number';

/**
 * Issue a draft: the next gapless number of the year, today's date, the due date by the customer's payment
 * terms, and the seller as the settings name it now — from here on the invoice is never edited.
 */
export async function issueInvoice(tx: Tx, id: string, { justDrafted = false } = {}) {
  const invoice = await tx.db.selectFrom('invoices').select(['id', 'status', 'customer_id', 'gross_amount', 'currency']).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!invoice) throw notFound('invoice', id);
  const orderIds = (await tx.db.selectFrom('invoice_lines').select('order_id').distinct().where('invoice_id', '=', id).execute()).map((r) => r.order_id);
  const at = { id, customerId: invoice.customer_id, orderId: orderIds.length === 1 ? orderIds[0]! : null, stage: 'billing' as const };
  if (invoice.status !== 'draft') return applyTransition(tx, invoiceMachine, { ...at, to: 'issued' }); // refuses, naming the status
  const settings = await settingsForIssuing(tx.db);
  const { payment_terms_days } = await tx.db.selectFrom('customers').select('payment_terms_days').where('id', '=', invoice.customer_id).executeTakeFirstOrThrow();
  const issueDate = calendarDate(tx.now);
  const dueDate = addDays(issueDate, payment_terms_days);
  const number = await takeDocumentNumber(tx, settings.invoice_prefix);
  await tx.db
    .updateTable('invoices')
    .set({ number, issue_date: issueDate, due_date: dueDate, seller: JSON.stringify(sellerParty(settings)) })
    .where('id', '=', id)
    .execute();
  const transition = await applyTransition(tx, invoiceMachine, {
    ...at,
    to: 'issued',
    ...(justDrafted ? { insertedAs: 'draft' as const } : {}),
    data: { number, gross: { amount: invoice.gross_amount, currency: invoice.currency.trim() }, issue_date: issueDate, due_date: dueDate, orders: orderIds },
  });
  // Finance holds the invoice until it is settled; unpaid after its due date, it is a dropped ball.
  await openHandoff(tx, {
    subject: { type: 'invoice', id },
    stage: 'billing',
    department: 'finance',
    dueAt: new Date(`${addDays(dueDate, 1)}T00:00:00Z`),
    note: `collect ${number}, due ${dueDate}`,
    orderId: at.orderId,
    customerId: invoice.customer_id,
  });
  return transition;
}

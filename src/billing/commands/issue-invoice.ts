import { addDays } from '../dates';
import { calendarDate } from '../../core/clock';
import { notFound } from '../../core/errors';
import { sendWrites } from '../../cycle/commands/append-event';
import { applyTransition, planTransition } from '../../cycle/commands/apply-transition';
import { planOpenHandoff } from '../../cycle/commands/open-handoff';
import type { Tx } from '../../db/transaction';
import { sellerParty } from '../queries/billing-parties';
import { settingsForIssuing } from '../queries/billing-settings';
import { invoiceMachine } from '../transitions';
import { takeDocumentNumber } from './take-document-number';

/** What issuing needs of a draft, as the command that drafted it in this transaction already has it. */
export interface DraftedInvoice {
  customerId: string;
  gross: { amount: number; currency: string };
  orderIds: string[];
  settings: Awaited<ReturnType<typeof settingsForIssuing>>;
  paymentTermsDays: number;
}

/**
 * Issue a draft: the next gapless number of the year, today's date, the due date by the customer's payment
 * terms, and the seller as the settings name it now — from here on the invoice is never edited.
 * `justDrafted`: this transaction inserted the draft; `drafted`: and here is what it knows of it (nothing read again).
 */
export async function issueInvoice(tx: Tx, id: string, { justDrafted = false, drafted }: { justDrafted?: boolean; drafted?: DraftedInvoice } = {}) {
  let draft = drafted;
  if (!draft) {
    const invoice = await tx.db.selectFrom('invoices').select(['id', 'status', 'customer_id', 'gross_amount', 'currency']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!invoice) throw notFound('invoice', id);
    const orderIds = (await tx.db.selectFrom('invoice_lines').select('order_id').distinct().where('invoice_id', '=', id).execute()).map((r) => r.order_id);
    const at = { id, customerId: invoice.customer_id, orderId: orderIds.length === 1 ? orderIds[0]! : null, stage: 'billing' as const };
    if (invoice.status !== 'draft') return applyTransition(tx, invoiceMachine, { ...at, to: 'issued' }); // refuses, naming the status
    const settings = await settingsForIssuing(tx.db);
    const { payment_terms_days } = await tx.db.selectFrom('customers').select('payment_terms_days').where('id', '=', invoice.customer_id).executeTakeFirstOrThrow();
    draft = { customerId: invoice.customer_id, gross: { amount: invoice.gross_amount, currency: invoice.currency }, orderIds, settings, paymentTermsDays: payment_terms_days };
  }
  const { settings, orderIds } = draft;
  const orderId = orderIds.length === 1 ? orderIds[0]! : null;
  const issueDate = calendarDate(tx.now);
  const dueDate = addDays(issueDate, draft.paymentTermsDays);
  const number = await takeDocumentNumber(tx, settings.invoice_prefix);
  const issued = await planTransition(tx, invoiceMachine, {
    id,
    customerId: draft.customerId,
    orderId,
    stage: 'billing',
    to: 'issued',
    // A draft this transaction inserted is not read again; any other was locked and read above.
    ...(justDrafted || drafted ? { insertedAs: 'draft' as const } : { lockedAs: 'draft' as const }),
    set: { number, issue_date: issueDate, due_date: dueDate, seller: JSON.stringify(sellerParty(settings)) },
    data: { number, gross: { amount: draft.gross.amount, currency: draft.gross.currency.trim() }, issue_date: issueDate, due_date: dueDate, orders: orderIds },
  });
  // Finance holds the invoice until it is settled; unpaid after its due date, it is a dropped ball.
  const collect = planOpenHandoff(tx, {
    subject: { type: 'invoice', id },
    stage: 'billing',
    department: 'finance',
    dueAt: new Date(`${addDays(dueDate, 1)}T00:00:00Z`),
    note: `collect ${number}, due ${dueDate}`,
    orderId,
    customerId: draft.customerId,
  });
  const [eventId] = await sendWrites(tx, [issued.pending, collect.pending]);
  return { from: issued.from, to: 'issued' as const, eventId: eventId! };
}

import { addDays } from '../dates';
import { calendarDate } from '../../core/clock';
import { notFound } from '../../core/errors';
import { sendWrites } from '../../cycle/commands/append-event';
import { applyTransition, perRow, planTransitions } from '../../cycle/commands/apply-transition';
import { planOpenHandoffs } from '../../cycle/commands/open-handoff';
import type { Tx } from '../../db/transaction';
import { sellerParty } from '../queries/billing-parties';
import { settingsForIssuing } from '../queries/billing-settings';
import { invoiceMachine } from '../transitions';
import { takeDocumentNumbers } from './take-document-number';

/** What issuing needs of a draft, as the command that drafted it in this transaction already has it. */
export interface DraftedInvoice {
  id: string;
  customerId: string;
  gross: { amount: number; currency: string };
  orderIds: string[];
  paymentTermsDays: number;
}

type IssuingSettings = Awaited<ReturnType<typeof settingsForIssuing>>;

/** Issue a draft (see `issueInvoices`): it is locked and read here; anything but a draft is refused, naming its status. */
export async function issueInvoice(tx: Tx, id: string): Promise<void> {
  const invoice = await tx.db.selectFrom('invoices').select(['id', 'status', 'customer_id', 'gross_amount', 'currency']).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!invoice) throw notFound('invoice', id);
  const orderIds = (await tx.db.selectFrom('invoice_lines').select('order_id').distinct().where('invoice_id', '=', id).execute()).map((r) => r.order_id);
  if (invoice.status !== 'draft') {
    await applyTransition(tx, invoiceMachine, { id, customerId: invoice.customer_id, orderId: orderIds.length === 1 ? orderIds[0]! : null, stage: 'billing', to: 'issued' });
    return;
  }
  const settings = await settingsForIssuing(tx.db);
  const { payment_terms_days } = await tx.db.selectFrom('customers').select('payment_terms_days').where('id', '=', invoice.customer_id).executeTakeFirstOrThrow();
  const drafted = { id, customerId: invoice.customer_id, gross: { amount: invoice.gross_amount, currency: invoice.currency }, orderIds, paymentTermsDays: payment_terms_days };
  await issueInvoices(tx, settings, [drafted], { justDrafted: false });
}

/**
 * Issue drafts: each its gapless number of the year (consecutive, in the order given), today's date, the due
 * date by its customer's payment terms, and the seller as the settings name it now — from here on an invoice
 * is never edited. One UPDATE for all and their collection handoffs, in one statement with their events.
 * `justDrafted`: this transaction inserted them (not read again); else the caller locked and read them.
 */
export async function issueInvoices(tx: Tx, settings: IssuingSettings, drafts: DraftedInvoice[], { justDrafted }: { justDrafted: boolean }): Promise<void> {
  if (drafts.length === 0) return;
  const issueDate = calendarDate(tx.now);
  const dueDates = drafts.map((d) => addDays(issueDate, d.paymentTermsDays));
  const at = (d: DraftedInvoice) => ({ customerId: d.customerId, orderId: d.orderIds.length === 1 ? d.orderIds[0]! : null, stage: 'billing' as const });
  // Last before the write: the counter row stays locked until commit.
  const numbers = await takeDocumentNumbers(tx, settings.invoice_prefix, drafts.length);
  const byId = (values: string[]) => new Map(drafts.map((d, i) => [d.id, values[i]]));
  const issued = await planTransitions(
    tx,
    invoiceMachine,
    'issued',
    drafts.map((d, i) => ({
      id: d.id,
      ...at(d),
      lockedAs: 'draft' as const,
      data: { number: numbers[i], gross: { amount: d.gross.amount, currency: d.gross.currency.trim() }, issue_date: issueDate, due_date: dueDates[i], orders: d.orderIds },
    })),
    { number: perRow(byId(numbers), 'text'), issue_date: issueDate, due_date: perRow(byId(dueDates), 'date'), seller: JSON.stringify(sellerParty(settings)) },
    // A draft this transaction inserted has nothing yet that a guard could find.
    !justDrafted,
  );
  // Finance holds each invoice until it is settled; unpaid after its due date, it is a dropped ball.
  const collect = planOpenHandoffs(
    tx,
    drafts.map((d, i) => ({
      subject: { type: 'invoice', id: d.id },
      ...at(d),
      department: 'finance' as const,
      dueAt: new Date(`${addDays(dueDates[i]!, 1)}T00:00:00Z`),
      note: `collect ${numbers[i]}, due ${dueDates[i]}`,
    })),
  );
  await sendWrites(tx, [issued, collect.pending]);
}

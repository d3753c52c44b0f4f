import { AppError, invalidFields } from '../../core/errors';
import { newId } from '../../core/ids';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { creditNoteTotals, lineNet } from '../arithmetic';
import { invoiceLines } from '../queries/get-invoice';
import { billingSettings } from '../queries/billing-settings';
import type { CreditNoteLinesTable } from '../tables';
import { lockIssuedInvoices } from './lock-invoices';
import { settleInvoice } from './settle-invoice';
import { takeDocumentNumber } from './take-document-number';

export interface NewCreditNote {
  invoiceId: string;
  reason: string;
  /** Units taken back (at the invoiced price), or an amount off the line (a price allowance). */
  lines: { invoice_line_id: string; quantity?: number | undefined; amount?: number | undefined }[];
}

/**
 * Correct an issued invoice without editing it: a credit note with its own gapless number whose lines take
 * back units or amounts of the invoice's lines — never more than a line has left uncredited. Its tax per
 * category is what all the invoice's credits so far owe less what earlier credit notes credited, so that
 * together they never credit more tax than the invoice charged. The invoice's balance drops by its gross.
 * Returns the credit note id.
 */
export async function issueCreditNote(tx: Tx, input: NewCreditNote): Promise<string> {
  const [invoice] = await lockIssuedInvoices(tx, [input.invoiceId], null);
  const lines = await invoiceLines(tx.db, [input.invoiceId]);
  const bad: Record<string, string> = {};
  const seen = new Set<string>();
  const over: { invoice_line_id: string; requested: { quantity: number; amount: number }; remaining: { quantity: number; amount: number } }[] = [];
  const credited = input.lines.flatMap((req, i) => {
    const line = lines.find((l) => l.id === req.invoice_line_id);
    if (!line) bad[`lines.${i}.invoice_line_id`] = `Invoice ${invoice!.number} has no line ${req.invoice_line_id}.`;
    else if (seen.has(line.id)) bad[`lines.${i}.invoice_line_id`] = 'Name each line once.';
    seen.add(req.invoice_line_id);
    if (!line || bad[`lines.${i}.invoice_line_id`]) return [];
    const quantity = req.quantity ?? 0;
    const amount = req.quantity !== undefined ? lineNet(req.quantity, line.unit_price_amount) : req.amount!;
    const remaining = { quantity: line.quantity - line.credited_quantity, amount: line.net_amount - line.credited_amount };
    if (quantity > remaining.quantity || amount > remaining.amount) over.push({ invoice_line_id: line.id, requested: { quantity, amount }, remaining });
    if (amount <= 0) bad[`lines.${i}`] = 'This credits nothing: the line is priced at zero.';
    return [{ line, quantity, amount }];
  });
  if (Object.keys(bad).length > 0) throw invalidFields(bad);
  if (over.length > 0) throw new AppError('over_credit', undefined, { lines: over });

  const earlier = await tx.db.selectFrom('credit_notes').select('tax_subtotals').where('invoice_id', '=', input.invoiceId).execute();
  const totals = creditNoteTotals(
    credited.map((c) => ({ net: c.amount, category: c.line.tax_category, rateBp: c.line.tax_rate_bp, exemptionReason: c.line.exemption_reason, exemptionCode: c.line.exemption_code })),
    earlier.flatMap((e) => e.tax_subtotals),
  );
  const { credit_note_prefix } = await billingSettings(tx.db);
  const id = newId('creditNote');
  const number = await takeDocumentNumber(tx, credit_note_prefix);
  const currency = invoice!.currency.trim();
  await tx.db
    .insertInto('credit_notes')
    .values({
      id,
      number,
      invoice_id: input.invoiceId,
      customer_id: invoice!.customer_id,
      currency,
      issue_date: tx.now.toISOString().slice(0, 10),
      reason: input.reason,
      net_amount: totals.net,
      tax_amount: totals.tax,
      gross_amount: totals.gross,
      tax_subtotals: JSON.stringify(totals.subtotals),
      created_by: tx.actor.id,
      created_at: tx.now,
    })
    .execute();
  const rows: CreditNoteLinesTable[] = credited.map((c, i) => ({ id: newId('creditNoteLine'), credit_note_id: id, invoice_line_id: c.line.id, line_no: i + 1, quantity: c.quantity, net_amount: c.amount }));
  await tx.db.insertInto('credit_note_lines').values(rows).execute();
  const orderIds = [...new Set(credited.map((c) => c.line.order_id))];
  await appendEvent(tx, {
    type: 'credit_note.issued',
    subject: { type: 'credit_note', id },
    orderId: orderIds.length === 1 ? orderIds[0]! : null,
    customerId: invoice!.customer_id,
    stage: 'billing',
    data: { number, invoice_id: input.invoiceId, invoice_number: invoice!.number, reason: input.reason, gross: { amount: totals.gross, currency } },
  });
  await settleInvoice(tx, input.invoiceId);
  return id;
}

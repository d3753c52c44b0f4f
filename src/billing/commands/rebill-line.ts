import { AppError, invalidFields } from '../../core/errors';
import type { Tx } from '../../db/transaction';
import { billableLines } from '../queries/billable-lines';
import { draftInvoices } from './create-invoice';
import { issueInvoices } from './issue-invoice';

export interface Correction {
  quantity?: number | undefined;
  /** Minor units, in the invoice's currency. */
  unit_price?: number | undefined;
}

/**
 * Bill a credited invoice line again, corrected: the same shipment line on a new invoice, issued at once, with
 * the corrected quantity and unit price (each defaults to the original) and the original's references. The
 * line must be credited in full first, so the customer is never billed twice for the same units.
 */
export async function rebillLine(tx: Tx, invoiceLineId: string, correction: Correction): Promise<string> {
  const line = await tx.db
    .selectFrom('invoice_lines as l')
    .innerJoin('invoices as i', 'i.id', 'l.invoice_id')
    .select(['l.id', 'l.shipment_id', 'l.shipment_line_id', 'l.quantity', 'l.unit_price_amount', 'l.net_amount', 'i.customer_id', 'i.buyer_reference', 'i.number'])
    .where('l.id', '=', invoiceLineId)
    .executeTakeFirstOrThrow();
  const credited = await tx.db.selectFrom('credit_note_lines').select((eb) => eb.fn.coalesce(eb.fn.sum<number>('net_amount'), eb.lit(0)).as('net')).where('invoice_line_id', '=', line.id).executeTakeFirstOrThrow();
  if (Number(credited.net) < line.net_amount) {
    throw new AppError('conflict', `Line of invoice ${line.number} is not credited in full; credit it before billing it again.`, { invoice_line_id: line.id });
  }
  const [row] = (await billableLines(tx.db, [line.shipment_id])).filter((r) => r.shipment_line_id === line.shipment_line_id);
  if (!row) throw new AppError('not_billable', 'The shipment line of that invoice line is gone.', { invoice_line_id: line.id });
  const quantity = correction.quantity ?? line.quantity;
  if (quantity > row.quantity) throw invalidFields({ 'correction.quantity': `At most the ${row.quantity} units that shipped.` });
  const corrected = { ...row, quantity, unit_price_amount: correction.unit_price ?? line.unit_price_amount };
  const { settings, drafted } = await draftInvoices(tx, [{ customerId: line.customer_id, rows: [corrected], buyerReference: line.buyer_reference, correctsLineId: line.id }]);
  await issueInvoices(tx, settings, drafted, { justDrafted: true });
  return drafted[0]!.id;
}

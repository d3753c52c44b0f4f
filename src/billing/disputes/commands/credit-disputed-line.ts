import { AppError } from '../../../core/errors';
import type { Tx } from '../../../db/transaction';
import { issueCreditNote } from '../../commands/issue-credit-note';
import { invoiceLines } from '../../queries/get-invoice';
import type { DisputeView, ResolveDisputeInput } from '../schemas';

/**
 * The credit note that resolves a dispute, issued by billing's own command in the caller's transaction: for
 * `credit` what finance names (units or an amount), for `rebill` whatever of the line is left uncredited, so
 * that the corrected line can be billed anew. Returns the credit note id.
 */
export async function creditDisputedLine(tx: Tx, dispute: DisputeView, input: ResolveDisputeInput): Promise<string> {
  const reason = `Dispute ${dispute.id} (${dispute.reason.replace('_', ' ')}): ${input.answer}`.slice(0, 1000);
  if (input.resolution === 'credit') {
    return issueCreditNote(tx, { invoiceId: dispute.invoice_id, reason, lines: [{ invoice_line_id: dispute.invoice_line_id, ...input.credit }] });
  }
  const line = (await invoiceLines(tx.db, [dispute.invoice_id])).find((l) => l.id === dispute.invoice_line_id)!;
  const quantity = line.quantity - line.credited_quantity;
  const amount = line.net_amount - Number(line.credited_amount);
  if (amount <= 0) throw new AppError('over_credit', `Line ${line.line_no} of invoice ${dispute.invoice_number} is credited in full already.`, { invoice_line_id: line.id });
  // Whole units when what is left is exactly that many units at the invoiced price; otherwise the amount left.
  const whole = quantity > 0 && quantity * line.unit_price_amount === amount;
  return issueCreditNote(tx, { invoiceId: dispute.invoice_id, reason, lines: [{ invoice_line_id: line.id, ...(whole ? { quantity } : { amount }) }] });
}

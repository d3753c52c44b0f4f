import { applyTransition } from '../../cycle/commands/apply-transition';
import { completeHandoffsFor } from '../../cycle/commands/complete-handoffs-for';
import type { Tx } from '../../db/transaction';
import { settledAmounts } from '../queries/get-invoice';
import { invoiceMachine as machine, type InvoiceStatus } from '../transitions';

/**
 * After money moved (a payment allocated, a credit note issued): the status the invoice's balance says —
 * paid in part, paid, or credited (covered by credit notes with no payment) — through the machine. The
 * caller holds the invoice's row lock. Returns the balance (gross − credited − paid).
 */
export async function settleInvoice(tx: Tx, invoiceId: string): Promise<number> {
  const invoice = await tx.db.selectFrom('invoices').select(['status', 'gross_amount', 'customer_id']).where('id', '=', invoiceId).executeTakeFirstOrThrow();
  const { credited, paid } = (await settledAmounts(tx.db, [invoiceId])).get(invoiceId)!;
  const balance = invoice.gross_amount - credited - paid;
  const status = invoice.status as InvoiceStatus;
  let to: InvoiceStatus = status;
  if (balance <= 0 && (status === 'issued' || status === 'partially_paid')) to = paid > 0 ? 'paid' : 'credited';
  else if (balance > 0 && status === 'issued' && paid > 0) to = 'partially_paid';
  if (to !== status) {
    const orders = await tx.db.selectFrom('invoice_lines').select('order_id').distinct().where('invoice_id', '=', invoiceId).execute();
    await applyTransition(tx, machine, {
      id: invoiceId,
      to,
      orderId: orders.length === 1 ? orders[0]!.order_id : null, // on the order's timeline when it is the invoice's only one
      customerId: invoice.customer_id,
      stage: 'billing',
      data: { balance, credited, paid },
    });
    if (to === 'paid' || to === 'credited') await completeHandoffsFor(tx, invoiceId, `invoice ${to}`);
  }
  return balance;
}

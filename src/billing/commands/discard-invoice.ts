import { applyTransition } from '../../cycle/commands/apply-transition';
import type { Tx } from '../../db/transaction';
import { invoiceMachine } from '../transitions';

/** Throw away a draft: its shipment lines become billable again (its lines go; the draft stays, discarded). */
export async function discardInvoice(tx: Tx, id: string, reason: string) {
  const invoice = await tx.db.selectFrom('invoices').select(['customer_id']).where('id', '=', id).executeTakeFirst();
  const transition = await applyTransition(tx, invoiceMachine, { id, to: 'discarded', customerId: invoice?.customer_id ?? null, stage: 'billing', data: { reason } });
  await tx.db.deleteFrom('invoice_lines').where('invoice_id', '=', id).execute();
  return transition;
}

import { applyTransition } from '../../cycle/commands/apply-transition';
import type { Tx } from '../../db/transaction';
import { quoteMachine } from '../transitions';
import { lockQuote } from './lock-quote';

/** The customer declines the quote (or staff record that they did), saying why. */
export async function rejectQuote(tx: Tx, id: string, reason: string) {
  const quote = await lockQuote(tx, id);
  await applyTransition(tx, quoteMachine, { id, to: 'rejected', customerId: quote.customer_id, stage: 'pricing', data: { number: quote.number, holder: null, reason } });
  await tx.db.updateTable('quotes').set({ decided_at: tx.now, decision_reason: reason }).where('id', '=', id).execute();
  return id;
}

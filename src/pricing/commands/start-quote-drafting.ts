import { departmentOf } from '../../access/roles';
import { applyTransition } from '../../cycle/commands/apply-transition';
import type { Tx } from '../../db/transaction';
import { quoteMachine } from '../transitions';
import { lockQuote } from './lock-quote';
import { passQuote } from './pass-quote';
import { repriceQuote } from './price-quote-lines';

/** Sales (or pricing) takes a customer's request: its lines are priced, costed and promised, and it is theirs. */
export async function startQuoteDrafting(tx: Tx, id: string) {
  const quote = await lockQuote(tx, id);
  const holder = departmentOf(tx.actor) ?? 'sales';
  await applyTransition(tx, quoteMachine, { id, to: 'drafting', customerId: quote.customer_id, stage: 'pricing', data: { number: quote.number, holder } });
  const requested = await tx.db.selectFrom('quote_lines').select(['product_id', 'quantity']).where('quote_id', '=', id).orderBy('line_no').execute();
  await repriceQuote(tx, quote, requested);
  await passQuote(tx, quote, holder);
  return id;
}

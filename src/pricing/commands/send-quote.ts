import { calendarDate } from '../../core/clock';
import { applyTransition } from '../../cycle/commands/apply-transition';
import type { Tx } from '../../db/transaction';
import type { QuotesTable } from '../quote-tables';
import { quoteMachine } from '../transitions';
import { passQuote } from './pass-quote';

/** The customer has the quote: its clock stops, its validity starts (default: the settings' validity days). */
export async function sendQuote(tx: Tx, quote: QuotesTable, why: string) {
  const validUntil = quote.valid_until ?? (await defaultValidity(tx));
  await tx.db.updateTable('quotes').set({ sent_at: tx.now, valid_until: validUntil }).where('id', '=', quote.id).execute();
  await applyTransition(tx, quoteMachine, { id: quote.id, to: 'sent', customerId: quote.customer_id, stage: 'pricing', data: { number: quote.number, holder: 'customer', valid_until: validUntil, why } });
  await passQuote(tx, quote, 'customer');
  return quote.id;
}

async function defaultValidity(tx: Tx): Promise<string> {
  const settings = await tx.db.selectFrom('quote_settings').select('validity_days').executeTakeFirstOrThrow();
  return calendarDate(new Date(tx.now.getTime() + settings.validity_days * 86_400_000));
}

import type { Department } from '../../access/roles';
import { AppError } from '../../core/errors';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { quoteEvent } from './create-quote';
import { lockQuote } from './lock-quote';
import { passQuote } from './pass-quote';

/** Pass a quote that is being prepared to another department (sales asks pricing to cost it, and back). */
export async function handOverQuote(tx: Tx, id: string, to: Department, note?: string) {
  const quote = await lockQuote(tx, id);
  if (quote.status !== 'requested' && quote.status !== 'drafting') {
    throw new AppError('quote_not_editable', `Quote ${quote.number} is ${quote.status}; only a quote being prepared changes hands.`, { status: quote.status });
  }
  await appendEvent(tx, quoteEvent(quote, 'quote.handed_over', to, note ? { note } : {}));
  await passQuote(tx, quote, to, note);
  return id;
}

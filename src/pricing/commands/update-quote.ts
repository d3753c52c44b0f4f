import { AppError } from '../../core/errors';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { checkAttribution } from '../../entry/commands/check-order-input';
import type { QuotesTable } from '../quote-tables';
import type { UpdateQuoteInput } from '../quote-schemas';
import { quoteEvent } from './create-quote';
import { lockQuote } from './lock-quote';
import { repriceQuote } from './price-quote-lines';

/** Change a quote being drafted; new lines are priced, costed and promised again. */
export async function updateQuote(tx: Tx, id: string, input: UpdateQuoteInput) {
  const quote = await lockQuote(tx, id);
  assertDrafting(quote);
  const changes: Partial<QuotesTable> = { updated_at: tx.now };
  if (input.needed_by !== undefined) changes.needed_by = input.needed_by;
  if (input.valid_until !== undefined) changes.valid_until = input.valid_until;
  if (input.opportunity_id !== undefined || input.campaign_id !== undefined) {
    const attribution = await checkAttribution(tx, quote.customer_id, {
      opportunity_id: input.opportunity_id === undefined ? quote.opportunity_id : input.opportunity_id,
      campaign_id: input.campaign_id === undefined ? quote.campaign_id : input.campaign_id,
    });
    Object.assign(changes, attribution);
  }
  if (input.lines) await repriceQuote(tx, quote, input.lines);
  await tx.db.updateTable('quotes').set(changes).where('id', '=', id).execute();
  await appendEvent(tx, quoteEvent(quote, 'quote.updated', undefined, { fields: Object.keys(input) }));
  return id;
}

export function assertDrafting(quote: QuotesTable): void {
  if (quote.status !== 'drafting') {
    throw new AppError('quote_not_editable', `Quote ${quote.number} is ${quote.status}; only a quote being drafted can change.`, { status: quote.status });
  }
}

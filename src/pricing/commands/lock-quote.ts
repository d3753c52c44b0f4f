import { notFound } from '../../core/errors';
import type { Tx } from '../../db/transaction';
import type { QuotesTable } from '../quote-tables';

/** The quote, locked for the rest of the transaction; a customer's key finds only its own (others are 404). */
export async function lockQuote(tx: Tx, id: string): Promise<QuotesTable> {
  const quote = await tx.db.selectFrom('quotes').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!quote || (tx.actor.role === 'customer' && quote.customer_id !== tx.actor.customerId)) throw notFound('quote', id);
  return quote;
}

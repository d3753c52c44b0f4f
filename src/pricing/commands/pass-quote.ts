import { SYSTEM_ACTOR, type Department } from '../../access/roles';
import { completeHandoffsFor } from '../../cycle/commands/complete-handoffs-for';
import { openHandoff } from '../../cycle/commands/open-handoff';
import type { Tx } from '../../db/transaction';
import type { QuotesTable } from '../quote-tables';

/** Who holds a quote: a department while it is with us, the customer once sent, nobody once decided. */
export type QuoteHolder = Department | 'customer' | null;

/**
 * Move the quote's handoff to its new holder: the open one closes (by omc, whoever held it) and a department
 * that now holds it gets one due when the customer is owed the quote — past that it is a dropped ball.
 */
export async function passQuote(tx: Tx, quote: Pick<QuotesTable, 'id' | 'number' | 'customer_id' | 'response_due_at'>, holder: QuoteHolder, note?: string): Promise<void> {
  await completeHandoffsFor({ ...tx, actor: SYSTEM_ACTOR }, quote.id, `quote ${quote.number} moved on`);
  if (holder === null || holder === 'customer') return;
  await openHandoff(tx, {
    subject: { type: 'quote', id: quote.id },
    stage: 'pricing',
    department: holder,
    dueAt: quote.response_due_at,
    customerId: quote.customer_id,
    note: note ?? `quote ${quote.number}`,
  });
}

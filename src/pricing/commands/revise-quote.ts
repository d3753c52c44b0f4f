import { departmentOf } from '../../access/roles';
import { AppError } from '../../core/errors';
import { newId } from '../../core/ids';
import { appendEvent } from '../../cycle/commands/append-event';
import { applyTransition } from '../../cycle/commands/apply-transition';
import type { Tx } from '../../db/transaction';
import type { QuotesTable } from '../quote-tables';
import { quoteMachine } from '../transitions';
import { quoteEvent, responseDueAt } from './create-quote';
import { lockQuote } from './lock-quote';
import { passQuote } from './pass-quote';
import { repriceQuote } from './price-quote-lines';

/**
 * A new version of the quote, in drafting with whoever revises it: the same lines, discounts and negotiated
 * prices, priced, costed and promised again today. The old version is kept, superseded; its clock stops and
 * the new one's starts.
 */
export async function reviseQuote(tx: Tx, id: string, reason: string) {
  const old = await lockQuote(tx, id);
  if (old.status === 'accepted') throw new AppError('quote_already_accepted', `Quote ${old.number} was accepted: order ${old.order_id}.`, { order_id: old.order_id });
  await applyTransition(tx, quoteMachine, { id, to: 'superseded', customerId: old.customer_id, stage: 'pricing', data: { number: old.number, holder: null, reason } });
  await tx.db.updateTable('quote_approvals').set({ status: 'void' }).where('quote_id', '=', id).where('status', '=', 'pending').execute();

  const customer = await tx.db.selectFrom('customers').select(['id', 'tier']).where('id', '=', old.customer_id).executeTakeFirstOrThrow();
  const revision: QuotesTable = {
    ...old,
    id: newId('quote'),
    version: old.version + 1,
    status: quoteMachine.initial,
    valid_until: null,
    requested_at: tx.now,
    response_due_at: await responseDueAt(tx, customer.tier, tx.now),
    sent_at: null,
    decided_at: null,
    decision_reason: null,
    order_id: null,
    supersedes_id: old.id,
    created_by: tx.actor.id,
    created_at: tx.now,
    updated_at: tx.now,
  };
  await tx.db.insertInto('quotes').values(revision).execute();
  const oldLines = await tx.db.selectFrom('quote_lines').selectAll().where('quote_id', '=', id).orderBy('line_no').execute();
  const currency = old.currency.trim();
  await repriceQuote(
    tx,
    revision,
    oldLines.map((l) => ({
      product_id: l.product_id,
      quantity: l.quantity,
      ...(l.price_source === 'negotiated' ? { unit_price: { amount: l.unit_price_amount!, currency } } : { discount_percent: l.discount_percent }),
    })),
  );

  const holder = departmentOf(tx.actor) ?? 'sales';
  await appendEvent(tx, quoteEvent(revision, 'quote.revised', holder, { supersedes_id: old.id, reason }));
  await applyTransition(tx, quoteMachine, { id: revision.id, to: 'drafting', customerId: old.customer_id, stage: 'pricing', insertedAs: 'requested', data: { number: old.number, holder } });
  await passQuote(tx, old, null);
  await passQuote(tx, revision, holder);
  return revision.id;
}

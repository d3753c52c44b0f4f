import { SYSTEM_ACTOR } from '../../access/roles';
import { calendarDate } from '../../core/clock';
import { AppError } from '../../core/errors';
import { applyTransition } from '../../cycle/commands/apply-transition';
import type { Tx } from '../../db/transaction';
import { placeOrder } from '../../entry/commands/place-order';
import { changeOpportunityStage } from '../../generation/commands/change-opportunity-stage';
import { quoteMachine } from '../transitions';
import { lockQuote } from './lock-quote';
import { passQuote } from './pass-quote';

/**
 * The customer accepts (or staff on their behalf): the order is entered through order entry in this same
 * transaction — the quote's prices, reservations and promise dates as for any order. The quote row stays
 * locked throughout, so a second acceptance waits and then finds the order made by the first. The quote's
 * opportunity, if still open, is won.
 */
export async function acceptQuote(tx: Tx, id: string, input: { external_ref?: string | undefined; requested_date?: string | undefined } = {}) {
  const quote = await lockQuote(tx, id);
  if (quote.status === 'accepted') {
    throw new AppError('quote_already_accepted', `Quote ${quote.number} was accepted already: order ${quote.order_id}.`, { order_id: quote.order_id });
  }
  if (quote.status === 'sent' && quote.valid_until !== null && quote.valid_until < calendarDate(tx.now)) {
    throw new AppError('quote_expired', `Quote ${quote.number} was valid until ${quote.valid_until}; ask for a revision.`, { valid_until: quote.valid_until });
  }
  const lines = await tx.db.selectFrom('quote_lines').selectAll().where('quote_id', '=', id).orderBy('line_no').execute();
  // Checked before the order is placed: a quote that is not on the table never reserves stock.
  if (quote.status !== 'sent') {
    throw new AppError('invalid_transition', `Quote ${quote.number} is ${quote.status}; only a sent quote can be accepted.`, { entity: 'quote', from: quote.status, to: 'accepted' });
  }
  const order = await placeOrder(
    tx,
    {
      customer_id: quote.customer_id,
      lines: lines.map((l) => ({ product_id: l.product_id, quantity: l.quantity })),
      ...(input.external_ref ? { external_ref: input.external_ref } : {}),
      ...((input.requested_date ?? quote.needed_by) ? { requested_date: (input.requested_date ?? quote.needed_by)! } : {}),
    },
    { quote: { id, unitPrices: lines.map((l) => l.unit_price_amount!), opportunityId: quote.opportunity_id, campaignId: quote.campaign_id } },
  );
  await tx.db.updateTable('quotes').set({ order_id: order.id, decided_at: tx.now }).where('id', '=', id).execute();
  await applyTransition(tx, quoteMachine, {
    id,
    to: 'accepted',
    orderId: order.id,
    customerId: quote.customer_id,
    stage: 'pricing',
    data: { number: quote.number, holder: null, order_id: order.id, order_number: order.number },
  });
  await passQuote(tx, quote, null);
  if (quote.opportunity_id) await winOpportunity(tx, quote.opportunity_id);
  return { quoteId: id, order };
}

/** The opportunity the quote was for is won by its acceptance (omc records it; one already closed stays so). */
async function winOpportunity(tx: Tx, opportunityId: string) {
  const opportunity = await tx.db.selectFrom('opportunities').select('stage').where('id', '=', opportunityId).executeTakeFirst();
  if (!opportunity || opportunity.stage === 'won' || opportunity.stage === 'lost') return;
  await changeOpportunityStage({ ...tx, actor: SYSTEM_ACTOR }, opportunityId, { stage: 'won' });
}

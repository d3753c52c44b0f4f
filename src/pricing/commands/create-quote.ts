import { sql } from 'kysely';
import { departmentOf } from '../../access/roles';
import { addHours } from '../../core/clock';
import { AppError, invalidFields, notFound } from '../../core/errors';
import { newId } from '../../core/ids';
import { appendEvent } from '../../cycle/commands/append-event';
import { applyTransition } from '../../cycle/commands/apply-transition';
import type { Tx } from '../../db/transaction';
import { checkAttribution, loadOrderProducts } from '../../entry/commands/check-order-input';
import { CUSTOMER_QUOTE_FIELDS, type CreateQuoteInput } from '../quote-schemas';
import type { QuoteLinesTable, QuotesTable } from '../quote-tables';
import { quoteMachine } from '../transitions';
import { passQuote, type QuoteHolder } from './pass-quote';
import { priceQuoteLines } from './price-quote-lines';

/**
 * A quote is born. A customer's request waits for sales, unpriced; a quote sales (or pricing) makes is priced
 * at once and in drafting with them. Either way its clock starts: the answer is due after the SLA of the
 * customer's tier.
 */
export async function createQuote(tx: Tx, input: CreateQuoteInput) {
  const fromCustomer = tx.actor.role === 'customer';
  if (fromCustomer) refuseStaffFields(input);
  const customerId = input.customer_id ?? (fromCustomer ? tx.actor.customerId! : null);
  if (!customerId) throw invalidFields({ customer_id: 'Say which customer the quote is for.' });
  const customer = await tx.db.selectFrom('customers').selectAll().where('id', '=', customerId).executeTakeFirst();
  if (!customer || (fromCustomer && customer.id !== tx.actor.customerId)) throw notFound('customer', customerId);
  if (customer.status === 'archived') throw new AppError('customer_not_active', `${customer.name} is archived.`, { customer_id: customer.id, status: customer.status });
  const currency = customer.currency.trim();
  const attribution = await checkAttribution(tx, customer.id, input);

  const id = newId('quote');
  const quote: QuotesTable = {
    id,
    number: '', // from the sequence, in the insert
    version: 1,
    customer_id: customer.id,
    opportunity_id: attribution.opportunity_id,
    campaign_id: attribution.campaign_id,
    status: quoteMachine.initial,
    currency,
    needed_by: input.needed_by ?? null,
    message: input.message ?? null,
    valid_until: input.valid_until ?? null,
    requested_at: tx.now,
    response_due_at: await responseDueAt(tx, customer.tier, tx.now),
    sent_at: null,
    decided_at: null,
    total_amount: 0,
    cost_amount: null,
    discount_amount: 0,
    decision_reason: null,
    order_id: null,
    supersedes_id: null,
    created_by: tx.actor.id,
    created_at: tx.now,
    updated_at: tx.now,
  };
  const numbered = await tx.db
    .insertInto('quotes')
    .values({ ...quote, number: sql<string>`${`Q-${tx.now.getUTCFullYear()}-`} || lpad(nextval('quote_number_seq')::text, 6, '0')` })
    .returning('number')
    .executeTakeFirstOrThrow();
  quote.number = numbered.number;

  if (fromCustomer) {
    await loadOrderProducts(tx, { customer_id: customer.id, lines: input.lines }, currency); // names unknown products
    await insertQuoteLines(tx, input.lines.map((l, i) => unpricedLine(id, i, l)));
    await appendEvent(tx, quoteEvent(quote, 'quote.requested', 'sales', { lines: input.lines.length, needed_by: quote.needed_by }));
    await passQuote(tx, quote, 'sales', `quote ${quote.number} requested by the customer`);
  } else {
    const holder = departmentOf(tx.actor) ?? 'sales';
    await appendEvent(tx, quoteEvent(quote, 'quote.created', holder, { lines: input.lines.length }));
    const priced = await priceQuoteLines(tx, id, { ...customer, currency }, input.lines);
    await insertQuoteLines(tx, priced.lines);
    await tx.db.updateTable('quotes').set(priced.totals).where('id', '=', id).execute();
    await applyTransition(tx, quoteMachine, { id, to: 'drafting', customerId: customer.id, stage: 'pricing', insertedAs: 'requested', data: { holder } });
    await passQuote(tx, quote, holder);
  }
  return id;
}

/** When the customer is owed an answer: `from` plus the response SLA of their tier (data, quote settings). */
export async function responseDueAt(tx: Tx, tier: string, from: Date): Promise<Date> {
  const sla = await tx.db.selectFrom('quote_response_slas').select('response_hours').where('tier', '=', tier).executeTakeFirst();
  return addHours(from, sla?.response_hours ?? 24);
}

export async function insertQuoteLines(tx: Tx, lines: QuoteLinesTable[]): Promise<void> {
  if (lines.length > 0) await tx.db.insertInto('quote_lines').values(lines).execute();
}

/** A quote's event; `holder` only when the quote changes hands (the quote clock reads those). */
export function quoteEvent(quote: Pick<QuotesTable, 'id' | 'number' | 'version' | 'customer_id'>, type: string, holder: QuoteHolder | undefined, data: Record<string, unknown> = {}) {
  return {
    type,
    subject: { type: 'quote', id: quote.id },
    customerId: quote.customer_id,
    stage: 'pricing' as const,
    data: { number: quote.number, version: quote.version, ...(holder === undefined ? {} : { holder }), ...data },
  };
}

function unpricedLine(quoteId: string, i: number, line: { product_id: string; quantity: number }): QuoteLinesTable {
  return {
    id: newId('quoteLine'),
    quote_id: quoteId,
    line_no: i + 1,
    product_id: line.product_id,
    quantity: line.quantity,
    base_unit_price_amount: null,
    price_source: null,
    price_list_id: null,
    discount_percent: 0,
    unit_price_amount: null,
    total_amount: null,
    unit_cost_amount: null,
    cost_method: null,
    promised_date: null,
    promise_reason: null,
  };
}

/** A customer asks for products and quantities; prices, discounts, validity and attribution are sales' to set. */
function refuseStaffFields(input: CreateQuoteInput): void {
  const fields = [
    ...Object.keys(input).filter((k) => !CUSTOMER_QUOTE_FIELDS.has(k)),
    ...input.lines.flatMap((l, i) => (['discount_percent', 'unit_price'] as const).filter((k) => l[k] !== undefined).map((k) => `lines.${i}.${k}`)),
  ];
  if (fields.length > 0) {
    throw new AppError('forbidden', `Sales sets these, not the customer: ${fields.join(', ')}.`, { fields: Object.fromEntries(fields.map((f) => [f, 'You may not set this.'])) });
  }
}

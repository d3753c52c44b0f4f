import { calendarDate } from '../../core/clock';
import { AppError, invalidFields } from '../../core/errors';
import { roundHalfUp } from '../../core/money';
import { newId } from '../../core/ids';
import type { CustomersTable } from '../../customers/tables';
import type { Tx } from '../../db/transaction';
import { availableToPromise } from '../../entry/queries/available-to-promise';
import { loadOrderProducts } from '../../entry/commands/check-order-input';
import { productCost } from '../queries/product-cost';
import { resolvePrices } from '../queries/resolve-prices';
import type { QuoteLinesTable, QuotesTable } from '../quote-tables';

export interface QuoteLineRequest {
  product_id: string;
  quantity: number;
  discount_percent?: number | undefined;
  unit_price?: { amount: number; currency: string } | undefined;
}

export interface QuoteTotals {
  total_amount: number;
  cost_amount: number | null;
  discount_amount: number;
}

/**
 * Price a quote's lines as order entry would (price list, then list price) with the discount or negotiated
 * price sales gives, cost each from its bill of materials and routing, and promise each a date from what is
 * available now — computed, nothing reserved. One bad line names every bad line.
 */
export async function priceQuoteLines(
  tx: Tx,
  quoteId: string,
  customer: Pick<CustomersTable, 'id' | 'tier'> & { currency: string },
  requests: QuoteLineRequest[],
): Promise<{ lines: QuoteLinesTable[]; totals: QuoteTotals }> {
  const products = await loadOrderProducts(tx, { customer_id: customer.id, lines: requests }, customer.currency);
  // The price the customer would pay without this quote: the base a discount is taken from.
  const base = await resolvePrices(
    tx.db,
    customer,
    calendarDate(tx.now),
    requests.map((r) => {
      const product = products.get(r.product_id)!;
      return { product_id: r.product_id, quantity: r.quantity, listPrice: { amount: product.list_price_amount, currency: product.currency.trim() } };
    }),
  );
  const unpriced = requests.flatMap((r, i) => (base.has(i) || r.unit_price ? [] : [i]));
  if (unpriced.length > 0) {
    throw invalidFields(
      Object.fromEntries(unpriced.map((i) => [`lines.${i}.unit_price`, `No ${customer.currency} price list or list price covers ${products.get(requests[i]!.product_id)!.sku}; give a unit_price.`])),
    );
  }
  const promises = await availableToPromise(tx, requests.map((r) => ({ product: products.get(r.product_id)!, quantity: r.quantity })));
  const lines: QuoteLinesTable[] = [];
  for (const [i, request] of requests.entries()) {
    const resolved = base.get(i);
    const { unitPrice, discountPercent } = discounted(resolved?.unitPrice ?? null, request);
    const cost = await unitCost(tx, request.product_id, request.quantity, customer.currency);
    lines.push({
      id: newId('quoteLine'),
      quote_id: quoteId,
      line_no: i + 1,
      product_id: request.product_id,
      quantity: request.quantity,
      base_unit_price_amount: resolved?.unitPrice ?? null,
      price_source: request.unit_price ? 'negotiated' : resolved!.source,
      price_list_id: resolved?.priceListId ?? null,
      discount_percent: discountPercent,
      unit_price_amount: unitPrice,
      total_amount: unitPrice * request.quantity,
      unit_cost_amount: cost.amount,
      cost_method: cost.method,
      promised_date: promises[i]!.promisedDate,
      promise_reason: promises[i]!.reason,
    });
  }
  return { lines, totals: totalsOf(lines) };
}

/** Price these lines for the quote and put them in place of its lines, with the quote's totals. */
export async function repriceQuote(tx: Tx, quote: Pick<QuotesTable, 'id' | 'customer_id' | 'currency'>, requests: QuoteLineRequest[]): Promise<void> {
  const customer = await tx.db.selectFrom('customers').select(['id', 'tier']).where('id', '=', quote.customer_id).executeTakeFirstOrThrow();
  const priced = await priceQuoteLines(tx, quote.id, { ...customer, currency: quote.currency.trim() }, requests);
  await tx.db.deleteFrom('quote_lines').where('quote_id', '=', quote.id).execute();
  await tx.db.insertInto('quote_lines').values(priced.lines).execute();
  await tx.db.updateTable('quotes').set(priced.totals).where('id', '=', quote.id).execute();
}

/** A discount off the base price, or a negotiated price and the discount it amounts to. */
function discounted(basePrice: number | null, request: QuoteLineRequest): { unitPrice: number; discountPercent: number } {
  if (request.unit_price) {
    const unitPrice = request.unit_price.amount;
    const discountPercent = basePrice && unitPrice < basePrice ? roundHalfUp(((basePrice - unitPrice) / basePrice) * 10_000) / 100 : 0;
    return { unitPrice, discountPercent };
  }
  const hundredths = Math.round((request.discount_percent ?? 0) * 100);
  return { unitPrice: roundHalfUp((basePrice! * (10_000 - hundredths)) / 10_000), discountPercent: hundredths / 100 };
}

/** The unit cost for this quantity in the quote's currency, or why there is none (the margin is then unknown). */
async function unitCost(tx: Tx, productId: string, quantity: number, currency: string): Promise<{ amount: number | null; method: string }> {
  try {
    const cost = await productCost(tx.db, productId, quantity);
    if (cost.currency !== currency) return { amount: null, method: `unknown: costed in ${cost.currency}` };
    return { amount: cost.unit.total.amount, method: cost.method };
  } catch (error) {
    if (error instanceof AppError && (error.code === 'cost_unknown' || error.code === 'currency_mismatch')) return { amount: null, method: `unknown: ${error.message}` };
    throw error;
  }
}

export function totalsOf(lines: QuoteLinesTable[]): QuoteTotals {
  const unknownCost = lines.some((l) => l.unit_cost_amount === null);
  return {
    total_amount: lines.reduce((s, l) => s + (l.total_amount ?? 0), 0),
    cost_amount: unknownCost ? null : lines.reduce((s, l) => s + l.unit_cost_amount! * l.quantity, 0),
    discount_amount: lines.reduce((s, l) => s + Math.max(0, (l.base_unit_price_amount ?? 0) - (l.unit_price_amount ?? 0)) * l.quantity, 0),
  };
}

import type { Actor } from '../../access/roles';
import { calendarDate } from '../../core/clock';
import { AppError, invalidFields } from '../../core/errors';
import type { CustomersTable } from '../../customers/tables';
import type { Tx } from '../../db/transaction';
import type { ProductsTable } from '../../planning/tables';
import { resolvePrices } from '../../pricing/queries/resolve-prices';
import type { PlaceOrderInput } from '../schemas';

/** Roles that may set a line's price by hand (the pricing issue adds price lists and quotes). */
const MAY_SET_PRICE = new Set(['pricing', 'csr', 'admin', 'system']);

/**
 * The customer who orders. With a credit limit, the row stays locked for the rest of the transaction so
 * that two orders of one customer pass the credit check one after the other; without one there is nothing
 * to serialise. A customer's key may order only for itself (others are 404).
 */
export async function lockOrderingCustomer(tx: Tx, customerId: string): Promise<CustomersTable> {
  if (tx.actor.role === 'customer' && tx.actor.customerId !== customerId) throw new AppError('not_found', `No customer with id ${customerId}.`, { id: customerId });
  let customer = await tx.db.selectFrom('customers').selectAll().where('id', '=', customerId).executeTakeFirst();
  if (customer?.credit_limit_amount != null) {
    customer = await tx.db.selectFrom('customers').selectAll().where('id', '=', customerId).forNoKeyUpdate().executeTakeFirst();
  }
  if (!customer) throw new AppError('not_found', `No customer with id ${customerId}.`, { id: customerId, fields: { customer_id: 'No such customer.' } });
  if (customer.status !== 'active') {
    throw new AppError('customer_not_active', `${customer.name} is ${customer.status}; only active customers can order.`, { customer_id: customerId, status: customer.status });
  }
  return customer;
}

/**
 * Every line checked at once: one bad line refuses the order, and every bad line is named
 * (`lines.3.product_id`), so the person entering it can fix them all in one go.
 */
export async function loadOrderProducts(tx: Tx, input: PlaceOrderInput, currency: string): Promise<Map<string, ProductsTable>> {
  const ids = [...new Set(input.lines.map((l) => l.product_id))];
  const rows = await tx.db.selectFrom('products').selectAll().where('id', 'in', ids).execute();
  const products = new Map(rows.map((p) => [p.id, p]));
  const bad: Record<string, string> = {};
  input.lines.forEach((line, i) => {
    const product = products.get(line.product_id);
    if (!product) bad[`lines.${i}.product_id`] = `No product ${line.product_id}.`;
    else if (!product.active) bad[`lines.${i}.product_id`] = `${product.sku} is no longer sold.`;
    if (line.unit_price && line.unit_price.currency !== currency) bad[`lines.${i}.unit_price.currency`] = `Use the customer's currency (${currency}).`;
  });
  if (Object.keys(bad).length > 0) throw invalidFields(bad, `${Object.keys(bad).length} line${Object.keys(bad).length > 1 ? 's are' : ' is'} wrong: ${Object.keys(bad).join(', ')}.`);
  return products;
}

/** Only pricing and CSR staff set prices; a customer (or anyone else) who sends one is refused, naming the lines. */
export function checkPriceAuthority(actor: Actor, input: PlaceOrderInput): void {
  const priced = input.lines.flatMap((l, i) => (l.unit_price ? [`lines.${i}.unit_price`] : []));
  if (priced.length > 0 && !MAY_SET_PRICE.has(actor.role)) {
    throw new AppError('forbidden', `Only pricing or CSR staff may set a line price (${priced.join(', ')}).`, { fields: Object.fromEntries(priced.map((f) => [f, 'You may not set a price.'])) });
  }
}

export interface LinePrice {
  unitPrice: number;
  source: 'manual' | 'price_list' | 'list_price' | 'quote';
  priceListId: string | null;
}

/**
 * Each line's unit price: the one a pricing or CSR person set, else the customer's price list (most specific
 * list, then quantity break), else the list price when it is in the customer's currency. A line that has
 * none of these is named, with what to do.
 */
export async function priceOrderLines(
  tx: Tx,
  customer: Pick<CustomersTable, 'id' | 'tier'> & { currency: string },
  lines: { product_id: string; quantity: number; unit_price?: { amount: number } | undefined }[],
  products: Map<string, ProductsTable>,
): Promise<LinePrice[]> {
  const open = lines.flatMap((line, index) => (line.unit_price ? [] : [{ index, line }]));
  const resolved = await resolvePrices(
    tx.db,
    customer,
    calendarDate(tx.now),
    open.map(({ line }) => {
      const product = products.get(line.product_id)!;
      return { product_id: line.product_id, quantity: line.quantity, listPrice: { amount: product.list_price_amount, currency: product.currency.trim() } };
    }),
  );
  const bad: Record<string, string> = {};
  const prices: LinePrice[] = lines.map((line) => (line.unit_price ? { unitPrice: line.unit_price.amount, source: 'manual', priceListId: null } : { unitPrice: 0, source: 'list_price', priceListId: null }));
  open.forEach(({ index, line }, k) => {
    const price = resolved.get(k);
    const product = products.get(line.product_id)!;
    if (!price) bad[`lines.${index}.product_id`] = `${product.sku} is priced in ${product.currency.trim()} and no ${customer.currency} price list covers it; give a unit_price in ${customer.currency}.`;
    else prices[index] = { unitPrice: price.unitPrice, source: price.source, priceListId: price.priceListId };
  });
  if (Object.keys(bad).length > 0) throw invalidFields(bad);
  return prices;
}

/**
 * The opportunity and campaign an order or quote is attributed to: the opportunity must be this customer's
 * (a lead's opportunity has no customer until the lead converts), and its campaign stands unless one is named.
 */
export async function checkAttribution(
  tx: Tx,
  customerId: string,
  input: { opportunity_id?: string | null | undefined; campaign_id?: string | null | undefined },
): Promise<{ opportunity_id: string | null; campaign_id: string | null }> {
  let campaignId = input.campaign_id ?? null;
  if (input.opportunity_id) {
    const opportunity = await tx.db.selectFrom('opportunities').select(['customer_id', 'campaign_id']).where('id', '=', input.opportunity_id).executeTakeFirst();
    if (!opportunity || opportunity.customer_id !== customerId) throw invalidFields({ opportunity_id: "Not one of this customer's opportunities." });
    campaignId ??= opportunity.campaign_id;
  }
  if (input.campaign_id) {
    const campaign = await tx.db.selectFrom('campaigns').select('id').where('id', '=', input.campaign_id).executeTakeFirst();
    if (!campaign) throw invalidFields({ campaign_id: `No campaign ${input.campaign_id}.` });
  }
  return { opportunity_id: input.opportunity_id ?? null, campaign_id: campaignId };
}

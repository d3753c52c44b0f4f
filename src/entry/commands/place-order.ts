import { sql } from 'kysely';
import { AppError, invalidFields } from '../../core/errors';
import { calendarDate } from '../../core/clock';
import { newId } from '../../core/ids';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { defaultPromisePolicy, type PromisePolicy } from '../policies/promise';
import { presentOrder, type PlaceOrderInput } from '../schemas';
import type { ProductsTable } from '../../planning/tables';
import type { OrderLinesTable } from '../tables';
import { orderMachine } from '../transitions';
import { checkCredit } from './check-credit';
import { checkAttribution, checkPriceAuthority, loadOrderProducts, lockOrderingCustomer, priceOrderLines, type LinePrice } from './check-order-input';
import { latestDate, lockAvailableStock, promiseBeyondStock, recordPromiseParts, takeFromStock, type PromiseContext, type PromisePart } from './promise-lines';

/**
 * Enter an order: check it, reserve stock (never more than is available), promise every line a date with
 * its reason, check credit, and record it — all in the caller's transaction, so a refusal leaves nothing.
 */
export async function placeOrder(tx: Tx, input: PlaceOrderInput, { policy = defaultPromisePolicy, quote }: PlaceOrderOptions = {}) {
  const customer = await lockOrderingCustomer(tx, input.customer_id);
  const currency = customer.currency.trim();
  if (!quote) checkPriceAuthority(tx.actor, input);
  const attribution = await checkReferences(tx, input);
  const products = await loadOrderProducts(tx, input, currency);

  const prices: LinePrice[] = quote
    ? quote.unitPrices.map((unitPrice) => ({ unitPrice, source: 'quote', priceListId: null }))
    : await priceOrderLines(tx, { ...customer, currency }, input.lines, products);
  const parts = await promiseOrderLines(tx, input, products, policy);

  const orderId = newId('order');
  const lines: OrderLinesTable[] = input.lines.map((line, i) => {
    const product = products.get(line.product_id)!;
    const { unitPrice, source, priceListId } = prices[i]!;
    const reserved = parts[i]!.filter((p) => p.source === 'stock').reduce((s, p) => s + p.quantity, 0);
    return {
      id: newId('orderLine'),
      order_id: orderId,
      line_no: i + 1,
      product_id: product.id,
      quantity: line.quantity,
      unit_price_amount: unitPrice,
      total_amount: unitPrice * line.quantity,
      price_source: source,
      price_list_id: priceListId,
      reserved_quantity: reserved,
      backordered_quantity: line.quantity - reserved,
      promised_date: latestDate(parts[i]!.map((p) => p.promisedDate)),
      status: 'open',
    };
  });
  const order = {
    id: orderId,
    number: '', // from the sequence, in the insert
    customer_id: customer.id,
    status: orderMachine.initial as string,
    currency,
    total_amount: lines.reduce((s, l) => s + l.total_amount, 0),
    cost_amount: standardCost(input, products),
    requested_date: input.requested_date ?? null,
    promised_date: latestDate(lines.map((l) => l.promised_date)),
    channel: quote ? 'quote' : (input.channel ?? (tx.actor.role === 'customer' ? 'portal' : 'api')),
    quote_id: quote?.id ?? null,
    opportunity_id: quote ? quote.opportunityId : attribution.opportunity_id,
    campaign_id: quote ? quote.campaignId : attribution.campaign_id,
    external_ref: input.external_ref ?? null,
    ship_to_address_id: input.ship_to_address_id ?? null,
    notes: input.notes ?? null,
    created_by: tx.actor.id,
    created_at: tx.now,
    updated_at: tx.now,
  };

  // Order numbers need to be unique, not gapless: a sequence hands them out without a lock.
  const numbered = await tx.db
    .insertInto('orders')
    .values({ ...order, number: sql<string>`${`SO-${tx.now.getUTCFullYear()}-`} || lpad(nextval('order_number_seq')::text, 6, '0')` })
    .returning('number')
    .executeTakeFirstOrThrow();
  const number = (order.number = numbered.number);
  await tx.db.insertInto('order_lines').values(lines).execute();
  const reservations = await recordPromiseParts(tx, lines.map((line, i) => ({ line, parts: parts[i]! })), `order ${number}`);
  await appendEvent(tx, {
    type: 'order.received',
    subject: { type: 'order', id: orderId },
    orderId,
    customerId: customer.id,
    stage: 'entry',
    data: {
      number,
      channel: order.channel,
      total: { amount: order.total_amount, currency },
      lines: lines.length,
      promised_date: order.promised_date,
      requested_date: order.requested_date,
      backordered_units: lines.reduce((s, l) => s + l.backordered_quantity, 0),
    },
  });
  order.status = await checkCredit(tx, order, customer.credit_limit_amount, { confirmWhenWithin: true, justInserted: true });
  return presentOrder(order, lines, reservations);
}

/**
 * Every line's promise parts. Stock comes first for every line — so that allow_backorder=false refuses
 * before any supply is touched — then incoming supply and lead time for what stock cannot cover.
 */
async function promiseOrderLines(tx: Tx, input: PlaceOrderInput, products: Map<string, ProductsTable>, policy: PromisePolicy): Promise<PromisePart[][]> {
  const warehouses = await tx.db.selectFrom('warehouses').select(['id', 'code', 'handling_days', 'transit_days']).where('active', '=', true).execute();
  const ctx: PromiseContext = { tx, today: calendarDate(tx.now), policy, warehouses: policy.warehouseOrder(warehouses, input.preferred_warehouse_id ?? null) };
  const isStocked = (productId: string) => products.get(productId)!.kind === 'stocked';
  const available = await lockAvailableStock(tx, input.lines.filter((l) => isStocked(l.product_id)).map((l) => l.product_id));
  const availableBefore = new Map([...available].map(([product, byWarehouse]) => [product, [...byWarehouse.values()].reduce((s, n) => s + n, 0)]));

  const fromStock = input.lines.map((line) => (isStocked(line.product_id) ? takeFromStock(ctx, available.get(line.product_id), line.quantity) : []));
  const covered = fromStock.map((parts) => parts.reduce((s, p) => s + p.quantity, 0));
  const shortLines = input.lines.filter((line, i) => isStocked(line.product_id) && covered[i]! < line.quantity).length;
  if (shortLines > 0 && input.allow_backorder === false) throw insufficientStock(input, shortLines, availableBefore, products);

  const parts: PromisePart[][] = [];
  for (const [i, line] of input.lines.entries()) {
    const rest = covered[i]! < line.quantity ? await promiseBeyondStock(ctx, products.get(line.product_id)!, line.quantity - covered[i]!) : [];
    parts.push([...fromStock[i]!, ...rest]);
  }
  return parts;
}

/** The goods at standard cost, for the order's margin; unknown when any product has no standard cost. */
function standardCost(input: PlaceOrderInput, products: Map<string, ProductsTable>): number | null {
  let cost = 0;
  for (const line of input.lines) {
    const unit = products.get(line.product_id)!.standard_cost_amount;
    if (unit === null) return null;
    cost += unit * line.quantity;
  }
  return cost;
}

export interface PlaceOrderOptions {
  policy?: PromisePolicy;
  /** The accepted quote the order comes from: its prices (one per input line) and attribution stand. */
  quote?: { id: string; unitPrices: number[]; opportunityId: string | null; campaignId: string | null };
}

/**
 * `external_ref` is unique per customer; the ship-to address must be the customer's own; an opportunity must
 * be the customer's, and its campaign is the order's unless another is named.
 */
async function checkReferences(tx: Tx, input: PlaceOrderInput): Promise<{ opportunity_id: string | null; campaign_id: string | null }> {
  if (input.external_ref) {
    const existing = await tx.db
      .selectFrom('orders')
      .select(['id', 'number'])
      .where('customer_id', '=', input.customer_id)
      .where('external_ref', '=', input.external_ref)
      .executeTakeFirst();
    if (existing) throw duplicateExternalRef(input.external_ref, existing);
  }
  if (input.ship_to_address_id) {
    const address = await tx.db
      .selectFrom('customer_addresses')
      .select('id')
      .where('id', '=', input.ship_to_address_id)
      .where('customer_id', '=', input.customer_id)
      .executeTakeFirst();
    if (!address) throw invalidFields({ ship_to_address_id: "Not one of this customer's addresses." });
  }
  return checkAttribution(tx, input.customer_id, input);
}

export function duplicateExternalRef(ref: string, existing: { id: string; number: string }): AppError {
  return new AppError('duplicate_external_ref', `This customer already has order ${existing.number} with external_ref ${ref}.`, {
    external_ref: ref,
    order_id: existing.id,
    order_number: existing.number,
  });
}

/** Refuse with the availability of every stocked line of the order (API.md: details.lines). */
function insufficientStock(input: PlaceOrderInput, shortLines: number, availableBefore: Map<string, number>, products: Map<string, { kind: string }>): AppError {
  const lines = input.lines
    .filter((l) => products.get(l.product_id)!.kind === 'stocked')
    .map((l) => ({ product_id: l.product_id, requested: l.quantity, available: availableBefore.get(l.product_id) ?? 0 }));
  return new AppError('insufficient_stock', `Not enough stock for ${shortLines} line${shortLines > 1 ? 's' : ''}, and backorders are not allowed.`, { lines });
}

import { createInvoice } from '../billing/commands/create-invoice';
import { issueCreditNote } from '../billing/commands/issue-credit-note';
import { recordPayment } from '../billing/commands/record-payment';
import { addHours } from '../core/clock';
import { moveHandoff } from '../cycle/commands/move-handoff';
import type { Tx } from '../db/transaction';
import { placeOrder } from '../entry/commands/place-order';
import { createShipment } from '../fulfillment/commands/create-shipment';
import { deliverShipment } from '../fulfillment/commands/deliver-shipment';
import { packShipment } from '../fulfillment/commands/pack-shipment';
import { pickShipment } from '../fulfillment/commands/pick-shipment';
import { shipShipment } from '../fulfillment/commands/ship-shipment';
import { adjustStock } from '../planning/commands/adjust-stock';
import { acceptQuote } from '../pricing/commands/accept-quote';
import { createQuote } from '../pricing/commands/create-quote';
import { decideQuoteApproval } from '../pricing/commands/decide-quote-approval';
import { rejectQuote } from '../pricing/commands/reject-quote';
import { startQuoteDrafting } from '../pricing/commands/start-quote-drafting';
import { submitQuote } from '../pricing/commands/submit-quote';
import { Random } from '../scheduling/solver/random';

const DAY_HOURS = 24;
const STOCKED = ['SEAL-KIT', 'VLV-DN50', 'VLV-DN80', 'PMP-100'];

/**
 * Eight weeks of history behind the demo's current orders, every step at its own time, so that the insights
 * page and the order timelines show where time goes: orders that waited in the queue for hours or days, were
 * picked, packed, shipped (a few late, a few in two parts), delivered, invoiced and mostly paid (a few with a
 * unit credited); and quotes
 * answered fast or slow, won or lost. Units shipped are received again at once, so the demo's current stock is
 * what it would be without the history.
 */
export async function seedHistory(tx: Tx, customers: string[], products: Map<string, string>): Promise<void> {
  const rng = new Random(11); // the same history on every machine
  const random = () => rng.next();
  const between = (low: number, high: number) => low + random() * (high - low);
  const start = addHours(tx.now, -60 * DAY_HOURS);
  const finished = addHours(tx.now, -DAY_HOURS);
  const at = (when: Date, actor: Tx['actor'] = tx.actor): Tx => ({ ...tx, now: when, actor });

  for (let i = 0; i < 34; i++) {
    const placed = addHours(start, i * 1.5 * DAY_HOURS + between(0, 8));
    const customerId = customers[i % customers.length]!;
    const productId = products.get(STOCKED[i % STOCKED.length]!)!;
    const order = await placeOrder(at(placed), { customer_id: customerId, lines: [{ product_id: productId, quantity: 2 + (i % 4) }], channel: 'edi', external_ref: `PO-H${1000 + i}` });
    // Most orders wait hours in the queue; every seventh waits a week (and arrives late).
    const queued = i % 7 === 3 ? between(6, 8) * DAY_HOURS : between(2, 40);
    const invoiceId = await closeOut(tx, order.id, addHours(placed, queued), { split: i % 9 === 5, pay: i % 6 !== 2, random, finished });
    const credited = addHours(placed, queued + 7 * DAY_HOURS); // after it was invoiced
    if (invoiceId && i % 8 === 6 && credited < finished) await creditOneUnit(at(credited), invoiceId);
  }

  for (let i = 0; i < 14; i++) {
    const requested = addHours(start, 2 + i * 4 * DAY_HOURS + between(0, 6));
    const customerId = customers[i % customers.length]!;
    const buyer = { id: `demo-buyer-${i % customers.length}`, role: 'customer' as const, customerId, name: 'demo buyer' };
    const id = await createQuote(at(requested, buyer), { customer_id: customerId, lines: [{ product_id: products.get(STOCKED[(i + 1) % STOCKED.length]!)!, quantity: 3 + (i % 5) }] });
    // Sales answers within hours, once in a while only the next day (past a key customer's eight hours).
    const drafted = addHours(requested, i % 5 === 4 ? between(20, 30) : between(0.5, 5));
    await startQuoteDrafting(at(drafted, SALES), id);
    await submitQuote(at(addHours(drafted, between(0.2, 1)), SALES), id);
    const quote = await tx.db.selectFrom('quotes').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    if (quote.status === 'pending_approval') await decideQuoteApproval(at(addHours(drafted, between(1, 4)), FINANCE), id, 'approve', 'Within the framework');
    const decided = addHours(drafted, between(24, 96));
    if (i % 3 === 1) {
      await rejectQuote(at(decided, buyer), id, 'Went with a local supplier');
    } else {
      const { order } = await acceptQuote(at(decided, buyer), id, { external_ref: `PO-Q${200 + i}` });
      await closeOut(tx, order.id, addHours(decided, between(4, 30)), { split: false, pay: true, random, finished });
    }
  }
}

const SALES = { id: 'demo-sales', role: 'sales' as const, customerId: null, name: 'Sales Demo' };
const FINANCE = { id: 'demo-finance', role: 'finance' as const, customerId: null, name: 'Finance Demo' };
const WAREHOUSE = { id: 'demo-warehouse', role: 'warehouse' as const, customerId: null, name: 'Warehouse Demo' };

/**
 * Ship what the order reserved (in two parts when asked) — the warehouse takes each pick list up some time after
 * it was made —, confirm delivery, invoice it and take the payment; returns the invoice. The steps are planned
 * first and run in time order, so the event log reads in the order things happened.
 */
async function closeOut(tx: Tx, orderId: string, from: Date, options: { split: boolean; pay: boolean; random: () => number; finished: Date }) {
  const between = (low: number, high: number) => low + options.random() * (high - low);
  const reserved = await tx.db
    .selectFrom('reservations')
    .select(['order_line_id', 'product_id', 'warehouse_id', 'quantity'])
    .where('order_id', '=', orderId)
    .where('source', '=', 'stock')
    .where('status', '=', 'active')
    .execute();
  if (reserved.length === 0) return null;
  const { order_line_id, product_id, warehouse_id, quantity } = reserved[0]!;
  const warehouseId = warehouse_id!;
  const parts = options.split && quantity > 1 ? [quantity - 1, 1] : [quantity];

  const steps: { at: Date; run: (tx: Tx) => Promise<unknown> }[] = [];
  const shipments: string[] = [];
  let clock = from;
  const next = (hours: number) => (clock = addHours(clock, hours));
  for (const [n, part] of parts.entries()) {
    let shipment = '';
    const lines = parts.length > 1 ? [{ order_line_id, quantity: part }] : undefined;
    steps.push({ at: next(n === 0 ? 0 : between(2, 4) * DAY_HOURS), run: async (t) => (shipment = (await createShipment(t, orderId, { warehouse_id: warehouseId, ...(lines ? { lines } : {}) })).id) });
    steps.push({ at: next(between(0.5, 6)), run: (t) => takeHandoffOf(t, shipment) });
    steps.push({ at: next(between(0.3, 2)), run: (t) => pickShipment(t, shipment) });
    steps.push({ at: next(between(0.3, 2)), run: (t) => packShipment(t, shipment) });
    steps.push({
      at: next(between(0.5, 3)),
      run: async (t) => {
        const shipped = await shipShipment(t, shipment, { carrier: 'DHL Freight', tracking_number: `JVGL0${shipment.slice(-6).toUpperCase()}`, packages: 1 });
        await adjustStock(t, { product_id, warehouse_id: warehouseId, quantity: part, reason: 'Replenishment received' });
        shipments.push(shipment);
        return shipped;
      },
    });
    const delivered = addHours(clock, between(1.5, 3) * DAY_HOURS);
    if (delivered < options.finished) steps.push({ at: delivered, run: (t) => deliverShipment(t, shipment, { delivered_on: delivered.toISOString().slice(0, 10) }) });
  }
  let invoiceId: string | null = null;
  const invoiced = next(between(2, 30));
  steps.push({ at: invoiced, run: async (t) => (invoiceId = await createInvoice(t, { shipmentIds: shipments })) });
  const paid = addHours(invoiced, between(8, 28) * DAY_HOURS);
  if (options.pay && paid < options.finished) steps.push({ at: paid, run: (t) => payInFull(t, invoiceId!) });

  for (const step of steps.sort((a, b) => a.at.getTime() - b.at.getTime())) await step.run({ ...tx, now: step.at });
  return invoiceId;
}

/** A warehouse person takes the shipment's open handoff (its pick list): from now on it is work, not waiting. */
async function takeHandoffOf(tx: Tx, subjectId: string) {
  const handoff = await tx.db.selectFrom('handoffs').select('id').where('subject_id', '=', subjectId).where('status', '=', 'open').executeTakeFirstOrThrow();
  return moveHandoff({ ...tx, actor: WAREHOUSE }, handoff.id, 'taken');
}

async function payInFull(tx: Tx, invoiceId: string) {
  const invoice = await tx.db.selectFrom('invoices').select(['customer_id', 'gross_amount', 'currency', 'number']).where('id', '=', invoiceId).executeTakeFirstOrThrow();
  return recordPayment(tx, { customer_id: invoice.customer_id, amount: { amount: invoice.gross_amount, currency: invoice.currency.trim() }, received_on: tx.now.toISOString().slice(0, 10), method: 'bank_transfer', reference: invoice.number! });
}

/** A unit reported damaged: credited on the invoice, so the order is on time and in full but not perfect. */
async function creditOneUnit(tx: Tx, invoiceId: string) {
  const line = await tx.db.selectFrom('invoice_lines').select('id').where('invoice_id', '=', invoiceId).orderBy('line_no').executeTakeFirstOrThrow();
  await issueCreditNote(tx, { invoiceId, reason: 'One unit arrived damaged', lines: [{ invoice_line_id: line.id, quantity: 1 }] });
}

import { sql, type Insertable } from 'kysely';
import { AppError, invalidFields } from '../../core/errors';
import { newId } from '../../core/ids';
import { pendingWrite, sendWrites, type NewEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { SHIPPED_STATUSES } from '../../fulfillment/transitions';
import { billableLines } from '../queries/billable-lines';
import { invoiceParties } from '../queries/billing-parties';
import { invoiceTotals, lineNet } from '../arithmetic';
import { defaultTaxPolicy, type TaxPolicy } from '../policies/tax';
import type { InvoiceLinesTable, InvoicesTable } from '../tables';
import { invoiceMachine } from '../transitions';
import { issueInvoices, type DraftedInvoice } from './issue-invoice';

export interface NewInvoice {
  shipmentIds: string[];
  buyerReference?: string | undefined;
  period?: { from: string; to: string } | undefined;
  draft?: boolean | undefined;
  /** How errors name this input: `invoices.2` in a batch; none when it is the whole request. */
  field?: string | undefined;
}

/**
 * An invoice for shipped shipments of one customer: one line per shipment line, at its order line's price,
 * taxed by the policy. The shipments are locked (in id order, so concurrent billers never deadlock) and a
 * shipment line already on an invoice refuses the whole request; the unique index on invoice_lines backs
 * that up. Issued at once unless asked for a draft. Returns the invoice id.
 */
export async function createInvoice(tx: Tx, input: NewInvoice, policy: TaxPolicy = defaultTaxPolicy): Promise<string> {
  return (await createInvoices(tx, [input], policy))[0]!;
}

/**
 * `createInvoice` for many inputs in the same few statements as one — a billing run, an integration
 * invoicing many orders: every shipment of every input locked in one statement, their lines and the parties
 * read once, all drafts written together, and those not asked as drafts issued together with consecutive
 * numbers in input order. All or nothing: one input that cannot be invoiced refuses them all. Returns the
 * invoice ids in input order.
 */
export async function createInvoices(tx: Tx, inputs: NewInvoice[], policy: TaxPolicy = defaultTaxPolicy): Promise<string[]> {
  if (inputs.length === 0) return [];
  refuseSharedShipments(inputs);
  const customerOf = await lockShipments(tx, inputs);
  const rows = await billableLines(tx.db, [...customerOf.keys()]);
  const billed = [...new Set(rows.filter((r) => r.billed).map((r) => r.shipment_id))];
  if (billed.length > 0) throw new AppError('already_invoiced', undefined, { shipments: await invoicesOf(tx, billed, inputs) });
  const rowsOf = rowsByInput(inputs, rows);
  const { settings, drafted } = await draftInvoices(
    tx,
    inputs.map((input, i) => ({
      customerId: customerOf.get(input.shipmentIds[0]!)!,
      rows: rowsOf[i]!,
      buyerReference: input.buyerReference,
      period: input.period,
      field: input.field,
    })),
    policy,
  );
  await issueInvoices(tx, settings, drafted.filter((_, i) => !inputs[i]!.draft), { justDrafted: true });
  return drafted.map((d) => d.id);
}

/** `shipment_ids.0`, or `invoices.2.shipment_ids.0` for an input of a batch. */
const fieldOf = (input: { field?: string | undefined }, name: string) => (input.field ? `${input.field}.${name}` : name);

/** A shipment is billed once: two inputs naming it is a mistake of the request (400), not a race. */
function refuseSharedShipments(inputs: NewInvoice[]) {
  const namedBy = new Map<string, NewInvoice>();
  const bad: Record<string, string> = {};
  for (const input of inputs) {
    input.shipmentIds.forEach((id, k) => {
      const other = namedBy.get(id);
      if (other && other !== input) bad[fieldOf(input, `shipment_ids.${k}`)] = `Shipment ${id} is on ${fieldOf(other, 'shipment_ids')} already; name each shipment once.`;
      namedBy.set(id, other ?? input);
    });
  }
  if (Object.keys(bad).length > 0) throw invalidFields(bad);
}

/**
 * Lock every shipment of every input in one statement, in id order (the order every biller takes them in),
 * and refuse the missing, the not yet shipped, and an input of several customers. Returns each shipment's customer.
 */
async function lockShipments(tx: Tx, inputs: NewInvoice[]): Promise<Map<string, string>> {
  const ids = [...new Set(inputs.flatMap((i) => i.shipmentIds))].sort();
  const locked = await tx.db.selectFrom('shipments').select(['id', 'number', 'customer_id', 'status']).where('id', 'in', ids).orderBy('id').forUpdate().execute();
  const shipments = new Map(locked.map((s) => [s.id, s]));
  const named = inputs.flatMap((input) => input.shipmentIds.map((id, k) => ({ id, field: fieldOf(input, `shipment_ids.${k}`), shipment: shipments.get(id) })));
  const missing = named.filter((n) => !n.shipment);
  if (missing.length > 0) throw invalidFields(Object.fromEntries(missing.map((n) => [n.field, `No shipment ${n.id}.`])));
  const notShipped = named.filter((n) => !(SHIPPED_STATUSES as string[]).includes(n.shipment!.status));
  if (notShipped.length > 0) {
    const details = notShipped.map(({ shipment: s, field }) => ({ id: s!.id, number: s!.number, status: s!.status, field }));
    throw new AppError('not_billable', 'Only shipped or delivered shipments are invoiced.', { shipments: details });
  }
  const mixed = inputs.filter((input) => new Set(input.shipmentIds.map((id) => shipments.get(id)!.customer_id)).size > 1);
  if (mixed.length > 0) throw invalidFields(Object.fromEntries(mixed.map((input) => [fieldOf(input, 'shipment_ids'), 'Name shipments of one customer; each customer gets its own invoice.'])));
  return new Map(locked.map((s) => [s.id, s.customer_id]));
}

/** The invoices these shipments are on, for the refusal (each shipment with each invoice once, and the input naming it). */
async function invoicesOf(tx: Tx, shipmentIds: string[], inputs: NewInvoice[]) {
  const billed = await tx.db
    .selectFrom('invoice_lines as l')
    .innerJoin('invoices as i', 'i.id', 'l.invoice_id')
    .select(['l.shipment_id', 'i.id as invoice_id', 'i.number'])
    .distinct()
    .where('l.shipment_id', 'in', shipmentIds)
    .orderBy('l.shipment_id')
    .execute();
  const fieldNaming = (id: string) => {
    const input = inputs.find((i) => i.shipmentIds.includes(id))!;
    return fieldOf(input, `shipment_ids.${input.shipmentIds.indexOf(id)}`);
  };
  return billed.map((b) => ({ id: b.shipment_id, invoice_id: b.invoice_id, invoice_number: b.number, field: fieldNaming(b.shipment_id) }));
}

export type BillableRow = Awaited<ReturnType<typeof billableLines>>[number];

/** Each input's billable rows, in the order `billableLines` reads them (by shipment number, then line). */
function rowsByInput(inputs: NewInvoice[], rows: BillableRow[]): BillableRow[][] {
  const inputOf = new Map(inputs.flatMap((input, i) => input.shipmentIds.map((id) => [id, i] as const)));
  const grouped = inputs.map((): BillableRow[] => []);
  for (const r of rows) grouped[inputOf.get(r.shipment_id)!]!.push(r);
  return grouped;
}

type DraftInput = {
  customerId: string;
  rows: BillableRow[];
  buyerReference?: string | null | undefined;
  period?: { from: string; to: string } | undefined;
  correctsLineId?: string;
  field?: string | undefined;
};

/**
 * Draft invoices of these billable rows, one per input: taxed by the policy, totals by EN 16931 arithmetic,
 * each order told on its timeline — every invoice, line and event in one statement. `correctsLineId`: the rows
 * re-bill that (credited) line. Returns the settings read and what issuing needs of each draft, in input order.
 */
export async function draftInvoices(tx: Tx, inputs: DraftInput[], policy: TaxPolicy = defaultTaxPolicy) {
  const parties = await invoiceParties(tx.db, [...new Set(inputs.map((i) => i.customerId))]);
  const drafts = inputs.map((input) => draft(tx, input, parties, policy));
  // A foreign key is checked at the statement's end: the lines may name the invoices inserted beside them.
  await sendWrites(tx, [
    pendingWrite(tx, tx.db.insertInto('invoices').values(drafts.map((d) => d.invoice)), []),
    pendingWrite(tx, tx.db.insertInto('invoice_lines').values(drafts.flatMap((d) => d.lines)), drafts.flatMap((d) => d.events)),
  ]);
  return { settings: parties.settings, drafted: drafts.map((d) => d.drafted) };
}

/** One draft's rows, not written yet: the invoice, its lines, the events of its orders, and what issuing needs. */
function draft(tx: Tx, input: DraftInput, { settings, buyers }: Awaited<ReturnType<typeof invoiceParties>>, policy: TaxPolicy) {
  const { rows } = input;
  const buyer = buyers.get(input.customerId)!;
  const currencies = [...new Set(rows.map((r) => r.currency))];
  if (currencies.length > 1) {
    throw new AppError('currency_mismatch', 'These shipments are of orders in different currencies; invoice them separately.', { currencies, field: fieldOf(input, 'shipment_ids') });
  }
  const currency = currencies[0]!;
  const id = newId('invoice');
  const lines: InvoiceLinesTable[] = rows.map((r, i) => {
    const tax = policy.decide({
      seller: { country: settings.country, vatId: settings.vat_id },
      buyer: { country: buyer.country, vatId: buyer.vat_id },
      product: r.tax_category,
      rates: { standard: settings.standard_rate_bp, reduced: settings.reduced_rate_bp },
      exemptionReason: settings.exemption_reason,
    });
    return {
      id: newId('invoiceLine'),
      invoice_id: id,
      line_no: i + 1,
      order_id: r.order_id,
      order_line_id: r.order_line_id,
      shipment_id: r.shipment_id,
      shipment_line_id: r.shipment_line_id,
      corrects_line_id: input.correctsLineId ?? null,
      product_id: r.product_id,
      sku: r.sku,
      description: r.name,
      quantity: r.quantity,
      unit_price_amount: r.unit_price_amount,
      net_amount: lineNet(r.quantity, r.unit_price_amount),
      tax_category: tax.category,
      tax_rate_bp: tax.rateBp,
      exemption_reason: tax.exemptionReason,
      exemption_code: tax.exemptionCode,
    };
  });
  const totals = invoiceTotals(lines.map((l) => ({ net: l.net_amount, category: l.tax_category, rateBp: l.tax_rate_bp, exemptionReason: l.exemption_reason, exemptionCode: l.exemption_code })));
  const orders = [...new Map(rows.map((r) => [r.order_id, r])).values()];
  const single = orders.length === 1 ? orders[0]! : null;
  const invoice: Insertable<InvoicesTable> = {
    id,
    number: null,
    customer_id: input.customerId,
    status: invoiceMachine.initial,
    currency,
    issue_date: null,
    due_date: null,
    period_from: input.period?.from ?? null,
    period_to: input.period?.to ?? null,
    // Peppol wants a buyer reference or an order reference: the buyer's own reference where there is one.
    buyer_reference: input.buyerReference ?? single?.external_ref ?? null,
    order_reference: single ? (single.external_ref ?? single.order_number) : null,
    net_amount: totals.net,
    tax_amount: totals.tax,
    gross_amount: totals.gross,
    tax_subtotals: JSON.stringify(totals.subtotals),
    seller: null,
    buyer: JSON.stringify(buyer),
    created_by: tx.actor.id,
    created_at: tx.now,
    updated_at: tx.now,
  };
  // Every order on the invoice shows it on its timeline.
  const events: NewEvent[] = orders.map((o) => {
    const own = lines.filter((l) => l.order_id === o.order_id);
    return {
      type: 'invoice.drafted',
      subject: { type: 'invoice', id },
      orderId: o.order_id,
      customerId: input.customerId,
      stage: 'billing' as const,
      data: { shipments: [...new Set(own.map((l) => l.shipment_id))], net: { amount: own.reduce((s, l) => s + l.net_amount, 0), currency } },
    };
  });
  const orderIds = [...new Set(lines.map((l) => l.order_id))].sort();
  const drafted: DraftedInvoice = { id, customerId: input.customerId, gross: { amount: totals.gross, currency }, orderIds, paymentTermsDays: buyer.payment_terms_days };
  return { invoice, lines, events, drafted };
}

/** Shipped shipments not yet on an invoice, shipped in the period (UTC dates), oldest first, with their order's currency. */
export async function unbilledShipments(tx: Tx, period: { from: string; to: string }, customerId?: string) {
  let query = tx.db
    .selectFrom('shipments as s')
    .innerJoin('orders as o', 'o.id', 's.order_id')
    .select(['s.id', 's.customer_id', sql<string>`trim(o.currency)`.as('currency')])
    .where('s.status', 'in', SHIPPED_STATUSES)
    .where(sql<string>`(s.shipped_at at time zone 'UTC')::date`, '>=', period.from)
    .where(sql<string>`(s.shipped_at at time zone 'UTC')::date`, '<=', period.to)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('invoice_lines as l').select('l.id').whereRef('l.shipment_id', '=', 's.id'))))
    .orderBy('s.id');
  if (customerId) query = query.where('s.customer_id', '=', customerId);
  return query.execute();
}

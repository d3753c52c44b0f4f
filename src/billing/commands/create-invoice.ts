import { sql } from 'kysely';
import { AppError, invalidFields } from '../../core/errors';
import { newId } from '../../core/ids';
import { pendingWrite, sendWrites } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { SHIPPED_STATUSES } from '../../fulfillment/transitions';
import { billableLines } from '../queries/billable-lines';
import { invoiceParties } from '../queries/billing-parties';
import { invoiceTotals, lineNet } from '../arithmetic';
import { defaultTaxPolicy, type TaxPolicy } from '../policies/tax';
import type { InvoiceLinesTable } from '../tables';
import { invoiceMachine } from '../transitions';
import { issueInvoice, type DraftedInvoice } from './issue-invoice';

export interface NewInvoice {
  shipmentIds: string[];
  buyerReference?: string | undefined;
  period?: { from: string; to: string } | undefined;
  draft?: boolean | undefined;
}

/**
 * An invoice for shipped shipments of one customer: one line per shipment line, at its order line's price,
 * taxed by the policy. The shipments are locked (in id order, so concurrent billers never deadlock) and a
 * shipment line already on an invoice refuses the whole request; the unique index on invoice_lines backs
 * that up. Issued at once unless asked for a draft. Returns the invoice id.
 */
export async function createInvoice(tx: Tx, input: NewInvoice, policy: TaxPolicy = defaultTaxPolicy): Promise<string> {
  const ids = [...new Set(input.shipmentIds)].sort();
  const shipments = await tx.db.selectFrom('shipments').select(['id', 'number', 'customer_id', 'status']).where('id', 'in', ids).orderBy('id').forUpdate().execute();
  const missing = ids.filter((id) => !shipments.some((s) => s.id === id));
  if (missing.length > 0) throw invalidFields(Object.fromEntries(missing.map((id) => [`shipment_ids.${input.shipmentIds.indexOf(id)}`, `No shipment ${id}.`])));
  const notShipped = shipments.filter((s) => !(SHIPPED_STATUSES as string[]).includes(s.status));
  if (notShipped.length > 0) {
    throw new AppError('not_billable', 'Only shipped or delivered shipments are invoiced.', { shipments: notShipped.map((s) => ({ id: s.id, number: s.number, status: s.status })) });
  }
  const customerIds = [...new Set(shipments.map((s) => s.customer_id))];
  if (customerIds.length > 1) throw invalidFields({ shipment_ids: 'Name shipments of one customer; each customer gets its own invoice.' });
  const customerId = customerIds[0]!;
  const rows = await billableLines(tx.db, ids);
  if (rows.some((r) => r.billed)) throw new AppError('already_invoiced', undefined, { shipments: await invoicesOf(tx, ids) });
  const { id, drafted } = await draft(tx, { customerId, rows, buyerReference: input.buyerReference, period: input.period }, policy);
  if (!input.draft) await issueInvoice(tx, id, { drafted });
  return id;
}

/** The invoices these shipments are on, for the refusal (each shipment with each invoice once). */
async function invoicesOf(tx: Tx, shipmentIds: string[]) {
  const billed = await tx.db
    .selectFrom('invoice_lines as l')
    .innerJoin('invoices as i', 'i.id', 'l.invoice_id')
    .select(['l.shipment_id', 'i.id as invoice_id', 'i.number'])
    .distinct()
    .where('l.shipment_id', 'in', shipmentIds)
    .execute();
  return billed.map((b) => ({ id: b.shipment_id, invoice_id: b.invoice_id, invoice_number: b.number }));
}

export type BillableRow = Awaited<ReturnType<typeof billableLines>>[number];

type DraftInput = { customerId: string; rows: BillableRow[]; buyerReference?: string | null | undefined; period?: { from: string; to: string } | undefined; correctsLineId?: string };

/**
 * A draft invoice of these billable rows for one customer: taxed by the policy, totals by EN 16931
 * arithmetic, each order told on its timeline. `correctsLineId`: the rows re-bill that (credited) line.
 */
export async function draftInvoice(tx: Tx, input: DraftInput, policy: TaxPolicy = defaultTaxPolicy): Promise<string> {
  return (await draft(tx, input, policy)).id;
}

/** The draft, and what issuing it needs that drafting has read already (the settings, the customer's terms). */
async function draft(tx: Tx, input: DraftInput, policy: TaxPolicy): Promise<{ id: string; drafted: DraftedInvoice }> {
  const { rows } = input;
  const { settings, buyer } = await invoiceParties(tx.db, input.customerId);
  const currencies = [...new Set(rows.map((r) => r.currency))];
  if (currencies.length > 1) throw new AppError('currency_mismatch', 'These shipments are of orders in different currencies; invoice them separately.', { currencies });

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
  const invoice = tx.db.insertInto('invoices').values({
    id,
    number: null,
    customer_id: input.customerId,
    status: invoiceMachine.initial,
    currency: currencies[0]!,
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
  });
  // Every order on the invoice shows it on its timeline, written with the invoice and its lines in one
  // statement (a foreign key is checked at its end: the lines may name the invoice inserted beside them).
  const withLines = pendingWrite(
    tx,
    tx.db.insertInto('invoice_lines').values(lines),
    orders.map((o) => {
      const own = lines.filter((l) => l.order_id === o.order_id);
      return {
        type: 'invoice.drafted',
        subject: { type: 'invoice', id },
        orderId: o.order_id,
        customerId: input.customerId,
        stage: 'billing' as const,
        data: { shipments: [...new Set(own.map((l) => l.shipment_id))], net: { amount: own.reduce((s, l) => s + l.net_amount, 0), currency: currencies[0] } },
      };
    }),
  );
  await sendWrites(tx, [pendingWrite(tx, invoice, []), withLines]);
  const orderIds = [...new Set(lines.map((l) => l.order_id))].sort();
  return { id, drafted: { customerId: input.customerId, gross: { amount: totals.gross, currency: currencies[0]! }, orderIds, settings, paymentTermsDays: buyer.payment_terms_days } };
}

/** Shipped shipments not yet on an invoice, shipped in the period (UTC dates), oldest first. */
export async function unbilledShipments(tx: Tx, period: { from: string; to: string }, customerId?: string) {
  let query = tx.db
    .selectFrom('shipments as s')
    .select(['s.id', 's.customer_id'])
    .where('s.status', 'in', SHIPPED_STATUSES)
    .where(sql<string>`(s.shipped_at at time zone 'UTC')::date`, '>=', period.from)
    .where(sql<string>`(s.shipped_at at time zone 'UTC')::date`, '<=', period.to)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('invoice_lines as l').select('l.id').whereRef('l.shipment_id', '=', 's.id'))))
    .orderBy('s.id');
  if (customerId) query = query.where('s.customer_id', '=', customerId);
  return query.execute();
}

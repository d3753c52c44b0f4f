import type { Selectable } from 'kysely';
import { z } from 'zod';
import { calendarDate as calendarDateOf } from '../core/clock';
import { idPattern } from '../core/ids';
import { Money } from '../customers/schemas';
import { pageQuery } from '../http/pagination';
import { calendarDate } from '../planning/schemas';
import type { InvoiceLinesTable, InvoicesTable, PartySnapshot, TaxSubtotalRow } from './tables';
import { invoiceMachine, OPEN_INVOICE_STATUSES, type InvoiceStatus } from './transitions';

const text = (max: number) => z.string().trim().min(1).max(max).refine((s) => !s.includes('\u0000'), 'Must not contain U+0000.');
export const shipmentIdField = z.string().regex(idPattern('shipment'), 'Expected a shipment id (shp_…).');
export const customerIdField = z.string().regex(idPattern('customer'), 'Expected a customer id (cus_…).');
export const invoiceIdField = z.string().regex(idPattern('invoice'), 'Expected an invoice id (inv_…).');

export const Period = z
  .strictObject({ from: calendarDate, to: calendarDate })
  .refine((p) => p.from <= p.to, { message: 'The period ends before it starts.', path: ['to'] });

export const CreateInvoiceBody = z.strictObject({
  shipment_ids: z.array(shipmentIdField).min(1).max(200).describe('Shipped shipments of one customer, not yet invoiced'),
  buyer_reference: text(200).optional().describe("The buyer's reference for routing the invoice (default: the order's external reference)"),
  draft: z.boolean().optional().describe('Keep it a draft (no number yet) to review and issue later; default false'),
});
export type CreateInvoiceInput = z.infer<typeof CreateInvoiceBody>;

/** Shipments in one batch: their lines and events go in one statement, which takes at most 65,535 parameters. */
const MAX_BATCH_SHIPMENTS = 500;

export const CreateInvoicesBody = z.strictObject({
  invoices: z
    .array(CreateInvoiceBody)
    .min(1)
    .max(200)
    .refine((invoices) => invoices.reduce((n, i) => n + i.shipment_ids.length, 0) <= MAX_BATCH_SHIPMENTS, `At most ${MAX_BATCH_SHIPMENTS} shipments in one batch; send the rest in another.`)
    .describe('Each as POST /v1/invoices takes it; those issued are numbered consecutively in this order'),
});

export const BillingRunBody = z.strictObject({
  period: Period.describe('Shipments that shipped in this period (UTC dates) and are not yet invoiced'),
  customer_id: customerIdField.optional(),
  draft: z.boolean().optional(),
});
export type BillingRunInput = z.infer<typeof BillingRunBody>;

export const InvoiceIdParams = z.strictObject({ id: invoiceIdField });

const statuses = invoiceMachine.states as unknown as [InvoiceStatus, ...InvoiceStatus[]];
export const ListInvoicesQuery = z.strictObject({
  ...pageQuery,
  customer_id: customerIdField.optional(),
  status: z.enum(statuses).optional(),
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional().describe('Due date passed and money still open'),
});

export const TaxSubtotal = z.object({ category: z.string(), rate: z.number(), taxable: Money, tax: Money, exemption_reason: z.string().nullable() });
export const Party = z.object({
  name: z.string(),
  vat_id: z.string().nullable(),
  line1: z.string().nullable(),
  line2: z.string().nullable(),
  city: z.string().nullable(),
  postal_code: z.string().nullable(),
  country: z.string(),
});

export const InvoiceLine = z.object({
  id: z.string(),
  line_no: z.number().int(),
  description: z.string(),
  sku: z.string(),
  product_id: z.string(),
  order_id: z.string(),
  order_number: z.string(),
  order_line_id: z.string(),
  shipment_id: z.string(),
  shipment_number: z.string(),
  shipment_line_id: z.string(),
  corrects_line_id: z.string().nullable().describe('A re-bill after a dispute: the credited line this one bills again, corrected'),
  quantity: z.number().int(),
  unit_price: Money,
  net: Money,
  tax_category: z.string(),
  tax_rate: z.number().describe('Percent'),
  exemption_reason: z.string().nullable(),
  credited_quantity: z.number().int(),
  credited: Money,
});

export const Invoice = z.object({
  id: z.string(),
  number: z.string().nullable().describe('Gapless per series and year; null while a draft'),
  status: z.enum(statuses),
  overdue: z.boolean(),
  customer_id: z.string(),
  currency: z.string(),
  issue_date: z.string().nullable(),
  due_date: z.string().nullable(),
  period: z.object({ from: z.string(), to: z.string() }).nullable(),
  buyer_reference: z.string().nullable(),
  order_reference: z.string().nullable(),
  seller: Party.nullable(),
  buyer: Party,
  lines: z.array(InvoiceLine),
  tax_subtotals: z.array(TaxSubtotal),
  net: Money,
  tax: Money,
  gross: Money,
  credited: Money.describe('Gross of its credit notes'),
  paid: Money.describe('Payments allocated to it'),
  balance: Money.describe('gross − credited − paid; below zero the customer has credit'),
  created_at: z.string(),
  updated_at: z.string(),
});
export type InvoiceView = z.infer<typeof Invoice>;

export const moneyOf = (amount: number, currency: string) => ({ amount, currency: currency.trim() });

export function presentSubtotals(rows: TaxSubtotalRow[], currency: string) {
  return rows.map((g) => ({ category: g.category, rate: g.rate_bp / 100, taxable: moneyOf(g.taxable, currency), tax: moneyOf(g.tax, currency), exemption_reason: g.exemption_reason }));
}

export function presentParty(p: PartySnapshot) {
  return { name: p.name, vat_id: p.vat_id, line1: p.line1, line2: p.line2, city: p.city, postal_code: p.postal_code, country: p.country };
}

export type InvoiceLineRow = Selectable<InvoiceLinesTable> & { order_number: string; shipment_number: string; credited_quantity: number; credited_amount: number };

/** Due date passed (before `today`) and money still open. */
export function isOverdue(status: string, dueDate: string | null, balance: number, today: string): boolean {
  return (OPEN_INVOICE_STATUSES as string[]).includes(status) && dueDate !== null && dueDate < today && balance > 0;
}

export function presentInvoice(inv: Selectable<InvoicesTable>, lines: InvoiceLineRow[], credited: number, paid: number, now: Date): InvoiceView {
  const c = inv.currency.trim();
  const balance = inv.status === 'draft' || inv.status === 'discarded' ? 0 : inv.gross_amount - credited - paid;
  return {
    id: inv.id,
    number: inv.number,
    status: inv.status as InvoiceStatus,
    overdue: isOverdue(inv.status, inv.due_date, balance, calendarDateOf(now)),
    customer_id: inv.customer_id,
    currency: c,
    issue_date: inv.issue_date,
    due_date: inv.due_date,
    period: inv.period_from && inv.period_to ? { from: inv.period_from, to: inv.period_to } : null,
    buyer_reference: inv.buyer_reference,
    order_reference: inv.order_reference,
    seller: inv.seller ? presentParty(inv.seller) : null,
    buyer: presentParty(inv.buyer),
    lines: lines
      .filter((l) => l.invoice_id === inv.id)
      .sort((a, b) => a.line_no - b.line_no)
      .map((l) => ({
        id: l.id,
        line_no: l.line_no,
        description: l.description,
        sku: l.sku,
        product_id: l.product_id,
        order_id: l.order_id,
        order_number: l.order_number,
        order_line_id: l.order_line_id,
        shipment_id: l.shipment_id,
        shipment_number: l.shipment_number,
        shipment_line_id: l.shipment_line_id,
        corrects_line_id: l.corrects_line_id,
        quantity: l.quantity,
        unit_price: moneyOf(l.unit_price_amount, c),
        net: moneyOf(l.net_amount, c),
        tax_category: l.tax_category,
        tax_rate: l.tax_rate_bp / 100,
        exemption_reason: l.exemption_reason,
        credited_quantity: l.credited_quantity,
        credited: moneyOf(l.credited_amount, c),
      })),
    tax_subtotals: presentSubtotals(inv.tax_subtotals, c),
    net: moneyOf(inv.net_amount, c),
    tax: moneyOf(inv.tax_amount, c),
    gross: moneyOf(inv.gross_amount, c),
    credited: moneyOf(credited, c),
    paid: moneyOf(paid, c),
    balance: moneyOf(balance, c),
    created_at: inv.created_at.toISOString(),
    updated_at: inv.updated_at.toISOString(),
  };
}

import type { Kysely } from 'kysely';
import type { Actor } from '../../access/roles';
import { AppError, notFound } from '../../core/errors';
import type { DB } from '../../db/schema';
import { daysBetween } from '../dates';
import type { DocumentLine, InvoiceDocument, Party, TaxSubtotal } from '../documents/invoice-document';
import { peppolEndpoint } from '../documents/peppol-endpoint';
import { EU_COUNTRIES } from '../policies/tax';
import type { PartySnapshot, TaxSubtotalRow } from '../tables';

/**
 * An issued invoice or credit note as one plain `InvoiceDocument`, for the UBL file and the PDF. It is read
 * from what was issued (the parties' snapshots, the stored lines and tax subtotals), so the document of an
 * invoice never changes: payments received later are not "prepaid" on it.
 */

/** Leave out the keys whose value is null or undefined (the document's optional fields are absent, not null). */
function present<T extends Record<string, unknown>>(value: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)) as never;
}

function party(p: PartySnapshot): Party {
  return present({
    name: p.name,
    vatId: p.vat_id,
    companyId: p.company_id,
    address: present({ street: p.line1, additionalStreet: p.line2, city: p.city, postalCode: p.postal_code, region: p.region, countryCode: p.country }),
    // No Peppol id and no VAT id (a consumer, an export): the e-mail is the only address there is.
    endpoint: peppolEndpoint({ endpointId: p.endpoint_id, endpointScheme: p.endpoint_scheme, vatId: p.vat_id }) ?? { id: p.email ?? p.name, scheme: 'EM' },
    contact: p.email || p.phone ? present({ email: p.email, phone: p.phone }) : null,
  });
}

function subtotals(rows: TaxSubtotalRow[]): TaxSubtotal[] {
  return rows.map((g) =>
    present({ taxCategory: g.category, rateBasisPoints: g.rate_bp, taxable: g.taxable, tax: g.tax, exemptionReason: g.exemption_reason, exemptionReasonCode: g.exemption_code }),
  );
}

async function issuedInvoice(db: Kysely<DB>, actor: Actor, id: string) {
  const invoice = await db.selectFrom('invoices').selectAll().where('id', '=', id).executeTakeFirst();
  if (!invoice || (actor.role === 'customer' && invoice.customer_id !== actor.customerId) || invoice.status === 'discarded') throw notFound('invoice', id);
  if (!invoice.number || !invoice.seller) {
    if (actor.role === 'customer') throw notFound('invoice', id);
    throw new AppError('conflict', 'A draft has no document yet: issue it first.', { invoice_id: id, status: invoice.status });
  }
  const lines = await db
    .selectFrom('invoice_lines as l')
    .innerJoin('orders as o', 'o.id', 'l.order_id')
    .innerJoin('shipments as s', 's.id', 'l.shipment_id')
    .selectAll('l')
    .select(['o.number as order_number', 's.number as shipment_number', 's.shipped_at'])
    .where('l.invoice_id', '=', id)
    .orderBy('l.line_no')
    .execute();
  return { ...invoice, number: invoice.number, seller: invoice.seller, lines };
}

const NOTE = (number: string, email: string | null) =>
  `Questions about ${number}? Dispute a line in the customer portal${email ? ` or write to ${email}` : ''}, quoting ${number}.`;

export async function invoiceDocument(db: Kysely<DB>, actor: Actor, id: string): Promise<InvoiceDocument> {
  const inv = await issuedInvoice(db, actor, id);
  const orders = [...new Set(inv.lines.map((l) => l.order_number))];
  const shipments = [...new Set(inv.lines.map((l) => l.shipment_number))];
  const shippedOn = inv.lines.map((l) => l.shipped_at?.toISOString().slice(0, 10)).filter((d): d is string => !!d).sort();
  const lines: DocumentLine[] = inv.lines.map((l) =>
    present({
      id: String(l.line_no),
      name: l.description,
      sku: l.sku,
      quantity: l.quantity,
      unitCode: 'C62',
      unitPrice: l.unit_price_amount,
      lineNet: l.net_amount,
      taxCategory: l.tax_category,
      rateBasisPoints: l.tax_rate_bp,
      exemptionReason: l.exemption_reason,
      exemptionReasonCode: l.exemption_code,
      orderLineRef: l.order_line_id,
      shipment: l.shipped_at ? { number: l.shipment_number, shippedOn: l.shipped_at.toISOString().slice(0, 10) } : null,
    }),
  );
  return present({
    kind: 'invoice' as const,
    id: inv.id,
    number: inv.number,
    issueDate: inv.issue_date!,
    dueDate: inv.due_date,
    currency: inv.currency.trim(),
    buyerReference: inv.buyer_reference ?? (orders.length > 1 ? orders.join(', ').slice(0, 200) : null),
    orderReference: inv.order_reference,
    orderNumber: orders.length === 1 ? orders[0]! : null,
    despatchReference: shipments.length === 1 ? shipments[0]! : null,
    deliveryDate: shippedOn.at(-1) ?? null,
    seller: party(inv.seller),
    buyer: party(inv.buyer),
    paymentMeans: paymentMeans(inv.seller, inv.number),
    paymentTerms: inv.due_date ? `Net ${daysBetween(inv.issue_date!, inv.due_date)} days` : null,
    lines,
    taxSubtotals: subtotals(inv.tax_subtotals),
    totals: { lineTotal: inv.net_amount, taxExclusive: inv.net_amount, tax: inv.tax_amount, taxInclusive: inv.gross_amount, prepaid: 0, payable: inv.gross_amount },
    note: NOTE(inv.number, inv.seller.email),
  });
}

/** A credit note: the invoice's parties and references, its own lines and tax, and the invoice it corrects. */
export async function creditNoteDocument(db: Kysely<DB>, actor: Actor, id: string): Promise<InvoiceDocument> {
  const note = await db.selectFrom('credit_notes').selectAll().where('id', '=', id).executeTakeFirst();
  if (!note || (actor.role === 'customer' && note.customer_id !== actor.customerId)) throw notFound('credit note', id);
  const inv = await issuedInvoice(db, { ...actor, role: 'system' }, note.invoice_id);
  const noteLines = await db.selectFrom('credit_note_lines').selectAll().where('credit_note_id', '=', id).orderBy('line_no').execute();
  const lines: DocumentLine[] = noteLines.map((cl) => {
    const l = inv.lines.find((x) => x.id === cl.invoice_line_id)!;
    // Units back at the invoiced price; an amount off the line is one unit of that amount.
    const [quantity, unitPrice] = cl.quantity > 0 ? [cl.quantity, l.unit_price_amount] : [1, cl.net_amount];
    return present({
      id: String(cl.line_no),
      name: l.description,
      description: cl.quantity > 0 ? null : `Price allowance on invoice line ${l.line_no}`,
      sku: l.sku,
      quantity,
      unitCode: 'C62',
      unitPrice,
      lineNet: cl.net_amount,
      taxCategory: l.tax_category,
      rateBasisPoints: l.tax_rate_bp,
      exemptionReason: l.exemption_reason,
      exemptionReasonCode: l.exemption_code,
      orderLineRef: l.order_line_id,
    });
  });
  const orders = [...new Set(inv.lines.map((l) => l.order_number))];
  return present({
    kind: 'credit_note' as const,
    id: note.id,
    number: note.number,
    issueDate: note.issue_date,
    currency: note.currency.trim(),
    buyerReference: inv.buyer_reference ?? (orders.length > 1 ? orders.join(', ').slice(0, 200) : null),
    orderReference: inv.order_reference,
    orderNumber: orders.length === 1 ? orders[0]! : null,
    seller: party(inv.seller),
    buyer: party(inv.buyer),
    lines,
    taxSubtotals: subtotals(note.tax_subtotals),
    totals: { lineTotal: note.net_amount, taxExclusive: note.net_amount, tax: note.tax_amount, taxInclusive: note.gross_amount, prepaid: 0, payable: note.gross_amount },
    // The account the refund is settled through, as on the invoice (German rules, DE-R-001, want it on both).
    paymentMeans: paymentMeans(inv.seller, note.number),
    billingReference: { number: inv.number, issueDate: inv.issue_date! },
    note: `${note.reason} — corrects invoice ${inv.number}.`,
  });
}

/** The seller's account for a document: SEPA credit transfer inside the EU, else a plain transfer. */
function paymentMeans(seller: { iban?: string | null; bic?: string | null; country: string; name: string }, reference: string) {
  return seller.iban
    ? present({ code: EU_COUNTRIES.has(seller.country) ? '58' : '30', iban: seller.iban, bic: seller.bic ?? null, accountName: seller.name, paymentReference: reference })
    : null;
}

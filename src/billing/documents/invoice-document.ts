import { z } from 'zod';

/**
 * Everything a bill says, in one plain value: the UBL 2.1 file (EN 16931 + Peppol BIS Billing 3.0) and the PDF
 * are both rendered from it, so the two never disagree. Loaded from the database by
 * src/billing/queries/invoice-document.ts; built by hand in tests.
 *
 * Amounts are integer minor units of `currency` everywhere (decimals appear only when rendering); tax rates are
 * basis points (1900 = 19 %, 550 = 5.5 %); dates are calendar dates `YYYY-MM-DD`.
 */

const minor = z.number().int();
const calendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Expected YYYY-MM-DD.');
const text = z.string().trim().min(1);

/**
 * EN 16931 VAT category (UNCL5305 subset): S standard, Z zero rated, E exempt, AE reverse charge,
 * K intra-community supply, G export outside the EU, O outside the scope of VAT.
 */
export const TAX_CATEGORIES = ['S', 'Z', 'E', 'AE', 'K', 'G', 'O'] as const;
export const TaxCategory = z.enum(TAX_CATEGORIES);
export type TaxCategory = z.infer<typeof TaxCategory>;

export const PostalAddress = z.strictObject({
  street: text.optional(),
  additionalStreet: text.optional(),
  city: text.optional(),
  postalCode: text.optional(),
  region: text.optional(),
  /** ISO 3166-1 alpha-2 */
  countryCode: z.string().regex(/^[A-Z]{2}$/),
});
export type PostalAddress = z.infer<typeof PostalAddress>;

export const Party = z.strictObject({
  /** Legal (registration) name; also printed as the trading name. */
  name: text,
  /** VAT identifier with its country prefix, e.g. DE123456789; absent for a buyer without one. */
  vatId: text.optional(),
  /** Company registration number (BT-30 / BT-47), if any. */
  companyId: text.optional(),
  address: PostalAddress,
  /**
   * Peppol electronic address: the id and its EAS scheme (e.g. 0088 GLN, 9930 German VAT). Not EM (e-mail):
   * Peppol refuses it (CL008); `peppolEndpoint` (./peppol-endpoint.ts) falls back to the VAT id's scheme.
   */
  endpoint: z.strictObject({ id: text, scheme: text }),
  /**
   * Seller: German rules (DE-R-005..007, when seller and buyer are both in Germany) need a contact with a
   * telephone number and an e-mail; the renderer names the contact point after the seller when no name is given.
   */
  contact: z.strictObject({ name: text.optional(), email: text.optional(), phone: text.optional() }).optional(),
});
export type Party = z.infer<typeof Party>;

export const PaymentMeans = z.strictObject({
  /** UNCL4461: 58 SEPA credit transfer, 30 credit transfer, 31 debit transfer, 49 direct debit. */
  code: z.string().regex(/^\d{1,3}$/),
  iban: text,
  bic: text.optional(),
  accountName: text.optional(),
  /** What the payer writes on the transfer so the payment matches (usually the invoice number). */
  paymentReference: text,
});
export type PaymentMeans = z.infer<typeof PaymentMeans>;

export const DocumentLine = z.strictObject({
  /** Line number on the document, unique within it ("1", "2", …). */
  id: text,
  name: text,
  description: text.optional(),
  sku: text.optional(),
  quantity: z.number().int().positive(),
  /** UN/ECE Recommendation 20 unit, e.g. C62 (one), H87 (piece), HUR (hour). */
  unitCode: z.string().regex(/^[A-Z0-9]{2,3}$/),
  /** Net price of one unit, minor units. */
  unitPrice: minor.nonnegative(),
  /** quantity × unitPrice, minor units (no line allowances). */
  lineNet: minor,
  taxCategory: TaxCategory,
  rateBasisPoints: z.number().int().min(0).max(10_000),
  /** Why the line carries no VAT (required for E, AE, K, G, O). */
  exemptionReason: text.optional(),
  /** VATEX code, e.g. VATEX-EU-AE, VATEX-EU-IC. */
  exemptionReasonCode: text.optional(),
  /** The buyer's order line this bills (our order line id or the buyer's line number). */
  orderLineRef: text.optional(),
  /** What shipped: shipment number and ship date, printed on the line. */
  shipment: z.strictObject({ number: text, shippedOn: calendarDate }).optional(),
});
export type DocumentLine = z.infer<typeof DocumentLine>;

/** One per (category, rate): the base it applies to and the tax, rounded once per subtotal (BR-CO-17). */
export const TaxSubtotal = z.strictObject({
  taxCategory: TaxCategory,
  rateBasisPoints: z.number().int().min(0).max(10_000),
  taxable: minor,
  tax: minor,
  exemptionReason: text.optional(),
  exemptionReasonCode: text.optional(),
});
export type TaxSubtotal = z.infer<typeof TaxSubtotal>;

export const DocumentTotals = z.strictObject({
  /** Sum of line nets (BT-106). */
  lineTotal: minor,
  /** Without VAT (BT-109); equals lineTotal while omc has no document-level allowances or charges. */
  taxExclusive: minor,
  /** Sum of the tax subtotals (BT-110). */
  tax: minor,
  /** taxExclusive + tax (BT-112). */
  taxInclusive: minor,
  /** Already paid (BT-113). */
  prepaid: minor,
  /** taxInclusive − prepaid (BT-115). */
  payable: minor,
});
export type DocumentTotals = z.infer<typeof DocumentTotals>;

export const InvoiceDocument = z.strictObject({
  kind: z.enum(['invoice', 'credit_note']),
  /** Our id (inv_… / crn_…), not printed in the UBL file. */
  id: text.optional(),
  /** The gapless document number (BT-1). */
  number: text,
  issueDate: calendarDate,
  dueDate: calendarDate.optional(),
  /** ISO 4217, e.g. EUR. */
  currency: z.string().regex(/^[A-Z]{3}$/),
  /** Peppol needs a buyer reference or an order reference (PEPPOL-EN16931-R003). */
  buyerReference: text.optional(),
  /** The buyer's purchase order reference, or our order number (BT-13). */
  orderReference: text.optional(),
  /** Our order number as shown to people (may equal orderReference). */
  orderNumber: text.optional(),
  /** Main shipment (BT-16 despatch advice) and the actual delivery / ship date (BT-72). */
  despatchReference: text.optional(),
  deliveryDate: calendarDate.optional(),
  seller: Party,
  buyer: Party,
  /** Where the goods went, when it differs from the buyer's address. */
  deliverTo: PostalAddress.optional(),
  /** How to pay (invoices) or where the refund goes (credit notes): German rules (DE-R-001) need it on both. */
  paymentMeans: PaymentMeans.optional(),
  /** Payment terms in words, e.g. "Net 30 days". */
  paymentTerms: text.optional(),
  lines: z.array(DocumentLine).min(1),
  taxSubtotals: z.array(TaxSubtotal).min(1),
  totals: DocumentTotals,
  /** Credit notes: the invoice they correct (BT-25 / BT-26). */
  billingReference: z.strictObject({ number: text, issueDate: calendarDate }).optional(),
  /** Free text for the reader, e.g. how to dispute this bill (BT-22). */
  note: text.optional(),
});
export type InvoiceDocument = z.infer<typeof InvoiceDocument>;
export type InvoiceDocumentKind = InvoiceDocument['kind'];

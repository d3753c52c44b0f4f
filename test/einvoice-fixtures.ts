import type { InvoiceDocument, Party } from '../src/billing/documents/invoice-document';
import { completeDocument, type DraftDocument, type DraftLine } from '../src/billing/documents/summarize';

/**
 * Hand-built documents, one per tax case EN 16931 distinguishes, built with the pure summarizer so their
 * arithmetic is the one the renderer checks. Parties are fictitious; GLNs carry valid check digits.
 */
export const SELLER: Party = {
  name: 'Werkhof Maschinenbau GmbH',
  vatId: 'DE123456789',
  companyId: 'HRB 12345',
  address: { street: 'Industriestraße 7', city: 'Bremen', postalCode: '28199', countryCode: 'DE' },
  endpoint: { id: '4098765432101', scheme: '0088' },
  contact: { name: 'Accounts receivable', email: 'billing@werkhof.example', phone: '+49 421 555 0100' },
};

const DOMESTIC_BUYER: Party = {
  name: 'Nordhafen Logistik AG',
  vatId: 'DE987654321',
  address: { street: 'Kaistraße 12', city: 'Hamburg', postalCode: '20457', countryCode: 'DE' },
  endpoint: { id: '3765432109871', scheme: '0088' },
};

const EU_BUYER: Party = {
  name: 'Lumière Pack SARL',
  vatId: 'FR12345678901',
  address: { street: '3 rue des <Ateliers> & Fils', city: 'Lyon', postalCode: '69002', countryCode: 'FR' },
  endpoint: { id: '3000000000014', scheme: '0088' },
};

const FOREIGN_BUYER: Party = {
  name: 'Harbour Tools Inc.',
  address: { street: '1 Pier Road', city: 'Boston', postalCode: '02110', countryCode: 'US' },
  endpoint: { id: '0614141000012', scheme: '0088' },
};

const DISPUTE_NOTE = 'Questions about this bill? Dispute a line in the portal or write to billing@werkhof.example within 30 days.';

function draft(number: string, buyer: Party, lines: DraftLine[], extra: Partial<DraftDocument> = {}): InvoiceDocument {
  return completeDocument({
    kind: 'invoice',
    number,
    issueDate: '2026-03-02',
    dueDate: '2026-04-01',
    currency: 'EUR',
    buyerReference: 'PO-4711',
    orderReference: 'SO-2026-000042',
    orderNumber: 'SO-2026-000042',
    despatchReference: 'SH-2026-000007',
    deliveryDate: '2026-02-27',
    seller: SELLER,
    buyer,
    paymentMeans: { code: '58', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', accountName: 'Werkhof Maschinenbau GmbH', paymentReference: number },
    paymentTerms: 'Net 30 days',
    note: DISPUTE_NOTE,
    lines,
    ...extra,
  });
}

const line = (id: string, over: Partial<DraftLine> = {}): DraftLine => ({
  id,
  name: `Bearing housing ${id}`,
  description: 'Cast-iron bearing housing, machined',
  sku: `BH-${id}00`,
  quantity: 3,
  unitCode: 'C62',
  unitPrice: 12_345,
  taxCategory: 'S',
  rateBasisPoints: 1900,
  orderLineRef: `oln_${id}`,
  shipment: { number: 'SH-2026-000007', shippedOn: '2026-02-27' },
  ...over,
});

export const FIXTURES: Record<string, InvoiceDocument> = {
  standard: draft('INV-2026-000001', DOMESTIC_BUYER, [line('1'), line('2', { quantity: 7, unitPrice: 999 })]),
  zero: draft('INV-2026-000002', DOMESTIC_BUYER, [line('1', { taxCategory: 'Z', rateBasisPoints: 0 })]),
  exempt: draft('INV-2026-000003', DOMESTIC_BUYER, [
    line('1', { name: 'Operator training', unitCode: 'HUR', taxCategory: 'E', rateBasisPoints: 0, exemptionReason: 'Exempt vocational training (§ 4 Nr. 21 UStG)' }),
  ]),
  reverse_charge: draft('INV-2026-000004', EU_BUYER, [
    line('1', { name: 'Installation service', unitCode: 'HUR', taxCategory: 'AE', rateBasisPoints: 0, exemptionReason: 'Reverse charge', exemptionReasonCode: 'VATEX-EU-AE' }),
  ]),
  intra_community: draft('INV-2026-000005', EU_BUYER, [line('1', { taxCategory: 'K', rateBasisPoints: 0, exemptionReason: 'Intra-community supply', exemptionReasonCode: 'VATEX-EU-IC' })], {
    deliverTo: EU_BUYER.address,
  }),
  export: draft('INV-2026-000006', FOREIGN_BUYER, [line('1', { taxCategory: 'G', rateBasisPoints: 0, exemptionReason: 'Export outside the EU', exemptionReasonCode: 'VATEX-EU-G' })], {
    currency: 'USD',
  }),
  several_rates: draft('INV-2026-000007', DOMESTIC_BUYER, [
    line('1', { quantity: 1, unitPrice: 3 }), // 0.57 cents of tax: rounding is per rate, not per line
    line('2', { quantity: 1, unitPrice: 3 }),
    line('3', { name: 'Manual, printed', unitPrice: 1_999, rateBasisPoints: 700 }),
    line('4', { name: 'Spare parts kit', unitPrice: 5_555, rateBasisPoints: 1900 }),
    line('5', { name: 'Fruit basket', unitPrice: 2_990, rateBasisPoints: 550 }),
  ]),
  partial_shipment: draft(
    'INV-2026-000008',
    DOMESTIC_BUYER,
    [line('1', { quantity: 2, orderLineRef: 'oln_01k0a', shipment: { number: 'SH-2026-000009', shippedOn: '2026-03-01' } })],
    { despatchReference: 'SH-2026-000009', deliveryDate: '2026-03-01', prepaid: 10_000 },
  ),
  credit_note: draft('CN-2026-000001', DOMESTIC_BUYER, [line('1', { quantity: 1 })], {
    kind: 'credit_note',
    billingReference: { number: 'INV-2026-000001', issueDate: '2026-03-02' },
    note: 'Credit for one damaged bearing housing (dispute dsp_01).',
  }),
};

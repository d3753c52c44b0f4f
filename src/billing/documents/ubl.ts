import { minorUnitDigits } from '../../core/money';
import type { DocumentLine, InvoiceDocument, Party, PostalAddress, TaxCategory } from './invoice-document';
import { branch, leaf, type Node } from './xml';

/**
 * An InvoiceDocument as a UBL 2.1 Invoice or CreditNote in the Peppol BIS Billing 3.0 profile of EN 16931.
 * Pure: the same document always gives the same bytes. Element order follows the UBL 2.1 schema, which the
 * conformance kit checks (/work/shared/einvoice, see test/einvoice.test.ts).
 */
export const CUSTOMIZATION_ID = 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0';
export const PROFILE_ID = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0';

const NS = {
  invoice: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  credit_note: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
};

/** Minor units as the decimal UBL wants: 123456 EUR → "1234.56", 500 JPY → "500". */
export function decimalAmount(minor: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  if (digits === 0) return String(minor);
  const sign = minor < 0 ? '-' : '';
  const abs = String(Math.abs(minor)).padStart(digits + 1, '0');
  return `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}

/** Basis points as a percentage: 1900 → "19", 550 → "5.5", 0 → "0". */
export function percent(basisPoints: number): string {
  const whole = Math.trunc(basisPoints / 100);
  const rest = String(basisPoints % 100).padStart(2, '0').replace(/0+$/, '');
  return rest === '' ? String(whole) : `${whole}.${rest}`;
}

export function renderUbl(doc: InvoiceDocument): string {
  const isInvoice = doc.kind === 'invoice';
  const amount = (name: string, minor: number) => leaf(`cbc:${name}`, decimalAmount(minor, doc.currency), { currencyID: doc.currency });
  const root = isInvoice ? 'Invoice' : 'CreditNote';
  const children: Node[] = [
    leaf('cbc:CustomizationID', CUSTOMIZATION_ID),
    leaf('cbc:ProfileID', PROFILE_ID),
    leaf('cbc:ID', doc.number),
    leaf('cbc:IssueDate', doc.issueDate),
    isInvoice ? leaf('cbc:DueDate', doc.dueDate) : undefined,
    leaf(isInvoice ? 'cbc:InvoiceTypeCode' : 'cbc:CreditNoteTypeCode', isInvoice ? '380' : '381'),
    leaf('cbc:Note', doc.note),
    leaf('cbc:DocumentCurrencyCode', doc.currency),
    leaf('cbc:BuyerReference', doc.buyerReference),
    branch('cac:OrderReference', [leaf('cbc:ID', doc.orderReference)]),
    doc.billingReference &&
      branch('cac:BillingReference', [
        branch('cac:InvoiceDocumentReference', [leaf('cbc:ID', doc.billingReference.number), leaf('cbc:IssueDate', doc.billingReference.issueDate)]),
      ]),
    branch('cac:DespatchDocumentReference', [leaf('cbc:ID', doc.despatchReference)]),
    branch('cac:AccountingSupplierParty', [party(doc.seller, true)]),
    branch('cac:AccountingCustomerParty', [party(doc.buyer)]),
    branch('cac:Delivery', [leaf('cbc:ActualDeliveryDate', doc.deliveryDate), doc.deliverTo && branch('cac:DeliveryLocation', [address('cac:Address', doc.deliverTo)])]),
    doc.paymentMeans &&
      branch('cac:PaymentMeans', [
        leaf('cbc:PaymentMeansCode', doc.paymentMeans.code),
        isInvoice ? undefined : leaf('cbc:PaymentDueDate', doc.dueDate),
        leaf('cbc:PaymentID', doc.paymentMeans.paymentReference),
        branch('cac:PayeeFinancialAccount', [
          leaf('cbc:ID', doc.paymentMeans.iban),
          leaf('cbc:Name', doc.paymentMeans.accountName),
          branch('cac:FinancialInstitutionBranch', [leaf('cbc:ID', doc.paymentMeans.bic)]),
        ]),
      ]),
    branch('cac:PaymentTerms', [leaf('cbc:Note', doc.paymentTerms)]),
    branch('cac:TaxTotal', [
      amount('TaxAmount', doc.totals.tax),
      ...doc.taxSubtotals.map((s) =>
        branch('cac:TaxSubtotal', [
          amount('TaxableAmount', s.taxable),
          amount('TaxAmount', s.tax),
          taxCategory('cac:TaxCategory', s.taxCategory, s.rateBasisPoints, s.exemptionReasonCode, s.exemptionReason),
        ]),
      ),
    ]),
    branch('cac:LegalMonetaryTotal', [
      amount('LineExtensionAmount', doc.totals.lineTotal),
      amount('TaxExclusiveAmount', doc.totals.taxExclusive),
      amount('TaxInclusiveAmount', doc.totals.taxInclusive),
      doc.totals.prepaid !== 0 ? amount('PrepaidAmount', doc.totals.prepaid) : undefined,
      amount('PayableAmount', doc.totals.payable),
    ]),
    ...doc.lines.map((l) => line(doc, l, amount)),
  ];
  const body = children.filter((c): c is string => typeof c === 'string').join('\n  ');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<${root} xmlns="${NS[doc.kind]}" xmlns:cac="${NS.cac}" xmlns:cbc="${NS.cbc}">\n  ${body}\n</${root}>\n`
  );
}

function line(doc: InvoiceDocument, l: DocumentLine, amount: (name: string, minor: number) => Node): Node {
  const isInvoice = doc.kind === 'invoice';
  return branch(isInvoice ? 'cac:InvoiceLine' : 'cac:CreditNoteLine', [
    leaf('cbc:ID', l.id),
    l.shipment && leaf('cbc:Note', `Shipped ${l.shipment.shippedOn} in ${l.shipment.number}`),
    leaf(isInvoice ? 'cbc:InvoicedQuantity' : 'cbc:CreditedQuantity', l.quantity, { unitCode: l.unitCode }),
    amount('LineExtensionAmount', l.lineNet),
    branch('cac:OrderLineReference', [leaf('cbc:LineID', l.orderLineRef)]),
    branch('cac:Item', [
      leaf('cbc:Description', l.description),
      leaf('cbc:Name', l.name),
      branch('cac:SellersItemIdentification', [leaf('cbc:ID', l.sku)]),
      // A line's category carries no exemption reason in UBL: that belongs to the tax subtotal.
      taxCategory('cac:ClassifiedTaxCategory', l.taxCategory, l.rateBasisPoints),
    ]),
    branch('cac:Price', [amount('PriceAmount', l.unitPrice)]),
  ]);
}

function taxCategory(name: string, category: TaxCategory, rateBasisPoints: number, reasonCode?: string, reason?: string): Node {
  return branch(name, [
    leaf('cbc:ID', category),
    // "Not subject to VAT" has no rate at all (BR-O-05, BR-O-09); every other category states one, even 0.
    category === 'O' ? undefined : leaf('cbc:Percent', percent(rateBasisPoints)),
    leaf('cbc:TaxExemptionReasonCode', reasonCode),
    leaf('cbc:TaxExemptionReason', reason),
    branch('cac:TaxScheme', [leaf('cbc:ID', 'VAT')]),
  ]);
}

/**
 * The seller's contact point (BT-41) is named even when the document names no person: German rules (DE-R-005)
 * require it whenever seller and buyer are both in Germany, and the company itself is the honest fallback.
 */
function party(p: Party, isSeller = false): Node {
  const contactName = p.contact?.name ?? (isSeller ? p.name : undefined);
  return branch('cac:Party', [
    leaf('cbc:EndpointID', p.endpoint.id, { schemeID: p.endpoint.scheme }),
    branch('cac:PartyName', [leaf('cbc:Name', p.name)]),
    address('cac:PostalAddress', p.address),
    p.vatId && branch('cac:PartyTaxScheme', [leaf('cbc:CompanyID', p.vatId), branch('cac:TaxScheme', [leaf('cbc:ID', 'VAT')])]),
    branch('cac:PartyLegalEntity', [leaf('cbc:RegistrationName', p.name), leaf('cbc:CompanyID', p.companyId)]),
    p.contact && branch('cac:Contact', [leaf('cbc:Name', contactName), leaf('cbc:Telephone', p.contact.phone), leaf('cbc:ElectronicMail', p.contact.email)]),
  ]);
}

function address(name: string, a: PostalAddress): Node {
  return branch(name, [
    leaf('cbc:StreetName', a.street),
    leaf('cbc:AdditionalStreetName', a.additionalStreet),
    leaf('cbc:CityName', a.city),
    leaf('cbc:PostalZone', a.postalCode),
    leaf('cbc:CountrySubentity', a.region),
    branch('cac:Country', [leaf('cbc:IdentificationCode', a.countryCode)]),
  ]);
}

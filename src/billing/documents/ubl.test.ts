import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../../test/einvoice-fixtures';
import { InvoiceDocument } from './invoice-document';
import { completeDocument, documentProblems, taxOf } from './summarize';
import { decimalAmount, percent, renderUbl } from './ubl';
import { peppolEndpoint } from './peppol-endpoint';
import { escapeXml } from './xml';

describe('UBL rendering', () => {
  it('writes minor units as the currency’s decimals, and basis points as a percentage', () => {
    expect(decimalAmount(123456, 'EUR')).toBe('1234.56');
    expect(decimalAmount(5, 'EUR')).toBe('0.05');
    expect(decimalAmount(-5, 'EUR')).toBe('-0.05');
    expect(decimalAmount(0, 'EUR')).toBe('0.00');
    expect(decimalAmount(500, 'JPY')).toBe('500');
    expect([1900, 700, 550, 0, 1, 10_000].map(percent)).toEqual(['19', '7', '5.5', '0', '0.01', '100']);
  });

  it('escapes text and attributes and never emits an empty element', () => {
    const doc = FIXTURES.reverse_charge!;
    const xml = renderUbl({ ...doc, buyerReference: '  ', note: 'Say "hi" & <b>' });
    expect(xml).toContain('3 rue des &lt;Ateliers&gt; &amp; Fils');
    expect(xml).toContain('Say &quot;hi&quot; &amp; &lt;b&gt;');
    expect(xml).not.toContain('BuyerReference');
    expect(xml).not.toMatch(/<([\w:]+)[^>]*><\/\1>/);
    fc.assert(fc.property(fc.string(), (s) => !/[<>"]|&(?!(amp|lt|gt|quot|apos);)/.test(escapeXml(s))));
  });

  it('renders a credit note with its billing reference and credited quantities', () => {
    const xml = renderUbl(FIXTURES.credit_note!);
    expect(xml).toMatch(/^<\?xml[^>]*>\n<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"/);
    expect(xml).toContain('<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>');
    expect(xml).toContain('<cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>INV-2026-000001</cbc:ID><cbc:IssueDate>2026-03-02</cbc:IssueDate>');
    expect(xml).toContain('<cbc:CreditedQuantity unitCode="C62">1</cbc:CreditedQuantity>');
    expect(xml).not.toContain('InvoiceLine');
  });

  it('states no rate for "not subject to VAT" and an exemption reason only on the subtotal', () => {
    const doc = completeDocument({ ...FIXTURES.zero!, lines: [{ ...FIXTURES.zero!.lines[0]!, taxCategory: 'O', exemptionReason: 'Not subject to VAT' }] });
    const xml = renderUbl(doc);
    expect(xml).toContain('<cac:ClassifiedTaxCategory><cbc:ID>O</cbc:ID><cac:TaxScheme>');
    expect(xml).toContain('<cbc:ID>O</cbc:ID><cbc:TaxExemptionReason>Not subject to VAT</cbc:TaxExemptionReason>');
  });

  it('fixtures are valid InvoiceDocuments', () => {
    for (const doc of Object.values(FIXTURES)) expect(InvoiceDocument.safeParse(doc).success).toBe(true);
  });
});

describe('document arithmetic', () => {
  const lineArb = fc.record({
    quantity: fc.integer({ min: 1, max: 1000 }),
    unitPrice: fc.integer({ min: 0, max: 1_000_000 }),
    rateBasisPoints: fc.constantFrom(0, 550, 700, 1900, 2100),
  });

  it('built documents always add up; tax is rounded once per rate', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 1000 }), (lines, prepaid) => {
        const base = FIXTURES.standard!;
        const doc = completeDocument({ ...base, prepaid, lines: lines.map((l, i) => ({ ...base.lines[0]!, ...l, id: String(i + 1) })) });
        expect(documentProblems(doc)).toEqual([]);
        for (const s of doc.taxSubtotals) expect(s.tax).toBe(taxOf(s.taxable, s.rateBasisPoints));
        expect(doc.totals.payable).toBe(doc.totals.lineTotal + doc.totals.tax - prepaid);
      }),
    );
  });

  it('names what does not add up', () => {
    const doc = FIXTURES.several_rates!;
    expect(taxOf(6, 1900)).toBe(1); // two 3-cent lines: 0.57 + 0.57 per line would round to 2 cents
    const broken = { ...doc, lines: [{ ...doc.lines[0]!, lineNet: 4 }, ...doc.lines.slice(1)], totals: { ...doc.totals, payable: 1 } };
    expect(documentProblems(broken)).toEqual([
      'line 1: net 4 is not 1 × 3',
      expect.stringMatching(/^tax subtotal S:1900/),
      expect.stringMatching(/^total lineTotal/),
      expect.stringMatching(/^total taxExclusive/),
      expect.stringMatching(/^total taxInclusive/),
      expect.stringMatching(/^total payable/),
    ]);
  });
});

describe('Peppol electronic addresses', () => {
  it('keeps a Peppol id, and addresses a party without one by its VAT id', () => {
    expect(peppolEndpoint({ endpointId: '4098765432101', endpointScheme: '0088', vatId: 'DE123456789' })).toEqual({ id: '4098765432101', scheme: '0088' });
    expect(peppolEndpoint({ endpointId: 'ap@buyer.example', endpointScheme: 'EM', vatId: 'de 987 654 321' })).toEqual({ id: 'DE987654321', scheme: '9930' });
    expect(peppolEndpoint({ vatId: 'FR12345678901' })).toEqual({ id: 'FR12345678901', scheme: '9957' });
    expect(peppolEndpoint({ endpointId: 'ap@buyer.example', endpointScheme: 'EM', vatId: null })).toBeUndefined();
  });
});

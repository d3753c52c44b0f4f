import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { creditNoteTotals, invoiceTotals, lineNet, taxOf, type TaxedLine } from './arithmetic';
import type { TaxCategory } from './policies/tax';

const RATES: [TaxCategory, number][] = [
  ['S', 1900],
  ['S', 700],
  ['S', 750],
  ['S', 2150],
  ['Z', 0],
  ['E', 0],
  ['AE', 0],
];

const invoiceLine = fc.record({
  quantity: fc.integer({ min: 1, max: 10_000 }),
  unitPrice: fc.integer({ min: 0, max: 5_000_000 }),
  rate: fc.constantFrom(...RATES),
});
type Line = { quantity: number; unitPrice: number; rate: [TaxCategory, number] };
const taxed = (net: number, [category, rateBp]: [TaxCategory, number]): TaxedLine => ({ net, category, rateBp, exemptionReason: null, exemptionCode: null });
const invoiceOf = (lines: Line[]) => invoiceTotals(lines.map((l) => taxed(lineNet(l.quantity, l.unitPrice), l.rate)));

describe('taxOf', () => {
  it('rounds half away from zero on the exact product', () => {
    expect(taxOf(50, 1000)).toBe(5);
    expect(taxOf(5, 1000)).toBe(1); // 0.5 → 1
    expect(taxOf(4, 1000)).toBe(0); // 0.4 → 0
    expect(taxOf(1_000_005, 750)).toBe(75_000); // 75 000.375
    expect(taxOf(1_000_010, 750)).toBe(75_001); // 75 000.75
    expect(taxOf(2, 2500)).toBe(1); // 0.5 → 1
    expect(taxOf(-5, 1000)).toBe(-1);
  });

  it('equals the integer half-up of net × rate / 10 000 for any amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 900_000_000_000 }), fc.integer({ min: 0, max: 10_000 }), (net, rate) => {
        const exact = BigInt(net) * BigInt(rate);
        const q = exact / 10_000n;
        const expected = exact - q * 10_000n >= 5_000n ? q + 1n : q;
        expect(taxOf(net, rate)).toBe(Number(expected));
      }),
    );
  });
});

describe('invoice totals', () => {
  it('sum of lines = net, tax per category on the category total, gross = net + tax', () => {
    fc.assert(
      fc.property(fc.array(invoiceLine, { minLength: 1, maxLength: 30 }), (lines) => {
        const totals = invoiceOf(lines);
        expect(totals.net).toBe(lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0));
        for (const g of totals.subtotals) {
          const inGroup = lines.filter((l) => l.rate[0] === g.category && l.rate[1] === g.rate_bp);
          expect(g.taxable).toBe(inGroup.reduce((s, l) => s + l.quantity * l.unitPrice, 0));
          expect(g.tax).toBe(taxOf(g.taxable, g.rate_bp));
        }
        expect(new Set(totals.subtotals.map((g) => `${g.category}/${g.rate_bp}`)).size).toBe(totals.subtotals.length);
        expect(totals.tax).toBe(totals.subtotals.reduce((s, g) => s + g.tax, 0));
        expect(totals.gross).toBe(totals.net + totals.tax);
      }),
    );
  });

  it('rounds per category, not per line', () => {
    // three lines of 0.05 at 10 %: per line 0.01 × 3 = 0.03; on the total 0.015 → 0.02
    const t = invoiceTotals([1, 2, 3].map(() => taxed(5, ['S', 1000])));
    expect(t).toMatchObject({ net: 15, tax: 2, gross: 17 });
  });
});

/**
 * Credit notes in any split never credit more than the invoice: per line no more units or net than it has,
 * per category no more tax than it charged, in all no more than its gross; a full credit credits it exactly.
 */
describe('credit notes', () => {
  const scenario = fc.array(invoiceLine, { minLength: 1, maxLength: 8 }).chain((lines) =>
    fc.record({
      lines: fc.constant(lines),
      // each credit note: per invoice line a share of what is left (0 = not on this note)
      notes: fc.array(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: lines.length, maxLength: lines.length }), { maxLength: 6 }),
      finalFull: fc.boolean(),
    }),
  );

  it('never exceed what they credit, and a full credit is exact', () => {
    fc.assert(
      fc.property(scenario, ({ lines, notes, finalFull }) => {
        const invoice = invoiceOf(lines);
        const leftQty = lines.map((l) => l.quantity);
        const earlier: ReturnType<typeof creditNoteTotals>[] = [];
        const plans = finalFull ? [...notes, lines.map(() => 1)] : notes;
        for (const shares of plans) {
          const credited = shares.map((share, i) => Math.min(leftQty[i]!, Math.ceil(share * leftQty[i]!)));
          const noteLines = credited.flatMap((q, i) => (q > 0 && lines[i]!.unitPrice > 0 ? [{ i, q }] : []));
          if (noteLines.length === 0) continue;
          noteLines.forEach(({ i, q }) => (leftQty[i]! -= q));
          const totals = creditNoteTotals(
            noteLines.map(({ i, q }) => taxed(lineNet(q, lines[i]!.unitPrice), lines[i]!.rate)),
            earlier.flatMap((e) => e.subtotals),
          );
          expect(totals.gross).toBe(totals.net + totals.tax);
          expect(totals.subtotals.every((g) => g.tax >= 0)).toBe(true);
          earlier.push(totals);
        }
        expect(leftQty.every((q) => q >= 0)).toBe(true);
        for (const g of invoice.subtotals) {
          const creditedTax = earlier.flatMap((e) => e.subtotals).filter((s) => s.category === g.category && s.rate_bp === g.rate_bp).reduce((s, x) => s + x.tax, 0);
          expect(creditedTax).toBeLessThanOrEqual(g.tax);
        }
        const creditedGross = earlier.reduce((s, e) => s + e.gross, 0);
        expect(creditedGross).toBeLessThanOrEqual(invoice.gross);
        if (finalFull) expect(creditedGross).toBe(invoice.gross);
      }),
    );
  });
});

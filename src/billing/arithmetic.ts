import { roundHalfUp } from '../core/money';
import type { TaxCategory } from './policies/tax';
import type { TaxSubtotalRow } from './tables';

/**
 * Document arithmetic as EN 16931 does it. Amounts are integer minor units, so a line's net (quantity × unit
 * price) is exact; VAT is rounded once per (category, rate), on the category's total, never per line.
 */

export interface TaxedLine {
  net: number;
  category: TaxCategory;
  rateBp: number;
  exemptionReason: string | null;
  exemptionCode: string | null;
}

export interface DocumentTotals {
  net: number;
  tax: number;
  gross: number;
  subtotals: TaxSubtotalRow[];
}

export function lineNet(quantity: number, unitPrice: number): number {
  const net = quantity * unitPrice;
  if (!Number.isSafeInteger(net)) throw new RangeError(`Line amount ${quantity} × ${unitPrice} is too large`);
  return net;
}

/**
 * VAT on a taxable amount at a rate in hundredths of a percent. `net × rateBp` is an exact integer, so the one
 * division can only land exactly on a half when the true value is a half: roundHalfUp rounds it correctly.
 */
export function taxOf(taxable: number, rateBp: number): number {
  return roundHalfUp((taxable * rateBp) / 10_000);
}

const keyOf = (category: string, rateBp: number) => `${category}/${rateBp}`;

/** Lines grouped by (category, rate), in order of first appearance, with their taxable amount. */
function groups(lines: TaxedLine[]): TaxSubtotalRow[] {
  const byKey = new Map<string, TaxSubtotalRow>();
  for (const l of lines) {
    const key = keyOf(l.category, l.rateBp);
    const g = byKey.get(key) ?? { category: l.category, rate_bp: l.rateBp, taxable: 0, tax: 0, exemption_reason: l.exemptionReason, exemption_code: l.exemptionCode };
    g.taxable += l.net;
    byKey.set(key, g);
  }
  return [...byKey.values()];
}

function totalsOf(subtotals: TaxSubtotalRow[]): DocumentTotals {
  const net = subtotals.reduce((s, g) => s + g.taxable, 0);
  const tax = subtotals.reduce((s, g) => s + g.tax, 0);
  return { net, tax, gross: net + tax, subtotals };
}

/** An invoice: tax per category on the category's total; gross = net + tax. */
export function invoiceTotals(lines: TaxedLine[]): DocumentTotals {
  return totalsOf(groups(lines).map((g) => ({ ...g, tax: taxOf(g.taxable, g.rate_bp) })));
}

/**
 * A credit note against an invoice that earlier credit notes already corrected (`earlier`: their subtotals).
 * Each category's tax is what the credited total so far owes less what was credited before, so that all the
 * credit notes of an invoice together never credit more tax than the invoice charged — and a full credit
 * credits exactly its tax — however the credits are split. Each step is within one minor unit of rounding
 * the credit note on its own.
 */
export function creditNoteTotals(lines: TaxedLine[], earlier: TaxSubtotalRow[]): DocumentTotals {
  const before = new Map<string, { taxable: number; tax: number }>();
  for (const e of earlier) {
    const b = before.get(keyOf(e.category, e.rate_bp)) ?? { taxable: 0, tax: 0 };
    before.set(keyOf(e.category, e.rate_bp), { taxable: b.taxable + e.taxable, tax: b.tax + e.tax });
  }
  return totalsOf(
    groups(lines).map((g) => {
      const b = before.get(keyOf(g.category, g.rate_bp)) ?? { taxable: 0, tax: 0 };
      return { ...g, tax: taxOf(b.taxable + g.taxable, g.rate_bp) - b.tax };
    }),
  );
}

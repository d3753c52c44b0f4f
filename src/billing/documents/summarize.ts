import { roundHalfUp } from '../../core/money';
import type { DocumentLine, DocumentTotals, InvoiceDocument, TaxSubtotal } from './invoice-document';

/**
 * The arithmetic EN 16931 checks, in one pure place: line nets, one tax subtotal per (category, rate) with its
 * tax rounded once (BR-CO-17), and the document totals (BR-CO-10..16). Used to build documents in tests and
 * demos, and to check any document before it is rendered (`documentProblems`).
 */
export type DraftLine = Omit<DocumentLine, 'lineNet'>;
export type DraftDocument = Omit<InvoiceDocument, 'lines' | 'taxSubtotals' | 'totals'> & { lines: DraftLine[]; prepaid?: number };

export function lineNet(line: Pick<DocumentLine, 'quantity' | 'unitPrice'>): number {
  return line.quantity * line.unitPrice;
}

export function taxOf(taxable: number, rateBasisPoints: number): number {
  return roundHalfUp((taxable * rateBasisPoints) / 10_000);
}

/** Subtotals in the order their (category, rate) first appears on the lines. */
export function taxSubtotalsOf(lines: DocumentLine[]): TaxSubtotal[] {
  const groups = new Map<string, TaxSubtotal>();
  for (const l of lines) {
    const key = `${l.taxCategory}:${l.rateBasisPoints}`;
    const group = groups.get(key) ?? {
      taxCategory: l.taxCategory,
      rateBasisPoints: l.rateBasisPoints,
      taxable: 0,
      tax: 0,
      ...(l.exemptionReason ? { exemptionReason: l.exemptionReason } : {}),
      ...(l.exemptionReasonCode ? { exemptionReasonCode: l.exemptionReasonCode } : {}),
    };
    group.taxable += l.lineNet;
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => ({ ...g, tax: taxOf(g.taxable, g.rateBasisPoints) }));
}

export function totalsOf(lines: DocumentLine[], subtotals: TaxSubtotal[], prepaid = 0): DocumentTotals {
  const lineTotal = lines.reduce((s, l) => s + l.lineNet, 0);
  const tax = subtotals.reduce((s, t) => s + t.tax, 0);
  return { lineTotal, taxExclusive: lineTotal, tax, taxInclusive: lineTotal + tax, prepaid, payable: lineTotal + tax - prepaid };
}

export function completeDocument(draft: DraftDocument): InvoiceDocument {
  const { prepaid = 0, lines: draftLines, ...rest } = draft;
  const lines = draftLines.map((l) => ({ ...l, lineNet: lineNet(l) }));
  const taxSubtotals = taxSubtotalsOf(lines);
  return { ...rest, lines, taxSubtotals, totals: totalsOf(lines, taxSubtotals, prepaid) };
}

/** What does not add up, in words; empty when the document is consistent. */
export function documentProblems(doc: InvoiceDocument): string[] {
  const problems: string[] = [];
  for (const l of doc.lines) {
    if (l.lineNet !== lineNet(l)) problems.push(`line ${l.id}: net ${l.lineNet} is not ${l.quantity} × ${l.unitPrice}`);
  }
  const expected = taxSubtotalsOf(doc.lines);
  const key = (s: TaxSubtotal) => `${s.taxCategory}:${s.rateBasisPoints}`;
  const given = new Map(doc.taxSubtotals.map((s) => [key(s), s]));
  if (given.size !== doc.taxSubtotals.length) problems.push('two tax subtotals share a category and rate');
  for (const e of expected) {
    const g = given.get(key(e));
    if (!g) problems.push(`no tax subtotal for ${key(e)}`);
    else if (g.taxable !== e.taxable || g.tax !== e.tax) problems.push(`tax subtotal ${key(e)}: ${g.taxable}/${g.tax}, expected ${e.taxable}/${e.tax}`);
  }
  if (expected.length !== given.size) problems.push('a tax subtotal has no line');
  const t = totalsOf(doc.lines, doc.taxSubtotals, doc.totals.prepaid);
  for (const k of Object.keys(t) as (keyof DocumentTotals)[]) {
    if (t[k] !== doc.totals[k]) problems.push(`total ${k}: ${doc.totals[k]}, expected ${t[k]}`);
  }
  return problems;
}

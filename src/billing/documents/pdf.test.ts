import { spawnSync } from 'node:child_process';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../../test/einvoice-fixtures';
import { completeDocument } from './summarize';
import { renderPdf } from './pdf';

/**
 * The text of a PDF that pdfkit wrote with the standard fonts: each content stream inflated, each TJ array's hex
 * strings decoded (WinAnsi; only € differs from Latin-1 among the characters used here). One line per TJ.
 */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const lines: string[] = [];
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = m.index + m[0].length;
    let content: string;
    try {
      content = inflateSync(pdf.subarray(start, raw.indexOf('endstream', start))).toString('latin1');
    } catch {
      continue; // not a content stream (a font or an image)
    }
    for (const [, array] of content.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
      const hex = [...array!.matchAll(/<([0-9a-f]*)>/gi)].map((h) => h[1]).join('');
      lines.push(Buffer.from(hex, 'hex').toString('latin1').replace(/\x80/g, '€'));
    }
  }
  return lines.join('\n');
}

const HAVE_PDFTOTEXT = spawnSync('sh', ['-c', 'command -v pdftotext']).status === 0;

describe('the invoice PDF', () => {
  it('tells a reader who, what, when, how much, how to pay and how to dispute', async () => {
    const doc = FIXTURES.several_rates!;
    const pdf = await renderPdf(doc);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.subarray(-6).toString()).toMatch(/%%EOF\s*$/);
    const text = pdfText(pdf);
    for (const expected of [
      'Invoice INV-2026-000007',
      'Werkhof Maschinenbau GmbH',
      'VAT id DE123456789',
      'Bill to',
      'Nordhafen Logistik AG',
      'Our order: SO-2026-000042',
      'Your reference: PO-4711',
      'Shipped 2026-02-27 in SH-2026-000007',
      'Manual, printed (BH-300)',
      'VAT 19% on €166.71',
      'VAT 7% on €59.97',
      'VAT 5.5% on €89.70',
      '€31.67',
      'Amount due',
      '€357.18',
      'Due: 2026-04-01',
      'IBAN DE89370400440532013000',
      'Questions or disputes',
      'Dispute a line in the portal',
    ]) {
      expect(text.replace(/\n/g, ' ')).toContain(expected);
    }
    if (HAVE_PDFTOTEXT) {
      const read = spawnSync('pdftotext', ['-', '-'], { input: pdf, encoding: 'utf8' });
      expect(read.status).toBe(0);
      expect(read.stdout).toContain('Amount due');
    }
  });

  it('says what a credit note corrects and why, and what is exempt', async () => {
    expect(pdfText(await renderPdf(FIXTURES.credit_note!))).toMatch(/Corrects invoice: INV-2026-000001 of 2026-03-02[\s\S]*Total credited[\s\S]*damaged bearing housing/);
    const exempt = pdfText(await renderPdf(FIXTURES.reverse_charge!));
    expect(exempt).toContain('Reverse charge (VATEX-EU-AE): no VAT is charged on this bill.');
    expect(exempt).toContain('3 rue des <Ateliers> & Fils');
  });

  it('runs long bills over pages, with the column header and page numbers on each', async () => {
    const base = FIXTURES.standard!;
    const many = completeDocument({ ...base, lines: Array.from({ length: 60 }, (_, i) => ({ ...base.lines[0]!, id: String(i + 1) })) });
    const text = pdfText(await renderPdf(many));
    const pages = text.match(/page \d+ of (\d+)/)![1]!;
    expect(Number(pages)).toBeGreaterThan(1);
    expect(text.match(/^Unit price$/gm)!.length).toBe(Number(pages));
    expect(text).toContain(`page ${pages} of ${pages}`);
  });
});

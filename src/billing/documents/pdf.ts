import PDFDocument from 'pdfkit';
import { format } from '../../core/money';
import type { DocumentLine, InvoiceDocument, Party, PostalAddress, TaxCategory, TaxSubtotal } from './invoice-document';
import { percent } from './ubl';

/**
 * The bill as a person reads it: who bills whom, for which order and reference, what shipped when, each line,
 * the tax per rate, the totals, when and how to pay, and how to dispute. Rendered from the same InvoiceDocument
 * as the UBL file. A4, Helvetica (the PDF standard fonts: Latin-1 text, no embedded font files).
 */
const MARGIN = 50;
const PAGE = { width: 595.28, height: 841.89 };
const RIGHT = PAGE.width - MARGIN;
const GREY = '#555555';

/** Columns of the line table: x and width in points. */
const COLS = {
  no: { x: MARGIN, w: 22 },
  item: { x: MARGIN + 24, w: 215 },
  qty: { x: MARGIN + 241, w: 50 },
  price: { x: MARGIN + 293, w: 70 },
  tax: { x: MARGIN + 365, w: 55 },
  net: { x: MARGIN + 422, w: RIGHT - (MARGIN + 422) },
};

const CATEGORY_WORDS: Record<TaxCategory, string> = {
  S: 'VAT',
  Z: 'Zero-rated',
  E: 'Exempt',
  AE: 'Reverse charge',
  K: 'Intra-community supply',
  G: 'Export outside the EU',
  O: 'Not subject to VAT',
};

const SHORT_WORDS: Record<TaxCategory, string> = { S: 'VAT', Z: '0%', E: 'exempt', AE: 'reverse', K: 'intra-EU', G: 'export', O: 'none' };

export function taxLabel(t: Pick<TaxSubtotal, 'taxCategory' | 'rateBasisPoints'>): string {
  return t.taxCategory === 'S' || t.taxCategory === 'Z' ? `${CATEGORY_WORDS[t.taxCategory]} ${percent(t.rateBasisPoints)}%` : CATEGORY_WORDS[t.taxCategory];
}

export function renderPdf(doc: InvoiceDocument): Promise<Buffer> {
  const isInvoice = doc.kind === 'invoice';
  const title = `${isInvoice ? 'Invoice' : 'Credit note'} ${doc.number}`;
  const pdf = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    // Fixed dates keep the file the same for the same document.
    info: { Title: title, Author: doc.seller.name, CreationDate: new Date(`${doc.issueDate}T00:00:00Z`), ModDate: new Date(`${doc.issueDate}T00:00:00Z`) },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const money = (minor: number) => format({ amount: minor, currency: doc.currency });

  // Seller, title, and the facts a reader looks for first.
  pdf.font('Helvetica-Bold').fontSize(14).text(doc.seller.name, MARGIN, MARGIN);
  pdf.font('Helvetica').fontSize(9).fillColor(GREY).text(partyLines(doc.seller).join('\n'));
  pdf.fillColor('black').font('Helvetica-Bold').fontSize(20).text(title, MARGIN, MARGIN, { align: 'right' });
  const facts: [string, string | undefined][] = [
    ['Issued', doc.issueDate],
    [isInvoice ? 'Due' : 'Refund by', doc.dueDate],
    ['Corrects invoice', doc.billingReference && `${doc.billingReference.number} of ${doc.billingReference.issueDate}`],
    ['Our order', doc.orderNumber ?? doc.orderReference],
    ['Your reference', doc.buyerReference],
    ['Shipment', doc.despatchReference],
    ['Delivery date', doc.deliveryDate],
  ];
  pdf.font('Helvetica').fontSize(10).moveDown(0.5);
  for (const [label, value] of facts) if (value) pdf.text(`${label}: ${value}`, { align: 'right' });
  const afterFacts = pdf.y;

  pdf.y = Math.max(afterFacts, 150) + 10;
  const billTop = pdf.y;
  pdf.font('Helvetica-Bold').fontSize(10).text(isInvoice ? 'Bill to' : 'Credit to', MARGIN, billTop);
  pdf.font('Helvetica').text([doc.buyer.name, ...partyLines(doc.buyer)].join('\n'), { width: 250 });
  const afterBuyer = pdf.y;
  if (doc.deliverTo) {
    pdf.font('Helvetica-Bold').text('Delivered to', MARGIN + 280, billTop);
    pdf.font('Helvetica').text(addressLines(doc.deliverTo).join('\n'), { width: 215 });
  }
  pdf.y = Math.max(afterBuyer, pdf.y) + 20;

  // The lines.
  const header = () => {
    pdf.font('Helvetica-Bold').fontSize(9);
    const y = pdf.y;
    cell(pdf, '#', COLS.no, y);
    cell(pdf, 'Item', COLS.item, y);
    cell(pdf, 'Qty', COLS.qty, y, 'right');
    cell(pdf, 'Unit price', COLS.price, y, 'right');
    cell(pdf, 'Tax', COLS.tax, y, 'right');
    cell(pdf, 'Net', COLS.net, y, 'right');
    pdf.moveTo(MARGIN, y + 13).lineTo(RIGHT, y + 13).strokeColor('#999999').stroke();
    pdf.y = y + 18;
    pdf.font('Helvetica').fontSize(9);
  };
  header();
  for (const l of doc.lines) {
    const item = itemText(l);
    const height = Math.max(pdf.heightOfString(item, { width: COLS.item.w }), 12) + 6;
    if (pdf.y + height > PAGE.height - MARGIN - 20) {
      pdf.addPage();
      header();
    }
    const y = pdf.y;
    cell(pdf, l.id, COLS.no, y);
    cell(pdf, item, COLS.item, y);
    cell(pdf, `${l.quantity} ${unitWord(l.unitCode)}`, COLS.qty, y, 'right');
    cell(pdf, money(l.unitPrice), COLS.price, y, 'right');
    cell(pdf, l.taxCategory === 'S' || l.taxCategory === 'Z' ? `${percent(l.rateBasisPoints)}%` : SHORT_WORDS[l.taxCategory], COLS.tax, y, 'right');
    cell(pdf, money(l.lineNet), COLS.net, y, 'right');
    pdf.y = y + height;
  }

  // Tax per rate, then the totals, kept together on one page.
  const summaryRows: [string, string, boolean][] = [
    ['Net total', money(doc.totals.lineTotal), false],
    ...doc.taxSubtotals.map((t): [string, string, boolean] => [`${taxLabel(t)} on ${money(t.taxable)}`, money(t.tax), false]),
    [isInvoice ? 'Total' : 'Total credited', money(doc.totals.taxInclusive), true],
    ...(doc.totals.prepaid !== 0 ? [['Already paid', money(-doc.totals.prepaid), false] as [string, string, boolean]] : []),
    ...(isInvoice ? [['Amount due', money(doc.totals.payable), true] as [string, string, boolean]] : []),
  ];
  if (pdf.y + summaryRows.length * 15 + 30 > PAGE.height - MARGIN) pdf.addPage();
  pdf.moveTo(MARGIN, pdf.y).lineTo(RIGHT, pdf.y).strokeColor('#999999').stroke();
  pdf.y += 8;
  for (const [label, value, strong] of summaryRows) {
    const y = pdf.y;
    pdf.font(strong ? 'Helvetica-Bold' : 'Helvetica').fontSize(strong ? 11 : 10);
    pdf.text(label, MARGIN + 200, y, { width: 200, align: 'right' });
    pdf.text(value, RIGHT - 95, y, { width: 95, align: 'right' });
    pdf.y = y + (strong ? 16 : 14);
  }
  const reasons = doc.taxSubtotals.filter((t) => t.exemptionReason || t.exemptionReasonCode);
  pdf.x = MARGIN;
  pdf.font('Helvetica').fontSize(9).fillColor(GREY);
  for (const t of reasons) pdf.text(exemptionText(t), MARGIN, pdf.y + 4, { width: RIGHT - MARGIN });
  pdf.fillColor('black').moveDown(1);

  // How to pay, and how to dispute.
  const paragraphs: [string, string | undefined][] = [
    [isInvoice ? 'How to pay' : 'Refund', isInvoice ? paymentText(doc, money) : refundText(doc, money)],
    [isInvoice ? 'Questions or disputes' : 'Note', doc.note],
  ];
  for (const [heading, body] of paragraphs) {
    if (!body) continue;
    if (pdf.y + 60 > PAGE.height - MARGIN) pdf.addPage();
    pdf.font('Helvetica-Bold').fontSize(10).text(heading, MARGIN, pdf.y, { width: RIGHT - MARGIN });
    pdf.font('Helvetica').fontSize(10).text(body, { width: RIGHT - MARGIN }).moveDown(0.8);
  }

  // Page numbers on every page, once the page count is known.
  const range = pdf.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    pdf.switchToPage(range.start + i);
    pdf.page.margins.bottom = 0; // the footer sits in the bottom margin; without this pdfkit would start a page
    pdf.font('Helvetica').fontSize(8).fillColor(GREY);
    pdf.text(`${title} · page ${i + 1} of ${range.count}`, MARGIN, PAGE.height - MARGIN + 15, { width: RIGHT - MARGIN, align: 'center', lineBreak: false });
  }
  pdf.end();
  return done;
}

function exemptionText(t: TaxSubtotal): string {
  const label = taxLabel(t);
  const code = t.exemptionReasonCode ? ` (${t.exemptionReasonCode})` : '';
  if (!t.exemptionReason || t.exemptionReason.toLowerCase() === label.toLowerCase()) return `${label}${code}: no VAT is charged on this bill.`;
  return `${label}${code}: ${t.exemptionReason}.`;
}

function cell(pdf: PDFKit.PDFDocument, text: string, col: { x: number; w: number }, y: number, align: 'left' | 'right' = 'left') {
  pdf.text(text, col.x, y, { width: col.w, align });
}

function itemText(l: DocumentLine): string {
  const lines = [l.sku ? `${l.name} (${l.sku})` : l.name];
  if (l.description) lines.push(l.description);
  if (l.shipment) lines.push(`Shipped ${l.shipment.shippedOn} in ${l.shipment.number}`);
  return lines.join('\n');
}

const UNIT_WORDS: Record<string, string> = { C62: 'pcs', H87: 'pcs', HUR: 'h', DAY: 'days', KGM: 'kg', MTR: 'm', LTR: 'l' };
function unitWord(code: string): string {
  return UNIT_WORDS[code] ?? code;
}

function addressLines(a: PostalAddress): string[] {
  const city = [a.postalCode, a.city].filter(Boolean).join(' ');
  return [a.street, a.additionalStreet, city, a.region, a.countryCode].filter((x): x is string => Boolean(x));
}

function partyLines(p: Party): string[] {
  return [
    ...addressLines(p.address),
    p.vatId && `VAT id ${p.vatId}`,
    p.companyId && `Registration ${p.companyId}`,
    p.contact?.email,
    p.contact?.phone,
  ].filter((x): x is string => Boolean(x));
}

function paymentText(doc: InvoiceDocument, money: (m: number) => string): string {
  const due = doc.dueDate ? ` by ${doc.dueDate}` : '';
  const terms = doc.paymentTerms ? ` (${doc.paymentTerms})` : '';
  const p = doc.paymentMeans;
  if (!p) return `Please pay ${money(doc.totals.payable)}${due}${terms}.`;
  const account = [`IBAN ${p.iban}`, p.bic && `BIC ${p.bic}`, p.accountName && `account holder ${p.accountName}`].filter(Boolean).join(', ');
  return `Please transfer ${money(doc.totals.payable)}${due}${terms} to ${account}, with the reference ${p.paymentReference} so that we can match your payment.`;
}

function refundText(doc: InvoiceDocument, money: (m: number) => string): string {
  const against = doc.billingReference ? ` against invoice ${doc.billingReference.number}` : '';
  return `${money(doc.totals.payable)} is credited to you${against}: it is set off against what you owe us, or refunded to your account if nothing is open.`;
}

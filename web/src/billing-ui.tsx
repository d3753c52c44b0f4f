import type { ReactNode } from 'react';
import { formatDate, formatMoney } from './api';
import type { Invoice, InvoiceLine } from './billing';
import { Badge, Table, type Column, type Tone } from './ds';
import './ops.css';

/** What the console and the portal show alike of an invoice: its status, its VAT per rate and its totals. */

const INVOICE_TONES: Record<string, Tone> = { draft: 'info', issued: 'info', partially_paid: 'warn', paid: 'good', credited: 'neutral', discarded: 'neutral' };

export function InvoiceStatusBadge({ invoice }: { invoice: Pick<Invoice, 'status' | 'overdue'> }) {
  return (
    <>
      <Badge tone={INVOICE_TONES[invoice.status] ?? 'neutral'}>{invoice.status.replace(/_/g, ' ')}</Badge>
      {invoice.overdue ? (
        <>
          {' '}
          <Badge tone="bad">overdue</Badge>
        </>
      ) : null}
    </>
  );
}

const DISPUTE_TONES: Record<string, Tone> = { open: 'warn', in_review: 'info', resolved_credit: 'good', resolved_explained: 'good', resolved_rebill: 'good', withdrawn: 'neutral' };
const DISPUTE_WORDS: Record<string, string> = {
  open: 'open',
  in_review: 'in review',
  resolved_credit: 'resolved: credited',
  resolved_explained: 'resolved: explained',
  resolved_rebill: 'resolved: re-billed',
  withdrawn: 'withdrawn',
};

export function DisputeStatusBadge({ status }: { status: string }) {
  return <Badge tone={DISPUTE_TONES[status] ?? 'neutral'}>{DISPUTE_WORDS[status] ?? status.replace(/_/g, ' ')}</Badge>;
}

const TAX_WORDS: Record<string, string> = { Z: 'zero rated', E: 'exempt', AE: 'reverse charge', G: 'export' };
export const taxInWords = (category: string, rate: number) => (category === 'S' ? `${rate}%` : `${rate}% ${TAX_WORDS[category] ?? category}`);

/** VAT per category and rate, then net, VAT, gross and what is left to pay. */
export function InvoiceTotals({ invoice }: { invoice: Invoice }) {
  return (
    <section className="card" aria-labelledby="h-totals" data-testid="totals">
      <h2 id="h-totals">Totals</h2>
      <dl className="facts">
        {invoice.tax_subtotals.map((t) => (
          <div key={`${t.category}-${t.rate}`} style={{ display: 'contents' }}>
            <dt>VAT {taxInWords(t.category, t.rate)}</dt>
            <dd>
              {formatMoney(t.tax)} <span className="muted small">on {formatMoney(t.taxable)}</span>
              {t.exemption_reason ? <div className="muted small">{t.exemption_reason}</div> : null}
            </dd>
          </div>
        ))}
        <dt>Net</dt>
        <dd>{formatMoney(invoice.net)}</dd>
        <dt>VAT</dt>
        <dd>{formatMoney(invoice.tax)}</dd>
        <dt>Total</dt>
        <dd>
          <strong>{formatMoney(invoice.gross)}</strong>
        </dd>
        {invoice.credited.amount ? (
          <>
            <dt>Credited</dt>
            <dd>−{formatMoney(invoice.credited)}</dd>
          </>
        ) : null}
        {invoice.paid.amount ? (
          <>
            <dt>Paid</dt>
            <dd>−{formatMoney(invoice.paid)}</dd>
          </>
        ) : null}
        <dt>Balance</dt>
        <dd>
          <strong>{formatMoney(invoice.balance)}</strong>
        </dd>
        <dt>Due</dt>
        <dd>{formatDate(invoice.due_date)}</dd>
      </dl>
    </section>
  );
}

/** The invoice's lines; `order` renders the order reference (a link in the console, plain in the portal), `extra` adds columns. */
export function InvoiceLines({ invoice, order, extra = [] }: { invoice: Invoice; order: (line: InvoiceLine) => ReactNode; extra?: Column<InvoiceLine>[] }) {
  return (
    <Table
      rows={invoice.lines}
      rowKey={(l) => l.id}
      columns={[
        { header: '#', cell: (l) => l.line_no },
        { header: 'Item', cell: (l) => `${l.sku} · ${l.description}` },
        { header: 'Order', cell: order },
        { header: 'Shipment', cell: (l) => l.shipment_number },
        { header: 'Qty', cell: (l) => l.quantity, align: 'right' },
        { header: 'Unit price', cell: (l) => formatMoney(l.unit_price), align: 'right' },
        { header: 'Net', cell: (l) => formatMoney(l.net), align: 'right' },
        { header: 'VAT', cell: (l) => taxInWords(l.tax_category, l.tax_rate) },
        { header: 'Credited', cell: (l) => (l.credited.amount ? `${l.credited_quantity ? `${l.credited_quantity} × · ` : ''}${formatMoney(l.credited)}` : '—'), align: 'right' },
        ...extra,
      ]}
    />
  );
}


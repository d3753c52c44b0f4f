import { useState } from 'react';
import { formatDate, formatMoney, get } from '../api';
import { canBill, DISPUTE_READERS, DISPUTE_REASONS, invoiceRelations, invoiceTitle, pdfHref, ublHref, type Invoice } from '../billing';
import { DisputeStatusBadge, InvoiceLines, InvoiceStatusBadge, InvoiceTotals } from '../billing-ui';
import { ErrorNotice, Loading, Page, Table, useLoad } from '../ds';
import { Link } from '../router';
import { useSession } from '../session';
import { InvoiceActions } from './InvoiceActions';

async function loadInvoice(id: string, withDisputes: boolean) {
  const invoice = await get<Invoice>(`/v1/invoices/${encodeURIComponent(id)}`);
  return { invoice, ...(await invoiceRelations(invoice, withDisputes)) };
}

/** One invoice for staff: who and when, its documents, lines with their orders and shipments, VAT, payments, credit notes, disputes. */
export function InvoicePage({ id }: { id: string }) {
  const { me } = useSession();
  const role = me?.role ?? '';
  const withDisputes = DISPUTE_READERS.includes(role);
  const [version, setVersion] = useState(0);
  const { data, error } = useLoad(() => loadInvoice(id, withDisputes), `${id}|${version}`);
  const back = <Link to="/invoices">← All invoices</Link>;
  if (error) return <Page title="Invoice" actions={back}><ErrorNotice error={error} /></Page>;
  if (!data) return <Page title="Invoice" actions={back}><Loading /></Page>;
  const { invoice, creditNotes, applied, disputes } = data;

  return (
    <Page title={invoiceTitle(invoice)} actions={back}>
      <div className="grid">
        <section className="card" aria-labelledby="h-invoice">
          <h2 id="h-invoice">Invoice</h2>
          <dl className="facts">
            <dt>Customer</dt>
            <dd>
              {invoice.buyer.name}
              {invoice.buyer.vat_id ? <span className="muted small"> · VAT {invoice.buyer.vat_id}</span> : null}
            </dd>
            <dt>Status</dt>
            <dd>
              <InvoiceStatusBadge invoice={invoice} />
            </dd>
            <dt>Issued</dt>
            <dd>{formatDate(invoice.issue_date)}</dd>
            <dt>Due</dt>
            <dd>{formatDate(invoice.due_date)}</dd>
            {invoice.period ? (
              <>
                <dt>Period</dt>
                <dd>
                  {formatDate(invoice.period.from)} – {formatDate(invoice.period.to)}
                </dd>
              </>
            ) : null}
            <dt>Buyer's reference</dt>
            <dd>{invoice.buyer_reference ?? '—'}</dd>
          </dl>
          {invoice.number ? (
            <p>
              <a href={pdfHref(invoice)} target="_blank" rel="noopener">
                PDF
              </a>{' '}
              ·{' '}
              <a href={ublHref(invoice)} target="_blank" rel="noopener">
                UBL (Peppol BIS 3.0)
              </a>
            </p>
          ) : null}
        </section>
        <InvoiceTotals invoice={invoice} />
      </div>
      {canBill(role) ? <InvoiceActions invoice={invoice} onChanged={() => setVersion((v) => v + 1)} /> : null}

      <h2>Lines</h2>
      <InvoiceLines invoice={invoice} order={(l) => <Link to={`/orders/${l.order_id}`}>{l.order_number}</Link>} />

      <div className="section-head">
        <h2>Payments</h2>
        <Link to={`/payments?customer_id=${encodeURIComponent(invoice.customer_id)}`}>All of this customer's payments</Link>
      </div>
      <Table
        rows={applied}
        rowKey={(a) => `${a.payment.id}-${a.at}`}
        empty="No payment applied yet."
        columns={[
          { header: 'Received', cell: (a) => formatDate(a.payment.received_on) },
          { header: 'Method', cell: (a) => a.payment.method.replace(/_/g, ' ') },
          { header: 'Reference', cell: (a) => a.payment.reference ?? '—' },
          { header: 'Applied here', cell: (a) => formatMoney(a.amount), align: 'right' },
        ]}
      />

      <h2>Credit notes</h2>
      <Table
        rows={creditNotes}
        rowKey={(c) => c.id}
        empty="No credit notes."
        columns={[
          { header: 'Number', cell: (c) => <a href={`/v1/credit-notes/${encodeURIComponent(c.id)}/pdf`} target="_blank" rel="noopener">{c.number}</a> },
          { header: 'Issued', cell: (c) => formatDate(c.issue_date) },
          { header: 'Reason', cell: (c) => c.reason },
          { header: 'Total', cell: (c) => formatMoney(c.gross), align: 'right' },
        ]}
      />

      {withDisputes ? (
        <>
          <h2>Disputes</h2>
          <Table
            rows={disputes}
            rowKey={(d) => d.id}
            empty="No disputes."
            columns={[
              { header: 'Line', cell: (d) => <Link to={`/disputes/${d.id}`}>Line {d.line.line_no} · {d.line.sku}</Link> },
              { header: 'Reason', cell: (d) => DISPUTE_REASONS[d.reason] ?? d.reason },
              { header: 'Status', cell: (d) => <DisputeStatusBadge status={d.status} /> },
              { header: 'Answer due', cell: (d) => formatDate(d.respond_by) },
            ]}
          />
        </>
      ) : null}
    </Page>
  );
}

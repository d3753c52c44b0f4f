import { useState } from 'react';
import { formatDate, formatDateTime, get } from '../api';
import { DISPUTE_REASONS, invoiceRelations, pdfHref, UNRESOLVED, type Invoice, type InvoiceLine } from '../billing';
import { DisputeStatusBadge, InvoiceLines, InvoiceStatusBadge, InvoiceTotals } from '../billing-ui';
import { Button, ErrorNotice, Loading, Page, Table, useLoad } from '../ds';
import { Link } from '../router';
import { PortalDisputeForm } from './PortalDisputeForm';

async function loadPortalInvoice(id: string) {
  const invoice = await get<Invoice>(`/v1/invoices/${encodeURIComponent(id)}`);
  return { invoice, ...(await invoiceRelations(invoice, true)) };
}

/** One of the customer's invoices: the PDF, the lines (each can be disputed), the totals, and the disputes with their answers. */
export function PortalInvoice({ id }: { id: string }) {
  const [version, setVersion] = useState(0);
  const [disputing, setDisputing] = useState<InvoiceLine | null>(null);
  const { data, error } = useLoad(() => loadPortalInvoice(id), `${id}|${version}`);
  const back = <Link to="/portal/invoices">← Your invoices</Link>;
  if (error) return <Page title="Invoice" actions={back}><ErrorNotice error={error} /></Page>;
  if (!data) return <Page title="Invoice" actions={back}><Loading /></Page>;
  const { invoice, disputes } = data;
  const openOn = new Set(disputes.filter((d) => UNRESOLVED.includes(d.status)).map((d) => d.invoice_line_id));

  return (
    <Page title={`Invoice ${invoice.number}`} actions={back}>
      <div className="grid">
        <section className="card">
          <dl className="facts">
            <dt>Status</dt>
            <dd>
              <InvoiceStatusBadge invoice={invoice} />
            </dd>
            <dt>Issued</dt>
            <dd>{formatDate(invoice.issue_date)}</dd>
            <dt>Due</dt>
            <dd>
              <strong>{formatDate(invoice.due_date)}</strong>
            </dd>
            <dt>Your reference</dt>
            <dd>{invoice.buyer_reference ?? '—'}</dd>
            <dt>From</dt>
            <dd>{invoice.seller.name}</dd>
          </dl>
          <p>
            <a href={pdfHref(invoice)} target="_blank" rel="noopener">
              Open the PDF
            </a>
          </p>
        </section>
        <InvoiceTotals invoice={invoice} />
      </div>

      <h2>Lines</h2>
      <p className="muted small">Something wrong with a line? Question it: our finance team answers by the date shown.</p>
      <InvoiceLines
        invoice={invoice}
        order={(l) => <Link to={`/portal/orders/${l.order_id}`}>{l.order_number}</Link>}
        extra={[
          {
            header: 'Question',
            cell: (l) =>
              openOn.has(l.id) ? (
                <span className="muted small">Being looked at</span>
              ) : (
                <Button variant="secondary" onClick={() => setDisputing(l)} aria-label={`Dispute line ${l.line_no}`}>
                  Dispute
                </Button>
              ),
          },
        ]}
      />
      {disputing ? (
        <PortalDisputeForm
          key={disputing.id}
          invoice={invoice}
          line={disputing}
          onCancel={() => setDisputing(null)}
          onDone={() => {
            setDisputing(null);
            setVersion((v) => v + 1);
          }}
        />
      ) : null}

      <h2>Your questions</h2>
      <Table
        rows={disputes}
        rowKey={(d) => d.id}
        empty="You have not questioned this invoice."
        columns={[
          { header: 'Line', cell: (d) => <Link to={`/portal/disputes/${d.id}`}>Line {d.line.line_no} · {d.line.description}</Link> },
          { header: 'Reason', cell: (d) => DISPUTE_REASONS[d.reason] ?? d.reason },
          { header: 'Status', cell: (d) => <DisputeStatusBadge status={d.status} /> },
          { header: 'Answer', cell: (d) => d.answer ?? (UNRESOLVED.includes(d.status) ? `Due by ${formatDateTime(d.respond_by)}` : '—') },
        ]}
      />
    </Page>
  );
}

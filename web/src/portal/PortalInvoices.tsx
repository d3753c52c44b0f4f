import { formatDate, formatMoney, getAll } from '../api';
import { pdfHref, type Invoice } from '../billing';
import { InvoiceStatusBadge } from '../billing-ui';
import { ErrorNotice, Loading, Page, Table, useLoad } from '../ds';
import { Link } from '../router';

/** The customer's own invoices (the API shows a customer only its issued ones). */
export function PortalInvoices() {
  const { data, error } = useLoad(() => getAll<Invoice>('/v1/invoices'), 'portal-invoices');
  return (
    <Page title="Your invoices">
      {error ? <ErrorNotice error={error} /> : null}
      {!data && !error ? <Loading /> : null}
      {data ? (
        <Table
          rows={data}
          rowKey={(i) => i.id}
          empty="You have no invoices yet."
          columns={[
            { header: 'Invoice', cell: (i) => <Link to={`/portal/invoices/${i.id}`}>{i.number}</Link> },
            { header: 'Your reference', cell: (i) => i.buyer_reference ?? '—' },
            { header: 'Status', cell: (i) => <InvoiceStatusBadge invoice={i} /> },
            { header: 'Issued', cell: (i) => formatDate(i.issue_date) },
            { header: 'Due', cell: (i) => formatDate(i.due_date) },
            { header: 'Total', cell: (i) => formatMoney(i.gross), align: 'right' },
            { header: 'To pay', cell: (i) => formatMoney(i.balance), align: 'right' },
            { header: 'PDF', cell: (i) => <a href={pdfHref(i)} target="_blank" rel="noopener" aria-label={`PDF of ${i.number}`}>PDF</a> },
          ]}
        />
      ) : null}
    </Page>
  );
}

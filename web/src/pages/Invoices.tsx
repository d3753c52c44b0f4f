import { useState } from 'react';
import { formatDate, formatMoney } from '../api';
import { canBill, INVOICE_STATUSES, type Invoice } from '../billing';
import { InvoiceStatusBadge } from '../billing-ui';
import { ErrorNotice, Loading, Page, Pager, Select, Table, useLoad, usePagedList } from '../ds';
import { loadNames } from '../lookups';
import { Link } from '../router';
import { useSession } from '../session';
import { ToInvoice } from './ToInvoice';

/** Invoices with the API's filters (status, customer, overdue) and cursor paging; finance also bills what shipped. */
export function Invoices() {
  const { me } = useSession();
  const [status, setStatus] = useState('');
  const [customer, setCustomer] = useState('');
  const [overdue, setOverdue] = useState('');
  const [version, setVersion] = useState(0); // bumped when finance bills, to read the list again
  const names = useLoad(loadNames, 'names');
  const { page, pager } = usePagedList<Invoice>('/v1/invoices', { status, customer_id: customer, overdue: overdue ? 'true' : '' }, { version });
  const customers = names.data ? [...names.data.customers.values()].sort((a, b) => a.name.localeCompare(b.name)) : [];

  return (
    <Page title="Invoices">
      {me && canBill(me.role) ? <ToInvoice onBilled={() => { pager.onChange([]); setVersion((v) => v + 1); }} /> : null}
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <Select label="Status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">Any status</option>
          {INVOICE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s.replace(/_/g, ' ')}
            </option>
          ))}
        </Select>
        <Select label="Customer" value={customer} onChange={(e) => setCustomer(e.target.value)}>
          <option value="">All customers</option>
          {customers.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </Select>
        <Select label="Due" value={overdue} onChange={(e) => setOverdue(e.target.value)}>
          <option value="">Any</option>
          <option value="true">Overdue only</option>
        </Select>
      </form>
      {page.error ? <ErrorNotice error={page.error} /> : null}
      {page.loading ? <Loading /> : null}
      {page.data ? (
        <>
          <Table
            rows={page.data.data}
            rowKey={(i) => i.id}
            empty="No invoices match."
            columns={[
              { header: 'Number', cell: (i) => <Link to={`/invoices/${i.id}`}>{i.number ?? 'draft'}</Link> },
              { header: 'Customer', cell: (i) => names.data?.customers.get(i.customer_id)?.name ?? i.buyer.name },
              { header: 'Status', cell: (i) => <InvoiceStatusBadge invoice={i} /> },
              { header: 'Issued', cell: (i) => formatDate(i.issue_date) },
              { header: 'Due', cell: (i) => formatDate(i.due_date) },
              { header: 'Total', cell: (i) => formatMoney(i.gross), align: 'right' },
              { header: 'Balance', cell: (i) => formatMoney(i.balance), align: 'right' },
            ]}
          />
          <Pager {...pager} />
        </>
      ) : null}
    </Page>
  );
}

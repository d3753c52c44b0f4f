import { useState } from 'react';
import { formatDate, formatMoney, get, type Page as ListPage } from '../api';
import { canBill, INVOICE_STATUSES, type Invoice } from '../billing';
import { InvoiceStatusBadge } from '../billing-ui';
import { ErrorNotice, Loading, Page, Pager, Select, Table, useLoad } from '../ds';
import { loadNames } from '../lookups';
import { Link } from '../router';
import { useSession } from '../session';
import { ToInvoice } from './ToInvoice';

const PAGE_SIZE = 25;

/** Invoices with the API's filters (status, customer, overdue) and cursor paging; finance also bills what shipped. */
export function Invoices() {
  const { me } = useSession();
  const [status, setStatus] = useState('');
  const [customer, setCustomer] = useState('');
  const [overdue, setOverdue] = useState('');
  const [cursors, setCursors] = useState<string[]>([]);
  const [version, setVersion] = useState(0); // bumped when finance bills, to read the list again
  const names = useLoad(loadNames, 'names');

  const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (status) params.set('status', status);
  if (customer) params.set('customer_id', customer);
  if (overdue) params.set('overdue', 'true');
  const cursor = cursors[cursors.length - 1];
  if (cursor) params.set('starting_after', cursor);
  const page = useLoad(() => get<ListPage<Invoice>>(`/v1/invoices?${params}`), `${params}|${version}`);

  const reset = () => setCursors([]);
  const customers = names.data ? [...names.data.customers.values()].sort((a, b) => a.name.localeCompare(b.name)) : [];

  return (
    <Page title="Invoices">
      {me && canBill(me.role) ? <ToInvoice onBilled={() => { reset(); setVersion((v) => v + 1); }} /> : null}
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <Select label="Status" value={status} onChange={(e) => { setStatus(e.target.value); reset(); }}>
          <option value="">Any status</option>
          {INVOICE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s.replace(/_/g, ' ')}
            </option>
          ))}
        </Select>
        <Select label="Customer" value={customer} onChange={(e) => { setCustomer(e.target.value); reset(); }}>
          <option value="">All customers</option>
          {customers.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </Select>
        <Select label="Due" value={overdue} onChange={(e) => { setOverdue(e.target.value); reset(); }}>
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
          <Pager cursors={cursors} onChange={setCursors} nextCursor={page.data.has_more ? page.data.next_cursor : null} />
        </>
      ) : null}
    </Page>
  );
}

import { useState } from 'react';
import { formatDate, formatMoney, type Order } from '../api';
import { ErrorNotice, Field, Loading, Page, Pager, Select, Table, useLoad, usePagedList } from '../ds';
import { loadNames } from '../lookups';
import { Link } from '../router';
import { ORDER_STATUSES, StatusBadge } from '../status';

/**
 * Orders with filters and search (number, the customer's reference or name: the API's `q`) and cursor paging.
 */
export function Orders() {
  const [status, setStatus] = useState('');
  const [customer, setCustomer] = useState('');
  const [query, setQuery] = useState('');
  const names = useLoad(loadNames, 'names');

  const { page, pager } = usePagedList<Order>('/v1/orders', { status, customer_id: customer, q: query.trim() });
  const customers = names.data ? [...names.data.customers.values()].sort((a, b) => a.name.localeCompare(b.name)) : [];

  return (
    <Page title="Orders">
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <Field label="Search" type="search" placeholder="Order number, PO ref or customer" value={query} onChange={(e) => setQuery(e.target.value)} />
        <Select label="Status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">Any status</option>
          {ORDER_STATUSES.map((s) => (
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
      </form>
      {page.error ? <ErrorNotice error={page.error} /> : null}
      {page.loading ? <Loading /> : null}
      {page.data ? (
        <>
          <Table
            caption={query.trim() ? `Orders matching “${query.trim()}”` : undefined}
            rows={page.data.data}
            rowKey={(o) => o.id}
            empty="No orders match."
            columns={[
              { header: 'Number', cell: (o) => <Link to={`/orders/${o.id}`}>{o.number}</Link> },
              { header: 'Customer', cell: (o) => names.data?.customers.get(o.customer_id)?.name ?? o.customer_id },
              { header: 'Status', cell: (o) => <StatusBadge status={o.status} /> },
              { header: 'Promised', cell: (o) => formatDate(o.promised_date) },
              { header: 'Total', cell: (o) => formatMoney(o.total), align: 'right' },
              { header: 'Entered', cell: (o) => formatDate(o.created_at) },
            ]}
          />
          <Pager {...pager} />
        </>
      ) : null}
    </Page>
  );
}

import { useState } from 'react';
import { formatDate, formatMoney, get, type Order, type Page as ListPage } from '../api';
import { ErrorNotice, Field, Loading, Page, Pager, Select, Table, useLoad } from '../ds';
import { loadNames } from '../lookups';
import { Link } from '../router';
import { ORDER_STATUSES, StatusBadge } from '../status';

const PAGE_SIZE = 25;

/**
 * Orders with filters and search (number, the customer's reference or name: the API's `q`) and cursor paging.
 */
export function Orders() {
  const [status, setStatus] = useState('');
  const [customer, setCustomer] = useState('');
  const [query, setQuery] = useState('');
  const [cursors, setCursors] = useState<string[]>([]); // starting_after of each page before this one
  const names = useLoad(loadNames, 'names');

  const filters = new URLSearchParams();
  if (status) filters.set('status', status);
  if (customer) filters.set('customer_id', customer);
  if (query.trim()) filters.set('q', query.trim());
  const cursor = cursors[cursors.length - 1];
  const key = `${filters}|${cursor ?? ''}`;
  const page = useLoad(async (): Promise<ListPage<Order>> => {
    const params = new URLSearchParams(filters);
    params.set('limit', String(PAGE_SIZE));
    if (cursor) params.set('starting_after', cursor);
    return get<ListPage<Order>>(`/v1/orders?${params}`);
  }, key);

  const reset = () => setCursors([]);
  const customers = names.data ? [...names.data.customers.values()].sort((a, b) => a.name.localeCompare(b.name)) : [];

  return (
    <Page title="Orders">
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <Field label="Search" type="search" placeholder="Order number, PO ref or customer" value={query} onChange={(e) => { setQuery(e.target.value); reset(); }} />
        <Select label="Status" value={status} onChange={(e) => { setStatus(e.target.value); reset(); }}>
          <option value="">Any status</option>
          {ORDER_STATUSES.map((s) => (
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
          <Pager cursors={cursors} onChange={setCursors} nextCursor={page.data.has_more ? page.data.next_cursor : null} />
        </>
      ) : null}
    </Page>
  );
}

import { useState } from 'react';
import { formatDate, formatMoney, get, getAll, type Order, type Page as ListPage } from '../api';
import { ErrorNotice, Field, Loading, Page, Pager, Select, Table, useLoad } from '../ds';
import { loadNames } from '../lookups';
import { Link } from '../router';
import { ORDER_STATUSES, StatusBadge } from '../status';

const PAGE_SIZE = 25;

/**
 * Orders with filters (status and customer go to the API) and cursor paging. The API has no search by
 * number yet: a search reads the filtered orders (up to 1,000) and matches the number here.
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
  const q = query.trim().toUpperCase();
  const cursor = cursors[cursors.length - 1];
  const key = `${filters}|${q}|${cursor ?? ''}`;
  const page = useLoad(async (): Promise<ListPage<Order>> => {
    if (q) {
      const all = await getAll<Order>(`/v1/orders?${filters}`);
      return { data: all.filter((o) => o.number.toUpperCase().includes(q) || (o.external_ref ?? '').toUpperCase().includes(q)), has_more: false, next_cursor: null };
    }
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
        <Field label="Search by number" type="search" placeholder="SO-2026-000001 or PO ref" value={query} onChange={(e) => { setQuery(e.target.value); reset(); }} />
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
            caption={q ? `${page.data.data.length} ${page.data.data.length === 1 ? "order matches" : "orders match"} “${query.trim()}”` : undefined}
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
          {!q ? (
            <Pager cursors={cursors} onChange={setCursors} nextCursor={page.data.has_more ? page.data.next_cursor : null} />
          ) : null}
        </>
      ) : null}
    </Page>
  );
}

import { useState } from 'react';
import { formatDateTime, formatMoney, get, getAll, type Page as ListPage } from '../api';
import { Badge, ErrorNotice, Field, Loading, Page, Pager, Select, Table, useLoad } from '../ds';
import { loadNames } from '../lookups';
import { formatDuration, QUOTE_DEPARTMENTS, QUOTE_STATUSES, type Quote } from '../quotes';
import { Link } from '../router';
import { useSession } from '../session';
import { QuoteStatusBadge } from '../status';

const PAGE_SIZE = 25;

/**
 * Quotes with the API's filters (status, holder, overdue, customer) and cursor paging, like the orders list;
 * a search by number reads the filtered quotes (up to 1,000) and matches here.
 */
export function Quotes() {
  const { me } = useSession();
  const [status, setStatus] = useState('');
  const [holder, setHolder] = useState('');
  const [overdue, setOverdue] = useState('');
  const [customer, setCustomer] = useState('');
  const [query, setQuery] = useState('');
  const [cursors, setCursors] = useState<string[]>([]);
  const names = useLoad(loadNames, 'names');

  const filters = new URLSearchParams();
  if (status) filters.set('status', status);
  if (holder) filters.set('holder', holder);
  if (overdue) filters.set('overdue', overdue);
  if (customer) filters.set('customer_id', customer);
  const q = query.trim().toUpperCase();
  const cursor = cursors[cursors.length - 1];
  const page = useLoad(async (): Promise<ListPage<Quote>> => {
    if (q) {
      const all = await getAll<Quote>(`/v1/quotes?${filters}`);
      return { data: all.filter((x) => x.number.toUpperCase().includes(q)), has_more: false, next_cursor: null };
    }
    const params = new URLSearchParams(filters);
    params.set('limit', String(PAGE_SIZE));
    if (cursor) params.set('starting_after', cursor);
    return get<ListPage<Quote>>(`/v1/quotes?${params}`);
  }, `${filters}|${q}|${cursor ?? ''}`);

  const reset = () => setCursors([]);
  const customers = names.data ? [...names.data.customers.values()].sort((a, b) => a.name.localeCompare(b.name)) : [];
  const mayCreate = ['admin', 'sales', 'pricing'].includes(me?.role ?? '');

  return (
    <Page title="Quotes" actions={mayCreate ? <Link to="/quotes/new" className="btn btn-primary">New quote</Link> : null}>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <Field label="Search by number" type="search" placeholder="Q-2026-000001" value={query} onChange={(e) => { setQuery(e.target.value); reset(); }} />
        <Select label="Status" value={status} onChange={(e) => { setStatus(e.target.value); reset(); }}>
          <option value="">Any status</option>
          {QUOTE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s.replace(/_/g, ' ')}
            </option>
          ))}
        </Select>
        <Select label="Held by" value={holder} onChange={(e) => { setHolder(e.target.value); reset(); }}>
          <option value="">Anyone</option>
          {[...QUOTE_DEPARTMENTS, 'customer'].map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </Select>
        <Select label="Clock" value={overdue} onChange={(e) => { setOverdue(e.target.value); reset(); }}>
          <option value="">Any</option>
          <option value="true">Overdue only</option>
          <option value="false">Not overdue</option>
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
            caption={q ? `${page.data.data.length} ${page.data.data.length === 1 ? 'quote matches' : 'quotes match'} “${query.trim()}”` : undefined}
            rows={page.data.data}
            rowKey={(x) => x.id}
            empty="No quotes match."
            columns={[
              { header: 'Number', cell: (x) => <Link to={`/quotes/${x.id}`}>{x.number}{x.version > 1 ? ` v${x.version}` : ''}</Link> },
              { header: 'Customer', cell: (x) => names.data?.customers.get(x.customer_id)?.name ?? x.customer_id },
              { header: 'Status', cell: (x) => <QuoteStatusBadge status={x.status} /> },
              { header: 'Held by', cell: (x) => x.clock.holder ?? '—' },
              { header: 'Answer due', cell: (x) => <>{formatDateTime(x.clock.response_due_at)} {x.clock.overdue ? <Badge tone="bad">overdue</Badge> : null}</> },
              { header: 'Elapsed', cell: (x) => formatDuration(x.clock.elapsed_seconds), align: 'right' },
              { header: 'Total', cell: (x) => (x.total ? formatMoney(x.total) : '—'), align: 'right' },
              { header: 'Margin', cell: (x) => (x.margin_percent !== null ? `${x.margin_percent.toFixed(1)} %` : '—'), align: 'right' },
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

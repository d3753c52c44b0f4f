import { useState } from 'react';
import { formatDateTime, formatMoney } from '../api';
import { Badge, ErrorNotice, Field, Loading, Page, Pager, Select, Table, useLoad, usePagedList } from '../ds';
import { loadNames } from '../lookups';
import { formatDuration, QUOTE_DEPARTMENTS, QUOTE_STATUSES, type Quote } from '../quotes';
import { Link } from '../router';
import { useSession } from '../session';
import { QuoteStatusBadge } from '../status';

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
  const names = useLoad(loadNames, 'names');

  const { page, pager } = usePagedList<Quote>('/v1/quotes', { status, holder, overdue, customer_id: customer, q: query.trim() });
  const customers = names.data ? [...names.data.customers.values()].sort((a, b) => a.name.localeCompare(b.name)) : [];
  const mayCreate = ['admin', 'sales', 'pricing'].includes(me?.role ?? '');

  return (
    <Page title="Quotes" actions={mayCreate ? <Link to="/quotes/new" className="btn btn-primary">New quote</Link> : null}>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <Field label="Search" type="search" placeholder="Quote number or customer" value={query} onChange={(e) => setQuery(e.target.value)} />
        <Select label="Status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">Any status</option>
          {QUOTE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s.replace(/_/g, ' ')}
            </option>
          ))}
        </Select>
        <Select label="Held by" value={holder} onChange={(e) => setHolder(e.target.value)}>
          <option value="">Anyone</option>
          {[...QUOTE_DEPARTMENTS, 'customer'].map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </Select>
        <Select label="Clock" value={overdue} onChange={(e) => setOverdue(e.target.value)}>
          <option value="">Any</option>
          <option value="true">Overdue only</option>
          <option value="false">Not overdue</option>
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
            caption={query.trim() ? `Quotes matching “${query.trim()}”` : undefined}
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
          <Pager {...pager} />
        </>
      ) : null}
    </Page>
  );
}

import { useState } from 'react';
import { api, ApiError, formatDate, formatDateTime, formatMoney, get, type Order, type Page as ListPage } from '../api';
import { Badge, Button, ErrorNotice, Loading, Notice, Page, Table, TextArea, useLoad } from '../ds';
import { mayEditCustomer, type CustomerNote, type CustomerRecord, type Receivable } from '../records';
import type { Quote } from '../quotes';
import { Link, useNavigate } from '../router';
import { useSession } from '../session';
import { QuoteStatusBadge, StatusBadge } from '../status';
import { CustomerForm } from './CustomerForm';

async function loadCustomer(id: string) {
  const q = encodeURIComponent(id);
  const [customer, receivables, orders, quotes] = await Promise.all([
    get<CustomerRecord>(`/v1/customers/${q}`),
    get<ListPage<Receivable>>(`/v1/receivables?customer_id=${q}`),
    get<ListPage<Order>>(`/v1/orders?customer_id=${q}&limit=10`),
    get<ListPage<Quote>>(`/v1/quotes?customer_id=${q}&limit=10`),
  ]);
  return { customer, receivable: receivables.data[0] ?? null, orders, quotes };
}

/** `/customers/new` creates one; `/customers/:id` is the customer: details, credit, notes, orders and quotes. */
export function CustomerPage({ id }: { id: string }) {
  const navigate = useNavigate();
  if (id === 'new') {
    return (
      <Page title="New customer" actions={<Link to="/customers">← All customers</Link>}>
        <CustomerForm onDone={(saved) => navigate(saved ? `/customers/${saved.id}` : '/customers')} />
      </Page>
    );
  }
  return <CustomerDetails id={id} />;
}

function CustomerDetails({ id }: { id: string }) {
  const { me } = useSession();
  const [version, setVersion] = useState(0);
  const [editing, setEditing] = useState(false);
  const { data, error } = useLoad(() => loadCustomer(id), `${id}|${version}`);
  if (error) return <Page title="Customer"><ErrorNotice error={error} /></Page>;
  if (!data) return <Page title="Customer"><Loading /></Page>;
  const { customer: c, receivable: r } = data;
  const editable = mayEditCustomer(me?.role ?? '');

  return (
    <Page title={c.name} actions={<Link to="/customers">← All customers</Link>}>
      {editing ? (
        <CustomerForm customer={c} onDone={(saved) => { setEditing(false); if (saved) setVersion((v) => v + 1); }} />
      ) : (
        <div className="grid">
          <section className="card" aria-labelledby="h-details" data-testid="details">
            <div className="section-head">
              <h2 id="h-details">Details</h2>
              {editable ? <Button variant="secondary" onClick={() => setEditing(true)}>Edit…</Button> : null}
            </div>
            <dl className="facts">
              <dt>Tier</dt>
              <dd>{c.tier}</dd>
              <dt>Status</dt>
              <dd><Badge tone={c.status === 'active' ? 'good' : 'warn'}>{c.status.replace('_', ' ')}</Badge></dd>
              <dt>Currency</dt>
              <dd>{c.currency}</dd>
              <dt>Payment terms</dt>
              <dd>{c.payment_terms_days} days</dd>
              <dt>E-mail</dt>
              <dd>{c.email ?? '—'}</dd>
              <dt>VAT id</dt>
              <dd>{c.vat_id ?? '—'}</dd>
              <dt>Customer since</dt>
              <dd>{formatDate(c.created_at)}</dd>
            </dl>
          </section>
          <section className="card" aria-labelledby="h-credit" data-testid="credit">
            <h2 id="h-credit">Credit</h2>
            <dl className="facts">
              <dt>Credit limit</dt>
              <dd>{c.credit_limit ? formatMoney(c.credit_limit) : 'none'}</dd>
              {r ? (
                <>
                  <dt>Open balance</dt>
                  <dd>{formatMoney(r.balance)} on {r.open_invoices} invoice(s)</dd>
                  <dt>Overdue</dt>
                  <dd>{r.overdue.amount ? <Badge tone="bad">{formatMoney(r.overdue)}</Badge> : formatMoney(r.overdue)}</dd>
                  <dt>Unapplied credit</dt>
                  <dd>{formatMoney(r.credit)}</dd>
                  <dt>Aging</dt>
                  <dd className="small">
                    current {formatMoney(r.aging.current)} · 1–30 {formatMoney(r.aging.days_1_30)} · 31–60 {formatMoney(r.aging.days_31_60)} · 61–90 {formatMoney(r.aging.days_61_90)} · 90+ {formatMoney(r.aging.days_over_90)}
                  </dd>
                </>
              ) : null}
            </dl>
          </section>
        </div>
      )}

      <h2>Contacts</h2>
      <Table rows={c.contacts} rowKey={(x) => x.id} empty="No contacts." columns={[
        { header: 'Name', cell: (x) => <>{x.name}{x.is_primary ? <> <Badge tone="info">primary</Badge></> : null}</> },
        { header: 'Job title', cell: (x) => x.job_title ?? '—' },
        { header: 'E-mail', cell: (x) => x.email ?? '—' },
        { header: 'Phone', cell: (x) => x.phone ?? '—' },
      ]} />
      <h2>Addresses</h2>
      <Table rows={c.addresses} rowKey={(x) => x.id} empty="No addresses." columns={[
        { header: 'Kind', cell: (x) => <>{x.kind}{x.is_default ? <> <Badge tone="info">default</Badge></> : null}</> },
        { header: 'Address', cell: (x) => [x.line1, x.line2, [x.postal_code, x.city].filter(Boolean).join(' '), x.region, x.country].filter(Boolean).join(', ') },
      ]} />
      <h2>Latest orders</h2>
      <Table rows={data.orders.data} rowKey={(o) => o.id} empty="No orders." columns={[
        { header: 'Number', cell: (o) => <Link to={`/orders/${o.id}`}>{o.number}</Link> },
        { header: 'Status', cell: (o) => <StatusBadge status={o.status} /> },
        { header: 'Promised', cell: (o) => formatDate(o.promised_date) },
        { header: 'Total', cell: (o) => formatMoney(o.total), align: 'right' },
      ]} />
      <h2>Latest quotes</h2>
      <Table rows={data.quotes.data} rowKey={(q) => q.id} empty="No quotes." columns={[
        { header: 'Number', cell: (q) => <Link to={`/quotes/${q.id}`}>{q.number}</Link> },
        { header: 'Status', cell: (q) => <QuoteStatusBadge status={q.status} /> },
        { header: 'Requested', cell: (q) => formatDate(q.requested_at) },
        { header: 'Total', cell: (q) => (q.total ? formatMoney(q.total) : '—'), align: 'right' },
      ]} />
      <Notes customerId={c.id} />
    </Page>
  );
}

/** Notes: any department writes one (append-only); newest first. */
function Notes({ customerId }: { customerId: string }) {
  const [version, setVersion] = useState(0);
  const [body, setBody] = useState('');
  const [error, setError] = useState<unknown>(null);
  const notes = useLoad(() => get<ListPage<CustomerNote>>(`/v1/customers/${encodeURIComponent(customerId)}/notes?limit=50`), `${customerId}|${version}`);
  async function add() {
    setError(null);
    try {
      await api('POST', `/v1/customers/${encodeURIComponent(customerId)}/notes`, { body });
      setBody('');
      setVersion((v) => v + 1);
    } catch (e) {
      setError(e);
    }
  }
  const fieldError = error instanceof ApiError ? error.fields.body : undefined;
  return (
    <section className="card spaced" aria-labelledby="h-notes" data-testid="notes">
      <h2 id="h-notes">Notes</h2>
      <form className="action-form" aria-label="Add a note" onSubmit={(e) => { e.preventDefault(); void add(); }}>
        <TextArea label="New note" value={body} error={fieldError} onChange={(e) => setBody(e.target.value)} />
        {error && !fieldError ? <ErrorNotice error={error} /> : null}
        <Button type="submit">Add note</Button>
      </form>
      {notes.error ? <ErrorNotice error={notes.error} /> : null}
      {notes.data?.data.length === 0 ? <Notice tone="info">No notes yet.</Notice> : null}
      <ul className="notes">
        {notes.data?.data.map((n) => (
          <li key={n.id}>
            <div className="small muted">{n.author.name}{n.department ? ` (${n.department})` : ''}, {formatDateTime(n.created_at)}</div>
            {n.body}
          </li>
        ))}
      </ul>
    </section>
  );
}

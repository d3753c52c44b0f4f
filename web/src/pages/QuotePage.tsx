import { useState } from 'react';
import { formatDate, formatDateTime, formatMoney, get, type Money, type Order } from '../api';
import { Badge, ErrorNotice, Loading, Notice, Page, Table, useLoad } from '../ds';
import { loadNames } from '../lookups';
import { QuoteClockFacts } from '../quote-clock';
import type { Quote } from '../quotes';
import { Link, useNavigate } from '../router';
import { useSession } from '../session';
import { QuoteStatusBadge } from '../status';
import { QuoteActions } from './QuoteActions';
import { QuoteForm } from './QuoteForm';

async function loadQuote(id: string) {
  const [quote, names] = await Promise.all([get<Quote>(`/v1/quotes/${encodeURIComponent(id)}`), loadNames()]);
  return { quote, names };
}

const money = (m: Money | null) => (m ? formatMoney(m) : '—');

/**
 * One quote for staff: who it is for and what it is worth (margin included), its clock, its lines with base
 * price, discount, cost, margin and promise, its approvals, and the steps the signed-in role may take now.
 */
export function QuotePage({ id }: { id: string }) {
  const { me } = useSession();
  const navigate = useNavigate();
  const { data, error } = useLoad(() => loadQuote(id), id);
  const [fresh, setFresh] = useState<{ quote: Quote; order?: Order } | null>(null);
  const [editing, setEditing] = useState(false);
  const back = <Link to="/quotes">← All quotes</Link>;
  if (error) return <Page title="Quote" actions={back}><ErrorNotice error={error} /></Page>;
  if (!data) return <Page title="Quote" actions={back}><Loading /></Page>;

  const quote = fresh?.quote.id === id ? fresh.quote : data.quote;
  const { names } = data;
  const customer = names.customers.get(quote.customer_id);
  const product = (pid: string) => { const p = names.products.get(pid); return p ? `${p.sku} · ${p.name}` : pid; };
  const done = (next: Quote, order?: Order) => {
    setFresh({ quote: next, ...(order ? { order } : {}) });
    setEditing(false);
    if (next.id !== id) navigate(`/quotes/${next.id}`);
  };

  return (
    <Page title={`Quote ${quote.number}${quote.version > 1 ? ` v${quote.version}` : ''}`} actions={back}>
      {quote.message ? <Notice tone="info">Customer's request: “{quote.message}”</Notice> : null}
      {quote.order_id ? (
        <Notice tone="good">
          Accepted: <Link to={`/orders/${quote.order_id}`}>{fresh?.order?.number ? `order ${fresh.order.number}` : 'the order'}</Link> was entered at these prices.
        </Notice>
      ) : null}
      <div className="grid">
        <section className="card" aria-labelledby="h-quote">
          <h2 id="h-quote">Quote</h2>
          <dl className="facts">
            <dt>Customer</dt>
            <dd>{customer ? `${customer.name} (${customer.tier})` : quote.customer_id}</dd>
            <dt>Status</dt>
            <dd>
              <QuoteStatusBadge status={quote.status} />
            </dd>
            <dt>Version</dt>
            <dd>
              {quote.version}
              {quote.supersedes_id ? <> · <Link to={`/quotes/${quote.supersedes_id}`}>previous</Link></> : null}
              {quote.superseded_by_id ? <> · <Link to={`/quotes/${quote.superseded_by_id}`}>newer version</Link></> : null}
            </dd>
            <dt>Requested</dt>
            <dd>{formatDateTime(quote.requested_at)}</dd>
            <dt>Needed by</dt>
            <dd>{formatDate(quote.needed_by)}</dd>
            <dt>Valid until</dt>
            <dd>{formatDate(quote.valid_until)}</dd>
            {quote.decision_reason ? (
              <>
                <dt>Why</dt>
                <dd>{quote.decision_reason}</dd>
              </>
            ) : null}
          </dl>
        </section>
        <section className="card" aria-labelledby="h-value" data-testid="quote-value">
          <h2 id="h-value">Value</h2>
          <dl className="facts">
            <dt>Total</dt>
            <dd>
              <strong>{money(quote.total)}</strong>
            </dd>
            <dt>Discount</dt>
            <dd>{money(quote.discount)}</dd>
            <dt>Cost</dt>
            <dd>{money(quote.cost)}</dd>
            <dt>Margin</dt>
            <dd>
              {money(quote.margin)}
              {quote.margin_percent !== null ? ` (${quote.margin_percent.toFixed(2)} %)` : ''}
            </dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="h-clock">
          <h2 id="h-clock">Quote clock</h2>
          <QuoteClockFacts clock={quote.clock} name={(h) => h ?? 'nobody: decided'} />
        </section>
      </div>

      <h2>What {me?.role ?? 'you'} can do</h2>
      <QuoteActions quote={quote} role={me?.role ?? ''} onDone={done} onEdit={() => setEditing(true)} />

      <h2>Lines</h2>
      {editing ? (
        <div className="card">
          <QuoteForm quote={quote} products={[...names.products.values()].sort((a, b) => a.sku.localeCompare(b.sku))} onSaved={done} onCancel={() => setEditing(false)} />
        </div>
      ) : (
        <Table
          rows={quote.lines}
          rowKey={(l) => l.id}
          empty="No lines."
          columns={[
            { header: '#', cell: (l) => l.line_no },
            { header: 'Product', cell: (l) => product(l.product_id) },
            { header: 'Qty', cell: (l) => l.quantity, align: 'right' },
            { header: 'Base price', cell: (l) => <>{money(l.base_unit_price)}{l.price_source ? <div className="muted small">{l.price_source.replace(/_/g, ' ')}</div> : null}</>, align: 'right' },
            { header: 'Discount', cell: (l) => `${l.discount_percent} %`, align: 'right' },
            { header: 'Unit price', cell: (l) => money(l.unit_price), align: 'right' },
            { header: 'Total', cell: (l) => money(l.total), align: 'right' },
            { header: 'Unit cost', cell: (l) => (l.unit_cost ? formatMoney(l.unit_cost) : l.unit_price ? <Badge tone="warn">unknown</Badge> : '—'), align: 'right' },
            { header: 'Margin', cell: (l) => money(l.margin), align: 'right' },
            { header: 'Promised', cell: (l) => <>{formatDate(l.promised_date)}{l.promise_reason ? <div className="muted small">{l.promise_reason}</div> : null}</> },
          ]}
        />
      )}

      <h2>Approvals</h2>
      <Table
        rows={quote.approvals}
        rowKey={(a) => a.id}
        empty="No approval needed (yet): the rules are checked when the quote is submitted."
        columns={[
          { header: 'Why needed', cell: (a) => a.reason },
          { header: 'Approver', cell: (a) => a.approver_role },
          { header: 'Status', cell: (a) => <Badge tone={a.status === 'approved' ? 'good' : a.status === 'denied' ? 'bad' : a.status === 'pending' ? 'warn' : 'neutral'}>{a.status}</Badge> },
          { header: 'Comment', cell: (a) => a.comment ?? '—' },
          { header: 'Decided', cell: (a) => (a.decided_at ? `${formatDateTime(a.decided_at)} by ${a.decided_by ?? '?'}` : '—') },
        ]}
      />
    </Page>
  );
}

import { useMemo, useState } from 'react';
import { get, getAll, type Handoff, type Order, type Stage } from '../api';
import { Badge, ErrorNotice, Loading, Page, Select, useLoad } from '../ds';
import { loadNames } from '../lookups';
import { OPEN_QUOTE_STATUSES, type Quote } from '../quotes';
import { Link } from '../router';

/**
 * Where each order stands in the cycle (open quotes stand in pricing). Until the scheduling and later stages land, an order's stage is
 * read from its status; an open handoff would say it better once every stage records one.
 */
const STAGE_OF_STATUS: Record<string, string> = {
  received: 'entry',
  on_hold: 'entry',
  confirmed: 'prioritization',
  in_fulfillment: 'fulfillment',
};

async function loadBoard() {
  const [stages, orders, overdue, names, quotes] = await Promise.all([
    get<{ data: Stage[] }>('/v1/stages').then((r) => r.data),
    getAll<Order>('/v1/orders'),
    getAll<Handoff>('/v1/handoffs?overdue=true'),
    loadNames(),
    Promise.all(OPEN_QUOTE_STATUSES.map((s) => getAll<Quote>(`/v1/quotes?status=${s}`))).then((lists) => lists.flat()),
  ]);
  return { stages, orders, overdue, names, quotes };
}

export function Board() {
  const state = useLoad(loadBoard, 'board');
  const [customer, setCustomer] = useState('');

  const columns = useMemo(() => {
    if (!state.data) return [];
    const { stages, orders, overdue, quotes } = state.data;
    const overdueByOrder = new Map<string, Handoff[]>();
    for (const h of overdue) if (h.order_id) overdueByOrder.set(h.order_id, [...(overdueByOrder.get(h.order_id) ?? []), h]);
    return stages.map((stage) => ({
      stage,
      orders: orders
        .filter((o) => STAGE_OF_STATUS[o.status] === stage.key && (!customer || o.customer_id === customer))
        .map((order) => ({ order, overdue: overdueByOrder.get(order.id) ?? [] })),
      quotes: stage.key === 'pricing' ? quotes.filter((q) => !customer || q.customer_id === customer) : [],
    }));
  }, [state.data, customer]);

  if (state.error) return <Page title="Cycle board"><ErrorNotice error={state.error} /></Page>;
  if (!state.data) return <Page title="Cycle board"><Loading /></Page>;
  const { names } = state.data;
  const customers = [...names.customers.values()].sort((a, b) => a.name.localeCompare(b.name));
  const totalOverdue = columns.reduce((n, c) => n + c.orders.filter((o) => o.overdue.length > 0).length + c.quotes.filter((q) => q.clock.overdue).length, 0);

  return (
    <Page
      title="Cycle board"
      wide
      actions={
        <div className="filters">
          <Select label="Customer" value={customer} onChange={(e) => setCustomer(e.target.value)}>
            <option value="">All customers</option>
            {customers.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </Select>
        </div>
      }
    >
      <p className="muted small">
        Open quotes and orders by stage of the cycle. {totalOverdue > 0 ? <Badge tone="bad">{totalOverdue} overdue</Badge> : 'No overdue handoffs.'}
      </p>
      <div className="board" role="region" aria-label="The ten stages of the cycle" tabIndex={0}>
        {columns.map(({ stage, orders, quotes }) => (
          <section className="column" key={stage.key} aria-labelledby={`stage-${stage.key}`} data-stage={stage.key}>
            <h2 id={`stage-${stage.key}`}>
              <span>
                {stage.number}. {stage.name}
              </span>
              <span className="count" aria-label={quotes.length ? `${quotes.length} quotes, ${orders.length} orders` : `${orders.length} orders`}>
                {orders.length + quotes.length}
              </span>
            </h2>
            <p className="dept">
              {stage.departments.join(', ')} · SLA {stage.sla_hours} h
            </p>
            <ul>
              {quotes.map((quote) => (
                <li key={quote.id}>
                  <Link to={`/quotes/${quote.id}`} className={`ticket ticket-quote${quote.clock.overdue ? ' ticket-overdue' : ''}`}>
                    <span className="num">{quote.number}</span>
                    <br />
                    <span className="small">{names.customers.get(quote.customer_id)?.name ?? quote.customer_id}</span>
                    <span className="meta">
                      <Badge tone="info">{quote.status.replace(/_/g, ' ')}</Badge>
                      {quote.clock.overdue ? <Badge tone="bad">overdue · {quote.clock.holder}</Badge> : quote.clock.holder ? <Badge>with {quote.clock.holder}</Badge> : null}
                    </span>
                  </Link>
                </li>
              ))}
              {orders.map(({ order, overdue }) => (
                <li key={order.id}>
                  <Link to={`/orders/${order.id}`} className={`ticket${overdue.length ? ' ticket-overdue' : ''}`}>
                    <span className="num">{order.number}</span>
                    <br />
                    <span className="small">{names.customers.get(order.customer_id)?.name ?? order.customer_id}</span>
                    <span className="meta">
                      {order.status === 'on_hold' ? <Badge tone="warn">held</Badge> : null}
                      {overdue.length ? <Badge tone="bad">overdue · {overdue.map((h) => h.department).join(', ')}</Badge> : null}
                      {order.promised_date ? <Badge>promised {order.promised_date}</Badge> : null}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </Page>
  );
}

import { useMemo, useState } from 'react';
import { get, getAll, type Stage } from '../api';
import { Badge, ErrorNotice, Loading, Page, Select, useLoad } from '../ds';
import { loadNames } from '../lookups';
import { OPEN_QUOTE_STATUSES, type Quote } from '../quotes';
import { Link } from '../router';

/** The board's answer (GET /v1/board): each stage with the orders under way that have reached it. */
interface BoardOrder {
  id: string;
  number: string;
  customer_id: string;
  status: string;
  promised_date: string | null;
  in_stage_since: string | null;
  waiting_on: string[];
  overdue: boolean;
  priority: { position: number; score: number; expedited: boolean } | null;
}
interface BoardStage extends Stage {
  count: number;
  orders: BoardOrder[];
}

const DEPARTMENTS = ['sales', 'marketing', 'pricing', 'csr', 'operations', 'warehouse', 'finance', 'service', 'executive'];

async function loadBoard(query: string) {
  const [board, names, quotes] = await Promise.all([
    get<{ stages: BoardStage[] }>(`/v1/board?${query}`),
    loadNames(),
    Promise.all(OPEN_QUOTE_STATUSES.map((s) => getAll<Quote>(`/v1/quotes?status=${s}`))).then((lists) => lists.flat()),
  ]);
  return { stages: board.stages, names, quotes };
}

/**
 * Where each order under way stands in the cycle — the stage its events have reached — with whom it waits on,
 * its dropped balls and its place in the queue; open quotes stand in pricing. Finished orders are off the board.
 */
export function Board() {
  const [customer, setCustomer] = useState('');
  const [department, setDepartment] = useState('');
  const [priority, setPriority] = useState('');
  const query = new URLSearchParams(Object.entries({ customer_id: customer, department, priority }).filter(([, v]) => v)).toString();
  const state = useLoad(() => loadBoard(query), query);

  const columns = useMemo(() => {
    if (!state.data) return [];
    const { stages, quotes } = state.data;
    const quoteShown = (q: Quote) => !priority && (!customer || q.customer_id === customer) && (!department || q.clock.holder === department);
    return stages.map((stage) => ({ stage, orders: stage.orders, quotes: stage.key === 'pricing' ? quotes.filter(quoteShown) : [] }));
  }, [state.data, customer, department, priority]);

  if (state.error) return <Page title="Cycle board"><ErrorNotice error={state.error} /></Page>;
  if (!state.data) return <Page title="Cycle board"><Loading /></Page>;
  const { names } = state.data;
  const customers = [...names.customers.values()].sort((a, b) => a.name.localeCompare(b.name));
  const totalOverdue = columns.reduce((n, c) => n + c.orders.filter((o) => o.overdue).length + c.quotes.filter((q) => q.clock.overdue).length, 0);

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
          <Select label="Department" value={department} onChange={(e) => setDepartment(e.target.value)}>
            <option value="">All departments</option>
            {DEPARTMENTS.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </Select>
          <Select label="Priority" value={priority} onChange={(e) => setPriority(e.target.value)}>
            <option value="">Any priority</option>
            <option value="top10">First 10 in the queue</option>
            <option value="expedited">Expedited</option>
          </Select>
        </div>
      }
    >
      <p className="muted small">
        Open quotes and the orders under way, each in the stage it has reached. {totalOverdue > 0 ? <Badge tone="bad">{totalOverdue} overdue</Badge> : 'No overdue handoffs.'}
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
              {orders.map((order) => (
                <li key={order.id}>
                  <Link to={`/orders/${order.id}`} className={`ticket${order.overdue ? ' ticket-overdue' : ''}`}>
                    <span className="num">{order.number}</span>
                    {order.priority ? <span className="small muted"> · #{order.priority.position}</span> : null}
                    <br />
                    <span className="small">{names.customers.get(order.customer_id)?.name ?? order.customer_id}</span>
                    <span className="meta">
                      {order.status === 'on_hold' ? <Badge tone="warn">held</Badge> : null}
                      {order.priority?.expedited ? <Badge tone="info">expedited</Badge> : null}
                      {order.waiting_on.length ? (
                        <Badge tone={order.overdue ? 'bad' : 'neutral'}>{order.overdue ? 'overdue' : 'with'} · {order.waiting_on.join(', ')}</Badge>
                      ) : null}
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

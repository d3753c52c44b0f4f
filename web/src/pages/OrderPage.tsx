import { useState } from 'react';
import { ApiError, formatDate, formatDateTime, formatMoney, get, getAll, type Order, type Priority, type TimelineEvent } from '../api';
import { Badge, ErrorNotice, Loading, Notice, Page, Table, useLoad } from '../ds';
import { loadNames } from '../lookups';
import { Link } from '../router';
import { useSession } from '../session';
import { StatusBadge } from '../status';
import { OrderActions } from './OrderActions';
import { OrderHolds } from './OrderHolds';
import { StageTimes } from '../insights/StageTimes';

async function loadOrder(id: string) {
  const order = await get<Order>(`/v1/orders/${encodeURIComponent(id)}`);
  // The timeline starts with the quote the order came from, when there is one.
  const [timeline, priority, names] = await Promise.all([
    getAll<TimelineEvent>(`/v1/orders/${encodeURIComponent(id)}/timeline`),
    // Only queued orders have a score: a cancelled one answers with an error, which is not the page's.
    ['received', 'confirmed', 'on_hold'].includes(order.status)
      ? get<Priority>(`/v1/orders/${encodeURIComponent(id)}/priority`).catch((error: unknown) => (error instanceof ApiError ? error : Promise.reject(error)))
      : Promise.resolve(null),
    loadNames(),
  ]);
  return { order, timeline, priority, names };
}

/** One event's data in a line: the fields people read, in words where we know the type. */
export function describeEvent(event: TimelineEvent): string {
  const d = event.data as Record<string, any>;
  switch (event.type) {
    case 'order.received':
      return `Entered via ${d.channel ?? '?'}: ${d.lines ?? '?'} line(s), ${d.total ? formatMoney(d.total) : ''}, promised ${d.promised_date ?? '—'}${d.backordered_units ? `, ${d.backordered_units} unit(s) backordered` : ''}`;
    case 'quote.requested':
      return `The customer asked for ${d.lines ?? '?'} line(s)${d.needed_by ? `, needed by ${d.needed_by}` : ''}`;
    case 'quote.handed_over':
      return `Handed to ${d.holder ?? '?'}${d.note ? ` — ${d.note}` : ''}`;
    case 'quote.submitted_for_approval':
      return `Submitted; needs approval: ${Array.isArray(d.approvals) ? d.approvals.join('; ') : '?'}`;
    case 'quote.approved':
      return `Approved by ${d.approver_role ?? '?'}${d.comment ? ` — ${d.comment}` : ''}`;
    case 'quote.sent':
      return `Sent to the customer, valid until ${d.valid_until ?? '—'}${d.why ? ` (${d.why})` : ''}`;
    case 'quote.accepted':
      return `Accepted: order ${d.order_number ?? d.order_id ?? '?'}`;
    case 'order.repromised':
      return `Promise moved${d.from ? ` from ${d.from}` : ''}${d.to ? ` to ${d.to}` : ''}${d.reason ? ` — ${d.reason}` : ''}`;
    default:
      if (d.from !== undefined && d.to !== undefined) return `${d.from} → ${d.to}${d.reason ? ` — ${d.reason}` : ''}`;
      return Object.entries(d)
        .filter(([, v]) => v !== null && typeof v !== 'object')
        .map(([k, v]) => `${k.replace(/_/g, ' ')}: ${String(v)}`)
        .join(' · ');
  }
}

export function OrderPage({ id }: { id: string }) {
  const { me } = useSession();
  const [version, setVersion] = useState(0); // a hold placed or released reloads the order
  const { data, error } = useLoad(() => loadOrder(id), `${id} ${version}`);
  if (error) return <Page title="Order"><ErrorNotice error={error} /></Page>;
  if (!data) return <Page title="Order"><Loading /></Page>;
  const { order, timeline, priority, names } = data;
  const customer = names.customers.get(order.customer_id);
  const parts = order.lines.flatMap((l) => l.promise.filter((p) => p.status === 'active').map((p) => ({ line: l, part: p })));
  const backordered = order.lines.reduce((n, l) => n + l.backordered_quantity, 0);

  return (
    <Page title={`Order ${order.number}`} actions={<Link to="/orders">← All orders</Link>}>
      <div className="grid">
        <section className="card" aria-labelledby="h-order">
          <h2 id="h-order">Order</h2>
          <dl className="facts">
            <dt>Customer</dt>
            <dd>{customer ? `${customer.name} (${customer.tier})` : order.customer_id}</dd>
            <dt>Status</dt>
            <dd>
              <StatusBadge status={order.status} />
            </dd>
            <dt>Total</dt>
            <dd>{formatMoney(order.total)}</dd>
            <dt>Channel</dt>
            <dd>
              {order.channel}
              {order.external_ref ? ` · ${order.external_ref}` : ''}
            </dd>
            <dt>Entered</dt>
            <dd>{formatDateTime(order.created_at)}</dd>
            <dt>Requested</dt>
            <dd>{formatDate(order.requested_date)}</dd>
            {order.quote_id ? (
              <>
                <dt>From quote</dt>
                <dd>
                  <Link to={`/quotes/${order.quote_id}`}>the accepted quote</Link>
                </dd>
              </>
            ) : null}
          </dl>
        </section>

        <section className="card" aria-labelledby="h-promise" data-testid="promise">
          <h2 id="h-promise">Promised {formatDate(order.promised_date)}</h2>
          <p className="small muted">The latest of the lines' dates. Why:</p>
          <ul className="small">
            {parts.map(({ line, part }) => (
              <li key={part.id}>
                Line {line.line_no}: {part.quantity} × {names.products.get(line.product_id)?.sku ?? line.product_id} by {formatDate(part.promised_date)} — <strong>{part.reason}</strong>
              </li>
            ))}
          </ul>
          {backordered > 0 ? <Badge tone="warn">{backordered} unit(s) backordered</Badge> : null}
        </section>

        <section className="card" aria-labelledby="h-priority" data-testid="priority">
          <h2 id="h-priority">Priority</h2>
          {priority instanceof ApiError ? (
            <Notice tone="warn">{priority.message}</Notice>
          ) : priority ? (
            <>
              <p>
                Score <strong>{priority.score.toFixed(2)}</strong> · #{priority.position} of {priority.queue_size} in the queue · policy v{priority.policy_version}
              </p>
              <div className="terms small">
                {priority.explanation.map((t) => (
                  <div key={t.term} style={{ display: 'contents' }}>
                    <span>
                      <strong>{t.term}</strong>: {t.input} <span className="muted">(×{t.weight})</span>
                    </span>
                    <span className="num">+{t.contribution.toFixed(2)}</span>
                    <span className="bar" aria-hidden="true">
                      <span style={{ width: `${Math.min(100, (t.contribution / Math.max(priority.score, 0.0001)) * 100)}%` }} />
                    </span>
                  </div>
                ))}
              </div>
            </>
          ) : (
            <p className="muted">Not in the queue ({order.status.replace(/_/g, ' ')}).</p>
          )}
        </section>
      </div>

      <OrderActions order={order} role={me?.role ?? ''} onChange={() => setVersion((v) => v + 1)} />
      <OrderHolds orderId={order.id} number={order.number} role={me?.role ?? ''} onChange={() => setVersion((v) => v + 1)} focus={false} />

      <h2>Lines</h2>
      <Table
        rows={order.lines}
        rowKey={(l) => l.id}
        columns={[
          { header: '#', cell: (l) => l.line_no },
          { header: 'Product', cell: (l) => { const p = names.products.get(l.product_id); return p ? `${p.sku} · ${p.name}` : l.product_id; } },
          { header: 'Qty', cell: (l) => l.quantity, align: 'right' },
          { header: 'Reserved', cell: (l) => l.reserved_quantity, align: 'right' },
          { header: 'Backordered', cell: (l) => (l.backordered_quantity ? <Badge tone="warn">{l.backordered_quantity}</Badge> : 0), align: 'right' },
          { header: 'Promised', cell: (l) => formatDate(l.promised_date) },
          { header: 'Unit price', cell: (l) => formatMoney(l.unit_price), align: 'right' },
          { header: 'Total', cell: (l) => formatMoney(l.total), align: 'right' },
        ]}
      />

      <h2 id="h-stage-times">Time in each stage</h2>
      <StageTimes orderId={order.id} version={String(version)} />

      <h2 id="h-timeline">Timeline</h2>
      <div className="card">
      <ol className="timeline" aria-labelledby="h-timeline" data-testid="timeline">
        {timeline.map((e) => (
          <li key={e.id}>
            <div className="when">
              {formatDateTime(e.at)} · {e.stage ?? '—'} · {e.department ?? 'no department'} · by {e.actor}
            </div>
            <div className="what">{e.type}</div>
            <div className="small">{describeEvent(e)}</div>
          </li>
        ))}
      </ol>
      </div>
    </Page>
  );
}

import { formatDate, formatDateTime, formatMoney, get, getAll, type Order, type Product } from '../api';
import { ErrorNotice, Loading, Page, Table, useLoad } from '../ds';
import type { Shipment } from '../fulfillment';
import { StageTimes } from '../insights/StageTimes';
import { Link } from '../router';
import { lineExplanation, statusInWords, trackingSteps } from './tracking';

async function loadPortalOrder(id: string) {
  const [order, products, shipments] = await Promise.all([
    get<Order>(`/v1/orders/${encodeURIComponent(id)}`),
    getAll<Product>('/v1/products'),
    getAll<Shipment>(`/v1/shipments?order_id=${encodeURIComponent(id)}`),
  ]);
  return { order, products: new Map(products.map((p) => [p.id, p])), shipments };
}

/** One of the customer's orders: status, expected date, lines, and the tracking timeline in plain words. */
export function PortalOrder({ id }: { id: string }) {
  const { data, error } = useLoad(() => loadPortalOrder(id), id);
  const back = <Link to="/portal">← Your orders</Link>;
  if (error) return <Page title="Order" actions={back}><ErrorNotice error={error} /></Page>;
  if (!data) return <Page title="Order" actions={back}><Loading /></Page>;
  const { order, products, shipments } = data;
  return (
    <Page title={`Order ${order.number}`} actions={back}>
      <div className="grid">
        <section className="card">
          <dl className="facts">
            <dt>Status</dt>
            <dd>{statusInWords(order)}</dd>
            <dt>{order.fulfillment_status === 'delivered' ? 'Promised for' : 'Expected by'}</dt>
            <dd>
              <strong>{order.status === 'cancelled' ? '—' : formatDate(order.promised_date)}</strong>
            </dd>
            {order.external_ref ? (
              <>
                <dt>Your reference</dt>
                <dd>{order.external_ref}</dd>
              </>
            ) : null}
            <dt>Total</dt>
            <dd>{formatMoney(order.total)}</dd>
            {order.quote_id ? (
              <>
                <dt>From</dt>
                <dd>
                  <Link to={`/portal/quotes/${order.quote_id}`}>your accepted quote</Link>
                </dd>
              </>
            ) : null}
          </dl>
        </section>
        <section className="card" aria-labelledby="h-tracking">
          <h2 id="h-tracking" style={{ marginTop: 0 }}>
            Tracking
          </h2>
          <ol className="timeline" data-testid="tracking">
            {trackingSteps(order, shipments).map((s) => (
              <li key={s.key}>
                <div className="when">{s.when === null ? 'Now' : s.upcoming ? `Expected ${formatDate(s.when)}` : s.when.length === 10 ? formatDate(s.when) : formatDateTime(s.when)}</div>
                <div>{s.text}</div>
              </li>
            ))}
          </ol>
        </section>
      </div>
      <h2>What you ordered</h2>
      <Table
        rows={order.lines}
        rowKey={(l) => l.id}
        columns={[
          { header: 'Item', cell: (l) => products.get(l.product_id)?.name ?? 'Item' },
          { header: 'Quantity', cell: (l) => l.quantity, align: 'right' },
          { header: 'Expected by', cell: (l) => `${formatDate(l.promised_date)}${lineExplanation(l) ? ` (${lineExplanation(l)})` : ''}` },
          { header: 'Price', cell: (l) => formatMoney(l.total), align: 'right' },
        ]}
      />
      <h2>How long each step took</h2>
      <StageTimes orderId={order.id} version="" forCustomer />
    </Page>
  );
}

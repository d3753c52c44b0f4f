import { formatDate, formatMoney, getAll, type Order } from '../api';
import { ErrorNotice, Loading, Page, Table, useLoad } from '../ds';
import { Link } from '../router';
import { statusInWords } from './tracking';

/** The customer's own orders (the API scopes the list to their customer). */
export function PortalOrders() {
  const { data, error } = useLoad(() => getAll<Order>('/v1/orders'), 'portal-orders');
  return (
    <Page title="Your orders">
      {error ? <ErrorNotice error={error} /> : null}
      {!data && !error ? <Loading /> : null}
      {data ? (
        <Table
          rows={data}
          rowKey={(o) => o.id}
          empty="You have no orders yet."
          columns={[
            { header: 'Order', cell: (o) => <Link to={`/portal/orders/${o.id}`}>{o.number}</Link> },
            { header: 'Your reference', cell: (o) => o.external_ref ?? '—' },
            { header: 'Status', cell: (o) => statusInWords(o) },
            { header: 'Expected by', cell: (o) => (o.status === 'cancelled' ? '—' : formatDate(o.promised_date)) },
            { header: 'Total', cell: (o) => formatMoney(o.total), align: 'right' },
            { header: 'Ordered', cell: (o) => formatDate(o.created_at) },
          ]}
        />
      ) : null}
    </Page>
  );
}

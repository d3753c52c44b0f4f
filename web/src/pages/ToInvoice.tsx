import { useState } from 'react';
import { api, formatDate, getAll } from '../api';
import type { Invoice } from '../billing';
import { Button, ErrorNotice, Notice, Table, useLoad } from '../ds';
import type { Shipment } from '../fulfillment';
import { loadNames } from '../lookups';
import { Link, useNavigate } from '../router';

/** Shipped shipments no invoice bills yet (a discarded draft frees its shipments again): the API's own filter. */
async function loadUnbilled() {
  const [shipments, names] = await Promise.all([getAll<Shipment>('/v1/shipments?unbilled=true'), loadNames()]);
  return { shipments, names };
}

/** Finance's "to invoice" list: one click issues the invoice of a shipment (the API numbers it and works out the VAT). */
export function ToInvoice({ onBilled }: { onBilled: () => void }) {
  const [version, setVersion] = useState(0);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const navigate = useNavigate();
  const { data, error: loadError } = useLoad(loadUnbilled, `unbilled-${version}`);

  async function bill(shipment: Shipment) {
    setBusy(shipment.id);
    setError(null);
    try {
      const invoice = await api<Invoice>('POST', '/v1/invoices', { shipment_ids: [shipment.id] });
      onBilled();
      navigate(`/invoices/${invoice.id}`);
    } catch (e) {
      setError(e);
      setVersion((v) => v + 1);
    } finally {
      setBusy(null);
    }
  }

  if (loadError) return <ErrorNotice error={loadError} />;
  if (!data || data.shipments.length === 0) return null;
  return (
    <section aria-labelledby="h-to-invoice" data-testid="to-invoice">
      <h2 id="h-to-invoice">Shipped, not invoiced</h2>
      {error ? <ErrorNotice error={error} /> : null}
      <Table
        rows={data.shipments}
        rowKey={(s) => s.id}
        columns={[
          { header: 'Shipment', cell: (s) => s.number },
          { header: 'Order', cell: (s) => <Link to={`/orders/${s.order_id}`}>the order</Link> },
          { header: 'Customer', cell: (s) => data.names.customers.get(s.customer_id)?.name ?? s.customer_id },
          { header: 'Shipped', cell: (s) => formatDate(s.shipped_at) },
          { header: 'Units', cell: (s) => s.lines.reduce((n, l) => n + l.quantity, 0), align: 'right' },
          {
            header: 'Bill',
            cell: (s) => (
              <Button disabled={busy !== null} onClick={() => bill(s)} aria-label={`Invoice ${s.number}`}>
                {busy === s.id ? 'Invoicing…' : 'Invoice'}
              </Button>
            ),
          },
        ]}
      />
      {busy ? <Notice>Issuing the invoice…</Notice> : null}
    </section>
  );
}

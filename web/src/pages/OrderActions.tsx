import { useState } from 'react';
import { api, getAll, type Order } from '../api';
import { Button, ErrorNotice, useLoad } from '../ds';
import type { Shipment, Warehouse } from '../fulfillment';
import { useNavigate } from '../router';
import { ReasonForm } from './ReasonForm';

/** Who may do what to an order (src/access/permissions.ts), so the page offers nothing the API would refuse. */
const MAY = {
  cancel: ['csr', 'sales', 'finance'],
  release: ['finance'],
  pickList: ['warehouse', 'operations', 'csr'],
  workOrders: ['operations'],
};

const OPEN = ['received', 'confirmed', 'on_hold', 'in_fulfillment'];

/** Warehouses holding stock reserved for the order that no open pick list covers yet: each can make one. */
function toPickAt(order: Order, shipments: Shipment[]): string[] {
  const parts = order.lines.flatMap((l) => l.promise.filter((p) => p.status === 'active' && p.source === 'stock' && p.warehouse_id));
  const open = shipments.filter((s) => ['pick_list', 'picked', 'packed'].includes(s.status));
  const units = (list: { quantity: number }[]) => list.reduce((n, x) => n + x.quantity, 0);
  return [...new Set(parts.map((p) => p.warehouse_id!))].filter(
    (w) => units(parts.filter((p) => p.warehouse_id === w)) > units(open.filter((s) => s.warehouse_id === w).flatMap((s) => s.lines)),
  );
}

/**
 * The steps the signed-in department may take on the order now, and nothing else: release a credit hold,
 * make a pick list where stock is reserved for it, release work orders for what is made to order, cancel.
 */
export function OrderActions({ order, role, onChange }: { order: Order; role: string; onChange: () => void }) {
  const navigate = useNavigate();
  const [reasonFor, setReasonFor] = useState<'cancel' | 'release' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const lookups = useLoad(
    () => Promise.all([getAll<Warehouse>('/v1/warehouses'), getAll<Shipment>(`/v1/shipments?order_id=${encodeURIComponent(order.id)}`)]),
    `${order.id}|${order.updated_at}`,
  );
  const may = (action: keyof typeof MAY) => role === 'admin' || MAY[action].includes(role);
  const id = encodeURIComponent(order.id);

  const [warehouses, shipments] = lookups.data ?? [[], []];
  const pickAt = toPickAt(order, shipments);
  const madeToOrder = order.lines.some((l) => l.promise.some((p) => p.status === 'active' && p.source === 'lead_time'));
  const actions = {
    release: may('release') && order.status === 'on_hold',
    pickList: may('pickList') && ['confirmed', 'in_fulfillment'].includes(order.status) && pickAt.length > 0,
    workOrders: may('workOrders') && ['confirmed', 'in_fulfillment'].includes(order.status) && madeToOrder,
    cancel: may('cancel') && OPEN.includes(order.status) && order.fulfillment_status === 'not_shipped',
  };
  if (!Object.values(actions).some(Boolean)) return null;

  async function act(run: () => Promise<string | null>) {
    setBusy(true);
    setError(null);
    try {
      const next = await run();
      if (next) navigate(next);
      else onChange();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  const done = (saved: boolean) => {
    setReasonFor(null);
    if (saved) onChange();
  };

  return (
    <section className="card spaced" aria-labelledby="h-actions" data-testid="order-actions">
      <h2 id="h-actions">What you can do now</h2>
      <div className="row-actions">
        {actions.pickList
          ? pickAt.map((w) => (
              <Button key={w} disabled={busy} onClick={() => act(async () => { await api('POST', `/v1/orders/${id}/shipments`, { warehouse_id: w }); return '/shipments'; })}>
                Pick list at {warehouses.find((x) => x.id === w)?.code ?? w}
              </Button>
            ))
          : null}
        {actions.workOrders ? (
          <Button disabled={busy} onClick={() => act(async () => { await api('POST', `/v1/orders/${id}/work-orders`, {}); return '/work-orders'; })}>
            Release work orders
          </Button>
        ) : null}
        {actions.release ? <Button variant="secondary" onClick={() => setReasonFor('release')}>Release the credit hold…</Button> : null}
        {actions.cancel ? <Button variant="quiet" onClick={() => setReasonFor('cancel')}>Cancel the order…</Button> : null}
      </div>
      {error ? <ErrorNotice error={error} /> : null}
      {reasonFor === 'release' ? <ReasonForm title="Release the credit hold" submit="Release" path={`/v1/orders/${id}/release`} onDone={done} /> : null}
      {reasonFor === 'cancel' ? <ReasonForm title="Cancel the order" label="Why cancel it" submit="Cancel the order" path={`/v1/orders/${id}/cancel`} onDone={done} /> : null}
    </section>
  );
}

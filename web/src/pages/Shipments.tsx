import { useState } from 'react';
import { api, formatDate, get, getAll, type Page as ListPage } from '../api';
import { Badge, Button, ErrorNotice, Loading, Page, Pager, Select, Table, useLoad, type Tone } from '../ds';
import { mayDeliver, mayMoveGoods, SHIPMENT_STATUSES, type Shipment, type Warehouse } from '../fulfillment';
import { loadNames } from '../lookups';
import { Link } from '../router';
import { useSession } from '../session';
import { ShipmentStepForm, type StepForm } from './ShipmentStepForm';

const PAGE_SIZE = 25;
const TONES: Record<string, Tone> = { pick_list: 'info', picked: 'info', packed: 'warn', shipped: 'good', delivered: 'good', cancelled: 'neutral' };

async function loadLookups() {
  const [warehouses, names] = await Promise.all([getAll<Warehouse>('/v1/warehouses'), loadNames()]);
  return { warehouses: new Map(warehouses.map((w) => [w.id, w])), names };
}

/** The warehouse's pick / pack / ship list: one step button per shipment, shown to the roles that may take it. */
export function Shipments() {
  const { me } = useSession();
  const role = me?.role ?? '';
  const [status, setStatus] = useState('pick_list');
  const [warehouse, setWarehouse] = useState('');
  const [cursors, setCursors] = useState<string[]>([]);
  const [version, setVersion] = useState(0);
  const [form, setForm] = useState<StepForm | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const lookups = useLoad(loadLookups, 'shipment-lookups');

  const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (status) params.set('status', status);
  if (warehouse) params.set('warehouse_id', warehouse);
  const cursor = cursors[cursors.length - 1];
  if (cursor) params.set('starting_after', cursor);
  const page = useLoad(() => get<ListPage<Shipment>>(`/v1/shipments?${params}`), `${params}|${version}`);

  async function step(shipment: Shipment, action: 'pick' | 'pack') {
    setBusy(true);
    setError(null);
    try {
      await api('POST', `/v1/shipments/${encodeURIComponent(shipment.id)}/${action}`, {});
      setVersion((v) => v + 1);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  function actions(s: Shipment) {
    const buttons = [];
    if (mayMoveGoods(role) && s.status === 'pick_list') buttons.push(<Button key="pick" disabled={busy} onClick={() => step(s, 'pick')} aria-label={`Picked ${s.number}`}>Picked</Button>);
    if (mayMoveGoods(role) && s.status === 'picked') buttons.push(<Button key="pack" disabled={busy} onClick={() => step(s, 'pack')} aria-label={`Packed ${s.number}`}>Packed</Button>);
    if (mayMoveGoods(role) && s.status === 'packed') buttons.push(<Button key="ship" disabled={busy} onClick={() => setForm({ shipment: s, action: 'ship' })} aria-label={`Ship ${s.number}`}>Ship…</Button>);
    if (mayDeliver(role) && s.status === 'shipped') buttons.push(<Button key="deliver" variant="secondary" disabled={busy} onClick={() => setForm({ shipment: s, action: 'deliver' })} aria-label={`Delivered ${s.number}`}>Delivered…</Button>);
    if (mayDeliver(role) && ['pick_list', 'picked', 'packed'].includes(s.status)) buttons.push(<Button key="cancel" variant="quiet" disabled={busy} onClick={() => setForm({ shipment: s, action: 'cancel' })} aria-label={`Cancel ${s.number}`}>Cancel…</Button>);
    return buttons.length ? <div className="row-actions">{buttons}</div> : '—';
  }

  const names = lookups.data?.names;
  const reset = () => { setCursors([]); setForm(null); };
  return (
    <Page title="Pick, pack and ship">
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <Select label="Status" value={status} onChange={(e) => { setStatus(e.target.value); reset(); }}>
          <option value="">Any status</option>
          {SHIPMENT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s.replace(/_/g, ' ')}
            </option>
          ))}
        </Select>
        <Select label="Warehouse" value={warehouse} onChange={(e) => { setWarehouse(e.target.value); reset(); }}>
          <option value="">All warehouses</option>
          {[...(lookups.data?.warehouses.values() ?? [])].map((w) => (
            <option key={w.id} value={w.id}>
              {w.code} · {w.name}
            </option>
          ))}
        </Select>
      </form>
      {error ? <ErrorNotice error={error} /> : null}
      {form ? <ShipmentStepForm key={`${form.shipment.id}-${form.action}`} form={form} onCancel={() => setForm(null)} onDone={() => { setForm(null); setVersion((v) => v + 1); }} /> : null}
      {page.error ? <ErrorNotice error={page.error} /> : null}
      {page.loading ? <Loading /> : null}
      {page.data ? (
        <>
          <Table
            rows={page.data.data}
            rowKey={(s) => s.id}
            empty="No shipments here."
            columns={[
              { header: 'Shipment', cell: (s) => s.number },
              { header: 'Order', cell: (s) => <Link to={`/orders/${s.order_id}`}>Open order</Link> },
              { header: 'Customer', cell: (s) => names?.customers.get(s.customer_id)?.name ?? s.customer_id },
              { header: 'Warehouse', cell: (s) => lookups.data?.warehouses.get(s.warehouse_id)?.code ?? '—' },
              { header: 'What', cell: (s) => s.lines.map((l) => `${l.quantity} × ${names?.products.get(l.product_id)?.sku ?? 'item'}`).join(', ') },
              { header: 'Status', cell: (s) => <Badge tone={TONES[s.status] ?? 'neutral'}>{s.status.replace(/_/g, ' ')}</Badge> },
              { header: 'Carrier', cell: (s) => (s.carrier ? `${s.carrier} · ${s.tracking_number}` : s.delivered_on ? formatDate(s.delivered_on) : '—') },
              { header: 'Next step', cell: actions },
            ]}
          />
          <Pager cursors={cursors} onChange={setCursors} nextCursor={page.data.has_more ? page.data.next_cursor : null} />
        </>
      ) : null}
    </Page>
  );
}

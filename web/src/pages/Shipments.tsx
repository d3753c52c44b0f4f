import { useEffect, useRef, useState } from 'react';
import { api, ApiError, formatDate, get, getAll, type Page as ListPage } from '../api';
import { Badge, Button, ErrorNotice, Field, Loading, Notice, Page, Pager, Select, Table, unplacedError, useLoad, type Column, type Tone } from '../ds';
import { inWave, mayDeliver, mayMoveGoods, SHIPMENT_STATUSES, WAVE_STEPS, type Shipment, type Warehouse } from '../fulfillment';
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

/**
 * The warehouse's pick / pack / ship list: one step button per shipment, shown to the roles that may take it,
 * and a wave: the rows ticked on this page picked, packed or shipped together, in one call each.
 */
export function Shipments() {
  const { me } = useSession();
  const role = me?.role ?? '';
  const [status, setStatus] = useState('pick_list');
  const [warehouse, setWarehouse] = useState('');
  const [cursors, setCursors] = useState<string[]>([]);
  const [version, setVersion] = useState(0);
  const [form, setForm] = useState<StepForm | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [dispatching, setDispatching] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const lookups = useLoad(loadLookups, 'shipment-lookups');

  const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (status) params.set('status', status);
  if (warehouse) params.set('warehouse_id', warehouse);
  const cursor = cursors[cursors.length - 1];
  if (cursor) params.set('starting_after', cursor);
  const page = useLoad(() => get<ListPage<Shipment>>(`/v1/shipments?${params}`), `${params}|${version}`);

  // A selection is of the rows on screen: it goes when they change.
  const unselect = () => { setSelected(new Set()); setDispatching(false); };
  const refresh = () => { unselect(); setVersion((v) => v + 1); };

  async function run(call: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await call();
      refresh();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  const step = (shipment: Shipment, action: 'pick' | 'pack') => run(() => api('POST', `/v1/shipments/${encodeURIComponent(shipment.id)}/${action}`, {}));
  const wave = (action: 'pick' | 'pack', shipments: Shipment[]) => run(() => api('POST', `/v1/shipments/batch/${action}`, { shipment_ids: shipments.map((s) => s.id) }));

  // One form at a time: a row's step or the wave's dispatch.
  const open = (f: StepForm) => { setDispatching(false); setForm(f); };

  function actions(s: Shipment) {
    const buttons = [];
    if (mayMoveGoods(role) && s.status === 'pick_list') buttons.push(<Button key="pick" disabled={busy} onClick={() => step(s, 'pick')} aria-label={`Picked ${s.number}`}>Picked</Button>);
    if (mayMoveGoods(role) && s.status === 'picked') buttons.push(<Button key="pack" disabled={busy} onClick={() => step(s, 'pack')} aria-label={`Packed ${s.number}`}>Packed</Button>);
    if (mayMoveGoods(role) && s.status === 'packed') buttons.push(<Button key="ship" disabled={busy} onClick={() => open({ shipment: s, action: 'ship' })} aria-label={`Ship ${s.number}`}>Ship…</Button>);
    if (mayDeliver(role) && s.status === 'shipped') buttons.push(<Button key="deliver" variant="secondary" disabled={busy} onClick={() => open({ shipment: s, action: 'deliver' })} aria-label={`Delivered ${s.number}`}>Delivered…</Button>);
    if (mayDeliver(role) && ['pick_list', 'picked', 'packed'].includes(s.status)) buttons.push(<Button key="cancel" variant="quiet" disabled={busy} onClick={() => open({ shipment: s, action: 'cancel' })} aria-label={`Cancel ${s.number}`}>Cancel…</Button>);
    return buttons.length ? <div className="row-actions">{buttons}</div> : '—';
  }

  const names = lookups.data?.names;
  const reset = () => { setCursors([]); setForm(null); unselect(); };
  const selectable = mayMoveGoods(role) ? (page.data?.data ?? []).filter(inWave) : [];
  const chosen = selectable.filter((s) => selected.has(s.id));
  const toPack = chosen.filter((s) => s.status === 'packed');
  const toggle = (id: string) => setSelected((ids) => { const next = new Set(ids); if (!next.delete(id)) next.add(id); return next; });
  const selectColumn: Column<Shipment> = {
    header: 'Select',
    head: <SelectAll count={chosen.length} of={selectable.length} onChange={(all) => setSelected(new Set(all ? selectable.map((s) => s.id) : []))} />,
    cell: (s) => (selectable.includes(s) ? <input type="checkbox" className="select" aria-label={`Select ${s.number}`} checked={selected.has(s.id)} onChange={() => toggle(s.id)} /> : null),
  };
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
      {form ? <ShipmentStepForm key={`${form.shipment.id}-${form.action}`} form={form} onCancel={() => setForm(null)} onDone={() => { setForm(null); refresh(); }} /> : null}
      {chosen.length ? <WaveBar chosen={chosen} busy={busy} onStep={wave} onShip={() => { setForm(null); setDispatching(true); }} onClear={unselect} /> : null}
      {dispatching && toPack.length ? <DispatchForm shipments={toPack} onCancel={() => setDispatching(false)} onDone={refresh} /> : null}
      {page.error ? <ErrorNotice error={page.error} /> : null}
      {page.loading ? <Loading /> : null}
      {page.data ? (
        <>
          <Table
            rows={page.data.data}
            rowKey={(s) => s.id}
            empty="No shipments here."
            columns={[
              ...(selectable.length ? [selectColumn] : []),
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
          <Pager cursors={cursors} onChange={(next) => { setCursors(next); unselect(); }} nextCursor={page.data.has_more ? page.data.next_cursor : null} />
        </>
      ) : null}
    </Page>
  );
}

/** The header's box: ticks every row on this page that can move on, or none; "some" when only some are. */
function SelectAll({ count, of, onChange }: { count: number; of: number; onChange: (all: boolean) => void }) {
  return (
    <label className="check select-all">
      <input
        type="checkbox"
        className="select"
        aria-label="Select all on this page"
        checked={count > 0 && count === of}
        ref={(box) => { if (box) box.indeterminate = count > 0 && count < of; }}
        onChange={() => onChange(count < of)}
      />
      All
    </label>
  );
}

/** What the selected rows can do together: one button per step that applies to some of them. */
function WaveBar({ chosen, busy, onStep, onShip, onClear }: { chosen: Shipment[]; busy: boolean; onStep: (action: 'pick' | 'pack', shipments: Shipment[]) => void; onShip: () => void; onClear: () => void }) {
  return (
    <section className="wave-bar" aria-label="Selected shipments">
      <span>{chosen.length} selected</span>
      {WAVE_STEPS.map(({ status, action, verb }) => {
        const these = chosen.filter((s) => s.status === status);
        if (!these.length) return null;
        const label = `${verb} ${these.length} selected`;
        return action === 'ship' ? (
          <Button key={action} disabled={busy} onClick={onShip}>{label}…</Button>
        ) : (
          <Button key={action} disabled={busy} onClick={() => onStep(action, these)}>{label}</Button>
        );
      })}
      <Button variant="quiet" onClick={onClear}>Clear selection</Button>
    </section>
  );
}

// The API names each shipment's fields (shipments.2.carrier); here the carrier and packages are one field for all.
const DISPATCH_FIELD = /^shipments\.\d+\.(carrier|tracking_number|packages)$/;

/** A dispatch: one carrier and package count for the selected packed shipments, a tracking number each, one call. */
function DispatchForm({ shipments, onCancel, onDone }: { shipments: Shipment[]; onCancel: () => void; onDone: () => void }) {
  const [carrier, setCarrier] = useState('');
  const [packages, setPackages] = useState('1');
  const [tracking, setTracking] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const fields = error instanceof ApiError ? error.fields : {};
  const shared = (name: string) => shipments.map((_, i) => fields[`shipments.${i}.${name}`]).find(Boolean);

  async function submit() {
    setBusy(true);
    setError(null);
    try {
      const count = /^\d+$/.test(packages) ? Number(packages) : packages;
      await api('POST', '/v1/shipments/batch/ship', { shipments: shipments.map((s) => ({ shipment_id: s.id, carrier, tracking_number: tracking[s.id] ?? '', packages: count })) });
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const message = unplacedError(error, (f) => DISPATCH_FIELD.test(f));
  return (
    <section className="card spaced" aria-labelledby="h-dispatch" data-testid="dispatch">
      <h2 id="h-dispatch" tabIndex={-1} ref={heading}>
        Ship {shipments.length} selected
      </h2>
      <form className="action-form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <div className="filters">
          <Field label="Carrier" aria-required="true" value={carrier} onChange={(e) => setCarrier(e.target.value)} error={shared('carrier')} />
          <Field label="Packages each" inputMode="numeric" value={packages} onChange={(e) => setPackages(e.target.value)} error={shared('packages')} />
        </div>
        {shipments.map((s, i) => (
          <Field
            key={s.id}
            label={`Tracking number for ${s.number}`}
            aria-required="true"
            value={tracking[s.id] ?? ''}
            onChange={(e) => setTracking({ ...tracking, [s.id]: e.target.value })}
            error={fields[`shipments.${i}.tracking_number`]}
          />
        ))}
        {message ? <Notice tone="bad">{message}</Notice> : null}
        <div className="row-actions">
          <Button type="submit" disabled={busy}>Ship {shipments.length} shipment{shipments.length === 1 ? '' : 's'}</Button>
          <Button variant="quiet" onClick={onCancel}>Back</Button>
        </div>
      </form>
    </section>
  );
}

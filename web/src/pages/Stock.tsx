import { useState } from 'react';
import { api, ApiError, formatDateTime, get, getAll, type Page as ListPage } from '../api';
import { Button, ErrorNotice, Field, Loading, Notice, Page, Pager, Select, Table, unplacedError, useLoad } from '../ds';
import type { Warehouse } from '../fulfillment';
import { mayAdjustStock, type ProductRecord, type StockLevel } from '../records';
import { Link, useLocation } from '../router';
import { useSession } from '../session';

const PAGE_SIZE = 25;

interface Movement { id: string; product_id: string; warehouse_id: string; kind: string; quantity: number; on_hand_delta: number; reserved_delta: number; reason: string | null; actor: string; at: string }

async function loadLookups() {
  const [products, warehouses] = await Promise.all([getAll<ProductRecord>('/v1/products'), getAll<Warehouse>('/v1/warehouses')]);
  return { products: [...products].sort((a, b) => a.sku.localeCompare(b.sku)), warehouses };
}

/** Stock per product and warehouse, the latest movements, and (for the warehouse and operations) an adjustment. */
export function Stock() {
  const { me } = useSession();
  const { search } = useLocation();
  const [product, setProduct] = useState(search.get('product_id') ?? '');
  const [warehouse, setWarehouse] = useState('');
  const [cursors, setCursors] = useState<string[]>([]);
  const [version, setVersion] = useState(0);
  const lookups = useLoad(loadLookups, 'stock-lookups');
  const filters = new URLSearchParams();
  if (product) filters.set('product_id', product);
  if (warehouse) filters.set('warehouse_id', warehouse);
  const params = new URLSearchParams(filters);
  params.set('limit', String(PAGE_SIZE));
  const cursor = cursors[cursors.length - 1];
  if (cursor) params.set('starting_after', cursor);
  const page = useLoad(() => get<ListPage<StockLevel>>(`/v1/stock?${params}`), `${params}|${version}`);
  // The ledger pages oldest first: the latest are its last page's end.
  const movements = useLoad(async () => (await getAll<Movement>(`/v1/stock/movements?${filters}`, 5000)).slice(-10).reverse(), `${filters}|${version}`);
  const products = new Map((lookups.data?.products ?? []).map((p) => [p.id, p]));
  const warehouses = new Map((lookups.data?.warehouses ?? []).map((w) => [w.id, w]));
  const sku = (id: string) => products.get(id)?.sku ?? id;
  const where = (id: string) => warehouses.get(id)?.code ?? id;
  const filter = (set: (v: string) => void) => (e: { target: { value: string } }) => { set(e.target.value); setCursors([]); };

  return (
    <Page title="Stock">
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <Select label="Product" value={product} onChange={filter(setProduct)}>
          <option value="">All products</option>
          {lookups.data?.products.map((p) => <option key={p.id} value={p.id}>{p.sku} · {p.name}</option>)}
        </Select>
        <Select label="Warehouse" value={warehouse} onChange={filter(setWarehouse)}>
          <option value="">All warehouses</option>
          {lookups.data?.warehouses.map((w) => <option key={w.id} value={w.id}>{w.code} · {w.name}</option>)}
        </Select>
      </form>
      {mayAdjustStock(me?.role ?? '') && lookups.data ? (
        <AdjustStock key={`${product}|${warehouse}`} products={lookups.data.products} warehouses={lookups.data.warehouses} product={product} warehouse={warehouse} onDone={() => setVersion((v) => v + 1)} />
      ) : null}
      {page.error ? <ErrorNotice error={page.error} /> : null}
      {page.loading ? <Loading /> : null}
      {page.data ? (
        <>
          <Table rows={page.data.data} rowKey={(s) => `${s.product_id}~${s.warehouse_id}`} empty="No stock matches." columns={[
            { header: 'Product', cell: (s) => <Link to={`/products/${s.product_id}`}>{sku(s.product_id)}</Link> },
            { header: 'Warehouse', cell: (s) => where(s.warehouse_id) },
            { header: 'On hand', cell: (s) => s.on_hand, align: 'right' },
            { header: 'Reserved', cell: (s) => s.reserved, align: 'right' },
            { header: 'Available', cell: (s) => s.available, align: 'right' },
            { header: 'Incoming', cell: (s) => s.incoming, align: 'right' },
          ]} />
          <Pager cursors={cursors} onChange={setCursors} nextCursor={page.data.has_more ? page.data.next_cursor : null} />
        </>
      ) : null}
      <h2>Latest movements</h2>
      {movements.error ? <ErrorNotice error={movements.error} /> : null}
      <Table rows={movements.data ?? []} rowKey={(m) => m.id} empty={movements.loading ? 'Loading…' : 'No movements.'} columns={[
        { header: 'When', cell: (m) => formatDateTime(m.at) },
        { header: 'Product', cell: (m) => sku(m.product_id) },
        { header: 'Warehouse', cell: (m) => where(m.warehouse_id) },
        { header: 'Kind', cell: (m) => m.kind },
        { header: 'On hand', cell: (m) => (m.on_hand_delta > 0 ? `+${m.on_hand_delta}` : m.on_hand_delta), align: 'right' },
        { header: 'Reserved', cell: (m) => (m.reserved_delta > 0 ? `+${m.reserved_delta}` : m.reserved_delta), align: 'right' },
        { header: 'Reason', cell: (m) => m.reason ?? '—' },
      ]} />
    </Page>
  );
}

function AdjustStock({ products, warehouses, product, warehouse, onDone }: { products: ProductRecord[]; warehouses: Warehouse[]; product: string; warehouse: string; onDone: () => void }) {
  const [v, setV] = useState({ product_id: product, warehouse_id: warehouse, quantity: '', reason: '' });
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fields = error instanceof ApiError ? error.fields : {};
  const set = (key: keyof typeof v) => (e: { target: { value: string } }) => setV({ ...v, [key]: e.target.value });

  async function adjust() {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const quantity = v.quantity.trim() === '' ? null : Number(v.quantity);
      await api('POST', '/v1/stock/adjustments', { product_id: v.product_id, warehouse_id: v.warehouse_id, quantity, reason: v.reason });
      setDone(`Adjusted ${products.find((p) => p.id === v.product_id)?.sku ?? ''} by ${quantity! > 0 ? '+' : ''}${quantity}.`);
      setV({ ...v, quantity: '', reason: '' });
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  const general = unplacedError(error, (f) => f in v);
  return (
    <form className="card action-form record-form spaced" aria-label="Adjust stock" data-testid="adjust" onSubmit={(e) => { e.preventDefault(); void adjust(); }}>
      <h2>Adjust stock</h2>
      <div className="filters">
        <Select label="Product to adjust" value={v.product_id} error={fields.product_id} onChange={set('product_id')}>
          <option value="">Choose…</option>
          {products.map((p) => <option key={p.id} value={p.id}>{p.sku}</option>)}
        </Select>
        <Select label="In warehouse" value={v.warehouse_id} error={fields.warehouse_id} onChange={set('warehouse_id')}>
          <option value="">Choose…</option>
          {warehouses.map((w) => <option key={w.id} value={w.id}>{w.code} · {w.name}</option>)}
        </Select>
        <Field label="Change (units)" inputMode="numeric" value={v.quantity} hint="+ counted more, − found less" error={fields.quantity} onChange={set('quantity')} />
      </div>
      <Field label="Reason" value={v.reason} error={fields.reason} onChange={set('reason')} />
      {general ? <Notice tone="bad">{general}</Notice> : null}
      {done ? <Notice tone="good">{done}</Notice> : null}
      <Button type="submit" disabled={busy}>Adjust</Button>
    </form>
  );
}

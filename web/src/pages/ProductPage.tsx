import { useState } from 'react';
import { ApiError, formatMoney, get, getAll, type Money } from '../api';
import { Badge, Button, ErrorNotice, Field, Loading, Notice, Page, Table, useLoad } from '../ds';
import type { Warehouse } from '../fulfillment';
import { mayAdjustStock, mayEditProduct, type ProductRecord, type StockLevel } from '../records';
import { Link, useNavigate } from '../router';
import { useSession } from '../session';
import { ProductForm } from './ProductForm';

interface BomLine { id: string; component_id: string; component_sku: string; component_name: string; quantity: number; scrap_percent: number }
interface RoutingOperation { id: string; sequence: number; work_center_code: string; description: string; setup_minutes: number; run_minutes: number }
interface CostElements { materials: Money; labour: Money; overhead: Money; total: Money }
interface Cost { method: string; quantity: number; materials: { bom_line_id: string; level: number; sku: string; name: string; quantity: number; extended_cost: Money }[]; operations: { routing_operation_id: string; level: number; sequence: number; work_center_code: string; description: string; hours: number; extended_cost: Money }[]; totals: CostElements; unit: CostElements }

async function loadProduct(id: string) {
  const q = encodeURIComponent(id);
  const [product, bom, routing, stock, warehouses] = await Promise.all([
    get<ProductRecord>(`/v1/products/${q}`),
    get<{ lines: BomLine[] }>(`/v1/products/${q}/bom`),
    get<{ operations: RoutingOperation[] }>(`/v1/products/${q}/routing`),
    getAll<StockLevel>(`/v1/stock?product_id=${q}`),
    getAll<Warehouse>('/v1/warehouses'),
  ]);
  return { product, bom: bom.lines, routing: routing.operations, stock, warehouses: new Map(warehouses.map((w) => [w.id, w])) };
}

/** `/products/new` creates one; `/products/:id`: price, cost roll-up, BOM and routing (read-only), stock. */
export function ProductPage({ id }: { id: string }) {
  const navigate = useNavigate();
  if (id === 'new') {
    return (
      <Page title="New product" actions={<Link to="/products">← All products</Link>}>
        <ProductForm onDone={(saved) => navigate(saved ? `/products/${saved.id}` : '/products')} />
      </Page>
    );
  }
  return <ProductDetails id={id} />;
}

function ProductDetails({ id }: { id: string }) {
  const { me } = useSession();
  const role = me?.role ?? '';
  const [version, setVersion] = useState(0);
  const [editing, setEditing] = useState(false);
  const { data, error } = useLoad(() => loadProduct(id), `${id}|${version}`);
  if (error) return <Page title="Product"><ErrorNotice error={error} /></Page>;
  if (!data) return <Page title="Product"><Loading /></Page>;
  const { product: p } = data;

  return (
    <Page title={`${p.sku} · ${p.name}`} actions={<Link to="/products">← All products</Link>}>
      {editing ? (
        <ProductForm product={p} onDone={(saved) => { setEditing(false); if (saved) setVersion((v) => v + 1); }} />
      ) : (
        <div className="grid">
          <section className="card" aria-labelledby="h-product" data-testid="product">
            <div className="section-head">
              <h2 id="h-product">Product</h2>
              {mayEditProduct(role) ? <Button variant="secondary" onClick={() => setEditing(true)}>Edit…</Button> : null}
            </div>
            <dl className="facts">
              <dt>Kind</dt>
              <dd>{p.kind.replace(/_/g, ' ')} {p.active ? null : <Badge>inactive</Badge>}</dd>
              <dt>List price</dt>
              <dd>{formatMoney(p.list_price)}</dd>
              <dt>Standard cost</dt>
              <dd>{p.standard_cost ? formatMoney(p.standard_cost) : '—'}</dd>
              <dt>Lead time</dt>
              <dd>{p.lead_time_days} days</dd>
              <dt>Warranty</dt>
              <dd>{p.warranty_days} days</dd>
              <dt>Installation</dt>
              <dd>{p.needs_installation ? 'needed' : 'not needed'}</dd>
              <dt>Tax category</dt>
              <dd>{p.tax_category}</dd>
            </dl>
          </section>
          <CostCard productId={p.id} costable={p.standard_cost !== null || data.bom.length > 0 || data.routing.length > 0} />
        </div>
      )}
      <div className="section-head">
        <h2>Stock</h2>
        {mayAdjustStock(role) ? <Link to={`/stock?product_id=${p.id}`}>Adjust stock…</Link> : null}
      </div>
      <Table rows={data.stock} rowKey={(s) => s.warehouse_id} empty="No stock anywhere." columns={[
        { header: 'Warehouse', cell: (s) => data.warehouses.get(s.warehouse_id)?.name ?? s.warehouse_id },
        { header: 'On hand', cell: (s) => s.on_hand, align: 'right' },
        { header: 'Reserved', cell: (s) => s.reserved, align: 'right' },
        { header: 'Available', cell: (s) => s.available, align: 'right' },
        { header: 'Incoming', cell: (s) => s.incoming, align: 'right' },
      ]} />
      <h2>Bill of materials</h2>
      <Table rows={data.bom} rowKey={(l) => l.id} empty="No bill of materials: bought in, or made from nothing listed." columns={[
        { header: 'Component', cell: (l) => <Link to={`/products/${l.component_id}`}>{l.component_sku}</Link> },
        { header: 'Name', cell: (l) => l.component_name },
        { header: 'Per unit', cell: (l) => l.quantity, align: 'right' },
        { header: 'Scrap', cell: (l) => `${l.scrap_percent} %`, align: 'right' },
      ]} />
      <h2>Routing</h2>
      <Table rows={data.routing} rowKey={(o) => o.id} empty="No routing." columns={[
        { header: 'Step', cell: (o) => o.sequence, align: 'right' },
        { header: 'Work center', cell: (o) => o.work_center_code },
        { header: 'Operation', cell: (o) => o.description },
        { header: 'Setup', cell: (o) => `${o.setup_minutes} min`, align: 'right' },
        { header: 'Run', cell: (o) => `${o.run_minutes} min/unit`, align: 'right' },
      ]} />
    </Page>
  );
}

/** The cost roll-up for a lot: materials, labour and overhead, per unit and for the lot. */
function CostCard({ productId, costable }: { productId: string; costable: boolean }) {
  const [quantity, setQuantity] = useState('1');
  const n = Number(quantity);
  const valid = Number.isInteger(n) && n >= 1;
  const cost = useLoad(() => (valid && costable ? get<Cost>(`/v1/products/${encodeURIComponent(productId)}/cost?quantity=${n}`) : Promise.resolve(null)), `${productId}|${quantity}`);
  return (
    <section className="card" aria-labelledby="h-cost" data-testid="cost">
      <h2 id="h-cost">Cost roll-up</h2>
      {costable ? null : <p className="muted">Nothing to roll up: no standard cost, bill of materials or routing yet.</p>}
      <Field label="Lot size" inputMode="numeric" value={quantity} error={valid ? undefined : 'A whole number of units, 1 or more.'} onChange={(e) => setQuantity(e.target.value)} />
      {cost.error ? (cost.error instanceof ApiError ? <Notice tone="warn">{cost.error.message}</Notice> : <ErrorNotice error={cost.error} />) : null}
      {cost.data ? (
        <>
          <p className="small muted">{cost.data.method === 'rolled_up' ? `Rolled up over ${cost.data.materials.length} material line(s) and ${cost.data.operations.length} operation(s).` : 'The standard cost: no BOM or routing.'}</p>
          <Table rows={(['materials', 'labour', 'overhead', 'total'] as const).map((k) => ({ k }))} rowKey={(r) => r.k} columns={[
            { header: 'Element', cell: (r) => r.k },
            { header: 'Per unit', cell: (r) => formatMoney(cost.data!.unit[r.k]), align: 'right' },
            { header: `Lot of ${cost.data.quantity}`, cell: (r) => formatMoney(cost.data!.totals[r.k]), align: 'right' },
          ]} />
        </>
      ) : null}
    </section>
  );
}

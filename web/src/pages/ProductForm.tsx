import { useState } from 'react';
import { api, ApiError } from '../api';
import { Button, Field, Notice, Select, unplacedError } from '../ds';
import { PRODUCT_KINDS, TAX_CATEGORIES, toMajor, toMinor, type ProductRecord } from '../records';

/** Create a product, or edit one (an edit sends only what changed): the API's message at each field. */
export function ProductForm({ product, onDone }: { product?: ProductRecord; onDone: (saved: ProductRecord | null) => void }) {
  const [v, setV] = useState({
    sku: product?.sku ?? '',
    name: product?.name ?? '',
    kind: product?.kind ?? 'stocked',
    currency: product?.list_price.currency ?? 'EUR',
    list_price: product ? toMajor(product.list_price.amount) : '',
    standard_cost: product?.standard_cost ? toMajor(product.standard_cost.amount) : '',
    lead_time_days: String(product?.lead_time_days ?? 0),
    warranty_days: String(product?.warranty_days ?? 0),
    tax_category: product?.tax_category ?? 'standard',
    needs_installation: product?.needs_installation ?? false,
    active: product?.active ?? true,
  });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = error instanceof ApiError ? error.fields : {};
  const set = (key: keyof typeof v) => (e: { target: { value: string } }) => setV({ ...v, [key]: e.target.value });
  const int = (text: string) => (text.trim() === '' ? undefined : Number(text));

  async function save() {
    setBusy(true);
    setError(null);
    const currency = v.currency.trim();
    const body: Record<string, unknown> = {
      ...(product ? { active: v.active } : { sku: v.sku, kind: v.kind }),
      name: v.name,
      list_price: { amount: toMinor(v.list_price), currency },
      standard_cost: v.standard_cost.trim() ? { amount: toMinor(v.standard_cost), currency } : product ? null : undefined,
      lead_time_days: int(v.lead_time_days),
      warranty_days: int(v.warranty_days),
      needs_installation: v.needs_installation,
      tax_category: v.tax_category,
    };
    const original: Record<string, unknown> = product ? { ...product } : {};
    const changed = Object.fromEntries(Object.entries(body).filter(([k, x]) => !product || JSON.stringify(x ?? null) !== JSON.stringify(original[k] ?? null)));
    try {
      onDone(product ? await api<ProductRecord>('PATCH', `/v1/products/${encodeURIComponent(product.id)}`, changed) : await api<ProductRecord>('POST', '/v1/products', body));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const at = (...names: string[]) => names.map((n) => fields[n]).find(Boolean);
  const placed = ['sku', 'name', 'kind', 'list_price', 'list_price.amount', 'list_price.currency', 'standard_cost', 'standard_cost.amount', 'standard_cost.currency', 'lead_time_days', 'warranty_days', 'tax_category'];
  const general = unplacedError(error, (f) => placed.includes(f));
  return (
    <form className="action-form record-form" aria-label={product ? 'Edit product' : 'New product'} data-testid="product-form" onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <div className="filters">
        {product ? null : <Field label="SKU" value={v.sku} error={at('sku')} onChange={set('sku')} autoFocus />}
        <Field label="Name" value={v.name} error={at('name')} onChange={set('name')} />
        {product ? null : (
          <Select label="Kind" value={v.kind} error={at('kind')} onChange={set('kind')}>
            {PRODUCT_KINDS.map((k) => <option key={k} value={k}>{k.replace(/_/g, ' ')}</option>)}
          </Select>
        )}
      </div>
      <div className="filters">
        {product ? null : <Field label="Currency" value={v.currency} maxLength={3} error={at('list_price.currency')} onChange={set('currency')} />}
        <Field label={`List price (${v.currency})`} inputMode="decimal" value={v.list_price} error={at('list_price.amount', 'list_price')} onChange={set('list_price')} />
        <Field label={`Standard cost (${v.currency})`} inputMode="decimal" value={v.standard_cost} hint="Empty: none (or roll it up)" error={at('standard_cost.amount', 'standard_cost', 'standard_cost.currency')} onChange={set('standard_cost')} />
      </div>
      <div className="filters">
        <Field label="Lead time (days)" inputMode="numeric" value={v.lead_time_days} error={at('lead_time_days')} onChange={set('lead_time_days')} />
        <Field label="Warranty (days)" inputMode="numeric" value={v.warranty_days} error={at('warranty_days')} onChange={set('warranty_days')} />
        <Select label="Tax category" value={v.tax_category} error={at('tax_category')} onChange={set('tax_category')}>
          {TAX_CATEGORIES.map((t) => <option key={t} value={t}>{t}</option>)}
        </Select>
      </div>
      <label className="check">
        <input type="checkbox" checked={v.needs_installation} onChange={(e) => setV({ ...v, needs_installation: e.target.checked })} /> Needs installation
      </label>
      {product ? (
        <label className="check">
          <input type="checkbox" checked={v.active} onChange={(e) => setV({ ...v, active: e.target.checked })} /> Active (offered on new orders)
        </label>
      ) : null}
      {general ? <Notice tone="bad">{general}</Notice> : null}
      <div className="row-actions">
        <Button type="submit" disabled={busy}>{product ? 'Save changes' : 'Create product'}</Button>
        <Button variant="quiet" onClick={() => onDone(null)}>Cancel</Button>
      </div>
    </form>
  );
}

import { useState, type FormEvent } from 'react';
import { api, ApiError, type Customer, type Product } from '../api';
import { Button, ErrorNotice, Field, Loading, Notice, Page, Select, unplacedError, useLoad } from '../ds';
import { loadNames } from '../lookups';
import { isLineField, linesInput, newLineRow, QuoteLinesEditor, withoutMessage, type LineRow } from '../quote-lines';
import type { Quote } from '../quotes';
import { Link, useNavigate } from '../router';

/**
 * A quote's lines with a discount each, and its dates: for a new quote (with its customer) or for one in
 * drafting (PATCH: the lines are priced, costed and promised again). Every message at its field.
 */
export function QuoteForm({
  quote,
  customers,
  products,
  onSaved,
  onCancel,
}: {
  quote?: Quote;
  customers?: Customer[];
  products: Product[];
  onSaved: (quote: Quote) => void;
  onCancel?: () => void;
}) {
  const [customer, setCustomer] = useState('');
  const [rows, setRows] = useState<LineRow[]>(() =>
    quote ? quote.lines.map((l) => newLineRow({ product_id: l.product_id, quantity: String(l.quantity), discount: l.discount_percent ? String(l.discount_percent) : '' })) : [newLineRow()],
  );
  const [neededBy, setNeededBy] = useState(quote?.needed_by ?? '');
  const [validUntil, setValidUntil] = useState(quote?.valid_until ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const { lines, errors: local } = linesInput(rows, true);
    if (customers && !customer) local.customer_id = 'Choose the customer.';
    setErrors(local);
    setError(null);
    if (Object.keys(local).length > 0) return;
    const dates = quote
      ? { needed_by: neededBy || null, valid_until: validUntil || null }
      : { ...(neededBy ? { needed_by: neededBy } : {}), ...(validUntil ? { valid_until: validUntil } : {}) };
    setBusy(true);
    try {
      const saved = quote
        ? await api<Quote>('PATCH', `/v1/quotes/${encodeURIComponent(quote.id)}`, { lines, ...dates })
        : await api<Quote>('POST', '/v1/quotes', { customer_id: customer, lines, ...dates });
      onSaved(saved);
    } catch (e) {
      setError(e);
      setErrors(e instanceof ApiError ? e.fields : {});
    } finally {
      setBusy(false);
    }
  }

  const placed = (f: string) => isLineField(f) || ['lines', 'customer_id', 'needed_by', 'valid_until'].includes(f);
  const message = unplacedError(error, placed);
  return (
    <form onSubmit={submit} noValidate aria-label={quote ? 'Edit the lines' : 'New quote'} className="quote-form">
      {message ? <Notice tone="bad">{message}</Notice> : null}
      {customers ? (
        <Select label="Customer" value={customer} onChange={(e) => { setCustomer(e.target.value); setErrors((x) => withoutMessage(x, 'customer_id')); }} error={errors.customer_id}>
          <option value="">Choose the customer…</option>
          {customers.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} ({c.tier})
            </option>
          ))}
        </Select>
      ) : null}
      <QuoteLinesEditor rows={rows} onChange={setRows} products={products} errors={errors} onEdit={(f) => setErrors((e) => withoutMessage(e, f))} withDiscount />
      <div className="filters">
        <Field label="Needed by" type="date" value={neededBy} onChange={(e) => { setNeededBy(e.target.value); setErrors((x) => withoutMessage(x, 'needed_by')); }} error={errors.needed_by} />
        <Field label="Valid until" type="date" value={validUntil} onChange={(e) => setValidUntil(e.target.value)} error={errors.valid_until} hint="Empty: the default validity from when it is sent." />
      </div>
      <div className="page-actions">
        <Button type="submit" disabled={busy}>
          {busy ? 'Saving…' : quote ? 'Save the lines' : 'Create the quote'}
        </Button>
        {onCancel ? (
          <Button variant="quiet" onClick={onCancel}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
}

/** /quotes/new: sales makes a quote for a customer; it is priced at once and opens in drafting. */
export function NewQuote() {
  const names = useLoad(loadNames, 'names');
  const navigate = useNavigate();
  const back = <Link to="/quotes">← All quotes</Link>;
  if (names.error) return <Page title="New quote" actions={back}><ErrorNotice error={names.error} /></Page>;
  if (!names.data) return <Page title="New quote" actions={back}><Loading /></Page>;
  const customers = [...names.data.customers.values()].sort((a, b) => a.name.localeCompare(b.name));
  const products = [...names.data.products.values()].sort((a, b) => a.sku.localeCompare(b.sku));
  return (
    <Page title="New quote" actions={back}>
      <div className="card">
        <QuoteForm customers={customers} products={products} onSaved={(q) => navigate(`/quotes/${q.id}`)} />
      </div>
    </Page>
  );
}

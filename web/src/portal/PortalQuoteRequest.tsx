import { useState, type FormEvent } from 'react';
import { api, ApiError, getAll, type Product } from '../api';
import { Button, ErrorNotice, Field, Loading, Notice, Page, TextArea, unplacedError, useLoad } from '../ds';
import { isLineField, linesInput, newLineRow, QuoteLinesEditor, withoutMessage, type LineRow } from '../quote-lines';
import type { Quote } from '../quotes';
import { Link, useNavigate } from '../router';

/** The customer asks for a quote: products and quantities, when they are needed, and why, in their words. */
export function PortalQuoteRequest() {
  const products = useLoad(() => getAll<Product>('/v1/products'), 'portal-products');
  const navigate = useNavigate();
  const [rows, setRows] = useState<LineRow[]>(() => [newLineRow()]);
  const [neededBy, setNeededBy] = useState('');
  const [message, setMessage] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const back = <Link to="/portal/quotes">← Your quotes</Link>;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const { lines, errors: local } = linesInput(rows, false);
    setErrors(local);
    setError(null);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      const quote = await api<Quote>('POST', '/v1/quotes', {
        lines,
        ...(neededBy ? { needed_by: neededBy } : {}),
        ...(message.trim() ? { message: message.trim() } : {}),
      });
      navigate(`/portal/quotes/${quote.id}`);
    } catch (e) {
      setError(e);
      setErrors(e instanceof ApiError ? e.fields : {});
    } finally {
      setBusy(false);
    }
  }

  if (products.error) return <Page title="Request a quote" actions={back}><ErrorNotice error={products.error} /></Page>;
  if (!products.data) return <Page title="Request a quote" actions={back}><Loading /></Page>;
  const message_ = unplacedError(error, (f) => isLineField(f) || ['lines', 'needed_by', 'message'].includes(f));
  return (
    <Page title="Request a quote" actions={back}>
      <p className="muted">Tell us what you need: we answer with prices and delivery dates, and you decide.</p>
      <form className="card quote-form" onSubmit={submit} noValidate aria-label="Request a quote">
        {message_ ? <Notice tone="bad">{message_}</Notice> : null}
        <QuoteLinesEditor rows={rows} onChange={setRows} products={[...products.data].sort((a, b) => a.name.localeCompare(b.name))} errors={errors} onEdit={(f) => setErrors((e) => withoutMessage(e, f))} />
        <Field label="Needed by" type="date" value={neededBy} onChange={(e) => { setNeededBy(e.target.value); setErrors((x) => withoutMessage(x, 'needed_by')); }} error={errors.needed_by} />
        <TextArea label="Message (optional)" value={message} onChange={(e) => setMessage(e.target.value)} error={errors.message} hint="Anything we should know: options, installation, delivery." />
        <Button type="submit" disabled={busy}>
          {busy ? 'Sending…' : 'Send the request'}
        </Button>
      </form>
    </Page>
  );
}

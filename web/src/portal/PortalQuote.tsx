import { useState, type FormEvent } from 'react';
import { api, ApiError, formatDate, formatMoney, get, getAll, type Order, type Product } from '../api';
import { Button, ErrorNotice, Field, Loading, Notice, Page, Table, TextArea, useLoad } from '../ds';
import { QuoteClockFacts } from '../quote-clock';
import { holderInWords, type Quote } from '../quotes';
import { Link } from '../router';
import { quoteStatusInWords } from './tracking';

async function loadPortalQuote(id: string) {
  const [quote, products] = await Promise.all([get<Quote>(`/v1/quotes/${encodeURIComponent(id)}`), getAll<Product>('/v1/products')]);
  return { quote, products: new Map(products.map((p) => [p.id, p])) };
}

/**
 * One of the customer's quotes: who has it and when the answer is due; once sent, the prices and dates,
 * and the decision — accept (the order is entered at these prices) or decline with a reason.
 */
export function PortalQuote({ id }: { id: string }) {
  const { data, error } = useLoad(() => loadPortalQuote(id), id);
  const [fresh, setFresh] = useState<{ quote: Quote; order?: Order } | null>(null);
  const [deciding, setDeciding] = useState<'accept' | 'reject' | null>(null);
  const [text, setText] = useState('');
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const back = <Link to="/portal/quotes">← Your quotes</Link>;
  if (error) return <Page title="Quote" actions={back}><ErrorNotice error={error} /></Page>;
  if (!data) return <Page title="Quote" actions={back}><Loading /></Page>;
  const quote = fresh?.quote.id === id ? fresh.quote : data.quote;
  const order = fresh?.order;
  const fields = failure instanceof ApiError ? failure.fields : {};

  async function decide(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      if (deciding === 'accept') {
        const answer = await api<{ quote: Quote; order: Order }>('POST', `/v1/quotes/${encodeURIComponent(id)}/accept`, text.trim() ? { external_ref: text.trim() } : {});
        setFresh(answer);
      } else {
        setFresh({ quote: await api<Quote>('POST', `/v1/quotes/${encodeURIComponent(id)}/reject`, { reason: text }) });
      }
      setDeciding(null);
    } catch (e) {
      setFailure(e);
    } finally {
      setBusy(false);
    }
  }
  const open = (which: 'accept' | 'reject') => { setDeciding(which); setText(''); setFailure(null); };
  const formMessage = failure && !(failure instanceof ApiError && (fields.reason || fields.external_ref)) ? (failure instanceof Error ? failure.message : String(failure)) : null;

  return (
    <Page title={`Quote ${quote.number}${quote.version > 1 ? ` v${quote.version}` : ''}`} actions={back}>
      {quote.order_id ? (
        <Notice tone="good">
          You accepted this quote: <Link to={`/portal/orders/${quote.order_id}`}>{order ? `follow order ${order.number}` : 'follow your order'}</Link>.
        </Notice>
      ) : null}
      {quote.superseded_by_id ? (
        <Notice tone="info">
          There is a <Link to={`/portal/quotes/${quote.superseded_by_id}`}>newer version of this quote</Link>.
        </Notice>
      ) : null}
      <div className="grid">
        <section className="card">
          <dl className="facts">
            <dt>Status</dt>
            <dd>{quoteStatusInWords(quote.status)}</dd>
            <dt>Total</dt>
            <dd>
              <strong>{quote.total ? formatMoney(quote.total) : 'Prices follow with our answer'}</strong>
            </dd>
            {quote.discount && quote.discount.amount > 0 ? (
              <>
                <dt>Your discount</dt>
                <dd>{formatMoney(quote.discount)}</dd>
              </>
            ) : null}
            <dt>Needed by</dt>
            <dd>{formatDate(quote.needed_by)}</dd>
            <dt>Valid until</dt>
            <dd>{formatDate(quote.valid_until)}</dd>
            {quote.message ? (
              <>
                <dt>Your message</dt>
                <dd>{quote.message}</dd>
              </>
            ) : null}
          </dl>
        </section>
        <section className="card" aria-labelledby="h-clock">
          <h2 id="h-clock">Where it is</h2>
          <QuoteClockFacts clock={quote.clock} name={holderInWords} />
        </section>
      </div>

      {quote.status === 'sent' ? (
        <section className="card decide" aria-labelledby="h-decide">
          <h2 id="h-decide">Your decision</h2>
          <div className="page-actions">
            <Button onClick={() => open('accept')} aria-expanded={deciding === 'accept'}>
              Accept…
            </Button>
            <Button variant="secondary" onClick={() => open('reject')} aria-expanded={deciding === 'reject'}>
              Decline…
            </Button>
          </div>
          {deciding ? (
            <form onSubmit={decide} noValidate aria-label={deciding === 'accept' ? 'Accept the quote' : 'Decline the quote'} className="step-form">
              {formMessage ? <Notice tone="bad">{formMessage}</Notice> : null}
              {deciding === 'accept' ? (
                <Field label="Your purchase order number (optional)" value={text} onChange={(e) => setText(e.target.value)} error={fields.external_ref} autoFocus />
              ) : (
                <TextArea label="Why you decline" value={text} onChange={(e) => setText(e.target.value)} error={fields.reason} autoFocus />
              )}
              <div className="page-actions">
                <Button type="submit" disabled={busy}>
                  {deciding === 'accept' ? 'Accept and order' : 'Decline the quote'}
                </Button>
                <Button variant="quiet" onClick={() => setDeciding(null)}>
                  Cancel
                </Button>
              </div>
            </form>
          ) : null}
        </section>
      ) : null}

      <h2>What you asked for</h2>
      <Table
        rows={quote.lines}
        rowKey={(l) => l.id}
        columns={[
          { header: 'Item', cell: (l) => data.products.get(l.product_id)?.name ?? 'Item' },
          { header: 'Quantity', cell: (l) => l.quantity, align: 'right' },
          { header: 'Expected by', cell: (l) => formatDate(l.promised_date) },
          { header: 'Unit price', cell: (l) => (l.unit_price ? formatMoney(l.unit_price) : '—'), align: 'right' },
          { header: 'Price', cell: (l) => (l.total ? formatMoney(l.total) : '—'), align: 'right' },
        ]}
      />
    </Page>
  );
}

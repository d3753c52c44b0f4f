import { useState } from 'react';
import { api, ApiError, formatDateTime, get } from '../api';
import { canBill, DISPUTE_REASONS, UNRESOLVED, type Dispute } from '../billing';
import { DisputeStatusBadge } from '../billing-ui';
import { Button, ErrorNotice, Field, Loading, Notice, Page, Select, TextArea, unplacedError, useLoad } from '../ds';
import { Link } from '../router';
import { useSession } from '../session';

/** "12.50" → 1250 minor units, in integers only (never through a float); null when it is not an amount. */
export function parseMinorUnits(text: string): number | null {
  const m = /^\s*(\d{1,10})(?:[.,](\d{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** A dispute for staff: the line and the customer's words; finance takes it into review and resolves it. */
export function DisputePage({ id }: { id: string }) {
  const { me } = useSession();
  const [version, setVersion] = useState(0);
  const { data: dispute, error } = useLoad(() => get<Dispute>(`/v1/disputes/${encodeURIComponent(id)}`), `${id}|${version}`);
  const back = <Link to="/disputes">← All disputes</Link>;
  if (error) return <Page title="Dispute" actions={back}><ErrorNotice error={error} /></Page>;
  if (!dispute) return <Page title="Dispute" actions={back}><Loading /></Page>;
  const finance = canBill(me?.role ?? '');

  return (
    <Page title={`Dispute on ${dispute.invoice_number}, line ${dispute.line.line_no}`} actions={back}>
      <div className="grid">
        <section className="card" aria-labelledby="h-dispute">
          <h2 id="h-dispute">The customer's question</h2>
          <dl className="facts">
            <dt>Status</dt>
            <dd>
              <DisputeStatusBadge status={dispute.status} />
            </dd>
            <dt>Invoice</dt>
            <dd>
              <Link to={`/invoices/${dispute.invoice_id}`}>{dispute.invoice_number}</Link> · <Link to={`/orders/${dispute.order_id}`}>order</Link>
            </dd>
            <dt>Line</dt>
            <dd>
              {dispute.line.line_no}: {dispute.line.quantity} × {dispute.line.sku} · {dispute.line.description}
            </dd>
            <dt>Reason</dt>
            <dd>{DISPUTE_REASONS[dispute.reason] ?? dispute.reason}</dd>
            <dt>Raised</dt>
            <dd>{formatDateTime(dispute.created_at)}</dd>
            <dt>Answer due</dt>
            <dd>{formatDateTime(dispute.respond_by)}</dd>
          </dl>
          <blockquote className="said" data-testid="dispute-message">{dispute.message}</blockquote>
        </section>
        {dispute.answer || dispute.withdrawn_reason || dispute.status === 'withdrawn' ? (
          <section className="card" aria-labelledby="h-answer" data-testid="dispute-answer">
            <h2 id="h-answer">{dispute.status === 'withdrawn' ? 'Withdrawn' : 'Answer'}</h2>
            <p>{dispute.answer ?? dispute.withdrawn_reason ?? 'The customer withdrew it.'}</p>
            {dispute.credit_note_number ? <p>Credit note <strong>{dispute.credit_note_number}</strong></p> : null}
            {dispute.resolved_at ? <p className="muted small">Resolved {formatDateTime(dispute.resolved_at)}</p> : null}
          </section>
        ) : null}
      </div>
      {finance && UNRESOLVED.includes(dispute.status) ? <ResolveDispute dispute={dispute} onDone={() => setVersion((v) => v + 1)} /> : null}
    </Page>
  );
}

function ResolveDispute({ dispute, onDone }: { dispute: Dispute; onDone: () => void }) {
  const [resolution, setResolution] = useState('credit');
  const [by, setBy] = useState<'quantity' | 'amount'>('quantity');
  const [credit, setCredit] = useState('');
  const [answer, setAnswer] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const fields = { ...(error instanceof ApiError ? error.fields : {}), ...localErrors };
  if (fields.answer && !answer.trim()) fields.answer = 'Write the answer the customer will read.';
  const id = encodeURIComponent(dispute.id);

  async function run(action: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await action();
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  function resolve() {
    const body: Record<string, unknown> = { resolution, answer };
    setLocalErrors({});
    if (resolution === 'credit') {
      const value = by === 'quantity' ? (/^\s*\d+\s*$/.test(credit) ? Number(credit) : null) : parseMinorUnits(credit);
      if (value === null) return setLocalErrors({ [`credit.${by}`]: by === 'quantity' ? 'Enter a whole number of units.' : 'Enter an amount, like 120.50.' });
      body.credit = { [by]: value };
    }
    return run(() => api('POST', `/v1/disputes/${id}/resolve`, body));
  }

  const creditError = fields[`credit.${by}`] ?? fields.credit;
  const message = unplacedError(error, (f) => ['answer', 'resolution', 'credit', 'credit.quantity', 'credit.amount'].includes(f));
  return (
    <section className="card spaced" aria-labelledby="h-resolve" data-testid="resolve">
      <h2 id="h-resolve">Resolve</h2>
      {dispute.status === 'open' ? (
        <p>
          <Button variant="secondary" disabled={busy} onClick={() => run(() => api('POST', `/v1/disputes/${id}/review`, {}))}>
            Take into review
          </Button>
        </p>
      ) : null}
      <form className="action-form" onSubmit={(e) => { e.preventDefault(); void resolve(); }}>
        <Select label="Resolution" value={resolution} onChange={(e) => setResolution(e.target.value)} error={fields.resolution}>
          <option value="credit">Credit part of the line</option>
          <option value="explained">Explain: the bill stands</option>
          <option value="rebill">Re-bill: credit what is left of the line</option>
        </Select>
        {resolution === 'credit' ? (
          <div className="filters">
            <Select label="Credit by" value={by} onChange={(e) => setBy(e.target.value as 'quantity' | 'amount')}>
              <option value="quantity">Units at the invoiced price</option>
              <option value="amount">An amount off the line (net)</option>
            </Select>
            <Field label={by === 'quantity' ? 'Units to credit' : 'Amount to credit (net)'} inputMode={by === 'quantity' ? 'numeric' : 'decimal'} value={credit} onChange={(e) => setCredit(e.target.value)} error={creditError} />
          </div>
        ) : null}
        <TextArea label="Answer to the customer" value={answer} onChange={(e) => setAnswer(e.target.value)} error={fields.answer} />
        {message ? <Notice tone="bad">{message}</Notice> : null}
        <Button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Resolve the dispute'}
        </Button>
      </form>
    </section>
  );
}

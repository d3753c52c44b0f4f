import { useEffect, useRef, useState } from 'react';
import { api, ApiError, formatMoney } from '../api';
import { DISPUTE_REASONS, type Dispute, type Invoice, type InvoiceLine } from '../billing';
import { Button, Notice, Select, TextArea, unplacedError } from '../ds';

/** The customer questions one line: a reason and a message; each error the API names is shown at its field. */
export function PortalDisputeForm({ invoice, line, onCancel, onDone }: { invoice: Invoice; line: InvoiceLine; onCancel: () => void; onDone: (dispute: Dispute) => void }) {
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  // The API judges; an empty field gets words of ours rather than the validator's.
  const fields = { ...(error instanceof ApiError ? error.fields : {}) };
  if (fields.reason && !reason) fields.reason = 'Choose what is wrong.';
  if (fields.message && !message.trim()) fields.message = 'Tell us what is wrong with this line.';

  async function submit() {
    setBusy(true);
    setError(null);
    try {
      // An empty choice is sent as is: the API says what is missing, at the field.
      const dispute = await api<Dispute>('POST', `/v1/invoices/${encodeURIComponent(invoice.id)}/disputes`, { invoice_line_id: line.id, reason, message });
      onDone(dispute);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const formError = unplacedError(error, (f) => f === 'reason' || f === 'message');
  return (
    <section className="card spaced" aria-labelledby="h-dispute-form" data-testid="dispute-form">
      <h2 id="h-dispute-form" tabIndex={-1} ref={heading}>
        Dispute line {line.line_no}: {line.quantity} × {line.description} ({formatMoney(line.net)})
      </h2>
      <form className="action-form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <Select label="What is wrong" value={reason} onChange={(e) => setReason(e.target.value)} error={fields.reason}>
          <option value="">Choose…</option>
          {Object.entries(DISPUTE_REASONS).map(([value, words]) => (
            <option key={value} value={value}>
              {words}
            </option>
          ))}
        </Select>
        <TextArea label="Tell us more" value={message} onChange={(e) => setMessage(e.target.value)} error={fields.message} hint="What you expected and what you got." />
        {formError ? <Notice tone="bad">{formError}</Notice> : null}
        <div className="row-actions">
          <Button type="submit" disabled={busy}>
            {busy ? 'Sending…' : 'Send the dispute'}
          </Button>
          <Button variant="quiet" onClick={onCancel}>
            Cancel
          </Button>
        </div>
      </form>
    </section>
  );
}

import { useState } from 'react';
import { api, ApiError } from '../api';
import { Button, Notice, TextArea, unplacedError } from '../ds';

/** One action that needs a reason (request, accept, decline, release): the API's message at the field. */
export function ReasonForm({ title, label = 'Reason', submit, method = 'POST', path, extra, onDone }: { title: string; label?: string; submit: string; method?: string; path: string; extra?: Record<string, unknown>; onDone: (done: boolean) => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = error instanceof ApiError ? error.fields : {};
  async function send() {
    setBusy(true);
    setError(null);
    try {
      await api(method, path, { ...extra, reason });
      onDone(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  const general = unplacedError(error, (f) => f === 'reason');
  return (
    <form className="action-form step-form" aria-label={title} data-testid="reason-form" onSubmit={(e) => { e.preventDefault(); void send(); }}>
      <strong>{title}</strong>
      <TextArea label={label} value={reason} autoFocus error={fields.reason} onChange={(e) => setReason(e.target.value)} />
      {general ? <Notice tone="bad">{general}</Notice> : null}
      <div className="row-actions">
        <Button type="submit" disabled={busy}>
          {submit}
        </Button>
        <Button variant="quiet" onClick={() => onDone(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

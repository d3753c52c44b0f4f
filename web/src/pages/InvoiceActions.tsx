import { useState } from 'react';
import { api } from '../api';
import { OPEN_STATUSES, type Invoice } from '../billing';
import { Button, ErrorNotice } from '../ds';
import { CreditNoteForm, unitsLeft } from './CreditNoteForm';
import { PaymentForm } from './PaymentForm';
import { ReasonForm } from './ReasonForm';

type Form = 'discard' | 'payment' | 'credit';

/**
 * Finance's steps on one invoice: a draft is issued or discarded; an open one takes a payment or a credit
 * note. One form at a time; `onChanged` reloads the page to show the new state.
 */
export function InvoiceActions({ invoice, onChanged }: { invoice: Invoice; onChanged: () => void }) {
  const [form, setForm] = useState<Form | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const id = encodeURIComponent(invoice.id);
  const done = (changed: boolean) => {
    setForm(null);
    if (changed) onChanged();
  };

  async function issue() {
    setBusy(true);
    setError(null);
    try {
      await api('POST', `/v1/invoices/${id}/issue`, {});
      onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const draft = invoice.status === 'draft';
  const open = OPEN_STATUSES.includes(invoice.status);
  const creditable = open && invoice.lines.some((l) => unitsLeft(l) > 0);
  if (!draft && !open) return null;
  return (
    <section className="card spaced" aria-labelledby="h-invoice-actions" data-testid="invoice-actions">
      <h2 id="h-invoice-actions">{draft ? 'Draft: review, then issue' : 'Payments and corrections'}</h2>
      {error ? <ErrorNotice error={error} /> : null}
      {form === null ? (
        <div className="row-actions">
          {draft ? (
            <>
              <Button disabled={busy} onClick={issue}>Issue the invoice</Button>
              <Button variant="secondary" onClick={() => setForm('discard')}>Discard…</Button>
            </>
          ) : (
            <>
              {invoice.balance.amount > 0 ? <Button onClick={() => setForm('payment')}>Record a payment…</Button> : null}
              {creditable ? <Button variant="secondary" onClick={() => setForm('credit')}>Credit note…</Button> : null}
            </>
          )}
        </div>
      ) : null}
      {form === 'discard' ? (
        <ReasonForm title="Discard the draft" label="Why discard it" submit="Discard the draft" path={`/v1/invoices/${id}/discard`} onDone={done} />
      ) : null}
      {form === 'payment' ? <PaymentForm invoice={invoice} onDone={done} /> : null}
      {form === 'credit' ? <CreditNoteForm invoice={invoice} onDone={done} /> : null}
    </section>
  );
}

import { useEffect, useRef, useState } from 'react';
import { api, ApiError, formatDate, formatMoney } from '../api';
import { openInvoices, type Invoice, type Payment } from '../billing';
import { Button, ErrorNotice, Field, Loading, Notice, Select, unplacedError, useLoad } from '../ds';
import { toMajor, toMinor } from '../records';

/** What of the payment fits the invoice: its credit, no more than the invoice has open. */
const fitting = (payment: Payment, invoice: Invoice | undefined) => toMajor(Math.min(payment.unallocated.amount, invoice?.balance.amount ?? payment.unallocated.amount));

/** Apply what is left of a payment (the customer's credit) to one open invoice of the same customer and currency. */
export function AllocateForm({ payment, customerName, onDone }: { payment: Payment; customerName: string; onDone: (saved: boolean) => void }) {
  const invoices = useLoad(() => openInvoices(payment.customer_id), `open-${payment.customer_id}`);
  const candidates = (invoices.data ?? []).filter((i) => i.currency === payment.amount.currency);
  const [invoiceId, setInvoiceId] = useState('');
  const [amount, setAmount] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [notAnAmount, setNotAnAmount] = useState(false);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const fields = error instanceof ApiError ? error.fields : {};
  const chosen = candidates.find((i) => i.id === invoiceId);

  function choose(id: string) {
    setInvoiceId(id);
    setAmount(fitting(payment, candidates.find((i) => i.id === id)));
  }

  async function save() {
    const minor = toMinor(amount);
    setError(null);
    setNotAnAmount(Number.isNaN(minor));
    if (Number.isNaN(minor)) return;
    setBusy(true);
    try {
      await api('POST', `/v1/payments/${encodeURIComponent(payment.id)}/allocations`, { allocations: [{ invoice_id: invoiceId, amount: minor }] });
      onDone(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const general = unplacedError(error, (f) => ['allocations.0.invoice_id', 'allocations.0.amount'].includes(f));
  return (
    <section className="card spaced" aria-labelledby="h-allocate" data-testid="allocate-form">
      <h2 id="h-allocate" tabIndex={-1} ref={heading}>
        Allocate {formatMoney(payment.unallocated)} of {customerName || 'the customer'}'s credit
      </h2>
      <p className="muted small">
        Payment of {formatMoney(payment.amount)} received {formatDate(payment.received_on)}
        {payment.reference ? ` · ${payment.reference}` : ''}
      </p>
      {invoices.error ? <ErrorNotice error={invoices.error} /> : null}
      {invoices.loading ? <Loading /> : null}
      {invoices.data && candidates.length === 0 ? (
        <>
          <Notice>This customer has no open invoice in {payment.amount.currency}: the credit waits for the next one.</Notice>
          <Button variant="quiet" onClick={() => onDone(false)}>
            Close
          </Button>
        </>
      ) : null}
      {candidates.length > 0 ? (
        <form className="action-form" onSubmit={(e) => { e.preventDefault(); void save(); }}>
          <div className="filters">
            <Select label="Invoice" value={invoiceId} error={fields['allocations.0.invoice_id']} onChange={(e) => choose(e.target.value)}>
              <option value="">Choose an open invoice…</option>
              {candidates.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.number} · {formatMoney(i.balance)} open · due {formatDate(i.due_date)}
                </option>
              ))}
            </Select>
            <Field label={`Amount (${payment.amount.currency})`} inputMode="decimal" value={amount} error={notAnAmount ? 'Enter an amount, like 120.50.' : fields['allocations.0.amount']} hint={chosen ? `At most ${fitting(payment, chosen)}` : undefined} onChange={(e) => setAmount(e.target.value)} />
          </div>
          {general ? <Notice tone="bad">{general}</Notice> : null}
          <div className="row-actions">
            <Button type="submit" disabled={busy}>
              {busy ? 'Saving…' : 'Allocate'}
            </Button>
            <Button variant="quiet" onClick={() => onDone(false)}>
              Cancel
            </Button>
          </div>
        </form>
      ) : null}
    </section>
  );
}

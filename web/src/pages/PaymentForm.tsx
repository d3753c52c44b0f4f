import { useState } from 'react';
import { api, ApiError, formatMoney } from '../api';
import { PAYMENT_METHODS, type Invoice } from '../billing';
import { Button, Field, Notice, Select, unplacedError } from '../ds';
import { toMajor, toMinor } from '../records';

const today = () => new Date().toISOString().slice(0, 10);

/**
 * Money received for one invoice: applied to it up to its balance; more stays the customer's credit
 * (allocated later from Payments). Every message the API gives at its field.
 */
export function PaymentForm({ invoice, onDone }: { invoice: Invoice; onDone: (saved: boolean) => void }) {
  const [amount, setAmount] = useState(() => toMajor(invoice.balance.amount));
  const [receivedOn, setReceivedOn] = useState(today);
  const [method, setMethod] = useState('bank_transfer');
  const [reference, setReference] = useState(invoice.number ?? '');
  const [error, setError] = useState<unknown>(null);
  const [notAnAmount, setNotAnAmount] = useState(false);
  const [busy, setBusy] = useState(false);
  const fields = error instanceof ApiError ? error.fields : {};
  const minor = toMinor(amount);
  const toThisInvoice = Math.min(minor, invoice.balance.amount);
  const credit = Number.isNaN(minor) ? 0 : minor - toThisInvoice;

  async function save() {
    setError(null);
    setNotAnAmount(Number.isNaN(minor));
    if (Number.isNaN(minor)) return;
    setBusy(true);
    try {
      await api('POST', '/v1/payments', {
        customer_id: invoice.customer_id,
        amount: { amount: minor, currency: invoice.currency },
        received_on: receivedOn,
        method,
        ...(reference.trim() ? { reference } : {}),
        // [] keeps it all as credit: nothing of a zero (refused) amount goes anywhere.
        allocations: toThisInvoice > 0 ? [{ invoice_id: invoice.id, amount: toThisInvoice }] : [],
      });
      onDone(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const hint = credit > 0 ? `${formatMoney({ amount: credit, currency: invoice.currency })} over the balance stays as the customer's credit.` : `Balance ${formatMoney(invoice.balance)}.`;
  const general = unplacedError(error, (f) => ['amount', 'amount.amount', 'amount.currency', 'received_on', 'method', 'reference'].includes(f));
  return (
    <form className="action-form" aria-label="Record a payment" data-testid="payment-form" onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <div className="filters">
        <Field label={`Amount (${invoice.currency})`} inputMode="decimal" value={amount} autoFocus error={notAnAmount ? 'Enter an amount, like 120.50.' : (fields['amount.amount'] ?? fields['amount.currency'] ?? fields.amount)} hint={hint} onChange={(e) => setAmount(e.target.value)} />
        <Field label="Received on" type="date" value={receivedOn} error={fields.received_on} onChange={(e) => setReceivedOn(e.target.value)} />
      </div>
      <div className="filters">
        <Select label="Method" value={method} error={fields.method} onChange={(e) => setMethod(e.target.value)}>
          {PAYMENT_METHODS.map((m) => <option key={m} value={m}>{m.replace(/_/g, ' ')}</option>)}
        </Select>
        <Field label="Reference" value={reference} error={fields.reference} hint="The bank's or the customer's; optional" onChange={(e) => setReference(e.target.value)} />
      </div>
      {general ? <Notice tone="bad">{general}</Notice> : null}
      <div className="row-actions">
        <Button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Record the payment'}
        </Button>
        <Button variant="quiet" onClick={() => onDone(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

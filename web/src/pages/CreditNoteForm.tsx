import { useState } from 'react';
import { api, ApiError, formatMoney } from '../api';
import type { Invoice, InvoiceLine } from '../billing';
import { Button, Field, Notice, TextArea, unplacedError } from '../ds';

/** Units of a line not yet credited: what a credit note may still take back. */
export const unitsLeft = (line: InvoiceLine) => line.quantity - line.credited_quantity;

/** What the user typed per line, checked before sending: whole units, at most what is left. */
function creditLines(lines: InvoiceLine[], units: Record<string, string>) {
  const errors: Record<string, string> = {};
  const wanted: { line: InvoiceLine; quantity: number }[] = [];
  for (const line of lines) {
    const text = (units[line.id] ?? '').trim();
    if (text === '' || text === '0') continue;
    if (!/^\d+$/.test(text)) errors[line.id] = 'Enter a whole number of units.';
    else if (Number(text) > unitsLeft(line)) errors[line.id] = `At most ${unitsLeft(line)} units are left to credit.`;
    else wanted.push({ line, quantity: Number(text) });
  }
  return { errors, wanted };
}

/** A credit note for an issued invoice: per line the units to take back at the invoiced price, and why. */
export function CreditNoteForm({ invoice, onDone }: { invoice: Invoice; onDone: (saved: boolean) => void }) {
  const lines = invoice.lines.filter((l) => unitsLeft(l) > 0);
  const [units, setUnits] = useState<Record<string, string>>({});
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const [sent, setSent] = useState<string[]>([]); // line ids in the order sent: the API names lines by index
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const apiFields = error instanceof ApiError ? error.fields : {};
  const lineError = (id: string) => {
    const i = sent.indexOf(id);
    return local[id] ?? (i < 0 ? undefined : (apiFields[`lines.${i}.quantity`] ?? apiFields[`lines.${i}`] ?? apiFields[`lines.${i}.invoice_line_id`]));
  };

  async function save() {
    const { errors, wanted } = creditLines(lines, units);
    if (wanted.length === 0 && Object.keys(errors).length === 0 && lines[0]) errors[lines[0].id] = 'Enter the units to credit on at least one line.';
    setLocal(errors);
    setError(null);
    if (Object.keys(errors).length > 0) return;
    setBusy(true);
    setSent(wanted.map((w) => w.line.id));
    try {
      await api('POST', '/v1/credit-notes', { invoice_id: invoice.id, reason, lines: wanted.map((w) => ({ invoice_line_id: w.line.id, quantity: w.quantity })) });
      onDone(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const general = unplacedError(error, (f) => f === 'reason' || /^lines\.\d+(\.quantity|\.invoice_line_id)?$/.test(f));
  return (
    <form className="action-form" aria-label="Credit note" data-testid="credit-note-form" onSubmit={(e) => { e.preventDefault(); void save(); }}>
      {lines.map((l) => (
        <Field
          key={l.id}
          label={`Line ${l.line_no}: units to credit`}
          inputMode="numeric"
          value={units[l.id] ?? ''}
          error={lineError(l.id)}
          hint={`${l.sku} · at most ${unitsLeft(l)} at ${formatMoney(l.unit_price)} net`}
          onChange={(e) => setUnits({ ...units, [l.id]: e.target.value })}
        />
      ))}
      <TextArea label="Reason" value={reason} error={apiFields.reason} hint="Printed on the credit note" onChange={(e) => setReason(e.target.value)} />
      {general ? <Notice tone="bad">{general}</Notice> : null}
      <div className="row-actions">
        <Button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Issue the credit note'}
        </Button>
        <Button variant="quiet" onClick={() => onDone(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

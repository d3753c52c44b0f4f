import { useState } from 'react';
import { api, ApiError } from '../api';
import { Button, Field, Notice, unplacedError } from '../ds';
import type { QuoteSettings } from '../quotes';
import { TIERS } from '../records';

/** The quote clock's promise per customer tier and how long a sent quote holds; finance and executives change them. */
export function QuoteSettingsCard({ settings, editable, onSaved }: { settings: QuoteSettings; editable: boolean; onSaved: () => void }) {
  const [editing, setEditing] = useState(false);
  return (
    <section className="card spaced" aria-labelledby="h-quote-settings" data-testid="quote-settings">
      <div className="section-head">
        <h2 id="h-quote-settings">Quote settings</h2>
        {editable && !editing ? (
          <Button variant="secondary" onClick={() => setEditing(true)}>
            Change settings…
          </Button>
        ) : null}
      </div>
      <dl className="facts">
        {TIERS.map((t) => (
          <div key={t} style={{ display: 'contents' }}>
            <dt>Answer a {t} customer within</dt>
            <dd data-testid={`response-${t}`}>{settings.response_hours[t]} h</dd>
          </div>
        ))}
        <dt>A sent quote holds for</dt>
        <dd>{settings.validity_days} days</dd>
      </dl>
      {editing ? (
        <SettingsForm
          settings={settings}
          onDone={(saved) => {
            setEditing(false);
            if (saved) onSaved();
          }}
        />
      ) : null}
    </section>
  );
}

function SettingsForm({ settings, onDone }: { settings: QuoteSettings; onDone: (saved: boolean) => void }) {
  const [values, setValues] = useState<Record<string, string>>(() => ({
    ...Object.fromEntries(TIERS.map((t) => [`response_hours.${t}`, String(settings.response_hours[t])])),
    validity_days: String(settings.validity_days),
  }));
  const [local, setLocal] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = { ...(error instanceof ApiError ? error.fields : {}), ...local };

  async function save() {
    const notWhole = Object.entries(values).filter(([, text]) => !/^\s*\d+\s*$/.test(text));
    setLocal(Object.fromEntries(notWhole.map(([key]) => [key, 'Enter a whole number.'])));
    setError(null);
    if (notWhole.length > 0) return;
    setBusy(true);
    try {
      const n = (key: string) => Number(values[key]);
      await api('PATCH', '/v1/quote-settings', {
        validity_days: n('validity_days'),
        response_hours: Object.fromEntries(TIERS.map((t) => [t, n(`response_hours.${t}`)])),
      });
      onDone(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const input = (key: string, label: string) => (
    <Field key={key} label={label} inputMode="numeric" value={values[key]} error={fields[key]} onChange={(e) => setValues({ ...values, [key]: e.target.value })} />
  );
  const general = unplacedError(error, (f) => f in values);
  return (
    <form className="action-form spaced" aria-label="Change quote settings" onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <div className="filters">{TIERS.map((t) => input(`response_hours.${t}`, `Response hours: ${t}`))}</div>
      {input('validity_days', 'Validity (days)')}
      {general ? <Notice tone="bad">{general}</Notice> : null}
      <div className="row-actions">
        <Button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Save the settings'}
        </Button>
        <Button variant="quiet" onClick={() => onDone(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

import { useState } from 'react';
import { api, ApiError, formatDateTime } from '../api';
import { Button, Field, Notice, unplacedError } from '../ds';
import { maySetPolicy, type Policy } from '../records';

const WEIGHTS = ['tier', 'value', 'margin', 'slack', 'age'] as const;
const TIERS = ['strategic', 'key', 'standard'] as const;

/** The policy in force with its version; an executive sets the next version here. */
export function PolicyCard({ policy, role, onSaved }: { policy: Policy; role: string; onSaved: () => void }) {
  const [editing, setEditing] = useState(false);
  return (
    <section className="card" aria-labelledby="h-policy" data-testid="policy">
      <div className="section-head">
        <h2 id="h-policy">Policy v{policy.version}</h2>
        {maySetPolicy(role) && !editing ? (
          <Button variant="secondary" onClick={() => setEditing(true)}>
            Change policy…
          </Button>
        ) : null}
      </div>
      {policy.note ? <p className="said">{policy.note}</p> : null}
      <dl className="facts small spaced">
        <dt>Weights</dt>
        <dd>{WEIGHTS.map((w) => `${w} ×${policy.weights[w]}`).join(' · ')}</dd>
        <dt>Tier values</dt>
        <dd>{TIERS.map((t) => `${t} ${policy.tier_values[t]}`).join(' · ')}</dd>
        <dt>Slack horizon</dt>
        <dd>{policy.slack_horizon_days} days</dd>
        <dt>Expedite boost</dt>
        <dd>+{policy.expedite_boost}</dd>
        <dt>No starving</dt>
        <dd>an order waiting over {policy.starvation_bound_days} days outranks any new one</dd>
        <dt>Set by</dt>
        <dd>
          {policy.created_by}, {formatDateTime(policy.created_at)}
        </dd>
      </dl>
      {editing ? (
        <PolicyForm
          policy={policy}
          onDone={(saved) => {
            setEditing(false);
            if (saved) onSaved();
          }}
        />
      ) : null}
    </section>
  );
}

function PolicyForm({ policy, onDone }: { policy: Policy; onDone: (saved: boolean) => void }) {
  const [values, setValues] = useState<Record<string, string>>(() => ({
    ...Object.fromEntries(WEIGHTS.map((w) => [`weights.${w}`, String(policy.weights[w])])),
    ...Object.fromEntries(TIERS.map((t) => [`tier_values.${t}`, String(policy.tier_values[t])])),
    slack_horizon_days: String(policy.slack_horizon_days),
    expedite_boost: String(policy.expedite_boost),
    note: '',
  }));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = error instanceof ApiError ? error.fields : {};
  const num = (k: string) => (values[k]!.trim() === '' ? null : Number(values[k]));

  async function save() {
    setBusy(true);
    setError(null);
    try {
      await api('POST', '/v1/priority/policy', {
        weights: Object.fromEntries(WEIGHTS.map((w) => [w, num(`weights.${w}`)])),
        tier_values: Object.fromEntries(TIERS.map((t) => [t, num(`tier_values.${t}`)])),
        slack_horizon_days: num('slack_horizon_days'),
        expedite_boost: num('expedite_boost'),
        ...(values.note!.trim() ? { note: values.note } : {}),
      });
      onDone(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const input = (key: string, label: string) => (
    <Field key={key} label={label} inputMode="decimal" value={values[key]} error={fields[key]} onChange={(e) => setValues({ ...values, [key]: e.target.value })} />
  );
  const general = unplacedError(error, (f) => f in values);
  return (
    <form className="action-form spaced" aria-label="New policy version" onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <div className="filters">{WEIGHTS.map((w) => input(`weights.${w}`, `Weight: ${w}`))}</div>
      <div className="filters">{TIERS.map((t) => input(`tier_values.${t}`, `Tier value: ${t}`))}</div>
      <div className="filters">
        {input('slack_horizon_days', 'Slack horizon (days)')}
        {input('expedite_boost', 'Expedite boost')}
      </div>
      <Field label="Why this change" value={values.note} error={fields.note} onChange={(e) => setValues({ ...values, note: e.target.value })} />
      {general ? <Notice tone="bad">{general}</Notice> : null}
      <div className="row-actions">
        <Button type="submit" disabled={busy}>
          Save as v{policy.version + 1}
        </Button>
        <Button variant="quiet" onClick={() => onDone(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

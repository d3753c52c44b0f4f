import { useState } from 'react';
import { api, ApiError } from '../api';
import { Button, Field, Notice, Select, unplacedError } from '../ds';
import { parseDecimal, APPROVER_ROLES, RULE_KINDS, type ApprovalRule } from '../quotes';
import { toMajor, toMinor } from '../records';

const FIELDS = ['name', 'kind', 'threshold', 'currency', 'approver_role'];

/** The threshold as typed, in the API's unit: a percent, or minor units of the currency for a total. */
function thresholdOf(kind: string, text: string): number | null {
  if (kind !== 'total_above') return parseDecimal(text);
  const minor = toMinor(text);
  return Number.isNaN(minor) ? null : minor;
}

/**
 * A new approval rule, or one in place of `replaces`: rules never change once quotes may name them (the API
 * only switches them on and off), so a change adds the new rule, which switches the old one off in the same step.
 */
export function RuleForm({ replaces, onDone }: { replaces?: ApprovalRule; onDone: (saved: boolean) => void }) {
  const [v, setV] = useState({
    name: replaces?.name ?? '',
    kind: replaces?.kind ?? 'total_above',
    threshold: replaces ? (replaces.kind === 'total_above' ? toMajor(replaces.threshold) : String(replaces.threshold)) : '',
    currency: replaces?.currency ?? 'EUR',
    approver_role: replaces?.approver_role ?? 'finance',
  });
  const [local, setLocal] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = { ...(error instanceof ApiError ? error.fields : {}), ...local };
  const set = (key: keyof typeof v) => (e: { target: { value: string } }) => setV({ ...v, [key]: e.target.value });
  const total = v.kind === 'total_above';

  async function save() {
    const threshold = thresholdOf(v.kind, v.threshold);
    setError(null);
    setLocal(threshold === null ? { threshold: total ? 'Enter an amount, like 10000.00.' : 'Enter a percent, like 12.5.' } : {});
    if (threshold === null) return;
    setBusy(true);
    try {
      await api('POST', '/v1/quote-approval-rules', {
        name: v.name,
        kind: v.kind,
        threshold,
        ...(total ? { currency: v.currency.trim().toUpperCase() } : {}),
        approver_role: v.approver_role,
        ...(replaces ? { replaces_rule_id: replaces.id } : {}), // switched off in the same step
      });
      onDone(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const general = unplacedError(error, (f) => FIELDS.includes(f));
  return (
    <form className="action-form spaced" aria-label={replaces ? `Change ${replaces.name}` : 'Add a rule'} data-testid="rule-form" onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <strong>{replaces ? `Change “${replaces.name}”` : 'Add a rule'}</strong>
      {replaces ? <p className="muted small">Saved as a new rule; this one is switched off and stays on the approvals that name it.</p> : null}
      <Field label="Name" value={v.name} error={fields.name} onChange={set('name')} autoFocus />
      <div className="filters">
        <Select label="Kind" value={v.kind} error={fields.kind} onChange={set('kind')}>
          {Object.entries(RULE_KINDS).map(([kind, words]) => <option key={kind} value={kind}>{words}</option>)}
        </Select>
        <Field label={total ? 'Threshold (amount)' : 'Threshold (%)'} inputMode="decimal" value={v.threshold} error={fields.threshold} onChange={set('threshold')} />
        {total ? <Field label="Currency" value={v.currency} maxLength={3} error={fields.currency} hint="ISO code, like EUR" onChange={set('currency')} /> : null}
        <Select label="Approver" value={v.approver_role} error={fields.approver_role} onChange={set('approver_role')}>
          {APPROVER_ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
        </Select>
      </div>
      {general ? <Notice tone="bad">{general}</Notice> : null}
      <div className="row-actions">
        <Button type="submit" disabled={busy}>
          {busy ? 'Saving…' : replaces ? 'Save the change' : 'Add the rule'}
        </Button>
        <Button variant="quiet" onClick={() => onDone(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

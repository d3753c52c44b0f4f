import { useState } from 'react';
import { api, ApiError } from '../api';
import { Button, Field, Notice, Select, unplacedError } from '../ds';
import { mayChangeCredit, TIERS, toMajor, toMinor, type CustomerRecord } from '../records';
import { useSession } from '../session';

/**
 * Create a customer, or edit one: every field the API names gets its message beside it. An edit sends only
 * what changed; credit terms of an existing customer are finance's, read-only for everyone else.
 */
export function CustomerForm({ customer, onDone }: { customer?: CustomerRecord; onDone: (saved: CustomerRecord | null) => void }) {
  const { me } = useSession();
  const creditLocked = customer !== undefined && !mayChangeCredit(me?.role ?? '');
  const [v, setV] = useState({
    name: customer?.name ?? '',
    tier: customer?.tier ?? 'standard',
    currency: customer?.currency ?? 'EUR',
    credit_limit: customer?.credit_limit ? toMajor(customer.credit_limit.amount) : '',
    payment_terms_days: String(customer?.payment_terms_days ?? 30),
    email: customer?.email ?? '',
    vat_id: customer?.vat_id ?? '',
  });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = error instanceof ApiError ? error.fields : {};
  const set = (key: keyof typeof v) => (e: { target: { value: string } }) => setV({ ...v, [key]: e.target.value });
  // A cleared optional field is left out of a new customer and cleared (null) on an existing one.
  const optional = (text: string) => (text.trim() ? text.trim() : customer ? null : undefined);

  async function save() {
    setBusy(true);
    setError(null);
    const limit = v.credit_limit.trim() ? { amount: toMinor(v.credit_limit), currency: customer?.currency ?? v.currency } : customer ? null : undefined;
    const body = {
      name: v.name,
      tier: v.tier,
      ...(customer ? {} : { currency: v.currency.trim() }),
      credit_limit: limit,
      payment_terms_days: v.payment_terms_days.trim() === '' ? undefined : Number(v.payment_terms_days),
      email: optional(v.email),
      vat_id: optional(v.vat_id),
    };
    const original: Record<string, unknown> = customer ? { ...customer } : {};
    const changed = Object.fromEntries(Object.entries(body).filter(([k, x]) => !customer || JSON.stringify(x ?? null) !== JSON.stringify(original[k] ?? null)));
    try {
      const saved = customer ? await api<CustomerRecord>('PATCH', `/v1/customers/${encodeURIComponent(customer.id)}`, changed) : await api<CustomerRecord>('POST', '/v1/customers', body);
      onDone(saved);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const at = (...names: string[]) => names.map((n) => fields[n]).find(Boolean);
  const general = unplacedError(error, (f) => ['name', 'tier', 'currency', 'credit_limit', 'credit_limit.amount', 'credit_limit.currency', 'payment_terms_days', 'email', 'vat_id'].includes(f));
  return (
    <form className="action-form record-form" aria-label={customer ? 'Edit customer' : 'New customer'} data-testid="customer-form" onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <Field label="Name" value={v.name} error={at('name')} onChange={set('name')} autoFocus />
      <div className="filters">
        <Select label="Tier" value={v.tier} error={at('tier')} onChange={set('tier')}>
          {TIERS.map((t) => <option key={t} value={t}>{t}</option>)}
        </Select>
        {customer ? null : <Field label="Currency" value={v.currency} error={at('currency')} hint="ISO code, like EUR" onChange={set('currency')} maxLength={3} />}
        <Field label={`Credit limit (${customer?.currency ?? (v.currency || 'EUR')})`} inputMode="decimal" value={v.credit_limit} error={at('credit_limit.amount', 'credit_limit', 'credit_limit.currency')} hint={creditLocked ? 'Finance changes credit terms' : 'Empty: no limit'} readOnly={creditLocked} onChange={set('credit_limit')} />
        <Field label="Payment terms (days)" inputMode="numeric" value={v.payment_terms_days} error={at('payment_terms_days')} readOnly={creditLocked} onChange={set('payment_terms_days')} />
      </div>
      <div className="filters">
        <Field label="E-mail" type="text" inputMode="email" value={v.email} error={at('email')} onChange={set('email')} />
        <Field label="VAT id" value={v.vat_id} error={at('vat_id')} hint="With its country prefix, like DE123456789" onChange={set('vat_id')} />
      </div>
      {general ? <Notice tone="bad">{general}</Notice> : null}
      <div className="row-actions">
        <Button type="submit" disabled={busy}>
          {customer ? 'Save changes' : 'Create customer'}
        </Button>
        <Button variant="quiet" onClick={() => onDone(null)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

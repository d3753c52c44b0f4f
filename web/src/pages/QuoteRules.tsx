import { useState } from 'react';
import { api, formatMoney, get } from '../api';
import { Badge, Button, ErrorNotice, Loading, Page, Table, useLoad } from '../ds';
import { mayEditQuoteRules, RULE_KINDS, type ApprovalRule, type QuoteSettings } from '../quotes';
import { useSession } from '../session';
import { QuoteSettingsCard } from './QuoteSettingsCard';
import { RuleForm } from './RuleForm';

async function loadRules() {
  const [rules, settings] = await Promise.all([get<{ data: ApprovalRule[] }>('/v1/quote-approval-rules'), get<QuoteSettings>('/v1/quote-settings')]);
  return { rules: rules.data, settings };
}

const thresholdInWords = (r: ApprovalRule) => (r.kind === 'total_above' && r.currency ? formatMoney({ amount: r.threshold, currency: r.currency }) : `${r.threshold} %`);

/**
 * What a submitted quote needs approved, and the quote clock's promises: every department reads them; finance
 * and executives add, change and switch rules and change the settings.
 */
export function QuoteRules() {
  const { me } = useSession();
  const editable = mayEditQuoteRules(me?.role ?? '');
  const [version, setVersion] = useState(0);
  const [form, setForm] = useState<{ replaces?: ApprovalRule } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const { data, error: loadError } = useLoad(loadRules, `rules|${version}`);
  const reload = () => setVersion((v) => v + 1);

  async function switchRule(rule: ApprovalRule) {
    setBusy(true);
    setError(null);
    try {
      await api('PATCH', `/v1/quote-approval-rules/${encodeURIComponent(rule.id)}`, { active: !rule.active });
      reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const actions = (r: ApprovalRule) => (
    <div className="row-actions">
      {r.active ? (
        <Button variant="secondary" disabled={busy} aria-label={`Change ${r.name}`} onClick={() => setForm({ replaces: r })}>
          Change…
        </Button>
      ) : null}
      <Button variant="quiet" disabled={busy} aria-label={`${r.active ? 'Switch off' : 'Switch on'} ${r.name}`} onClick={() => switchRule(r)}>
        {r.active ? 'Switch off' : 'Switch on'}
      </Button>
    </div>
  );

  const add = editable && !form ? <Button onClick={() => setForm({})}>Add a rule…</Button> : null;
  if (loadError) return <Page title="Quote rules"><ErrorNotice error={loadError} /></Page>;
  if (!data) return <Page title="Quote rules"><Loading /></Page>;
  // Active rules first: they are what a quote is checked against now.
  const rules = [...data.rules].sort((a, b) => Number(b.active) - Number(a.active));
  return (
    <Page title="Quote rules" actions={add}>
      <p className="muted">A quote submitted for sending is checked against every active rule; each one it trips asks the rule's approver (finance first, then an executive).</p>
      {error ? <ErrorNotice error={error} /> : null}
      {form ? (
        <section className="card" data-testid="rule-card">
          <RuleForm
            key={form.replaces?.id ?? 'new'}
            replaces={form.replaces}
            onDone={(saved) => {
              setForm(null);
              if (saved) reload();
            }}
          />
        </section>
      ) : null}
      <h2>Approval rules</h2>
      <Table
        rows={rules}
        rowKey={(r) => r.id}
        empty="No rules: every quote is sent without approval."
        columns={[
          { header: 'Name', cell: (r) => r.name },
          { header: 'When', cell: (r) => RULE_KINDS[r.kind] ?? r.kind },
          { header: 'Threshold', cell: thresholdInWords, align: 'right' },
          { header: 'Approver', cell: (r) => r.approver_role },
          { header: 'Status', cell: (r) => <Badge tone={r.active ? 'good' : 'neutral'}>{r.active ? 'active' : 'off'}</Badge> },
          ...(editable ? [{ header: 'Change', cell: actions }] : []),
        ]}
      />
      <QuoteSettingsCard settings={data.settings} editable={editable} onSaved={reload} />
    </Page>
  );
}

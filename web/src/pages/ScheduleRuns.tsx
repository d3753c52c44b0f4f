import { useState } from 'react';
import { api, formatDate, formatDateTime, get } from '../api';
import { Badge, Button, ErrorNotice, Loading, Notice, Table, useLoad, type Tone } from '../ds';
import type { ScheduleRun } from '../fulfillment';
import { Gantt } from '../gantt';
import { Link } from '../router';
import { runRows } from '../schedule-rows';

const DAY = 86_400_000;
const TONES: Record<string, Tone> = { what_if: 'info', committed: 'good', discarded: 'neutral', superseded: 'neutral' };

/** Schedule runs: operations compute a what-if (it changes nothing), look at it, and commit or discard it. */
export function ScheduleRuns({ runs, mayPlan, selected, setSelected, onChange }: { runs: ScheduleRun[]; mayPlan: boolean; selected: string | null; setSelected: (id: string | null) => void; onChange: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function act(action: () => Promise<ScheduleRun | undefined>) {
    setBusy(true);
    setError(null);
    try {
      const run = await action();
      if (run) setSelected(run.id);
      onChange();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="h-runs" className="spaced">
      <div className="section-head">
        <h2 id="h-runs">Runs</h2>
        {mayPlan ? (
          <Button disabled={busy} onClick={() => act(() => api<ScheduleRun>('POST', '/v1/schedule/runs', {}))}>
            {busy ? 'Working…' : 'Compute a what-if'}
          </Button>
        ) : null}
      </div>
      {error ? <ErrorNotice error={error} /> : null}
      <Table
        rows={runs}
        rowKey={(r) => r.id}
        empty="No runs yet."
        columns={[
          { header: 'Computed', cell: (r) => formatDateTime(r.created_at) },
          { header: 'Status', cell: (r) => <Badge tone={TONES[r.status] ?? 'neutral'}>{r.status.replace(/_/g, ' ')}</Badge> },
          { header: 'Orders', cell: (r) => r.summary.orders, align: 'right' },
          { header: 'Operations', cell: (r) => r.summary.operations, align: 'right' },
          { header: 'Late orders', cell: (r) => r.summary.late_orders, align: 'right' },
          { header: 'By', cell: (r) => r.created_by },
          { header: 'Details', cell: (r) => <Button variant="secondary" aria-pressed={selected === r.id} onClick={() => setSelected(selected === r.id ? null : r.id)} aria-label={`Details of the run of ${formatDateTime(r.created_at)}`}>{selected === r.id ? 'Hide' : 'Show'}</Button> },
        ]}
      />
      {selected ? <RunDetails key={selected} id={selected} mayPlan={mayPlan} busy={busy} act={act} /> : null}
    </section>
  );
}

function RunDetails({ id, mayPlan, busy, act }: { id: string; mayPlan: boolean; busy: boolean; act: (action: () => Promise<ScheduleRun | undefined>) => Promise<void> }) {
  const { data: run, error } = useLoad(() => get<ScheduleRun>(`/v1/schedule/runs/${encodeURIComponent(id)}`), id);
  if (error) return <ErrorNotice error={error} />;
  if (!run) return <Loading />;
  const path = `/v1/schedule/runs/${encodeURIComponent(run.id)}`;
  const from = run.starts_at.slice(0, 10);
  const last = Math.max(Date.parse(run.starts_at), ...run.operations.map((o) => Date.parse(o.end)));
  const days = Math.min(92, Math.max(7, Math.ceil((last - Date.parse(`${from}T00:00:00Z`)) / DAY)));
  const late = run.orders.filter((o) => o.late);

  return (
    <section className="card spaced" aria-labelledby="h-run" data-testid="run">
      <div className="section-head">
        <h2 id="h-run">
          Run of {formatDateTime(run.created_at)} <Badge tone={TONES[run.status] ?? 'neutral'}>{run.status.replace(/_/g, ' ')}</Badge>
        </h2>
        {mayPlan && run.status === 'what_if' ? (
          <div className="row-actions">
            <Button disabled={busy} onClick={() => act(async () => { await api('POST', `${path}/commit`, {}); return undefined; })}>
              Commit this schedule
            </Button>
            <Button variant="quiet" disabled={busy} onClick={() => act(async () => { await api('POST', `${path}/discard`, {}); return undefined; })}>
              Discard
            </Button>
          </div>
        ) : null}
      </div>
      <p>
        {run.summary.orders} orders, {run.summary.operations} operations; <strong>{run.summary.late_orders} late</strong> (weighted {run.summary.weighted_days_late.toFixed(1)} days).
        {run.status === 'what_if' ? ' A what-if: nothing changes until it is committed; committing re-promises the late lines.' : ''}
      </p>
      {late.length ? (
        <Table
          caption="Late orders"
          rows={late}
          rowKey={(o) => o.order_id}
          columns={[
            { header: 'Order', cell: (o) => <Link to={`/orders/${o.order_id}`}>{o.number}</Link> },
            { header: 'Promised', cell: (o) => formatDate(o.promised_date) },
            { header: 'Feasible', cell: (o) => formatDate(o.feasible_promise_date) },
            { header: 'Days late', cell: (o) => o.days_late, align: 'right' },
          ]}
        />
      ) : null}
      {run.unscheduled.length ? (
        <Notice tone="warn">
          Not placed: {run.unscheduled.length} — {[...new Set(run.unscheduled.map((u) => u.reason))].join('; ')}
        </Notice>
      ) : null}
      {run.operations.length ? <Gantt rows={runRows(run)} from={from} days={days} /> : null}
    </section>
  );
}

import { useState } from 'react';
import { formatDateTime, get, getAll } from '../api';
import { ErrorNotice, Field, Loading, Notice, Page, useLoad } from '../ds';
import { mayPlan, type ScheduleRun, type ScheduleView } from '../fulfillment';
import { Gantt } from '../gantt';
import { committedRows } from '../schedule-rows';
import { useSession } from '../session';
import { ScheduleRuns } from './ScheduleRuns';

const DAY = 86_400_000;
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);
const MAX_DAYS = 92; // the API's longest window

/** The schedule: the committed plan per work center over a window of days; operations compute what-ifs and commit one. */
export function Schedule() {
  const { me } = useSession();
  const [from, setFrom] = useState(() => isoDay(Date.now()));
  const [days, setDays] = useState('7');
  const [version, setVersion] = useState(0);
  const [selected, setSelected] = useState<string | null>(null); // the run shown in detail; kept while the runs reload
  const span = Math.min(MAX_DAYS, Math.max(1, Number.parseInt(days, 10) || 14));
  const to = isoDay(Date.parse(`${from}T00:00:00Z`) + (span - 1) * DAY);
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(from);
  const key = `${from}|${to}|${version}`;
  const view = useLoad(() => (valid ? get<ScheduleView>(`/v1/schedule?from=${from}&to=${to}`) : Promise.resolve(null)), key);
  const runs = useLoad(() => getAll<ScheduleRun>('/v1/schedule/runs', 50), `runs|${version}`);

  const rows = view.data ? committedRows(view.data) : [];
  return (
    <Page title="Schedule" wide>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <Field label="From" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        <Field label="Days" type="number" min={1} max={MAX_DAYS} value={days} onChange={(e) => setDays(e.target.value)} />
      </form>
      {view.error ? <ErrorNotice error={view.error} /> : null}
      {view.loading ? <Loading /> : null}
      {view.data ? (
        <section aria-labelledby="h-committed">
          <h2 id="h-committed">{view.data.run_id ? 'Committed schedule' : 'No schedule committed yet'}</h2>
          {view.data.run_id ? <p className="muted small">Committed {view.data.committed_at ? formatDateTime(view.data.committed_at) : '—'} · {rows.reduce((n, r) => n + r.operations.length, 0)} operations in view</p> : null}
          {rows.length ? <Gantt rows={rows} from={from} days={span} /> : <Notice>Nothing scheduled in these days.</Notice>}
        </section>
      ) : null}
      {runs.error ? <ErrorNotice error={runs.error} /> : null}
      {runs.data ? <ScheduleRuns runs={runs.data} mayPlan={mayPlan(me?.role ?? '')} selected={selected} setSelected={setSelected} onChange={() => setVersion((v) => v + 1)} /> : null}
    </Page>
  );
}

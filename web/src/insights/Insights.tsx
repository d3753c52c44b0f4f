import { useState } from 'react';
import { get } from '../api';
import { ErrorNotice, Loading, Page, Select, Table, useLoad } from '../ds';
import { orDash, type CycleTime, type Delivery, type QuoteTurnaround, type Waiting } from './analytics';
import { ChartFigure, palette } from './chart';

const PERIODS = [
  { weeks: 4, label: 'Last 4 weeks' },
  { weeks: 13, label: 'Last 13 weeks' },
  { weeks: 26, label: 'Last 26 weeks' },
  { weeks: 52, label: 'Last 52 weeks' },
];

async function loadInsights(weeks: number) {
  const to = new Date();
  const from = new Date(to.getTime() - (weeks * 7 - 1) * 86_400_000);
  const query = `from=${from.toISOString().slice(0, 10)}&to=${to.toISOString().slice(0, 10)}`;
  const [cycle, waiting, delivery, quotes] = await Promise.all([
    get<CycleTime>(`/v1/analytics/cycle-time?${query}`),
    get<Waiting>(`/v1/analytics/waiting?${query}`),
    get<Delivery>(`/v1/analytics/delivery?${query}`),
    get<QuoteTurnaround>(`/v1/analytics/quotes?${query}`),
  ]);
  return { cycle, waiting, delivery, quotes };
}

/** Continuous improvement: where the time goes in the cycle, whether promises are kept, how fast quotes are answered. */
export function Insights() {
  const [weeks, setWeeks] = useState(13);
  const { data, error } = useLoad(() => loadInsights(weeks), String(weeks));
  return (
    <Page title="Insights" wide>
      <div className="period">
        <Select label="Period" value={weeks} onChange={(e) => setWeeks(Number(e.target.value))}>
          {PERIODS.map((p) => (
            <option key={p.weeks} value={p.weeks}>
              {p.label}
            </option>
          ))}
        </Select>
        {data ? <p className="muted small">{data.cycle.period.from} to {data.cycle.period.to} · {data.cycle.orders} orders entered, {data.cycle.under_way} still under way</p> : null}
      </div>
      {error ? <ErrorNotice error={error} /> : null}
      {!data && !error ? <Loading /> : null}
      {data ? (
        <>
          <Kpis delivery={data.delivery} quotes={data.quotes} />
          <div className="grid charts">
            <StageChart cycle={data.cycle} />
            <DeliveryChart delivery={data.delivery} />
            <QuoteChart quotes={data.quotes} />
            <WaitingChart waiting={data.waiting} />
          </div>
        </>
      ) : null}
    </Page>
  );
}

function Kpis({ delivery, quotes }: { delivery: Delivery; quotes: QuoteTurnaround }) {
  const tiles = [
    ['On time, in full', orDash(delivery.otif_percent, ' %'), `of ${delivery.due_orders} orders due`],
    ['Perfect orders', orDash(delivery.perfect_order_percent, ' %'), 'OTIF, bill never disputed or credited'],
    ['Order to delivery', orDash(delivery.lead_time_days.median, ' d'), `median; 90 % within ${orDash(delivery.lead_time_days.p90, ' d')}`],
    ['Quote turnaround', orDash(quotes.median_hours, ' h'), `median; ${orDash(quotes.within_sla_percent, ' %')} within the response time`],
    ['Quotes won', orDash(quotes.win_percent, ' %'), `${quotes.waiting_now} waiting now, ${quotes.overdue_now} overdue`],
  ];
  return (
    <div className="kpis" data-testid="kpis">
      {tiles.map(([label, value, note]) => (
        <div className="kpi" key={label}>
          <div className="label">{label}</div>
          <div className="value">{value}</div>
          <div className="small muted">{note}</div>
        </div>
      ))}
    </div>
  );
}

function StageChart({ cycle }: { cycle: CycleTime }) {
  const stages = cycle.stages.filter((s) => s.orders > 0);
  const waitingHours = (s: (typeof stages)[number]) => Math.round((s.median_hours ?? 0) * (s.waiting_share_percent ?? 0)) / 100;
  const c = palette();
  return (
    <ChartFigure
      title="Where the time goes"
      label={`Median hours per stage, split into waiting and working: ${stages.map((s) => `${s.name} ${orDash(s.median_hours)} h`).join('; ')}`}
      config={{
        type: 'bar',
        data: {
          labels: stages.map((s) => s.name),
          datasets: [
            { label: 'Waiting (h)', data: stages.map(waitingHours), backgroundColor: c.bad },
            { label: 'Working (h)', data: stages.map((s) => Math.round(((s.median_hours ?? 0) - waitingHours(s)) * 10) / 10), backgroundColor: c.accent },
          ],
        },
        options: { indexAxis: 'y', scales: { x: { stacked: true, title: { display: true, text: 'median hours' } }, y: { stacked: true } } },
      }}
      numbers={
        <Table
          rows={cycle.stages}
          rowKey={(s) => s.stage}
          columns={[
            { header: 'Stage', cell: (s) => s.name },
            { header: 'Orders', cell: (s) => s.orders, align: 'right' },
            { header: 'In it now', cell: (s) => s.in_stage_now, align: 'right' },
            { header: 'Median h', cell: (s) => orDash(s.median_hours), align: 'right' },
            { header: '90th pct h', cell: (s) => orDash(s.p90_hours), align: 'right' },
            { header: 'Waiting', cell: (s) => orDash(s.waiting_share_percent, ' %'), align: 'right' },
          ]}
        />
      }
    />
  );
}

function DeliveryChart({ delivery }: { delivery: Delivery }) {
  const c = palette();
  return (
    <ChartFigure
      title="Promises kept, per week"
      label={`OTIF and perfect order rate per promise week: ${delivery.weeks.map((w) => `${w.week} ${orDash(w.otif_percent, ' %')}`).join('; ')}`}
      config={{
        type: 'line',
        data: {
          labels: delivery.weeks.map((w) => w.week),
          datasets: [
            { label: 'OTIF %', data: delivery.weeks.map((w) => w.otif_percent), borderColor: c.good, backgroundColor: c.good },
            { label: 'Perfect %', data: delivery.weeks.map((w) => w.perfect_order_percent), borderColor: c.accent, backgroundColor: c.accent },
            { label: 'On time %', data: delivery.weeks.map((w) => w.on_time_percent), borderColor: c.warn, backgroundColor: c.warn, borderDash: [4, 4] },
          ],
        },
        options: { scales: { y: { min: 0, max: 100, title: { display: true, text: '% of orders due' } } } },
      }}
      numbers={
        <Table
          rows={delivery.weeks}
          rowKey={(w) => w.week}
          empty="No orders were due in this period."
          columns={[
            { header: 'Week of', cell: (w) => w.week },
            { header: 'Due', cell: (w) => w.due_orders, align: 'right' },
            { header: 'On time', cell: (w) => orDash(w.on_time_percent, ' %'), align: 'right' },
            { header: 'In full', cell: (w) => orDash(w.in_full_percent, ' %'), align: 'right' },
            { header: 'OTIF', cell: (w) => orDash(w.otif_percent, ' %'), align: 'right' },
            { header: 'Perfect', cell: (w) => orDash(w.perfect_order_percent, ' %'), align: 'right' },
          ]}
        />
      }
    />
  );
}

function QuoteChart({ quotes }: { quotes: QuoteTurnaround }) {
  const c = palette();
  return (
    <ChartFigure
      title="Quote turnaround, per week"
      label={`Median hours from request to answer per week: ${quotes.weeks.map((w) => `${w.week} ${orDash(w.median_hours, ' h')}`).join('; ')}`}
      config={{
        type: 'bar',
        data: {
          labels: quotes.weeks.map((w) => w.week),
          datasets: [
            { label: 'Median hours to answer', data: quotes.weeks.map((w) => w.median_hours), backgroundColor: c.accent },
            { label: '90th percentile hours', data: quotes.weeks.map((w) => w.p90_hours), backgroundColor: c.muted },
          ],
        },
        options: { scales: { y: { beginAtZero: true, title: { display: true, text: 'hours' } } } },
      }}
      numbers={
        <Table
          rows={[...quotes.tiers.map((t) => ({ key: `tier ${t.tier}`, ...t })), ...quotes.weeks.map((w) => ({ key: `week of ${w.week}`, ...w }))]}
          rowKey={(r) => r.key}
          columns={[
            { header: 'Quotes', cell: (r) => r.key },
            { header: 'Asked', cell: (r) => r.requested, align: 'right' },
            { header: 'Answered', cell: (r) => r.sent, align: 'right' },
            { header: 'Median h', cell: (r) => orDash(r.median_hours), align: 'right' },
            { header: 'In time', cell: (r) => orDash(r.within_sla_percent, ' %'), align: 'right' },
            { header: 'Won', cell: (r) => orDash(r.win_percent, ' %'), align: 'right' },
          ]}
        />
      }
    />
  );
}

function WaitingChart({ waiting }: { waiting: Waiting }) {
  const c = palette();
  const rows = waiting.departments;
  return (
    <ChartFigure
      title="Where orders wait now"
      label={`Open handoffs per department: ${rows.map((d) => `${d.department} ${d.open} open, ${d.overdue} overdue`).join('; ')}`}
      config={{
        type: 'bar',
        data: {
          labels: rows.map((d) => d.department),
          datasets: [
            { label: 'Overdue', data: rows.map((d) => d.overdue), backgroundColor: c.bad },
            { label: 'Open, in time', data: rows.map((d) => d.open - d.overdue), backgroundColor: c.accent },
          ],
        },
        options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, title: { display: true, text: 'open handoffs' } } } },
      }}
      numbers={
        <Table
          rows={rows}
          rowKey={(d) => d.department}
          columns={[
            { header: 'Department', cell: (d) => d.department },
            { header: 'Open', cell: (d) => d.open, align: 'right' },
            { header: 'Overdue', cell: (d) => d.overdue, align: 'right' },
            { header: 'Nobody’s', cell: (d) => d.unowned, align: 'right' },
            { header: 'Done in period', cell: (d) => d.completed, align: 'right' },
            { header: 'Median h', cell: (d) => orDash(d.median_hours), align: 'right' },
            { header: 'Late', cell: (d) => orDash(d.late_percent, ' %'), align: 'right' },
          ]}
        />
      }
    />
  );
}

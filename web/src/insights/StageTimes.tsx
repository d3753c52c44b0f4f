import { formatDateTime, get } from '../api';
import { Badge, ErrorNotice, Loading, Table, useLoad } from '../ds';
import { formatDuration, type OrderStageTimes } from './analytics';

/** How long the order spent in each stage it reached, and how much of that it waited on a department. */
export function StageTimes({ orderId, version }: { orderId: string; version: string }) {
  const { data, error } = useLoad(() => get<OrderStageTimes>(`/v1/orders/${encodeURIComponent(orderId)}/stage-times`), `${orderId} ${version}`);
  if (error) return <ErrorNotice error={error} />;
  if (!data) return <Loading />;
  const longest = Math.max(1, ...data.stages.map((s) => s.duration_seconds));
  return (
    <div className="stage-times" data-testid="stage-times">
      <p className="small">
        {formatDuration(data.total_seconds)} in the cycle{data.under_way ? ' so far' : ''}, {formatDuration(data.waiting_seconds)} of it waiting (
        {Math.round((data.waiting_seconds / Math.max(1, data.total_seconds)) * 100)} %).
      </p>
      <Table
        rows={data.stages}
        rowKey={(s) => s.stage}
        caption="Time in each stage; the darker part of the bar is time spent waiting"
        columns={[
          { header: 'Stage', cell: (s) => <>{s.name} {s.current ? <Badge tone="info">now</Badge> : null}</> },
          { header: 'Since', cell: (s) => formatDateTime(s.entered_at) },
          { header: 'Time', cell: (s) => formatDuration(s.duration_seconds), align: 'right' },
          { header: 'Waiting', cell: (s) => formatDuration(s.waiting_seconds), align: 'right' },
          {
            header: 'Share',
            cell: (s) => (
              <span className="bar stacked" aria-hidden="true">
                <span className="bar-value" style={{ width: `${(s.duration_seconds / longest) * 100}%` }} />
                <span style={{ width: `${(s.waiting_seconds / longest) * 100}%` }} />
              </span>
            ),
          },
          {
            header: 'Waiting on',
            cell: (s) => (s.waiting_on.length ? <>{s.waiting_on.join(', ')} {s.overdue ? <Badge tone="bad">overdue</Badge> : null}</> : '—'),
          },
        ]}
      />
    </div>
  );
}

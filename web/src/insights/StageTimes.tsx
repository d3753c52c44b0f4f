import { formatDateTime, get } from '../api';
import { Badge, ErrorNotice, Loading, Table, useLoad } from '../ds';
import { formatDuration, type OrderStageTimes } from './analytics';

/** The stages as a customer reads them: what happened to their order, not who in the company did it. */
const CUSTOMER_WORDS: Record<string, string> = {
  pricing: 'Your quote',
  entry: 'Order received',
  prioritization: 'Waiting its turn',
  scheduling: 'Planned in production',
  fulfillment: 'Made, packed and shipped',
  billing: 'Invoiced, until paid',
  returns: 'Return or claim',
  service: 'Service',
};

/**
 * How long the order spent in each stage it reached and how much of that it waited on a department; for the
 * customer (portal) only the steps and their times, in their words.
 */
export function StageTimes({ orderId, version, forCustomer = false }: { orderId: string; version: string; forCustomer?: boolean }) {
  const { data, error } = useLoad(() => get<OrderStageTimes>(`/v1/orders/${encodeURIComponent(orderId)}/stage-times`), `${orderId} ${version}`);
  if (error) return <ErrorNotice error={error} />;
  if (!data) return <Loading />;
  const longest = Math.max(1, ...data.stages.map((s) => s.duration_seconds));
  if (forCustomer) {
    return (
      <Table
        rows={data.stages}
        rowKey={(s) => s.stage}
        caption={`${formatDuration(data.total_seconds)} from your ${data.stages[0]?.stage === 'pricing' ? 'request' : 'order'}${data.under_way ? ' so far' : ''}`}
        columns={[
          { header: 'Step', cell: (s) => <>{CUSTOMER_WORDS[s.stage] ?? s.name} {s.current ? <Badge tone="info">now</Badge> : null}</> },
          { header: 'Since', cell: (s) => formatDateTime(s.entered_at) },
          { header: 'How long', cell: (s) => formatDuration(s.duration_seconds), align: 'right' },
        ]}
      />
    );
  }
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

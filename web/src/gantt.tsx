import type { CSSProperties } from 'react';
import { formatDateTime } from './api';
import type { ScheduledOperation } from './fulfillment';
import { Link } from './router';
import './ops.css';

export interface GanttRow {
  key: string;
  label: string;
  sub: string;
  operations: ScheduledOperation[];
}

const DAY = 86_400_000;
const dayLabel = (d: Date) => new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(d);

/**
 * A Gantt chart in plain CSS: a row per work center unit, days left to right (UTC), a bar per working
 * stretch of each operation. Each operation's first bar links to its order, so the chart is walked with Tab.
 */
export function Gantt({ rows, from, days }: { rows: GanttRow[]; from: string; days: number }) {
  const start = Date.parse(`${from}T00:00:00Z`);
  const span = days * DAY;
  const pct = (t: number) => `${(Math.max(0, Math.min(span, t - start)) / span) * 100}%`;
  const width = (a: number, b: number) => `${((Math.min(span, b - start) - Math.max(0, a - start)) / span) * 100}%`;
  const style = { '--day': `${100 / days}%` } as CSSProperties;

  return (
    <div className="gantt" data-testid="gantt">
      <div className="gantt-grid" style={style}>
        <div className="gantt-label muted">Work center</div>
        <div className="gantt-days" aria-hidden="true">
          {Array.from({ length: days }, (_, i) => (
            <span key={i}>{dayLabel(new Date(start + i * DAY))}</span>
          ))}
        </div>
        {rows.map((row) => (
          <div key={row.key} style={{ display: 'contents' }}>
            <div className="gantt-label">
              {row.label}
              <span className="muted">{row.sub}</span>
            </div>
            <div className="gantt-track" role="group" aria-label={`${row.label} ${row.sub}`}>
              {row.operations.flatMap((op) => {
                const name = `${op.order_number} · ${op.description}`;
                const title = `${name}: ${op.minutes} min, ${formatDateTime(op.start)} → ${formatDateTime(op.end)}`;
                const visible = (op.segments.length ? op.segments : [{ start: op.start, end: op.end }]).filter((s) => Date.parse(s.end) > start && Date.parse(s.start) < start + span);
                return visible.map((s, i) => {
                  const place: CSSProperties = { left: pct(Date.parse(s.start)), width: width(Date.parse(s.start), Date.parse(s.end)) };
                  const className = `gantt-bar ${op.kind}`;
                  return i === 0 ? (
                    <Link key={`${op.id ?? `${op.order_id}-${op.kind}-${op.step}`}-${s.start}`} to={`/orders/${op.order_id}`} className={className} style={place} title={title} aria-label={title}>
                      {name}
                    </Link>
                  ) : (
                    <span key={`${op.id ?? `${op.order_id}-${op.kind}-${op.step}`}-${s.start}`} className={className} style={place} title={title} aria-hidden="true">
                      {op.order_number}
                    </span>
                  );
                });
              })}
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}

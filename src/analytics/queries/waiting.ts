import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { rate } from '../policies/stats';
import type { Period } from '../schemas';

/**
 * Where orders wait, per department: the handoffs open now (how many, past due, nobody's, the oldest), and those
 * completed in the period (how long they were open, how many late). Every handoff counts, whatever its subject.
 */
export async function waiting(db: Kysely<DB>, period: Period, now: Date) {
  const [open, done] = await Promise.all([
    sql<{ department: string; open: number; overdue: number; unowned: number; oldest_hours: number }>`
      select department, count(*)::int as open,
        (count(*) filter (where due_at < ${now}))::int as overdue,
        (count(*) filter (where owner is null))::int as unowned,
        round((extract(epoch from ${now}::timestamptz - min(created_at)) / 3600)::numeric, 1)::float8 as oldest_hours
      from handoffs where status <> 'completed' group by department`.execute(db),
    sql<{ department: string; completed: number; late: number; median_hours: number; p90_hours: number }>`
      select department, count(*)::int as completed,
        (count(*) filter (where completed_at > due_at))::int as late,
        round((percentile_cont(0.5) within group (order by extract(epoch from completed_at - created_at)) / 3600)::numeric, 1)::float8 as median_hours,
        round((percentile_cont(0.9) within group (order by extract(epoch from completed_at - created_at)) / 3600)::numeric, 1)::float8 as p90_hours
      from handoffs where status = 'completed' and completed_at >= ${period.start} and completed_at < ${period.end}
      group by department`.execute(db),
  ]);
  const departments = [...new Set([...open.rows, ...done.rows].map((r) => r.department))].sort();
  return {
    period: period.view,
    departments: departments.map((department) => {
      const o = open.rows.find((r) => r.department === department);
      const d = done.rows.find((r) => r.department === department);
      return {
        department,
        open: o?.open ?? 0,
        overdue: o?.overdue ?? 0,
        unowned: o?.unowned ?? 0,
        oldest_open_hours: o?.oldest_hours ?? null,
        completed: d?.completed ?? 0,
        median_hours: d?.median_hours ?? null,
        p90_hours: d?.p90_hours ?? null,
        late_percent: rate(d?.late ?? 0, d?.completed ?? 0),
      };
    }),
  };
}

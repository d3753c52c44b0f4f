import type { ScheduleRun, ScheduleView } from './fulfillment';
import type { GanttRow } from './gantt';

/** The committed schedule as rows of a Gantt chart: one per work center and parallel unit. */
export function committedRows(view: ScheduleView): GanttRow[] {
  return view.work_centers.flatMap((wc) =>
    wc.units.map((u) => ({ key: `${wc.id}-${u.unit}`, label: wc.code, sub: `${wc.name}${wc.parallel_units > 1 ? ` · unit ${u.unit + 1}` : ''}`, operations: u.operations })),
  );
}

/** A what-if's operations in the same rows, to see it before committing it. */
export function runRows(run: ScheduleRun): GanttRow[] {
  const rows = new Map<string, GanttRow>();
  for (const op of run.operations) {
    const key = `${op.work_center_id}-${op.unit}`;
    if (!rows.has(key)) rows.set(key, { key, label: op.work_center_code, sub: `unit ${op.unit + 1}`, operations: [] });
    rows.get(key)!.operations.push(op);
  }
  return [...rows.values()].sort((a, b) => a.key.localeCompare(b.key));
}

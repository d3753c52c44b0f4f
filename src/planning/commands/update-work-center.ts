import type { z } from 'zod';
import { notFound } from '../../core/errors';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { presentWorkCenter, weekdayNumber, type UpdateWorkCenterBody } from '../manufacturing-schemas';

/** Change a work center's rate, overhead, capacity or department; the event lists each old and new value. */
export async function updateWorkCenter(tx: Tx, id: string, changes: z.infer<typeof UpdateWorkCenterBody>) {
  const current = await tx.db.selectFrom('work_centers').selectAll().where('id', '=', id).forNoKeyUpdate().executeTakeFirst();
  if (!current) throw notFound('work center', id);
  const next = {
    name: changes.name ?? current.name,
    department: changes.department ?? current.department,
    currency: changes.hourly_rate?.currency ?? current.currency.trim(),
    hourly_rate_amount: changes.hourly_rate?.amount ?? current.hourly_rate_amount,
    overhead_percent: changes.overhead_percent ?? current.overhead_percent,
    minutes_per_day: changes.hours_per_day === undefined ? current.minutes_per_day : Math.round(changes.hours_per_day * 60),
    parallel_units: changes.parallel_units ?? current.parallel_units,
    working_days: changes.working_days ? changes.working_days.map(weekdayNumber).sort((a, b) => a - b) : current.working_days,
    active: changes.active ?? current.active,
  };
  const before = presentWorkCenter(current);
  const after = presentWorkCenter({ ...current, ...next });
  const fields = ['name', 'department', 'hourly_rate', 'overhead_percent', 'hours_per_day', 'parallel_units', 'working_days', 'active'] as const;
  const changed = Object.fromEntries(
    fields.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).map((k) => [k, { from: before[k], to: after[k] }]),
  );
  if (Object.keys(changed).length === 0) return before;
  const updated = await tx.db.updateTable('work_centers').set({ ...next, updated_at: tx.now }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  await appendEvent(tx, { type: 'work_center.updated', subject: { type: 'work_center', id }, stage: 'planning', data: { changes: changed } });
  return presentWorkCenter(updated);
}

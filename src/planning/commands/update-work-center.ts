import type { z } from 'zod';
import { invalidFields, notFound } from '../../core/errors';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { calendarColumns, presentWorkCenter, weekdayNumber, WEEKDAYS, type UpdateWorkCenterBody } from '../manufacturing-schemas';
import { checkPickPackWarehouse } from './check-pick-pack-warehouse';

/** Change a work center's rate, overhead, capacity or department; the event lists each old and new value. */
export async function updateWorkCenter(tx: Tx, id: string, changes: z.infer<typeof UpdateWorkCenterBody>) {
  const current = await tx.db.selectFrom('work_centers').selectAll().where('id', '=', id).forNoKeyUpdate().executeTakeFirst();
  if (!current) throw notFound('work center', id);
  const workingDays = changes.working_days ? changes.working_days.map(weekdayNumber).sort((a, b) => a - b) : current.working_days;
  // Weekday hours kept from before must still fall on working days; named ones are checked the same way.
  const keptHours = Object.fromEntries(Object.entries(current.minutes_by_weekday).map(([d, m]) => [WEEKDAYS[Number(d) - 1]!, m / 60]));
  const calendar = calendarColumns(workingDays, changes.hours_by_weekday ?? keptHours, changes.non_working_dates ?? current.non_working_dates);
  if (Object.keys(calendar.fields).length > 0) throw invalidFields(calendar.fields);
  if (changes.pick_pack_warehouse_id !== undefined) await checkPickPackWarehouse(tx, changes.pick_pack_warehouse_id, id);
  const next = {
    name: changes.name ?? current.name,
    department: changes.department ?? current.department,
    currency: changes.hourly_rate?.currency ?? current.currency.trim(),
    hourly_rate_amount: changes.hourly_rate?.amount ?? current.hourly_rate_amount,
    overhead_percent: changes.overhead_percent ?? current.overhead_percent,
    minutes_per_day: changes.hours_per_day === undefined ? current.minutes_per_day : Math.round(changes.hours_per_day * 60),
    parallel_units: changes.parallel_units ?? current.parallel_units,
    working_days: workingDays,
    minutes_by_weekday: calendar.minutes_by_weekday,
    non_working_dates: calendar.non_working_dates,
    pick_pack_warehouse_id: changes.pick_pack_warehouse_id === undefined ? current.pick_pack_warehouse_id : changes.pick_pack_warehouse_id,
    active: changes.active ?? current.active,
  };
  const before = presentWorkCenter(current);
  const after = presentWorkCenter({ ...current, ...next });
  const fields = ['name', 'department', 'hourly_rate', 'overhead_percent', 'hours_per_day', 'parallel_units', 'working_days', 'hours_by_weekday', 'non_working_dates', 'pick_pack_warehouse_id', 'active'] as const;
  const changed = Object.fromEntries(
    fields.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).map((k) => [k, { from: before[k], to: after[k] }]),
  );
  if (Object.keys(changed).length === 0) return before;
  const updated = await tx.db.updateTable('work_centers').set({ ...next, minutes_by_weekday: JSON.stringify(next.minutes_by_weekday) as never, updated_at: tx.now }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  await appendEvent(tx, { type: 'work_center.updated', subject: { type: 'work_center', id }, stage: 'planning', data: { changes: changed } });
  return presentWorkCenter(updated);
}

import type { z } from 'zod';
import { AppError, invalidFields } from '../../core/errors';
import { newId } from '../../core/ids';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { calendarColumns, presentWorkCenter, weekdayNumber, type CreateWorkCenterBody } from '../manufacturing-schemas';
import { checkPickPackWarehouse } from './check-pick-pack-warehouse';
import type { IsoWeekday } from '../manufacturing-tables';

const MONDAY_TO_FRIDAY: IsoWeekday[] = [1, 2, 3, 4, 5];

/** A place where operations run: its department, hourly rate and overhead, and its capacity calendar. */
export async function createWorkCenter(tx: Tx, input: z.infer<typeof CreateWorkCenterBody>) {
  const taken = await tx.db.selectFrom('work_centers').select('id').where((eb) => eb(eb.fn('lower', ['code']), '=', input.code.toLowerCase())).executeTakeFirst();
  if (taken) throw new AppError('already_exists', `Work center code ${input.code} is taken by ${taken.id}.`, { fields: { code: 'Already in use.' }, id: taken.id });
  const workingDays = input.working_days ? input.working_days.map(weekdayNumber).sort((a, b) => a - b) : MONDAY_TO_FRIDAY;
  const calendar = calendarColumns(workingDays, input.hours_by_weekday ?? {}, input.non_working_dates ?? []);
  if (Object.keys(calendar.fields).length > 0) throw invalidFields(calendar.fields);
  await checkPickPackWarehouse(tx, input.pick_pack_warehouse_id ?? null, null);
  const row = {
    id: newId('workCenter'),
    code: input.code,
    name: input.name,
    department: input.department ?? (input.pick_pack_warehouse_id ? 'warehouse' : 'operations'),
    currency: input.hourly_rate.currency,
    hourly_rate_amount: input.hourly_rate.amount,
    overhead_percent: input.overhead_percent ?? 0,
    minutes_per_day: Math.round((input.hours_per_day ?? 8) * 60),
    parallel_units: input.parallel_units ?? 1,
    working_days: workingDays,
    minutes_by_weekday: calendar.minutes_by_weekday,
    non_working_dates: calendar.non_working_dates,
    pick_pack_warehouse_id: input.pick_pack_warehouse_id ?? null,
    active: true,
    created_at: tx.now,
    updated_at: tx.now,
  };
  await tx.db
    .insertInto('work_centers')
    .values({ ...row, minutes_by_weekday: JSON.stringify(row.minutes_by_weekday) as never })
    .execute();
  const work = presentWorkCenter(row);
  await appendEvent(tx, {
    type: 'work_center.created',
    subject: { type: 'work_center', id: row.id },
    stage: 'planning',
    data: {
      code: work.code,
      department: work.department,
      hourly_rate: work.hourly_rate,
      overhead_percent: work.overhead_percent,
      hours_per_day: work.hours_per_day,
      parallel_units: work.parallel_units,
      working_days: work.working_days,
      hours_by_weekday: work.hours_by_weekday,
      non_working_dates: work.non_working_dates,
      pick_pack_warehouse_id: work.pick_pack_warehouse_id,
    },
  });
  return work;
}

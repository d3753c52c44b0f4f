import type { Kysely } from 'kysely';
import { invalidFields } from '../../core/errors';
import type { DB } from '../../db/schema';
import type { WorkCentersTable } from '../manufacturing-tables';
import { requireWorkCenter } from './get-work-center';

export interface CapacityDay {
  date: string;
  working: boolean;
  units: number;
  minutes_per_unit: number;
  capacity_minutes: number;
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a calendar date. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

export type CalendarFields = Pick<WorkCentersTable, 'working_days' | 'minutes_per_day' | 'minutes_by_weekday' | 'non_working_dates' | 'parallel_units' | 'active'>;

/**
 * A work center's capacity on one calendar date, pure: on a working day that is not one of its non-working
 * dates every parallel unit works that weekday's minutes (minutes_by_weekday, else minutes_per_day); on any
 * other day nothing. Scheduling places operations by this same rule.
 */
export function capacityOn(wc: CalendarFields, date: string): CapacityDay {
  const weekday = isoWeekday(date);
  const working = wc.active && wc.working_days.includes(weekday as never) && !(wc.non_working_dates ?? []).includes(date);
  const units = working ? wc.parallel_units : 0;
  const minutes = working ? (wc.minutes_by_weekday?.[String(weekday)] ?? wc.minutes_per_day) : 0;
  return { date, working, units, minutes_per_unit: minutes, capacity_minutes: units * minutes };
}

const MAX_DAYS = 366;

/** The capacity calendar of a work center from one date to another (both included, at most a year). */
export async function capacityCalendar(db: Kysely<DB>, id: string, from: string, to: string) {
  if (to < from) throw invalidFields({ to: 'Must be on or after from.' });
  const start = Date.parse(`${from}T00:00:00Z`);
  const count = Math.round((Date.parse(`${to}T00:00:00Z`) - start) / 86_400_000) + 1;
  if (count > MAX_DAYS) throw invalidFields({ to: `Ask for at most ${MAX_DAYS} days at a time.` });
  const wc = await requireWorkCenter(db, id);
  const days = Array.from({ length: count }, (_, i) => capacityOn(wc, new Date(start + i * 86_400_000).toISOString().slice(0, 10)));
  return { work_center_id: wc.id, from, to, days, total_capacity_minutes: days.reduce((s, d) => s + d.capacity_minutes, 0) };
}

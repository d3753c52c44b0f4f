import { z } from 'zod';
import { DEPARTMENTS } from '../access/roles';
import { idPattern } from '../core/ids';
import { Money, MoneyInput } from '../customers/schemas';
import { pageQuery } from '../http/pagination';
import type { BomLinesTable, IsoWeekday, RoutingOperationsTable, WorkCentersTable } from './manufacturing-tables';
import { productId } from './schemas';

const text = (max: number) => z.string().trim().min(1).max(max);
const booleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

/** True when `value` has at most `digits` decimals (tolerating the binary representation of decimals). */
const hasDecimals = (digits: number) => (value: number) => {
  const scaled = value * 10 ** digits;
  return Math.abs(scaled - Math.round(scaled)) <= Math.max(1e-6, Math.abs(scaled) * 1e-12);
};
/** A non-negative number with at most `digits` decimals, up to `max`. */
const decimalField = (max: number, digits: number) =>
  z
    .number()
    .min(0)
    .max(max)
    .refine(hasDecimals(digits), `Use at most ${digits} decimals.`);

export const workCenterId = z.string().regex(idPattern('workCenter'), 'Expected a work center id (wct_…).');

// Work centers

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const weekdayNumber = (day: Weekday) => (WEEKDAYS.indexOf(day) + 1) as IsoWeekday;

const workingDays = z
  .array(z.enum(WEEKDAYS))
  .min(1, 'Name at least one working day.')
  .max(7)
  .refine((days) => new Set(days).size === days.length, 'Name each day once.')
  .describe('Days the work center works, e.g. ["mon","tue","wed","thu","fri"]');
const hoursPerDay = z
  .number()
  .gt(0)
  .max(24)
  .refine((h) => Math.abs(h * 60 - Math.round(h * 60)) < 1e-6, 'Use whole minutes (7.5 is 7 h 30 min).')
  .describe('Working hours per day of each unit');
const hoursByWeekday = z
  .partialRecord(z.enum(WEEKDAYS), hoursPerDay)
  .describe('Hours per unit on weekdays that differ from hours_per_day, e.g. {"fri": 6, "sat": 4}; only working days may be named');
const nonWorkingDates = z
  .array(z.iso.date('Use a calendar date, YYYY-MM-DD.'))
  .max(366)
  .describe('Dates the work center does not work (holidays), YYYY-MM-DD; replaces the whole list');
const pickPackWarehouseId = z
  .string()
  .regex(idPattern('warehouse'), 'Expected a warehouse id (whs_…).')
  .nullable()
  .describe("This is that warehouse's pick / pack work center (one per warehouse): scheduling picks and packs stocked lines here");
const overheadPercent = decimalField(1000, 2).describe('Overhead charged on top of labour, in percent of the labour cost (150 = 150 %)');

export const CreateWorkCenterBody = z.strictObject({
  code: z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9_\-]{0,31}$/, 'Use 1–32 letters, digits, _ and -'),
  name: text(200),
  department: z.enum(DEPARTMENTS).optional().describe('The department that owns work here; default operations'),
  hourly_rate: MoneyInput.describe('Labour cost of one hour of one unit'),
  overhead_percent: overheadPercent.optional(),
  hours_per_day: hoursPerDay.optional().describe('Default 8'),
  parallel_units: z.number().int().min(1).max(1000).optional().describe('Identical machines or crews working in parallel; default 1'),
  working_days: workingDays.optional().describe('Default Monday to Friday'),
  hours_by_weekday: hoursByWeekday.optional(),
  non_working_dates: nonWorkingDates.optional(),
  pick_pack_warehouse_id: pickPackWarehouseId.optional(),
});

export const UpdateWorkCenterBody = z.strictObject({
  name: text(200).optional(),
  department: z.enum(DEPARTMENTS).optional(),
  hourly_rate: MoneyInput.optional(),
  overhead_percent: overheadPercent.optional(),
  hours_per_day: hoursPerDay.optional(),
  parallel_units: z.number().int().min(1).max(1000).optional(),
  working_days: workingDays.optional(),
  hours_by_weekday: hoursByWeekday.optional(),
  non_working_dates: nonWorkingDates.optional(),
  pick_pack_warehouse_id: pickPackWarehouseId.optional(),
  active: z.boolean().optional(),
});

export const ListWorkCentersQuery = z.strictObject({
  ...pageQuery,
  department: z.enum(DEPARTMENTS).optional(),
  active: booleanQuery.optional(),
});

export const WorkCenterIdParams = z.strictObject({ id: workCenterId });

export const WorkCenter = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  department: z.enum(DEPARTMENTS),
  hourly_rate: Money,
  overhead_percent: z.number(),
  hours_per_day: z.number(),
  minutes_per_day: z.number().int(),
  parallel_units: z.number().int(),
  working_days: z.array(z.enum(WEEKDAYS)),
  capacity_hours_per_week: z.number().describe('Working hours of all units in a week without holidays'),
  hours_by_weekday: z.partialRecord(z.enum(WEEKDAYS), z.number()),
  non_working_dates: z.array(z.string()),
  pick_pack_warehouse_id: z.string().nullable(),
  active: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});

/**
 * The calendar columns from the API's fields: weekday hours as minutes keyed by ISO weekday, each named
 * weekday a working day (a 400 names the one that is not), dates sorted and unique.
 */
export function calendarColumns(workingDays: IsoWeekday[], hoursByWeekday: Partial<Record<Weekday, number>>, dates: string[]) {
  const bad = Object.keys(hoursByWeekday).filter((d) => !workingDays.includes(weekdayNumber(d as Weekday)));
  const fields = Object.fromEntries(bad.map((d) => [`hours_by_weekday.${d}`, `${d} is not a working day of this work center.`]));
  return {
    fields,
    minutes_by_weekday: Object.fromEntries(Object.entries(hoursByWeekday).map(([d, h]) => [String(weekdayNumber(d as Weekday)), Math.round(h! * 60)])),
    non_working_dates: [...new Set(dates)].sort(),
  };
}

export function presentWorkCenter(w: WorkCentersTable) {
  const days = [...w.working_days].sort((a, b) => a - b);
  return {
    id: w.id,
    code: w.code,
    name: w.name,
    department: w.department,
    hourly_rate: { amount: w.hourly_rate_amount, currency: w.currency.trim() },
    overhead_percent: w.overhead_percent,
    hours_per_day: w.minutes_per_day / 60,
    minutes_per_day: w.minutes_per_day,
    parallel_units: w.parallel_units,
    working_days: days.map((d) => WEEKDAYS[d - 1]!),
    capacity_hours_per_week: (days.reduce((s, d) => s + (w.minutes_by_weekday[String(d)] ?? w.minutes_per_day), 0) * w.parallel_units) / 60,
    hours_by_weekday: Object.fromEntries(
      Object.entries(w.minutes_by_weekday)
        .sort(([a], [b]) => Number(a) - Number(b))
        .map(([d, minutes]) => [WEEKDAYS[Number(d) - 1]!, minutes / 60]),
    ),
    non_working_dates: [...w.non_working_dates].sort(),
    pick_pack_warehouse_id: w.pick_pack_warehouse_id,
    active: w.active,
    created_at: w.created_at.toISOString(),
    updated_at: w.updated_at.toISOString(),
  };
}

export const CapacityQuery = z.strictObject({
  from: z.iso.date('Use a calendar date, YYYY-MM-DD.'),
  to: z.iso.date('Use a calendar date, YYYY-MM-DD.'),
});

export const CapacityCalendar = z.object({
  work_center_id: z.string(),
  from: z.string(),
  to: z.string(),
  days: z.array(
    z.object({
      date: z.string(),
      working: z.boolean(),
      units: z.number().int().describe('Units working that day'),
      minutes_per_unit: z.number().int(),
      capacity_minutes: z.number().int().describe('units × minutes_per_unit'),
    }),
  ),
  total_capacity_minutes: z.number().int(),
});

// Bills of materials

const bomQuantity = z
  .number()
  .gt(0, 'Must be more than 0.')
  .max(1_000_000)
  .refine(hasDecimals(6), 'Use at most 6 decimals.')
  .describe('Of the component per unit of the product');
const scrapPercent = decimalField(1000, 2).describe('Extra component lost as scrap, in percent of quantity; default 0');

export const BomLineInput = z.strictObject({
  component_id: productId,
  quantity: bomQuantity,
  scrap_percent: scrapPercent.optional(),
});

export const ReplaceBomBody = z.strictObject({
  lines: z.array(BomLineInput).max(500).describe('The whole bill of materials; an empty list removes it'),
});

export const BomLineParams = z.strictObject({
  id: productId,
  bomLineId: z.string().regex(idPattern('bomLine'), 'Expected a BOM line id (bom_…).'),
});

export const BomLine = z.object({
  id: z.string(),
  component_id: z.string(),
  component_sku: z.string(),
  component_name: z.string(),
  quantity: z.number(),
  scrap_percent: z.number(),
  position: z.number().int(),
});

export const Bom = z.object({
  product_id: z.string(),
  lines: z.array(BomLine),
});

export function presentBomLine(l: BomLinesTable & { component_sku: string; component_name: string }) {
  return {
    id: l.id,
    component_id: l.component_id,
    component_sku: l.component_sku,
    component_name: l.component_name,
    quantity: l.quantity,
    scrap_percent: l.scrap_percent,
    position: l.position,
  };
}

// Routings

export const RoutingOperationInput = z.strictObject({
  sequence: z.number().int().min(1).max(9999).describe('Order of the operation in the routing (10, 20, 30 …); unique per product'),
  work_center_id: workCenterId,
  description: text(200),
  setup_minutes: decimalField(100_000, 4).optional().describe('Once per batch; default 0'),
  run_minutes: decimalField(100_000, 4).describe('Per unit made'),
});

export const ReplaceRoutingBody = z.strictObject({
  operations: z.array(RoutingOperationInput).max(200).describe('The whole routing; an empty list removes it'),
});

export const RoutingOperationParams = z.strictObject({
  id: productId,
  routingOperationId: z.string().regex(idPattern('routingOperation'), 'Expected a routing operation id (rop_…).'),
});

export const RoutingOperation = z.object({
  id: z.string(),
  sequence: z.number().int(),
  work_center_id: z.string(),
  work_center_code: z.string(),
  description: z.string(),
  setup_minutes: z.number(),
  run_minutes: z.number(),
});

export const Routing = z.object({
  product_id: z.string(),
  operations: z.array(RoutingOperation),
});

export function presentRoutingOperation(o: RoutingOperationsTable & { work_center_code: string }) {
  return {
    id: o.id,
    sequence: o.sequence,
    work_center_id: o.work_center_id,
    work_center_code: o.work_center_code,
    description: o.description,
    setup_minutes: o.setup_minutes,
    run_minutes: o.run_minutes,
  };
}

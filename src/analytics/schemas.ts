import { z } from 'zod';
import { DEPARTMENTS } from '../access/roles';
import { idPattern } from '../core/ids';
import { calendarDate } from '../planning/schemas';

const DAY = 86_400_000;
export const DEFAULT_DAYS = 90;
const MAX_DAYS = 366;

export const PeriodQuery = z
  .strictObject({
    from: calendarDate.optional().describe(`First day (UTC); default: ${DEFAULT_DAYS} days before \`to\``),
    to: calendarDate.optional().describe('Last day (UTC), included; default today'),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'The period ends before it starts.', path: ['to'] })
  .refine((q) => !q.from || !q.to || Date.parse(q.to) - Date.parse(q.from) < MAX_DAYS * DAY, { message: `A period spans at most ${MAX_DAYS} days.`, path: ['from'] });

/** A period of whole UTC days: `from`..`to` as dates, and as instants [start, end). */
export interface Period {
  from: string;
  to: string;
  start: Date;
  end: Date;
  view: { from: string; to: string };
}

export function periodOf(query: z.infer<typeof PeriodQuery>, now: Date): Period {
  const to = query.to ?? now.toISOString().slice(0, 10);
  const from = query.from ?? new Date(Date.parse(to) - (DEFAULT_DAYS - 1) * DAY).toISOString().slice(0, 10);
  return { from, to, start: new Date(`${from}T00:00:00Z`), end: new Date(Date.parse(to) + DAY), view: { from, to } };
}

const PeriodView = z.object({ from: z.string(), to: z.string() });
const hoursOrNull = z.number().nullable();
const percentOrNull = z.number().nullable().describe('Percent with one decimal; null when there is nothing to count');

export const StageTimeView = z.object({
  stage: z.string(),
  number: z.number().int(),
  name: z.string(),
  entered_at: z.string(),
  duration_seconds: z.number().int(),
  waiting_seconds: z.number().int().describe('Queue time: the part of the stage during which a handoff of it was passed and nobody had taken it up yet'),
  waiting_on: z.array(z.string()).describe('Departments holding an open handoff of this stage now'),
  overdue: z.boolean(),
  current: z.boolean(),
});

export const OrderStageTimesView = z.object({
  order_id: z.string(),
  under_way: z.boolean(),
  total_seconds: z.number().int(),
  waiting_seconds: z.number().int(),
  stages: z.array(StageTimeView),
});

export const CycleTimeView = z.object({
  period: PeriodView,
  orders: z.number().int().describe('Orders entered in the period'),
  under_way: z.number().int(),
  stages: z.array(
    z.object({
      stage: z.string(),
      number: z.number().int(),
      name: z.string(),
      orders: z.number().int().describe('Of those, how many reached the stage'),
      in_stage_now: z.number().int(),
      median_hours: hoursOrNull,
      p90_hours: hoursOrNull,
      median_waiting_hours: hoursOrNull,
      waiting_share_percent: percentOrNull,
    }),
  ),
});

export const WaitingView = z.object({
  period: PeriodView,
  departments: z.array(
    z.object({
      department: z.string(),
      open: z.number().int(),
      overdue: z.number().int(),
      unowned: z.number().int(),
      oldest_open_hours: hoursOrNull,
      completed: z.number().int().describe('Handoffs completed in the period'),
      median_hours: hoursOrNull,
      p90_hours: hoursOrNull,
      late_percent: percentOrNull,
    }),
  ),
});

const DeliveryFigures = {
  due_orders: z.number().int(),
  on_time_percent: percentOrNull,
  in_full_percent: percentOrNull,
  otif_percent: percentOrNull,
  perfect_order_percent: percentOrNull,
};

export const DeliveryView = z.object({
  period: PeriodView,
  ...DeliveryFigures,
  lead_time_days: z.object({ median: z.number().nullable(), p90: z.number().nullable() }).describe('Entered → last unit arrived, for orders complete'),
  weeks: z.array(z.object({ week: z.string().describe('Monday of the promise week'), ...DeliveryFigures })),
});

const QuoteFigures = {
  requested: z.number().int(),
  sent: z.number().int(),
  median_hours: hoursOrNull,
  p90_hours: hoursOrNull,
  within_sla_percent: percentOrNull,
  waiting_now: z.number().int(),
  overdue_now: z.number().int(),
  win_percent: percentOrNull,
};

export const QuoteTurnaroundView = z.object({
  period: PeriodView,
  ...QuoteFigures,
  tiers: z.array(z.object({ tier: z.string(), ...QuoteFigures })),
  weeks: z.array(z.object({ week: z.string(), ...QuoteFigures })),
});

export const BoardQuery = z.strictObject({
  customer_id: z.string().regex(idPattern('customer'), 'Expected a customer id (cus_…).').optional(),
  department: z.enum(DEPARTMENTS).optional().describe('Orders waiting on this department, or in a stage it owns'),
  priority: z.enum(['top10', 'expedited']).optional().describe('The first ten of the priority queue, or the expedited orders'),
});

const BoardOrder = z.object({
  id: z.string(),
  number: z.string(),
  customer_id: z.string(),
  status: z.string(),
  promised_date: z.string().nullable(),
  in_stage_since: z.string().nullable(),
  waiting_on: z.array(z.string()).describe('Departments holding an open handoff of the order'),
  overdue: z.boolean().describe('A handoff of the order is past its due time: a dropped ball'),
  priority: z.object({ position: z.number().int(), score: z.number(), expedited: z.boolean() }).nullable().describe('Its place in the queue while queued'),
});

export const BoardView = z.object({
  stages: z.array(
    z.object({
      key: z.string(),
      number: z.number().int(),
      name: z.string(),
      departments: z.array(z.string()),
      sla_hours: z.number(),
      count: z.number().int(),
      orders: z.array(BoardOrder),
    }),
  ),
});

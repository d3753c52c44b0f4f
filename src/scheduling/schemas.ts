import { z } from 'zod';
import { DEPARTMENTS } from '../access/roles';
import { idPattern } from '../core/ids';
import { pageQuery } from '../http/pagination';
import { workCenterId } from '../planning/manufacturing-schemas';
import type { ScheduleResult } from './policies/plan-schedule';
import type { ScheduleRunsTable } from './tables';
import { scheduleRunMachine } from './transitions';

export const scheduleRunId = z.string().regex(idPattern('scheduleRun'), 'Expected a schedule run id (sch_…).');
export const ScheduleRunParams = z.strictObject({ id: scheduleRunId });

export const ComputeScheduleBody = z.strictObject({
  budget_ms: z.number().int().min(10).max(30_000).optional().describe('How long the local search may improve the schedule; default 1000'),
  seed: z.number().int().min(0).max(2 ** 31 - 1).optional().describe('Seed of the search (same inputs and seed: same search); default 1'),
});

export const ListScheduleRunsQuery = z.strictObject({ ...pageQuery, status: z.enum(scheduleRunMachine.states).optional() });

export const GanttQuery = z.strictObject({
  from: z.iso.date('Use a calendar date, YYYY-MM-DD.').optional().describe('First day shown; default today'),
  to: z.iso.date('Use a calendar date, YYYY-MM-DD.').optional().describe('Last day shown; default from + 13 days (at most 92 days)'),
  work_center_id: workCenterId.optional(),
});

const Segment = z.object({ start: z.string(), end: z.string() });

const ScheduledOperation = z.object({
  order_id: z.string(),
  order_number: z.string(),
  order_line_id: z.string().nullable(),
  kind: z.enum(['routing', 'pick_pack']),
  step: z.number().int(),
  routing_operation_id: z.string().nullable(),
  work_center_id: z.string(),
  work_center_code: z.string(),
  department: z.enum(DEPARTMENTS),
  unit: z.number().int().describe("Which of the work center's parallel units, from 0"),
  description: z.string(),
  minutes: z.number().int().describe('Working minutes'),
  start: z.string(),
  end: z.string(),
  segments: z.array(Segment).describe('The working stretches the operation occupies (it may run over several days)'),
});

const OrderOutcome = z.object({
  order_id: z.string(),
  number: z.string(),
  customer_id: z.string(),
  weight: z.number().describe("The order's priority score, the weight of its tardiness"),
  promised_date: z.string().nullable(),
  feasible_promise_date: z.string().nullable().describe('The date the scheduled work allows'),
  late: z.boolean(),
  days_late: z.number().int(),
  lines: z.array(
    z.object({ order_line_id: z.string(), promised_date: z.string().nullable(), feasible_promise_date: z.string(), work_ends_at: z.string(), late: z.boolean(), days_late: z.number().int() }),
  ),
});

export const ScheduleRun = z.object({
  id: z.string(),
  status: z.enum(scheduleRunMachine.states),
  starts_at: z.string().describe('Minute 0 of the schedule'),
  inputs_digest: z.string(),
  budget_ms: z.number().int(),
  seed: z.number().int(),
  created_by: z.string(),
  created_at: z.string(),
  committed_at: z.string().nullable(),
  summary: z.object({ orders: z.number().int(), operations: z.number().int(), late_orders: z.number().int(), weighted_days_late: z.number() }),
  solver: z.object({ objective: z.string(), iterations: z.number().int(), stopped_by: z.string(), elapsed_ms: z.number(), estimated_weighted_tardiness_minutes: z.number() }),
  orders: z.array(OrderOutcome),
  operations: z.array(ScheduledOperation),
  unscheduled: z.array(z.object({ order_id: z.string(), order_line_id: z.string().nullable(), reason: z.string() })),
});

/** A run as the list shows it: everything but its orders and operations. */
export const ScheduleRunSummary = ScheduleRun.omit({ orders: true, operations: true, unscheduled: true });

export function presentScheduleRun(row: ScheduleRunsTable) {
  const result = row.result as ScheduleResult;
  return {
    id: row.id,
    status: row.status as z.infer<typeof ScheduleRun>['status'],
    starts_at: row.starts_at.toISOString(),
    inputs_digest: row.inputs_digest,
    budget_ms: row.budget_ms,
    seed: row.seed,
    created_by: row.created_by,
    created_at: row.created_at.toISOString(),
    committed_at: row.committed_at?.toISOString() ?? null,
    ...result,
  };
}

export const Gantt = z.object({
  run_id: z.string().nullable().describe('The committed schedule shown; null when none is committed'),
  committed_at: z.string().nullable(),
  from: z.string(),
  to: z.string(),
  work_centers: z.array(
    z.object({
      id: z.string(),
      code: z.string(),
      name: z.string(),
      department: z.enum(DEPARTMENTS),
      parallel_units: z.number().int(),
      units: z.array(z.object({ unit: z.number().int(), operations: z.array(ScheduledOperation.omit({ work_center_id: true, work_center_code: true, department: true, unit: true }).extend({ id: z.string() })) })),
    }),
  ),
});

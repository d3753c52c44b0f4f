import { z } from 'zod';
import { DEPARTMENTS } from '../access/roles';
import { idPattern } from '../core/ids';
import { pageQuery } from '../http/pagination';
import { STAGES } from './stages';
import type { EventsTable, HandoffsTable } from './tables';

const stageKeys = STAGES.map((s) => s.key) as [string, ...string[]];

export const Event = z.object({
  id: z.string(),
  seq: z.number().int(),
  cursor: z.string().describe('Resume the feed after this event: GET /v1/events?starting_after=<cursor>'),
  at: z.string(),
  type: z.string(),
  subject: z.object({ type: z.string(), id: z.string() }),
  order_id: z.string().nullable(),
  customer_id: z.string().nullable(),
  stage: z.string().nullable().describe('Stage key, e.g. "entry"'),
  department: z.string().nullable(),
  actor: z.string(),
  request_id: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});

export function presentEvent(e: Omit<EventsTable, 'seq' | 'xid'> & { seq: number; xid: string }) {
  return {
    id: e.id,
    seq: e.seq,
    cursor: `${e.xid}.${e.seq}`,
    at: e.at.toISOString(),
    type: e.type,
    subject: { type: e.subject_type, id: e.subject_id },
    order_id: e.order_id,
    customer_id: e.customer_id,
    stage: e.stage === null ? null : STAGES[e.stage - 1]!.key,
    department: e.department,
    actor: e.actor,
    request_id: e.request_id,
    data: e.data as Record<string, unknown>,
  };
}

export const ListEventsQuery = z.strictObject({
  limit: pageQuery.limit,
  starting_after: z
    .string()
    .regex(/^(\d{1,20}\.)?\d{1,18}$/, "Use the next_cursor of the previous page, or the last event's cursor.")
    .optional(),
  type: z.string().max(100).optional().describe('Exact type, or a prefix ending in "." such as "customer."'),
  subject_id: z.string().max(100).optional(),
  order_id: z.string().max(100).optional(),
  customer_id: z.string().max(100).optional(),
  stage: z.enum(stageKeys).optional(),
  department: z.enum(DEPARTMENTS).optional(),
  since: z.iso.datetime().optional().describe('Only events at or after this instant'),
});

export const Handoff = z.object({
  id: z.string(),
  subject: z.object({ type: z.string(), id: z.string() }),
  order_id: z.string().nullable(),
  customer_id: z.string().nullable(),
  stage: z.string(),
  department: z.string(),
  status: z.enum(['open', 'taken', 'completed']),
  owner: z.string().nullable(),
  note: z.string().nullable(),
  due_at: z.string(),
  overdue: z.boolean(),
  created_by: z.string(),
  created_at: z.string(),
  taken_at: z.string().nullable(),
  completed_at: z.string().nullable(),
});

export function presentHandoff(h: HandoffsTable, now: Date) {
  return {
    id: h.id,
    subject: { type: h.subject_type, id: h.subject_id },
    order_id: h.order_id,
    customer_id: h.customer_id,
    stage: STAGES[h.stage - 1]!.key,
    department: h.department,
    status: h.status as 'open' | 'taken' | 'completed',
    owner: h.owner,
    note: h.note,
    due_at: h.due_at.toISOString(),
    overdue: h.status !== 'completed' && h.due_at < now,
    created_by: h.created_by,
    created_at: h.created_at.toISOString(),
    taken_at: h.taken_at?.toISOString() ?? null,
    completed_at: h.completed_at?.toISOString() ?? null,
  };
}

const booleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const ListHandoffsQuery = z.strictObject({
  ...pageQuery,
  overdue: booleanQuery.optional().describe('true: only dropped balls (not completed and past due)'),
  unowned: booleanQuery.optional().describe('true: only handoffs nobody has taken'),
  status: z.enum(['open', 'taken', 'completed']).optional(),
  department: z.enum(DEPARTMENTS).optional(),
  subject_id: z.string().max(100).optional(),
});

export const CreateHandoffBody = z.strictObject({
  subject: z.strictObject({ type: z.string().regex(/^[a-z_]{2,40}$/), id: z.string().min(3).max(100) }),
  stage: z.enum(stageKeys),
  department: z.enum(DEPARTMENTS).optional().describe("Default: the stage's first owning department"),
  due_at: z.iso.datetime().optional().describe("Default: now + the stage's SLA"),
  note: z.string().trim().min(1).max(2000).optional(),
  order_id: z.string().max(100).optional(),
  customer_id: z.string().regex(idPattern('customer')).optional(),
});

export const HandoffIdParams = z.strictObject({ id: z.string().regex(idPattern('handoff'), 'Expected a handoff id (hof_…).') });
export const HandoffActionBody = z.strictObject({ note: z.string().trim().min(1).max(2000).optional() }).optional();

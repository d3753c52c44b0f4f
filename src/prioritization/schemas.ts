import { z } from 'zod';
import { idPattern } from '../core/ids';
import { pageQuery } from '../http/pagination';
import { orderMachine } from '../entry/transitions';
import { HOLD_TYPES, type HoldType } from './holds';
import type { PriorityPolicy } from './policies/priority';
import type { ExpediteRequestsTable } from './tables';

const weight = z.number().min(0).max(100);

export const PolicyBody = z.strictObject({
  weights: z.strictObject({
    tier: weight,
    value: weight,
    margin: weight,
    slack: weight,
    age: z.number().min(0.01, 'Waiting age must count (at least 0.01 a day), or an order could wait forever.').max(100),
  }),
  tier_values: z.strictObject({ strategic: z.number().min(0).max(1), key: z.number().min(0).max(1), standard: z.number().min(0).max(1) }),
  slack_horizon_days: z.number().int().min(1).max(365),
  expedite_boost: z.number().min(0).max(100),
  note: z.string().trim().min(1).max(500).optional(),
});

export const Policy = z.object({
  version: z.number().int(),
  weights: z.object({ tier: z.number(), value: z.number(), margin: z.number(), slack: z.number(), age: z.number() }),
  tier_values: z.object({ strategic: z.number(), key: z.number(), standard: z.number() }),
  slack_horizon_days: z.number(),
  expedite_boost: z.number(),
  starvation_bound_days: z.number().describe('An open order waiting longer than this outranks any order entered now'),
  note: z.string().nullable(),
  created_by: z.string(),
  created_at: z.string(),
});

export function presentPolicy(row: { version: number; policy: unknown; note: string | null; created_by: string; created_at: Date }, starvationBoundDays: number) {
  const policy = row.policy as PriorityPolicy;
  return {
    version: row.version,
    weights: policy.weights,
    tier_values: policy.tier_values,
    slack_horizon_days: policy.slack_horizon_days,
    expedite_boost: policy.expedite_boost,
    starvation_bound_days: Math.round(starvationBoundDays * 100) / 100,
    note: row.note,
    created_by: row.created_by,
    created_at: row.created_at.toISOString(),
  };
}

const Term = z.object({
  term: z.enum(['tier', 'value', 'margin', 'slack', 'age', 'expedite']),
  input: z.string(),
  value: z.number(),
  weight: z.number(),
  contribution: z.number(),
});

export const OrderPriority = z.object({
  order_id: z.string(),
  number: z.string(),
  status: z.string(),
  score: z.number(),
  position: z.number().int().describe('1 = first in the queue'),
  queue_size: z.number().int(),
  policy_version: z.number().int(),
  explanation: z.array(Term).describe("Each term's contribution; they add up to the score"),
});

export const QueueItem = z.object({
  position: z.number().int(),
  order_id: z.string(),
  number: z.string(),
  customer_id: z.string(),
  status: z.string(),
  score: z.number(),
  promised_date: z.string().nullable(),
  expedited: z.boolean(),
  explanation: z.array(Term).describe("Each term's contribution; they add up to the score"),
});

export const QueueQuery = z.strictObject({ ...pageQuery });

const expediteId = z.string().regex(idPattern('expedite'), 'Expected an expedite request id (exq_…).');
export const ExpediteIdParams = z.strictObject({ id: expediteId });
export const ReasonBody = z.strictObject({ reason: z.string().trim().min(1).max(500) });

export const ListExpeditesQuery = z.strictObject({
  ...pageQuery,
  status: z.enum(['requested', 'accepted', 'declined', 'withdrawn']).optional(),
  order_id: z.string().regex(idPattern('order')).optional(),
});

export const ExpediteRequest = z.object({
  id: z.string(),
  order_id: z.string(),
  status: z.string(),
  reason: z.string(),
  requested_by: z.string(),
  requested_at: z.string(),
  decided_by: z.string().nullable(),
  decided_at: z.string().nullable(),
  decision_reason: z.string().nullable(),
  effect: z
    .object({
      position: z.object({ from: z.number().int(), to: z.number().int() }),
      moved_back: z.array(z.object({ order_id: z.string(), number: z.string(), from: z.number().int(), to: z.number().int() })),
    })
    .nullable()
    .describe('What an accepted request did: this order’s move, and every order that moved back behind it'),
});

export function presentExpedite(r: Omit<ExpediteRequestsTable, 'updated_at'>) {
  return {
    id: r.id,
    order_id: r.order_id,
    status: r.status,
    reason: r.reason,
    requested_by: r.requested_by,
    requested_at: r.requested_at.toISOString(),
    decided_by: r.decided_by,
    decided_at: r.decided_at?.toISOString() ?? null,
    decision_reason: r.decision_reason,
    effect: (r.effect ?? null) as z.infer<typeof ExpediteRequest>['effect'],
  };
}

/** A hold blocks progress (and, if named, cancelling); it never stops an order being put on hold. */
const blockable = orderMachine.states.filter((s) => s !== orderMachine.initial && s !== 'on_hold') as [string, ...string[]];

export const PlaceHoldBody = z.strictObject({
  type: z.enum(Object.keys(HOLD_TYPES) as [HoldType, ...HoldType[]]),
  blocks: z.array(z.enum(blockable)).min(1).max(blockable.length).optional().describe('The statuses it blocks; default every forward move except cancelling'),
  reason: z.string().trim().min(1).max(500),
});

export const HoldIdParams = z.strictObject({ id: z.string().regex(idPattern('hold'), 'Expected a hold id (hld_…).') });

export const Hold = z.object({
  id: z.string(),
  order_id: z.string(),
  type: z.string(),
  blocks: z.array(z.string()),
  reason: z.string(),
  placed_by: z.string(),
  placed_at: z.string(),
  released_by: z.string().nullable(),
  released_at: z.string().nullable(),
  release_reason: z.string().nullable(),
  active: z.boolean(),
});

/** Without a list, a hold blocks every forward move; cancelling stays possible. */
export const DEFAULT_BLOCKS = blockable.filter((s) => s !== 'cancelled');

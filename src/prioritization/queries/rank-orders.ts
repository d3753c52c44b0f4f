import { sql, type Kysely } from 'kysely';
import { minorUnitDigits } from '../../core/money';
import type { DB } from '../../db/schema';
import { scoreOrder, type OrderFacts, type PriorityPolicy, type ScoreTerm } from '../policies/priority';

/** Orders waiting to be worked on: in the queue until fulfillment starts (later stages extend this). */
export const QUEUED_STATUSES = ['received', 'confirmed'];

export interface RankedOrder {
  position: number;
  order_id: string;
  number: string;
  customer_id: string;
  status: string;
  score: number;
  promised_date: string | null;
  expedited: boolean;
  ageDays: number;
  terms: ScoreTerm[];
}

/**
 * Every queued order scored from its data as it is now — nothing is stored that could go stale — and ranked:
 * highest score first, then the one waiting longest. `expediteOrderId` ranks as if that order's request
 * were accepted (what a decision would do). `orderIds` ranks only those orders, among themselves (positions
 * then count within them).
 */
export async function rankOrders(
  db: Kysely<DB>,
  now: Date,
  policy: PriorityPolicy,
  { expediteOrderId, orderIds }: { expediteOrderId?: string; orderIds?: string[] } = {},
): Promise<RankedOrder[]> {
  // The facts that change with time (slack, age) are taken against the clock's now, passed in.
  const today = now.toISOString().slice(0, 10);
  const rows = await db
    .selectFrom('orders as o')
    .innerJoin('customers as c', 'c.id', 'o.customer_id')
    .leftJoin(
      (eb) => eb.selectFrom('expedite_requests').select('order_id').distinct().where('status', '=', 'accepted').as('x'),
      (join) => join.onRef('x.order_id', '=', 'o.id'),
    )
    .select([
      'o.id',
      'o.number',
      'o.customer_id',
      'o.status',
      'o.currency',
      'o.total_amount',
      'o.cost_amount',
      'o.promised_date',
      'c.tier',
      sql<number | null>`o.promised_date - ${today}::date`.as('slack_days'),
      sql<number>`extract(epoch from (${now}::timestamptz - o.created_at)) / 86400`.as('age_days'),
      sql<boolean>`x.order_id is not null`.as('expedited'),
    ])
    .where('o.status', 'in', QUEUED_STATUSES)
    // A score depends on its own order only, so ranking a few orders among themselves needs only them.
    .$if(orderIds !== undefined, (qb) => qb.where('o.id', 'in', orderIds!.length > 0 ? orderIds! : ['']))
    .execute();
  const scale = new Map<string, number>();
  const ranked = rows.map((o) => {
    const currency = o.currency.trim();
    if (!scale.has(currency)) scale.set(currency, 10 ** minorUnitDigits(currency));
    const facts: OrderFacts = {
      tier: o.tier,
      totalMajor: o.total_amount / scale.get(currency)!,
      marginRatio: o.cost_amount === null || o.total_amount <= 0 ? null : (o.total_amount - o.cost_amount) / o.total_amount,
      slackDays: o.slack_days,
      ageDays: Number(o.age_days),
      expedited: o.expedited || o.id === expediteOrderId,
    };
    const { score, terms } = scoreOrder(policy, facts);
    return { position: 0, order_id: o.id, number: o.number, customer_id: o.customer_id, status: o.status, score, promised_date: o.promised_date, expedited: facts.expedited, ageDays: facts.ageDays, terms };
  });
  ranked.sort((a, b) => b.score - a.score || b.ageDays - a.ageDays || (a.order_id < b.order_id ? -1 : 1));
  ranked.forEach((r, i) => (r.position = i + 1));
  return ranked;
}

import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { hours, percentile, rate } from '../policies/stats';
import type { Period } from '../schemas';
import { weekOf } from './delivery';

interface QuoteChain {
  tier: string;
  requested_at: Date;
  first_sent_at: Date | null;
  due_at: Date;
  status: string;
}

const WAITING = ['requested', 'drafting', 'pending_approval'];
const DECIDED = ['accepted', 'rejected', 'expired'];

/**
 * Quote turnaround for the quotes asked for in the period (all versions of a number are one quote, from the
 * first request to the first time it was sent): how fast, how often within the customer tier's response time,
 * how many wait now past it, and how many of those decided were won.
 */
export async function quoteTurnaround(db: Kysely<DB>, period: Period, now: Date) {
  const { rows } = await sql<QuoteChain>`
    select c.tier, min(q.requested_at) as requested_at, min(q.sent_at) as first_sent_at,
      (array_agg(q.response_due_at order by q.version))[1] as due_at,
      (array_agg(q.status order by q.version desc))[1] as status
    from quotes q join customers c on c.id = q.customer_id
    group by q.number, c.tier
    having min(q.requested_at) >= ${period.start} and min(q.requested_at) < ${period.end}`.execute(db);
  const figures = (list: QuoteChain[]) => {
    const sent = list.filter((q) => q.first_sent_at);
    const turnaround = sent.map((q) => q.first_sent_at!.getTime() - q.requested_at.getTime());
    const decided = list.filter((q) => DECIDED.includes(q.status));
    return {
      requested: list.length,
      sent: sent.length,
      median_hours: hours(percentile(turnaround, 50)),
      p90_hours: hours(percentile(turnaround, 90)),
      within_sla_percent: rate(sent.filter((q) => q.first_sent_at! <= q.due_at).length, sent.length),
      waiting_now: list.filter((q) => WAITING.includes(q.status)).length,
      overdue_now: list.filter((q) => WAITING.includes(q.status) && q.due_at < now).length,
      win_percent: rate(decided.filter((q) => q.status === 'accepted').length, decided.length),
    };
  };
  const weekOfQuote = (q: QuoteChain) => weekOf(q.requested_at.toISOString());
  const weeks = [...new Set(rows.map(weekOfQuote))].sort();
  return {
    period: period.view,
    ...figures(rows),
    tiers: ['strategic', 'key', 'standard'].map((tier) => ({ tier, ...figures(rows.filter((q) => q.tier === tier)) })),
    weeks: weeks.map((week) => ({ week, ...figures(rows.filter((q) => weekOfQuote(q) === week)) })),
  };
}

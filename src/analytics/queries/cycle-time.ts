import { sql, type Kysely } from 'kysely';
import { STAGES } from '../../cycle/stages';
import type { DB } from '../../db/schema';
import { hours, percentile, rate } from '../policies/stats';
import type { Period } from '../schemas';
import { orderStageTimes } from './stage-inputs';

/**
 * Cycle time per stage for the orders entered in the period: how many reached each stage, how long they
 * stayed (median, 90th percentile) and how much of it they waited on a department; and how many are in each
 * stage now.
 */
export async function cycleTime(db: Kysely<DB>, period: Period, now: Date) {
  const orders = await orderStageTimes(db, sql<boolean>`o.created_at >= ${period.start} and o.created_at < ${period.end}`, now);
  const stages = STAGES.map((s) => {
    const times = orders.flatMap((o) => o.stages.filter((t) => t.stage === s.number));
    const duration = times.map((t) => t.duration_ms);
    const waiting = times.map((t) => t.waiting_ms);
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    return {
      stage: s.key,
      number: s.number,
      name: s.name,
      orders: times.length,
      in_stage_now: times.filter((t) => t.current).length,
      median_hours: hours(percentile(duration, 50)),
      p90_hours: hours(percentile(duration, 90)),
      median_waiting_hours: hours(percentile(waiting, 50)),
      waiting_share_percent: rate(sum(waiting), sum(duration)),
    };
  });
  return { period: period.view, orders: orders.length, under_way: orders.filter((o) => o.under_way).length, stages };
}

import { sql, type Kysely } from 'kysely';
import { STAGES } from '../../cycle/stages';
import type { DB } from '../../db/schema';
import { currentPolicy } from '../../prioritization/queries/current-policy';
import { rankOrders } from '../../prioritization/queries/rank-orders';
import { orderStageTimes } from './stage-inputs';

export interface BoardFilter {
  customer_id?: string | undefined;
  department?: string | undefined;
  priority?: 'top10' | 'expedited' | undefined;
}

/**
 * Orders still under way — queued, held, units left to ship, or a handoff open — somewhere a department can
 * act on them. Finished and cancelled orders are not on the board.
 */
const UNDER_WAY = sql<boolean>`o.status <> 'cancelled' and (
  o.status in ('received', 'confirmed', 'on_hold')
  or exists (select 1 from handoffs h where h.order_id = o.id and h.status <> 'completed')
  or exists (select 1 from order_lines l where l.order_id = o.id and l.status = 'open' and l.quantity > (
    select coalesce(sum(sl.quantity), 0) from shipment_lines sl join shipments s on s.id = sl.shipment_id
    where sl.order_line_id = l.id and s.status in ('shipped', 'delivered'))))`;

/**
 * The cycle board: every order under way in the stage it has reached (the stage times' reading of its events),
 * since when, whom it waits on, whether a handoff of it is overdue, and its place in the priority queue while
 * it is queued. Filtered by customer, by department (waiting on it, or in a stage it owns), by priority.
 */
export async function board(db: Kysely<DB>, now: Date, filter: BoardFilter) {
  const where = filter.customer_id ? sql<boolean>`${UNDER_WAY} and o.customer_id = ${filter.customer_id}` : UNDER_WAY;
  const [orders, { policy }] = await Promise.all([orderStageTimes(db, where, now), currentPolicy(db)]);
  const ranked = new Map((await rankOrders(db, now, policy)).map((r) => [r.order_id, r]));
  const cards = orders.map((o) => {
    const current = o.stages.find((s) => s.current) ?? o.stages.at(-1);
    const rank = ranked.get(o.order_id);
    return {
      id: o.order_id,
      number: o.number,
      customer_id: o.customer_id,
      status: o.status,
      promised_date: o.promised_date,
      stage: current?.stage ?? null,
      in_stage_since: current?.entered_at.toISOString() ?? null,
      waiting_on: [...new Set(o.stages.flatMap((s) => s.waiting_on))].sort(),
      overdue: o.stages.some((s) => s.overdue),
      priority: rank ? { position: rank.position, score: Math.round(rank.score * 100) / 100, expedited: rank.expedited } : null,
    };
  });
  const shown = cards.filter((c) => {
    const stage = STAGES.find((s) => s.number === c.stage);
    if (filter.department && !c.waiting_on.includes(filter.department) && !(stage?.departments as readonly string[] | undefined)?.includes(filter.department)) return false;
    if (filter.priority === 'top10' && !(c.priority && c.priority.position <= 10)) return false;
    if (filter.priority === 'expedited' && !c.priority?.expedited) return false;
    return true;
  });
  return {
    stages: STAGES.map((s) => {
      const here = shown.filter((c) => c.stage === s.number).sort((a, b) => (a.priority?.position ?? Infinity) - (b.priority?.position ?? Infinity) || a.number.localeCompare(b.number));
      return { key: s.key, number: s.number, name: s.name, departments: [...s.departments], sla_hours: s.slaHours, count: here.length, orders: here.map(({ stage: _stage, ...card }) => card) };
    }),
  };
}
